/** Reading commits for evidence, with real git: the first read, a pull's new commits only, and a rewritten history read again (issue 15 §6). */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
    repo = mkdtempSync(join(tmpdir(), 'accord-commitlog-'));
    git('init', '-q', '-b', 'main');
    git('config', 'user.name', 'Alex Rivera');
    git('config', 'user.email', 'alex@example.com');
  });
  afterEach(() => rmSync(repo, { recursive: true, force: true }));

  it('reads nothing in a repository with no commit yet', async () => {
    assert.deepEqual(await readCommitsSince({ cwd: repo }, undefined), { head: undefined, commits: [], cold: true });
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
  });

  it('reads the whole history again when the last commit read is gone from it (a reset, a rebase)', async () => {
    commit('One');
    const two = commit('Two');
    git('reset', '-q', '--hard', 'HEAD~1');
    commit('Two, again');
    const read = await readCommitsSince({ cwd: repo }, two);
    assert.equal(read.cold, true);
    assert.deepEqual(
      read.commits.map((c) => c.subject),
      ['Two, again', 'One'],
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
});
