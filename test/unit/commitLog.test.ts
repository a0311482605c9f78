/** Reading commits for evidence, with real git: the first read, a pull's new commits only, and a rewritten history read again (issue 15 §6). */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accordLinks } from '../../src/core';
import { parseCommitLog, readCommitsSince } from '../../src/store/commitLog';
import { isolateGitConfig } from '../helpers/isolatedGit';

describe('store: commits read for evidence', () => {
  isolateGitConfig();
  let repo: string;
  let minute = 0;
  const git = (...args: string[]) => {
    const date = `2026-03-10T09:${String(minute++).padStart(2, '0')}:00+01:00`;
    return execFileSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } }).trim();
  };
  const commit = (subject: string, ...trailers: string[]) => {
    writeFileSync(join(repo, 'work.txt'), `${subject}\n`);
    git('add', 'work.txt');
    git('commit', '-q', '-m', subject, ...trailers.flatMap((t) => ['--trailer', t]));
    return git('rev-parse', 'HEAD');
  };
  beforeEach(() => {
    minute = 0;
    repo = mkdtempSync(join(tmpdir(), 'accord-commitlog-'));
    git('init', '-q', '-b', 'main');
    git('config', 'user.name', 'Alex Rivera');
    git('config', 'user.email', 'alex@example.com');
  });
  afterEach(() => rmSync(repo, { recursive: true, force: true }));

  it('reads nothing in a repository with no commit yet, nor in a folder that is not a repository', async () => {
    assert.deepEqual(await readCommitsSince({ cwd: repo }, undefined), { head: undefined, commits: [], cold: true });
    assert.deepEqual(await readCommitsSince({ cwd: repo }, 'a'.repeat(40)), { head: undefined, commits: [], cold: true });
    const plain = mkdtempSync(join(tmpdir(), 'accord-not-a-repo-'));
    try {
      assert.deepEqual(await readCommitsSince({ cwd: plain }, undefined), { head: undefined, commits: [], cold: true });
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });

  it('reads every commit first, newest first, with the trailers git wrote intact', async () => {
    commit('Start the parser', 'Accord: mg-aaaaaaaaaaaa');
    const second = commit('Finish the parser', 'Accord-Done: mg-aaaaaaaaaaaa');
    const read = await readCommitsSince({ cwd: repo }, undefined);
    assert.equal(read.head, second);
    assert.equal(read.cold, true);
    assert.deepEqual(
      read.commits.map((c) => [c.subject, c.author, c.authorEmail, c.parents.length]),
      [
        ['Finish the parser', 'Alex Rivera', 'alex@example.com', 1],
        ['Start the parser', 'Alex Rivera', 'alex@example.com', 0],
      ],
    );
    // The author date as git's strict ISO form, with the author's own offset (never the machine's zone).
    for (const c of read.commits) assert.match(c.at, /^2026-03-10T09:\d\d:00\+01:00$/);
    assert.ok(read.commits[0]!.at > read.commits[1]!.at);
    assert.deepEqual(accordLinks(read.commits[0]!.message).done, ['mg-aaaaaaaaaaaa']);
  });

  it('after a pull reads only the new commits, and nothing when HEAD has not moved', async () => {
    const first = commit('One');
    const read = await readCommitsSince({ cwd: repo }, undefined);
    assert.equal(read.head, first);
    commit('Two');
    const three = commit('Three', 'Accord: mg-bbbbbbbbbbbb');
    const next = await readCommitsSince({ cwd: repo }, first);
    assert.equal(next.cold, false);
    assert.deepEqual(
      next.commits.map((c) => c.subject),
      ['Three', 'Two'],
    );
    assert.deepEqual(await readCommitsSince({ cwd: repo }, three), { head: three, commits: [], cold: false });
    // The same answers for a `since` written otherwise than git writes hashes.
    assert.deepEqual(await readCommitsSince({ cwd: repo }, first.toUpperCase()), next);
    assert.deepEqual(await readCommitsSince({ cwd: repo }, three.toUpperCase()), { head: three, commits: [], cold: false });
  });

  it('reads the whole history again when the last commit read is gone from it (a reset, a rebase)', async () => {
    commit('One');
    const two = commit('Two');
    git('reset', '-q', '--hard', 'HEAD~1');
    // Back to One with nothing new: One is read again, whole.
    const back = await readCommitsSince({ cwd: repo }, two);
    assert.deepEqual([back.head, back.cold, back.commits.map((c) => c.subject)], [git('rev-parse', 'HEAD'), true, ['One']]);
    commit('Two, again');
    const read = await readCommitsSince({ cwd: repo }, two);
    assert.equal(read.cold, true);
    assert.deepEqual(
      read.commits.map((c) => c.subject),
      ['Two, again', 'One'],
    );
  });

  it('reads the whole history again when the last commit read is unknown to git (pruned, another clone)', async () => {
    commit('One');
    const two = commit('Two');
    const gone = 'f'.repeat(40);
    const read = await readCommitsSince({ cwd: repo }, gone);
    assert.deepEqual(read, { head: two, commits: read.commits, cold: true });
    assert.deepEqual(
      read.commits.map((c) => c.subject),
      ['Two', 'One'],
    );
    // Nor is a `since` that looks like an option ever taken as one: it is simply not an ancestor.
    const odd = await readCommitsSince({ cwd: repo }, '--output=stolen');
    assert.equal(odd.cold, true);
    assert.equal(odd.commits.length, 2);
    assert.deepEqual(
      readdirSync(repo).filter((name) => name.startsWith('stolen')),
      [],
    );
  });

  it('after a merge reads the merged branch too, and after more than max new commits keeps the newest max, still not cold', async () => {
    const base = commit('Base');
    git('switch', '-q', '-c', 'side');
    writeFileSync(join(repo, 'side.txt'), 'side\n');
    git('add', 'side.txt');
    git('commit', '-q', '-m', 'On the side', '--trailer', 'Accord: mg-cccccccccccc');
    git('switch', '-q', 'main');
    commit('On main');
    git('merge', '-q', '--no-ff', '-m', 'Merge side', 'side');
    const merged = await readCommitsSince({ cwd: repo }, base);
    assert.equal(merged.cold, false);
    assert.deepEqual(merged.commits.map((c) => c.subject).sort(), ['Merge side', 'On main', 'On the side']);
    assert.equal(merged.commits.find((c) => c.subject === 'Merge side')!.parents.length, 2);
    const since = merged.head!;
    for (const n of [1, 2, 3, 4]) commit(`After ${n}`);
    const cut = await readCommitsSince({ cwd: repo }, since, 2);
    assert.equal(cut.cold, false);
    assert.deepEqual(
      cut.commits.map((c) => c.subject),
      ['After 4', 'After 3'],
    );
  });

  it('keeps at most the newest max commits, and skips what is not a commit entry', async () => {
    for (const n of [1, 2, 3, 4]) commit(`Commit ${n}`);
    assert.deepEqual(
      (await readCommitsSince({ cwd: repo }, undefined, 2)).commits.map((c) => c.subject),
      ['Commit 4', 'Commit 3'],
    );
    assert.deepEqual(parseCommitLog('not a log\0\0a\x1fb\0'), []);
  });

  it('parses git -z log output field by field: a message may hold the field separator, a root commit has no parents, an empty email is left out', () => {
    const hash = 'a'.repeat(40);
    const parent = 'b'.repeat(40);
    const entry = (fields: string[]) => fields.join('\x1f');
    const text =
      entry([hash, `${parent} ${'c'.repeat(40)}`, 'Sam', 'sam@example.com', '2026-03-10T09:30:00+01:00', 'Merge', 'Merge\n\nodd \x1f byte\n']) +
      '\0\n' +
      entry([parent, '', 'Ada', '', '2026-03-09T09:30:00Z', 'Root', 'Root\n']) +
      '\0' +
      'only\x1ftwo fields\0';
    assert.deepEqual(parseCommitLog(text), [
      {
        hash,
        parents: [parent, 'c'.repeat(40)],
        author: 'Sam',
        authorEmail: 'sam@example.com',
        at: '2026-03-10T09:30:00+01:00',
        subject: 'Merge',
        message: 'Merge\n\nodd \x1f byte\n',
      },
      { hash: parent, parents: [], author: 'Ada', at: '2026-03-09T09:30:00Z', subject: 'Root', message: 'Root\n' },
    ]);
    assert.equal(parseCommitLog(text, 1).length, 1);
  });
});
