/**
 * Adversarial review of one record across branches (issue 11), with real git in temp folders:
 * untrusted data on branches, odd ref names, the data branch itself, concurrent records,
 * SHA-256 repositories, and the store's fold-in of copies. Eleven of these tests showed
 * faults when they were written (their comments say what was wrong); all are fixed, and every
 * test here is an attack that must stay handled.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EntityRecord, MAX_CLOCK, mergeOwnCopy, mergeOwnRecords } from '../../src/core';
import {
  AccordStore,
  GitError,
  gitReason,
  type MemberFileData,
  nextStepAfter,
  parseMemberFile,
  runGit,
  serializeMemberFile,
  TeamBranches,
} from '../../src/store';
import { isolateGitConfig } from '../helpers/isolatedGit';

function run(
  cwd: string,
  args: string[],
  input?: string | Buffer,
  env: Record<string, string> = {},
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('git', ['-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', '-c', 'core.autocrlf=false', ...args], {
    cwd,
    env: { ...process.env, LC_ALL: 'C', ...env },
    input,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function git(cwd: string, ...args: string[]): string {
  const result = run(cwd, args);
  assert.equal(result.status, 0, `git ${args.join(' ')} failed in ${cwd}:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

function identity(dir: string, who: string): void {
  git(dir, 'config', 'user.email', `${who}@example.com`);
  git(dir, 'config', 'user.name', who);
}

/** A check-in record as a member's file holds it, every field at one clock. */
function checkIn(member: string, note: string, clock: number): EntityRecord {
  const fields = { member, at: '2026-11-30T10:00:00.000Z', microGoals: [], status: 'on-track', note };
  return { kind: 'checkIn', fields, clocks: Object.fromEntries(Object.keys(fields).map((k) => [k, clock])) };
}

/** The canonical text of a member file holding these check-ins (id `ci-<note>`). */
function memberText(member: string, notes: readonly string[], clock = 5): string {
  const entities: Record<string, EntityRecord> = Object.create(null);
  for (const note of notes) entities[`ci-${note.replace(/\W+/g, '-')}`] = checkIn(member, note, clock);
  return serializeMemberFile({ schema: 1, member, clock, entities });
}

type Entry = { path: string; text?: string | Buffer; mode?: string; oid?: string };

/**
 * Makes a commit of exactly `entries` with plumbing (any mode: 120000 links, 160000
 * submodules) on top of `parent`, and points `ref` at it. Returns the commit id.
 */
function commitEntries(dir: string, ref: string, entries: readonly Entry[], parent?: string, message = 'planted'): string {
  const index = join(dir, '.git', `review-index-${Math.random().toString(36).slice(2)}`);
  const env = { GIT_INDEX_FILE: index };
  const lines = entries.map((e) => {
    const oid = e.oid ?? run(dir, ['hash-object', '-w', '--stdin'], e.text ?? '').stdout.trim();
    return `${e.mode ?? '100644'} ${oid}\t${e.path}\n`;
  });
  let r = run(dir, ['update-index', '--add', '--index-info'], lines.join(''), env);
  assert.equal(r.status, 0, r.stderr);
  const tree = run(dir, ['write-tree'], undefined, env).stdout.trim();
  r = run(dir, ['commit-tree', tree, ...(parent ? ['-p', parent] : []), '-m', message]);
  assert.equal(r.status, 0, r.stderr);
  const commit = r.stdout.trim();
  git(dir, 'update-ref', ref, commit);
  spawnSync('rm', ['-f', index]);
  return commit;
}

function notesOf(store: AccordStore): string[] {
  return [...store.state.entities.checkIn.values()].map((c) => c.note ?? '').sort();
}

describe('one record across branches: adversarial review (real git)', function () {
  this.timeout(60_000);
  let top: string;

  isolateGitConfig();
  beforeEach(async () => {
    top = await mkdtemp(join(tmpdir(), 'accord-review-'));
  });
  afterEach(() => rm(top, { recursive: true, force: true }));

  /** A repository with one code commit, and a person in it. */
  async function repo(name: string, who = name, initArgs: string[] = []): Promise<string> {
    const dir = join(top, name);
    git(top, 'init', '-q', ...initArgs, dir);
    identity(dir, who);
    await writeFile(join(dir, 'app.ts'), 'export const answer = 42;\n');
    git(dir, 'add', 'app.ts');
    git(dir, 'commit', '-q', '-m', 'code');
    return dir;
  }

  /** What the extension does on a git event. */
  async function refresh(store: AccordStore, branches: TeamBranches): Promise<void> {
    await store.loadAll();
    store.setCopies(await branches.read(await store.workingCopy()));
  }

  function dataCommit(dir: string, ref: string, files: Record<string, string>, parent?: string): string {
    return commitEntries(
      dir,
      ref,
      Object.entries(files).map(([path, text]) => ({ path, text })),
      parent,
    );
  }

  describe('untrusted entries on branches', () => {
    it('a link, a submodule and a folder where a member file should be are named, and the rest is read', async () => {
      const dir = await repo('alex');
      const commit = git(dir, 'rev-parse', 'HEAD').trim();
      commitEntries(dir, 'refs/heads/accord', [
        { path: 'people/sam.json', text: '/etc/passwd', mode: '120000' },
        { path: 'people/kim.json', oid: commit, mode: '160000' },
        { path: 'people/lee.json/inner.json', text: memberText('lee', ['inner']) },
        { path: 'people/ana.json', text: memberText('ana', ['ana is fine']) },
      ]);
      const store = new AccordStore({ root: dir, me: 'alex' });
      const branches = new TeamBranches({ cwd: dir });
      await refresh(store, branches);
      assert.deepEqual(notesOf(store), ['ana is fine']);
      const named = store.errors.map((e) => `${e.file} ${e.problem}`).sort();
      assert.deepEqual(named, ['accord:people/kim.json not-a-file', 'accord:people/lee.json not-a-file', 'accord:people/sam.json not-a-file']);
    });

    it('a copy over 20 MB is never parsed and is named; one whose "member" names someone else is refused', async () => {
      const dir = await repo('alex');
      const huge = `${memberText('sam', ['huge']).slice(0, -2)}, "pad": "${'x'.repeat(20 * 1024 * 1024)}"}\n`;
      dataCommit(dir, 'refs/heads/accord', { 'people/sam.json': huge, 'people/kim.json': memberText('ana', ['claims to be ana']) });
      const read = await new TeamBranches({ cwd: dir }).read();
      assert.equal(read.copies.size, 0);
      const problems = read.problems.map((p) => `${p.file} ${p.problem}`).sort();
      assert.deepEqual(problems, ['accord:people/kim.json schema', 'accord:people/sam.json too-large']);
    });

    it('copies beyond the budget are left out and named, smallest first', async () => {
      const dir = await repo('alex');
      const small = memberText('ana', ['a']);
      const large = memberText('sam', ['a much longer note that makes this copy the largest one of all']);
      dataCommit(dir, 'refs/heads/accord', { 'people/ana.json': small, 'people/sam.json': large });
      const read = await new TeamBranches({ cwd: dir, maxBytes: Buffer.byteLength(small) + 10 }).read();
      assert.deepEqual([...read.copies.keys()], ['ana']);
      assert.deepEqual(
        read.problems.map((p) => `${p.file} ${p.problem}`),
        ['accord:people/sam.json over-team-budget'],
      );
    });

    it('the budget holds across reads: copies already parsed count, so a long-running window never holds more than maxBytes of copies', async () => {
      // TeamBranches.read (its `budget`, over `fresh` blobs only) gives every read a fresh budget for the blobs it has not parsed yet,
      // while the blobs parsed earlier stay in memory (this.parsed) and in the result: each new
      // push of big copies adds up to another maxBytes, and which copies are read depends on
      // the order of fetches on this machine, not on the branches alone.
      const dir = await repo('alex');
      const one = memberText('ana', ['first copy of about the same size']);
      const two = memberText('sam', ['second copy of about the same size']);
      const budget = Math.max(Buffer.byteLength(one), Buffer.byteLength(two)) + 10;
      const branches = new TeamBranches({ cwd: dir, maxBytes: budget });
      dataCommit(dir, 'refs/heads/accord', { 'people/ana.json': one });
      assert.equal((await branches.read()).copies.size, 1);
      dataCommit(dir, 'refs/heads/feature', { '.accord/people/sam.json': two });
      const again = await branches.read();
      const fresh = await new TeamBranches({ cwd: dir, maxBytes: budget }).read();
      assert.deepEqual([...again.copies.keys()].sort(), [...fresh.copies.keys()].sort(), 'the same branches give the same copies, whatever was read before');
      assert.equal(again.copies.size, 1, 'two copies of about budget bytes each do not both fit');
    });

    it("a copy with conflict markers committed is named, not merged into the team's state", async () => {
      const dir = await repo('alex');
      const conflicted = `<<<<<<< HEAD\n${memberText('sam', ['ours'])}=======\n${memberText('sam', ['theirs'])}>>>>>>> other\n`;
      dataCommit(dir, 'refs/heads/accord', { 'people/sam.json': conflicted });
      const read = await new TeamBranches({ cwd: dir }).read();
      assert.equal(read.copies.size, 0);
      assert.deepEqual(
        read.problems.map((p) => `${p.file} ${p.problem}`),
        ['accord:people/sam.json conflict'],
      );
    });

    it('a file on a branch whose name is not a member id (Sam.json) is named, as in the working copy, not dropped without a word', async () => {
      // TeamBranches.read skips `people/Sam.json` silently (`continue` on MEMBER_ID_PATTERN), while AccordStore.loadAll names the
      // same file in the working copy ("Its name is not a member id ..."). With the data on its
      // own branch, a teammate's wrongly named file vanishes from every view with no message.
      const dir = await repo('alex');
      dataCommit(dir, 'refs/heads/accord', { 'people/Sam.json': memberText('sam', ['capital S']) });
      const read = await new TeamBranches({ cwd: dir }).read();
      assert.deepEqual(
        read.problems.map((p) => `${p.file} ${p.problem}`),
        ['accord:people/Sam.json not-a-member-file'],
      );
    });

    it("the same bytes committed under another member's name on another branch do not hide the real copy", async () => {
      // TeamBranches.read keeps `found` by blob id alone and keeps the member of the first
      // path seen (refs sort: refs/heads/* and origin/aaa before origin/accord). Sam's exact
      // file committed as .accord/people/mallory.json on any branch that sorts first makes the
      // blob "mallory's", it fails the "member" check, and Sam's only copy is dropped: Sam's
      // whole record disappears for the team (their data lives only on the data branch).
      const dir = await repo('alex');
      const sams = memberText('sam', ['sam checked in']);
      dataCommit(dir, 'refs/heads/accord', { 'people/sam.json': sams });
      dataCommit(dir, 'refs/heads/aaa-planted', { '.accord/people/mallory.json': sams });
      const store = new AccordStore({ root: dir, me: 'alex' });
      await refresh(store, new TeamBranches({ cwd: dir }));
      assert.deepEqual(notesOf(store), ['sam checked in']);
    });

    it("a forged copy of Sam's file on a branch cannot change what Alice wrote (authority holds for copies)", async () => {
      const dir = await repo('alex', 'alice');
      const store = new AccordStore({ root: dir, me: 'alice' });
      const branches = new TeamBranches({ cwd: dir });
      await store.update((edit) =>
        edit.set('ci-alice', 'checkIn', { member: 'alice', at: '2026-11-30T10:00:00.000Z', microGoals: [], status: 'on-track', note: 'alice wrote this' }),
      );
      // Sam's copy claims a later write of Alice's check-in, and a tombstone of it.
      const forged: MemberFileData = { schema: 1, member: 'sam', clock: 900, entities: Object.create(null) };
      forged.entities['ci-alice'] = { kind: 'checkIn', fields: { note: 'sam rewrote it', status: 'blocked' }, clocks: { note: 900, status: 900 } };
      forged.entities['ci-alice2'] = { ...checkIn('alice', "sam made this up in alice's name", 900) };
      dataCommit(dir, 'refs/heads/feature', { '.accord/people/sam.json': serializeMemberFile(forged) });
      dataCommit(dir, 'refs/heads/accord', {
        'people/sam.json': serializeMemberFile({ ...forged, entities: { 'ci-alice': { kind: 'checkIn', fields: {}, clocks: {}, deleted: 901 } } }),
      });
      await refresh(store, branches);
      const mine = store.state.entities.checkIn.get('ci-alice');
      assert.equal(mine?.note, 'alice wrote this');
      assert.equal(mine?.status, 'on-track');
      assert.equal(store.state.entities.checkIn.has('ci-alice2'), false);
      // And nothing of Sam's copy reaches Alice's own file on her next write.
      await store.update((edit) => edit.set('ci-alice', 'checkIn', { note: 'alice again' }));
      const file = parseMemberFile(await readFile(store.fileOf('alice'), 'utf8'), { file: 'alice.json', member: 'alice' }).data;
      assert.deepEqual(Object.keys(file.entities), ['ci-alice']);
    });

    it("a copy of my own file at the clock ceiling on someone's branch does not stop me from writing", async () => {
      // AccordStore.rebuild counts copies of my own file uncapped, and updateOnce folds them in
      // before stamping: anyone who can push a branch with .accord/people/<me>.json at
      // MAX_CLOCK makes every write of mine fail with ECLOCK until that branch is deleted
      // (on the remote and in every clone's remote-tracking refs). Copies on branches are
      // untrusted (design.md §4), even when they carry my name.
      const dir = await repo('alex', 'alice');
      const store = new AccordStore({ root: dir, me: 'alice' });
      const branches = new TeamBranches({ cwd: dir });
      await store.update((edit) =>
        edit.set('ci-alice', 'checkIn', { member: 'alice', at: '2026-11-30T10:00:00.000Z', microGoals: [], status: 'on-track', note: 'before' }),
      );
      const ceiling: MemberFileData = { schema: 1, member: 'alice', clock: MAX_CLOCK, entities: { 'ci-x': checkIn('alice', 'planted', MAX_CLOCK) } };
      dataCommit(dir, 'refs/remotes/fork/feature', { '.accord/people/alice.json': serializeMemberFile(ceiling) });
      await refresh(store, branches);
      await store.update((edit) => edit.set('ci-alice', 'checkIn', { note: 'after' }));
      assert.equal(store.state.entities.checkIn.get('ci-alice')?.note, 'after');
    });
  });

  describe('ref names', () => {
    it('a tag named accord and branches with unicode names: the tag is not the data branch, the unicode branch is read', async () => {
      const dir = await repo('alex');
      dataCommit(dir, 'refs/tags/accord', { 'people/sam.json': memberText('sam', ['from a tag']) });
      dataCommit(dir, 'refs/heads/fonctionnalité-été', { '.accord/people/ana.json': memberText('ana', ['été']) });
      dataCommit(dir, 'refs/remotes/up/stream/main', { '.accord/people/kim.json': memberText('kim', ['slash remote']) });
      const branches = new TeamBranches({ cwd: dir });
      const read = await branches.read();
      assert.deepEqual([...read.copies.keys()].sort(), ['ana', 'kim']);
      assert.deepEqual(read.copies.get('ana')![0]!.where, ['fonctionnalité-été:.accord/people/ana.json']);
      // Recording creates refs/heads/accord, never touches the tag.
      const tag = git(dir, 'rev-parse', 'refs/tags/accord').trim();
      assert.equal(await branches.record('alex', new Map([['people/alex.json', Buffer.from(memberText('alex', ['mine']))]])), true);
      assert.equal(git(dir, 'rev-parse', 'refs/tags/accord').trim(), tag);
      assert.match(git(dir, 'ls-tree', '-r', '--name-only', 'refs/heads/accord'), /people\/alex\.json/);
    });

    it('a code branch whose name ends in /accord (origin/feature/accord) is not taken for the data branch', async () => {
      // TeamBranches.tips takes every remote-tracking ref that ends in `/${branch}` for a data
      // tip: origin/feature/accord, origin/fix/accord. In a repository with .accord/ in the
      // code, such a branch flips layout() to 'branch' (Share then records on a new, empty data
      // branch instead of committing with the code), and its .accord/ copies are no longer read.
      const dir = await repo('alex');
      await mkdir(join(dir, '.accord', 'people'), { recursive: true });
      await writeFile(join(dir, '.accord', 'people', 'sam.json'), memberText('sam', ['on main']));
      git(dir, 'add', '.accord');
      git(dir, 'commit', '-q', '-m', 'accord data with the code');
      const head = git(dir, 'rev-parse', 'HEAD').trim();
      dataCommit(
        dir,
        'refs/remotes/origin/feature/accord',
        { 'app.ts': 'x', '.accord/people/sam.json': memberText('sam', ['on main', 'on the feature']) },
        head,
      );
      const branches = new TeamBranches({ cwd: dir });
      assert.equal(await branches.layout(), 'with-code');
      const read = await branches.read();
      const notes = (read.copies.get('sam') ?? []).flatMap((c) => Object.values(c.data.entities).map((r) => r.fields.note)).sort();
      assert.ok(notes.includes('on the feature'), `copies read: ${JSON.stringify(notes)}`);
    });

    it("another remote's code branch that happens to be called accord is not adopted as the team's data branch", async () => {
      // TeamBranches.tips takes refs/remotes/<any remote>/accord for a data tip, and fastForward
      // creates the local data branch from the first one when none
      // exists. A fork's upstream with a code branch named `accord` (a project called Accord)
      // becomes the team's data branch: record() then commits people/<me>.json on top of that
      // code, and share() pushes the upstream's code to origin as the data branch.
      const dir = await repo('alex');
      dataCommit(dir, 'refs/remotes/upstream/accord', { 'src/engine.c': 'int main(void) { return 0; }\n', README: 'upstream project\n' });
      const branches = new TeamBranches({ cwd: dir });
      await branches.fastForward();
      await branches.record('alex', new Map([['people/alex.json', Buffer.from(memberText('alex', ['mine']))]]));
      const files = git(dir, 'ls-tree', '-r', '--name-only', 'refs/heads/accord').split('\n').filter(Boolean).sort();
      assert.deepEqual(files, ['.gitattributes', 'people/alex.json']);
    });
  });

  describe('the data branch itself', () => {
    async function withRemote(): Promise<{ remote: string; a: string; b: string }> {
      const remote = join(top, 'remote.git');
      git(top, 'init', '--bare', '-q', remote);
      const seed = await repo('seed');
      git(seed, 'remote', 'add', 'origin', remote);
      git(seed, 'push', '-q', 'origin', 'main');
      const a = join(top, 'a');
      const b = join(top, 'b');
      git(top, 'clone', '-q', remote, a);
      git(top, 'clone', '-q', remote, b);
      identity(a, 'alex');
      identity(b, 'sam');
      return { remote, a, b };
    }

    it('two people who created the data branch independently (no merge-base) merge on share: both records kept, the covenant conflict returned', async () => {
      const { a, b } = await withRemote();
      const alex = new TeamBranches({ cwd: a });
      const sam = new TeamBranches({ cwd: b });
      await alex.record(
        'alex',
        new Map([
          ['people/alex.json', Buffer.from(memberText('alex', ['alex first']))],
          ['covenant.md', Buffer.from('# Covenant\nWe pair on Tuesdays.\n')],
        ]),
      );
      await sam.record(
        'sam',
        new Map([
          ['people/sam.json', Buffer.from(memberText('sam', ['sam first']))],
          ['covenant.md', Buffer.from('# Covenant\nWe pair on Fridays.\n')],
        ]),
      );
      assert.equal((await alex.share('alex', new Map())).pushed, true);
      const result = await sam.share('sam', new Map());
      assert.equal(result.merged, true);
      assert.equal(result.pushed, true);
      assert.deepEqual(
        result.conflicts.map((c) => c.path),
        ['covenant.md'],
      );
      assert.match(result.conflicts[0]!.text, /<<<<<<< yours[\s\S]*Fridays[\s\S]*=======[\s\S]*Tuesdays[\s\S]*>>>>>>> theirs/);
      const tree = git(b, 'ls-tree', '-r', '--name-only', 'accord').split('\n').filter(Boolean).sort();
      assert.deepEqual(tree, ['.gitattributes', 'covenant.md', 'people/alex.json', 'people/sam.json']);
      assert.equal(git(b, 'show', 'accord:covenant.md'), '# Covenant\nWe pair on Tuesdays.\n', 'theirs is kept on the branch');
    });

    it('a remote data branch force-pushed back to an older commit loses nothing here, and the next share restores it', async () => {
      const { remote, a, b } = await withRemote();
      const alex = new TeamBranches({ cwd: a });
      await alex.record('alex', new Map([['people/alex.json', Buffer.from(memberText('alex', ['one']))]]));
      await alex.share('alex', new Map());
      const old = git(a, 'rev-parse', 'accord').trim();
      await alex.record('alex', new Map([['people/alex.json', Buffer.from(memberText('alex', ['one', 'two']))]]));
      await alex.share('alex', new Map());
      // Someone else force-pushes the old tip.
      git(b, 'fetch', '-q', 'origin', 'accord');
      git(b, 'push', '-q', '--force', 'origin', `${old}:refs/heads/accord`);
      git(a, 'fetch', '-q');
      assert.equal(git(a, 'rev-parse', 'origin/accord').trim(), old);
      const store = new AccordStore({ root: a, me: 'sam' });
      await refresh(store, alex);
      assert.deepEqual(notesOf(store), ['one', 'two']);
      const result = await alex.share('alex', new Map());
      assert.equal(result.pushed, true);
      assert.match(git(top, '--git-dir', remote, 'show', 'accord:people/alex.json'), /"two"/);
    });

    it("a member file that is a folder on the remote's data branch does not stop everyone else's share", async () => {
      const { a, b } = await withRemote();
      const alex = new TeamBranches({ cwd: a });
      await alex.record(
        'alex',
        new Map([
          ['people/alex.json', Buffer.from(memberText('alex', ['one']))],
          ['people/sam.json', Buffer.from(memberText('sam', ['sam one']))],
        ]),
      );
      await alex.share('alex', new Map());
      // Someone replaces sam.json with a folder on the remote's branch.
      git(b, 'fetch', '-q', 'origin', 'accord:accord');
      const base = git(b, 'rev-parse', 'accord').trim();
      commitEntries(
        b,
        'refs/heads/accord',
        [
          { path: '.gitattributes', text: git(b, 'show', 'accord:.gitattributes') },
          { path: 'people/alex.json', text: memberText('alex', ['one']) },
          { path: 'people/sam.json/x.json', text: '{}' },
        ],
        base,
      );
      git(b, 'push', '-q', 'origin', 'accord');
      // Meanwhile Alex changed Sam's path too (an older layout's move), so both sides differ.
      await alex.record(
        'alex',
        new Map([
          ['people/alex.json', Buffer.from(memberText('alex', ['one', 'two']))],
          ['people/sam.json', Buffer.from(memberText('sam', ['sam one', 'sam two']))],
        ]),
      );
      const result = await alex.share('alex', new Map());
      assert.equal(result.pushed, true);
      assert.match(git(a, 'show', 'accord:people/alex.json'), /"two"/);
    });

    it("Share with VS Code's fetch (`git fetch <remote> <branch>`) in a single-branch clone merges the partner's data instead of failing three times", async () => {
      // share.ts:66 fetches with repository.fetch(remote, name), which runs `git fetch origin
      // accord`: that updates refs/remotes/origin/accord only where remote.origin.fetch maps
      // it. A single-branch clone (README: CI's shallow checkouts, `git clone --single-branch`)
      // does not, so integrate() (remoteTip) finds no remote tip, skips the merge, and
      // the push is refused as non-fast-forward three times; the person is told "Someone shared
      // at the same moment: share again", which can never work. The default transport
      // (TeamBranches' constructor) passes an explicit refspec and works.
      const { remote, a } = await withRemote();
      const alex = new TeamBranches({ cwd: a });
      await alex.record('alex', new Map([['people/alex.json', Buffer.from(memberText('alex', ['alex']))]]));
      await alex.share('alex', new Map());
      const single = join(top, 'single');
      git(top, 'clone', '-q', '--single-branch', '--branch', 'main', remote, single);
      identity(single, 'sam');
      const vscodeLike = {
        fetch: async (r: string, name: string) => void (await runGit({ cwd: single }, ['fetch', '-q', r, name])),
        push: async (r: string, name: string) => void (await runGit({ cwd: single }, ['push', '-q', '--set-upstream', r, name])),
      };
      const sam = new TeamBranches({ cwd: single, transport: vscodeLike });
      const result = await sam.share('sam', new Map([['people/sam.json', Buffer.from(memberText('sam', ['sam']))]])).catch((error: Error) => error.message);
      assert.equal(typeof result, 'object', String(result));
      assert.match(git(top, '--git-dir', remote, 'ls-tree', '-r', '--name-only', 'accord'), /people\/alex\.json\npeople\/sam\.json/);
    });
  });

  describe('record()', () => {
    it('works with no identity configured, and never touches the checked-out branch or index', async () => {
      const dir = await repo('alex');
      git(dir, 'config', '--unset', 'user.email');
      git(dir, 'config', '--unset', 'user.name');
      const head = git(dir, 'rev-parse', 'HEAD');
      const branches = new TeamBranches({ cwd: dir });
      const recorded = await branches.record('alex', new Map([['people/alex.json', Buffer.from(memberText('alex', ['x']))]]));
      assert.equal(recorded, true);
      assert.equal(git(dir, 'rev-parse', 'HEAD'), head);
      assert.equal(git(dir, 'status', '--porcelain'), '');
    });

    it('a record retried after another window moved the branch never puts back an older version of my file', async () => {
      // TeamBranches.record: when update-ref fails because another window recorded meanwhile,
      // the loop retries with the same `files` bytes, read before that other record. Window 1
      // reads my file (one check-in) and starts recording; window 2 writes a second check-in
      // and records it; window 1's retry then commits the older bytes on top: the data branch
      // loses the second check-in (after `git clean -fdx`, which the README says loses
      // nothing, it is gone). The member file should be merged per field with the tip's.
      const dir = await repo('alex');
      // A git that holds window 1 just before its commit-tree, until window 2 has recorded.
      const hold = join(top, 'hold');
      const go = join(top, 'go');
      const wrapper = join(top, 'git-held');
      await writeFile(
        wrapper,
        `#!/bin/sh\nif [ "$1" = commit-tree ] && [ -f "${hold}" ]; then rm -f "${hold}"; while [ ! -f "${go}" ]; do sleep 0.05; done; fi\nexec git "$@"\n`,
      );
      await chmod(wrapper, 0o755);
      const window1 = new TeamBranches({ cwd: dir, gitPath: wrapper });
      const window2 = new TeamBranches({ cwd: dir });
      await window2.record('alex', new Map([['people/alex.json', Buffer.from(memberText('alex', ['zero']))]]));
      await writeFile(hold, '');
      const older = window1.record('alex', new Map([['people/alex.json', Buffer.from(memberText('alex', ['zero', 'one']))]]));
      while (
        await readFile(hold).then(
          () => true,
          () => false,
        )
      )
        await new Promise((r) => setTimeout(r, 20));
      await window2.record('alex', new Map([['people/alex.json', Buffer.from(memberText('alex', ['zero', 'one', 'two'], 6))]]));
      await writeFile(go, '');
      // Window 1's retry merges its bytes with the tip's per field: here that adds nothing, so it records nothing.
      await older;
      const onBranch = parseMemberFile(git(dir, 'show', 'accord:people/alex.json'), { file: 'alex.json', member: 'alex' }).data;
      assert.deepEqual(Object.keys(onBranch.entities).sort(), ['ci-one', 'ci-two', 'ci-zero']);
    });

    it('recording never commits onto the checked-out code branch when it is named accord', async () => {
      // TeamBranches.localRef and tips: refs/heads/accord is taken for the data branch with no
      // check that it is one (it holds no people/, it is HEAD). A project whose own branch is
      // called accord gets people/<me>.json committed onto its code with update-ref, under the
      // person's checkout: `git status` then shows the file as a staged deletion.
      const dir = await repo('alex');
      git(dir, 'switch', '-q', '-c', 'accord');
      const head = git(dir, 'rev-parse', 'HEAD');
      const branches = new TeamBranches({ cwd: dir });
      await branches.record('alex', new Map([['people/alex.json', Buffer.from(memberText('alex', ['one']))]])).catch(() => false);
      assert.equal(git(dir, 'rev-parse', 'HEAD'), head, 'the checked-out code branch did not move');
      assert.equal(git(dir, 'status', '--porcelain'), '');
    });

    it('recording never moves a branch that is checked out in a worktree: it refuses, naming the worktree and the fix', async () => {
      // README.md:218 suggests a worktree of the data branch; TeamBranches.moveLocal moves
      // refs/heads/accord with update-ref whatever checks it out. That worktree's index and
      // files stay at the old commit, so `git status` there shows Accord's newest records as
      // staged reversals, and the next commit there (an edit of the covenant) undoes them.
      const dir = await repo('alex');
      const branches = new TeamBranches({ cwd: dir });
      await branches.record('alex', new Map([['people/alex.json', Buffer.from(memberText('alex', ['one']))]]));
      const worktree = join(top, 'team-data');
      git(dir, 'worktree', 'add', '-q', worktree, 'accord');
      await assert.rejects(branches.record('alex', new Map([['people/alex.json', Buffer.from(memberText('alex', ['one', 'two']))]])), (error: Error) =>
        /checked out in .*team-data.*switch --detach/s.test(error.message),
      );
      assert.equal(git(worktree, 'status', '--porcelain'), '', 'the worktree of the data branch shows no change Accord did not make there');
      // Detached, as the README says to make such a worktree, it is left alone and recording goes on.
      git(worktree, 'switch', '-q', '--detach');
      assert.equal(await branches.record('alex', new Map([['people/alex.json', Buffer.from(memberText('alex', ['one', 'two']))]])), true);
      assert.equal(git(worktree, 'status', '--porcelain'), '');
    });
  });

  describe('branch names that are paths', () => {
    it('a branch accord/x is not the data branch: it is never read as its tip, and recording refuses, naming it and the fix', async () => {
      // for-each-ref refs/heads/accord lists refs/heads/accord/x too; Accord once took that
      // branch for the data branch and called it "something other than Accord's data".
      const dir = await repo('alex');
      git(dir, 'branch', 'accord/parser-work');
      const branches = new TeamBranches({ cwd: dir });
      await assert.rejects(branches.record('alex', new Map([['people/alex.json', Buffer.from(memberText('alex', ['one']))]])), (error: Error) =>
        /has a branch accord\/parser-work, and git cannot keep a branch accord beside a branch named accord\/….*git branch -m accord\/parser-work/s.test(
          error.message,
        ),
      );
      git(dir, 'branch', '-m', 'accord/parser-work', 'parser-work');
      assert.equal(await branches.record('alex', new Map([['people/alex.json', Buffer.from(memberText('alex', ['one']))]])), true);
      git(dir, 'branch', 'accord-notes');
      assert.equal(
        await branches.record('alex', new Map([['people/alex.json', Buffer.from(memberText('alex', ['one', 'two']))]])),
        true,
        'accord-notes is not under accord/',
      );
    });
  });

  describe('SHA-256 repositories', () => {
    it('read() parses trees and blob ids, and a copy equal to the working file is not read again', async () => {
      const dir = await repo('alex', 'alex', ['--object-format=sha256']);
      const store = new AccordStore({ root: dir, me: 'alex' });
      const branches = new TeamBranches({ cwd: dir });
      await store.update((edit) =>
        edit.set('ci-one', 'checkIn', { member: 'alex', at: '2026-11-30T10:00:00.000Z', microGoals: [], status: 'on-track', note: 'one' }),
      );
      dataCommit(dir, 'refs/heads/feature', { '.accord/people/sam.json': memberText('sam', ['sam on sha-256']) });
      // As the extension does: a read (layout(), read()) before the first record learns the id length.
      await refresh(store, branches);
      await branches.record('alex', new Map([['people/alex.json', await readFile(store.fileOf('alex'))]]));
      await refresh(store, branches);
      assert.equal(branches.hexLength, 64);
      assert.deepEqual(notesOf(store), ['one', 'sam on sha-256']);
      const again = await branches.read(await store.workingCopy());
      assert.deepEqual([...again.copies.keys()], ['sam'], 'my file on the data branch is the working file: not a copy');
      assert.equal(again.copies.get('sam')![0]!.oid.length, 64);
    });

    it('the first record in a SHA-256 repository, before any read, creates the data branch', async () => {
      // TeamBranches.hexLength starts at 40 and only tips() corrects it;
      // record() never calls tips(), so moveLocal passes 40 zeros as the
      // old value to update-ref, which git refuses in a SHA-256 repository; moveLocal reads
      // that as "moved meanwhile", and after 5 tries record() throws "kept changing".
      const dir = await repo('alex', 'alex', ['--object-format=sha256']);
      const branches = new TeamBranches({ cwd: dir });
      // A command-line tool, or Share right after the instance is made, records first.
      const recorded = await branches
        .record('alex', new Map([['people/alex.json', Buffer.from(memberText('alex', ['x']))]]))
        .catch((error: Error) => error.message);
      assert.equal(recorded, true);
    });
  });

  describe('the store with copies', () => {
    it('a copy of my file older than the working file changes nothing; a newer one on another branch is folded into my next write', async () => {
      const dir = await repo('alex');
      const store = new AccordStore({ root: dir, me: 'alex' });
      const branches = new TeamBranches({ cwd: dir });
      await store.update((edit) =>
        edit.set('ci-a', 'checkIn', { member: 'alex', at: '2026-11-30T10:00:00.000Z', microGoals: [], status: 'on-track', note: 'first' }),
      );
      const older = await readFile(store.fileOf('alex'), 'utf8');
      await store.update((edit) => edit.set('ci-a', 'checkIn', { note: 'second' }));
      dataCommit(dir, 'refs/heads/old', { '.accord/people/alex.json': older });
      // A copy from another machine with a much higher clock and another check-in.
      git(dir, 'remote', 'add', 'origin', join(top, 'nowhere.git'));
      dataCommit(dir, 'refs/remotes/origin/accord', {
        'people/alex.json': serializeMemberFile({ schema: 1, member: 'alex', clock: 5000, entities: { 'ci-b': checkIn('alex', 'from the laptop', 5000) } }),
      });
      await refresh(store, branches);
      assert.deepEqual(notesOf(store), ['from the laptop', 'second']);
      await store.update((edit) => edit.set('ci-a', 'checkIn', { note: 'third' }));
      const file = parseMemberFile(await readFile(store.fileOf('alex'), 'utf8'), { file: 'alex.json', member: 'alex' }).data;
      assert.equal(file.entities['ci-a']!.fields.note, 'third', "my edit after the copy wins: its clock is above the copy's");
      assert.ok(file.entities['ci-a']!.clocks.note! > 5000);
      assert.equal(file.entities['ci-b']!.fields.note, 'from the laptop');
    });

    it('after the working file is replaced by an old version (a checkout), the next write restores everything', async () => {
      const dir = await repo('alex');
      const store = new AccordStore({ root: dir, me: 'alex' });
      const branches = new TeamBranches({ cwd: dir });
      await store.update((edit) =>
        edit.set('ci-a', 'checkIn', { member: 'alex', at: '2026-11-30T10:00:00.000Z', microGoals: [], status: 'on-track', note: 'a' }),
      );
      const old = await readFile(store.fileOf('alex'));
      await store.update((edit) =>
        edit.set('ci-b', 'checkIn', { member: 'alex', at: '2026-11-30T10:00:00.000Z', microGoals: [], status: 'on-track', note: 'b' }),
      );
      await branches.record('alex', new Map([['people/alex.json', await readFile(store.fileOf('alex'))]]));
      await refresh(store, branches);
      // A write that folds the branch copy in (absorbed), then the file goes back.
      await store.update((edit) =>
        edit.set('ci-c', 'checkIn', { member: 'alex', at: '2026-11-30T10:00:00.000Z', microGoals: [], status: 'on-track', note: 'c' }),
      );
      await writeFile(store.fileOf('alex'), old);
      await refresh(store, branches);
      assert.deepEqual(notesOf(store), ['a', 'b'], 'c was never recorded on a branch');
      await store.update((edit) =>
        edit.set('ci-d', 'checkIn', { member: 'alex', at: '2026-11-30T10:00:00.000Z', microGoals: [], status: 'on-track', note: 'd' }),
      );
      const file = parseMemberFile(await readFile(store.fileOf('alex'), 'utf8'), { file: 'alex.json', member: 'alex' }).data;
      assert.deepEqual(
        Object.values(file.entities)
          .map((r) => r.fields.note)
          .sort(),
        ['a', 'b', 'd'],
      );
    });

    it('with core.autocrlf=true, a CRLF checkout of a member file from the code reads the same data once', async () => {
      const dir = await repo('alex');
      await mkdir(join(dir, '.accord', 'people'), { recursive: true });
      await writeFile(join(dir, '.accord', 'people', 'sam.json'), memberText('sam', ['sam']));
      git(dir, 'add', '.accord');
      git(dir, 'commit', '-q', '-m', 'data with code');
      git(dir, 'config', 'core.autocrlf', 'true');
      await rm(join(dir, '.accord'), { recursive: true });
      const co = run(dir, ['-c', 'core.autocrlf=true', 'checkout', '--', '.accord']);
      assert.equal(co.status, 0, co.stderr);
      assert.match(await readFile(join(dir, '.accord', 'people', 'sam.json'), 'utf8'), /\r\n/, 'the checkout wrote CRLF');
      const store = new AccordStore({ root: dir, me: 'alex' });
      const branches = new TeamBranches({ cwd: dir });
      await refresh(store, branches);
      assert.deepEqual(notesOf(store), ['sam']);
      assert.deepEqual(store.errors, []);
    });
  });

  describe("git's reasons and the next step", () => {
    it("GitHub's refusals get the right next step, from git's own lines", () => {
      const failure = (stderr: string) => new GitError(['push'], 1, stderr);
      const protectedBranch = gitReason(
        failure(
          "remote: error: GH006: Protected branch update failed for refs/heads/accord.\nTo github.com:team/app.git\n ! [remote rejected] accord -> accord (protected branch hook declined)\nerror: failed to push some refs to 'github.com:team/app.git'\n",
        ),
      );
      assert.match(nextStepAfter(protectedBranch, 'branch'), /does not let you push/);
      const forbidden = gitReason(
        failure(
          "remote: Permission to team/app.git denied to sam.\nfatal: unable to access 'https://github.com/team/app.git/': The requested URL returned error: 403\n",
        ),
      );
      assert.match(nextStepAfter(forbidden, 'branch'), /sign in/);
      const moved = gitReason(
        failure(
          "To ../remote.git\n ! [rejected]        accord -> accord (fetch first)\nerror: failed to push some refs to '../remote.git'\nhint: Updates were rejected because the remote contains work that you do\n",
        ),
      );
      assert.match(nextStepAfter(moved, 'branch'), /share again, and Accord merges/);
      assert.match(nextStepAfter(moved, 'with-code'), /^Pull/);
      const offline = gitReason(failure("fatal: unable to access 'https://github.com/team/app.git/': Could not resolve host: github.com\n"));
      assert.match(nextStepAfter(offline, 'branch'), /connection/);
    });
  });

  describe('mergeOwnCopy against mergeOwnRecords', () => {
    function records(entries: Record<string, EntityRecord>): Record<string, EntityRecord> {
      return Object.assign(Object.create(null) as Record<string, EntityRecord>, entries);
    }
    const normal = (r: Record<string, EntityRecord>) =>
      JSON.parse(
        JSON.stringify(
          Object.fromEntries(
            Object.keys(r)
              .sort()
              .map((k) => [k, r[k]]),
          ),
        ),
      );

    it('agree on a "constructor" id, unknown keys, tombstones and clock ties, from either side', () => {
      const a = records({
        constructor: { kind: 'checkIn', fields: { note: 'a' }, clocks: { note: 3 }, extra: { v: 1 } },
        'ci-gone': { kind: 'checkIn', fields: { note: 'x' }, clocks: { note: 1 } },
        'ci-tie': { kind: 'checkIn', fields: { note: 'aaa' }, clocks: { note: 7 } },
      });
      const b = records({
        constructor: { kind: 'checkIn', fields: { note: 'b', status: 'done' }, clocks: { note: 2, status: 4 }, extra: { v: 2 }, later: true },
        'ci-gone': { kind: 'checkIn', fields: {}, clocks: {}, deleted: 2 },
        'ci-tie': { kind: 'checkIn', fields: { note: 'zzz' }, clocks: { note: 7 } },
        'ci-new': { kind: 'futureKind', fields: { shape: [1, 2] }, clocks: { shape: 9 } },
      });
      const expected = normal(mergeOwnRecords('alex', a, b));
      assert.deepEqual(normal(mergeOwnCopy('alex', a, b)), expected);
      assert.deepEqual(normal(mergeOwnCopy('alex', b, a)), expected);
      assert.equal(expected.constructor.fields.note, 'a');
      assert.deepEqual(expected.constructor.extra, { v: 2 });
      assert.equal(expected['ci-gone'].deleted, 2);
      assert.equal(expected['ci-tie'].fields.note, 'zzz');
      assert.equal(Object.getPrototypeOf(mergeOwnCopy('alex', a, b)), null);
      assert.equal(({} as Record<string, unknown>).note, undefined, 'Object.prototype is untouched');
    });
  });
});
