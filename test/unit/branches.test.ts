/**
 * One record across branches (issue 11), with real git: a bare remote and clones in a temp
 * folder. Each clone runs an AccordStore with TeamBranches, as the extension does: writes go
 * to the working copy, are recorded on the data branch, and every copy git holds is read.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccordStore, parseMemberFile, TeamBranches } from '../../src/store';
import { isolateGitConfig } from '../helpers/isolatedGit';

function git(cwd: string, ...args: string[]): string {
  const result = spawnSync('git', ['-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', '-c', 'core.autocrlf=false', ...args], {
    cwd,
    env: { ...process.env, LC_ALL: 'C' },
    encoding: 'utf8',
  });
  if (result.error) throw result.error;
  assert.equal(result.status, 0, `git ${args.join(' ')} failed in ${cwd}:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

function tryGit(cwd: string, ...args: string[]): { status: number | null; output: string } {
  const result = spawnSync('git', args, { cwd, env: { ...process.env, LC_ALL: 'C' }, encoding: 'utf8' });
  return { status: result.status, output: result.stdout + result.stderr };
}

/** One person's clone with Accord running in it. */
class Clone {
  readonly store: AccordStore;
  readonly branches: TeamBranches;
  constructor(
    readonly dir: string,
    readonly me: string,
  ) {
    this.store = new AccordStore({ root: dir, me });
    this.branches = new TeamBranches({ cwd: dir });
  }

  /** What the extension does on a git event: read the working copy, then every copy on branches. */
  async refresh(): Promise<void> {
    await this.store.loadAll();
    this.store.setCopies(await this.branches.read(await this.store.workingCopy()));
  }

  async checkIn(note: string, at = '2026-11-30T10:00:00.000Z'): Promise<string> {
    const id = `ci-${note.replace(/\W+/g, '-')}`;
    await this.store.update((edit) => edit.create('checkIn', id, { member: this.me, at, microGoals: [], status: 'on-track', note }));
    return id;
  }

  /** My files for the data branch, as the extension gathers them: my live file and my closed periods. */
  async files(): Promise<Map<string, Uint8Array>> {
    const files = new Map<string, Uint8Array>([[`people/${this.me}.json`, await readFile(this.store.fileOf(this.me))]]);
    for (const [period, bytes] of await this.store.closedPeriodBytes(this.me)) files.set(`people/${this.me}/${period}.json`, bytes);
    return files;
  }

  /** What the extension does after each write in the branch layout. */
  async record(): Promise<boolean> {
    return this.branches.record(this.me, await this.files());
  }

  async share() {
    return this.branches.share(this.me, await this.files());
  }

  notes(): string[] {
    return [...this.store.state.entities.checkIn.values()].map((c) => c.note ?? '').sort();
  }
}

describe('one record across branches (real git)', function () {
  this.timeout(60_000);
  let top: string;
  let remote: string;

  isolateGitConfig();

  beforeEach(async () => {
    top = await mkdtemp(join(tmpdir(), 'accord-branches-'));
    remote = join(top, 'remote.git');
    git(top, 'init', '--bare', '-q', remote);
    const seed = join(top, 'seed');
    git(top, 'clone', '-q', remote, seed);
    identity(seed, 'seed');
    await writeFile(join(seed, 'app.ts'), 'export const answer = 42;\n');
    git(seed, 'add', 'app.ts');
    git(seed, 'commit', '-q', '-m', 'code');
    git(seed, 'push', '-q', 'origin', 'main');
  });
  afterEach(() => rm(top, { recursive: true, force: true }));

  function identity(dir: string, who: string): void {
    git(dir, 'config', 'user.email', `${who}@example.com`);
    git(dir, 'config', 'user.name', who);
  }

  async function clone(name: string, me: string): Promise<Clone> {
    const dir = join(top, name);
    git(top, 'clone', '-q', remote, dir);
    identity(dir, me);
    const c = new Clone(dir, me);
    // As the extension does: only the data branch's working copy is kept out of the code.
    if ((await c.branches.layout()) === 'branch') await c.branches.excludeLocally();
    await c.refresh();
    return c;
  }

  it('a new team keeps its data on the data branch: the code branch, its index and status are untouched', async () => {
    const alex = await clone('alex', 'alex');
    assert.equal(await alex.branches.layout(), 'branch');
    const head = git(alex.dir, 'rev-parse', 'HEAD');
    await alex.checkIn('first');
    assert.equal(await alex.record(), true);
    assert.equal(git(alex.dir, 'rev-parse', 'HEAD'), head, 'no commit on the code branch');
    assert.equal(git(alex.dir, 'status', '--porcelain'), '', 'the working copy is not a change to the code');
    assert.match(git(alex.dir, 'ls-tree', '-r', '--name-only', 'accord'), /people\/alex\.json/);
    assert.equal(await alex.record(), false, 'nothing new: no commit');
  });

  it('a check-in made on a feature branch still shows after switching back to main, and checkout is not blocked', async () => {
    const alex = await clone('alex', 'alex');
    git(alex.dir, 'switch', '-q', '-c', 'feature-x');
    await alex.checkIn('on the branch');
    // Straight after the check-in, before any share: the checkout must go through.
    const back = tryGit(alex.dir, 'switch', 'main');
    assert.equal(back.status, 0, back.output);
    await alex.refresh();
    assert.deepEqual(alex.notes(), ['on the branch']);
    // Rebase and a hard reset of the code branch leave the data alone.
    git(alex.dir, 'switch', '-q', 'feature-x');
    await writeFile(join(alex.dir, 'app.ts'), 'export const answer = 43;\n');
    git(alex.dir, 'commit', '-q', '-am', 'change');
    git(alex.dir, 'rebase', '-q', 'main');
    git(alex.dir, 'reset', '-q', '--hard', 'main');
    await alex.refresh();
    assert.deepEqual(alex.notes(), ['on the branch']);
  });

  it('a partner sees a check-in as soon as they fetch: no merge of code, and a deleted branch loses nothing', async () => {
    const alex = await clone('alex', 'alex');
    const sam = await clone('sam', 'sam');
    git(alex.dir, 'switch', '-q', '-c', 'feature-x');
    await alex.checkIn('from the feature branch');
    const shared = await alex.share();
    assert.equal(shared.pushed, true);
    assert.equal(shared.remote, 'origin');
    git(sam.dir, 'fetch', '-q');
    const samHead = git(sam.dir, 'rev-parse', 'HEAD');
    await sam.refresh();
    assert.deepEqual(sam.notes(), ['from the feature branch']);
    assert.equal(git(sam.dir, 'rev-parse', 'HEAD'), samHead, "nothing merged into Sam's code");
    // Alex abandons the branch unmerged: the check-in is on the data branch, not on it.
    git(alex.dir, 'switch', '-q', 'main');
    git(alex.dir, 'branch', '-q', '-D', 'feature-x');
    await alex.refresh();
    assert.deepEqual(alex.notes(), ['from the feature branch']);
  });

  it('merging a feature branch into main touches no Accord file', async () => {
    const alex = await clone('alex', 'alex');
    await alex.checkIn('on main');
    git(alex.dir, 'switch', '-q', '-c', 'feature-x');
    await writeFile(join(alex.dir, 'app.ts'), 'export const answer = 44;\n');
    git(alex.dir, 'commit', '-q', '-am', 'feature');
    await alex.checkIn('on the feature');
    git(alex.dir, 'switch', '-q', 'main');
    await alex.checkIn('on main again');
    const merge = tryGit(alex.dir, 'merge', '--no-edit', 'feature-x');
    assert.equal(merge.status, 0, merge.output);
    assert.doesNotMatch(git(alex.dir, 'ls-tree', '-r', '--name-only', 'HEAD'), /\.accord/);
    await alex.refresh();
    assert.deepEqual(alex.notes(), ['on main', 'on main again', 'on the feature']);
  });

  it("the same person on two machines: both machines' check-ins are merged per field, none lost", async () => {
    const laptop = await clone('laptop', 'alex');
    const desktop = await clone('desktop', 'alex');
    await laptop.checkIn('from the laptop');
    await laptop.share();
    await desktop.checkIn('from the desktop');
    const second = await desktop.share();
    assert.equal(second.merged, true, "the desktop merged the laptop's record before pushing");
    assert.equal(second.pushed, true);
    const onBranch = parseMemberFile(git(desktop.dir, 'show', 'accord:people/alex.json'), { file: 'alex.json', member: 'alex' }).data;
    const notes = Object.values(onBranch.entities)
      .filter((r) => r.kind === 'checkIn')
      .map((r) => r.fields.note)
      .sort();
    assert.deepEqual(notes, ['from the desktop', 'from the laptop']);
    // The laptop fetches: its local data branch fast-forwards, and its next write holds both.
    git(laptop.dir, 'fetch', '-q');
    await laptop.branches.fastForward();
    await laptop.refresh();
    assert.deepEqual(laptop.notes(), ['from the desktop', 'from the laptop']);
    await laptop.checkIn('later');
    const file = parseMemberFile(await readFile(laptop.store.fileOf('alex'), 'utf8'), { file: 'alex.json', member: 'alex' }).data;
    assert.equal(Object.values(file.entities).filter((r) => r.kind === 'checkIn').length, 3, "the working file took in the desktop's check-in");
  });

  it("closed history travels on the data branch: a partner's dashboard reads it from the branch, the views never do (issue 20 §1)", async () => {
    const alex = await clone('alex', 'alex');
    const sam = await clone('sam', 'sam');
    await alex.checkIn('spring 2024', '2024-04-02T09:00:00.000Z');
    await alex.checkIn('autumn 2025', '2025-10-02T09:00:00.000Z');
    await alex.checkIn('this week');
    assert.deepEqual(await alex.store.archiveClosed('2026-11-30'), { moved: 2, returned: 0, periods: ['2024', '2025'] });
    await alex.share();
    assert.match(git(alex.dir, 'ls-tree', '-r', '--name-only', 'accord'), /people\/alex\/2024\.json\npeople\/alex\/2025\.json/);
    git(sam.dir, 'fetch', '-q');
    await sam.refresh();
    sam.store.closedPeriodSource = (working) => sam.branches.readClosedPeriods(working);
    assert.deepEqual(sam.notes(), ['this week'], 'the live files only');
    const history = await sam.store.useArchives();
    assert.deepEqual(sam.notes(), ['this week'], 'the views still read the live files alone');
    const whole = [...(await sam.store.settledHistoryState()).entities.checkIn.values()].map((c) => c.note).sort();
    assert.deepEqual(whole, ['autumn 2025', 'spring 2024', 'this week']);
    history.dispose();
    assert.deepEqual(sam.notes(), ['this week']);
  });

  it('a copy of my live file from before a move puts nothing back: not on the data branch, not in the views, not in my next write', async () => {
    const alex = await clone('alex', 'alex');
    await alex.checkIn('spring 2024', '2024-04-02T09:00:00.000Z');
    await alex.checkIn('this week');
    await alex.share();
    // A new window in the same clone: it has recorded nothing yet, and the data branch holds the file from before the move.
    const later = new Clone(alex.dir, 'alex');
    await later.refresh();
    assert.equal((await later.store.archiveClosed('2026-11-30')).moved, 1);
    await later.record();
    const notesIn = (text: string) =>
      Object.values(parseMemberFile(text, { file: 'alex.json', member: 'alex' }).data.entities)
        .map((r) => r.fields.note)
        .filter(Boolean)
        .sort();
    assert.deepEqual(notesIn(git(alex.dir, 'show', 'accord:people/alex.json')), ['this week']);
    assert.deepEqual(notesIn(git(alex.dir, 'show', 'accord:people/alex/2024.json')), ['spring 2024']);
    // The branch tip on the remote still holds it before the move: read as a copy, it stays out of the views and of my file.
    await later.refresh();
    assert.deepEqual(later.notes(), ['this week']);
    await later.checkIn('next day');
    assert.deepEqual(notesIn(await readFile(later.store.fileOf('alex'), 'utf8')), ['next day', 'this week']);
  });

  it('the same person moving history on two machines: their closed periods merge per field on the data branch, none lost', async () => {
    const laptop = await clone('laptop', 'alex');
    const desktop = await clone('desktop', 'alex');
    await laptop.checkIn('laptop in 2024', '2024-03-01T09:00:00.000Z');
    await laptop.checkIn('laptop this week');
    await laptop.store.archiveClosed('2026-11-30');
    await laptop.share();
    await desktop.checkIn('desktop in 2024', '2024-05-01T09:00:00.000Z');
    await desktop.checkIn('desktop this week');
    await desktop.store.archiveClosed('2026-11-30');
    const second = await desktop.share();
    assert.equal(second.pushed, true);
    const closed = parseMemberFile(git(desktop.dir, 'show', 'accord:people/alex/2024.json'), { file: '2024.json', member: 'alex' }).data;
    assert.deepEqual(
      Object.values(closed.entities)
        .map((r) => r.fields.note)
        .sort(),
      ['desktop in 2024', 'laptop in 2024'],
    );
  });

  it('a brand-new clone shows the team with no command, and the first write keeps what this person wrote elsewhere', async () => {
    const alex = await clone('alex', 'alex');
    await alex.checkIn('before the new machine');
    await alex.share();
    const fresh = await clone('fresh', 'alex');
    assert.equal(existsSync(fresh.store.fileOf('alex')), false, 'no working copy yet');
    assert.deepEqual(fresh.notes(), ['before the new machine']);
    await fresh.checkIn('on the new machine');
    assert.deepEqual(fresh.notes(), ['before the new machine', 'on the new machine']);
    const file = parseMemberFile(await readFile(fresh.store.fileOf('alex'), 'utf8'), { file: 'alex.json', member: 'alex' }).data;
    assert.equal(Object.values(file.entities).filter((r) => r.kind === 'checkIn').length, 2);
  });

  it('publishes the data branch the first time, with an upstream, and says which remote', async () => {
    const alex = await clone('alex', 'alex');
    await alex.checkIn('first');
    const result = await alex.share();
    assert.deepEqual({ remote: result.remote, pushed: result.pushed }, { remote: 'origin', pushed: true });
    assert.equal(git(alex.dir, 'config', '--get', 'branch.accord.remote').trim(), 'origin');
    assert.equal(git(top, '--git-dir', remote, 'rev-parse', 'accord'), git(alex.dir, 'rev-parse', 'accord'));
    const again = await alex.share();
    assert.equal(again.pushed, false, 'nothing new to push');
  });

  it('an unpushed record is amended, so one share is one commit', async () => {
    const alex = await clone('alex', 'alex');
    await alex.checkIn('one');
    await alex.record();
    await alex.checkIn('two');
    await alex.record();
    assert.equal(git(alex.dir, 'rev-list', '--count', 'accord').trim(), '1');
    await alex.share();
    await alex.checkIn('three');
    await alex.record();
    assert.equal(git(alex.dir, 'rev-list', '--count', 'accord').trim(), '2', 'a pushed record is never rewritten');
  });

  describe('the layout before the data branch (.accord/ committed with the code)', () => {
    async function legacyTeam(): Promise<Clone> {
      const seed = join(top, 'seed');
      const store = new AccordStore({ root: seed, me: 'sam' });
      await store.update((edit) =>
        edit.create('checkIn', 'ci-sam', { member: 'sam', at: '2026-11-30T09:00:00.000Z', microGoals: [], status: 'on-track', note: 'sam on main' }),
      );
      git(seed, 'add', '.accord');
      git(seed, 'commit', '-q', '-m', 'accord');
      git(seed, 'push', '-q', 'origin', 'main');
      const alex = await clone('alex', 'alex');
      assert.equal(await alex.branches.layout(), 'with-code');
      return alex;
    }

    it('reads every branch: a check-in committed on a feature branch shows on main', async () => {
      const alex = await legacyTeam();
      git(alex.dir, 'switch', '-q', '-c', 'feature-x');
      await alex.checkIn('committed on the branch');
      git(alex.dir, 'add', '.accord');
      git(alex.dir, 'commit', '-q', '-m', 'check-in');
      git(alex.dir, 'switch', '-q', 'main');
      assert.equal(existsSync(alex.store.fileOf('alex')), false, 'main has no file of mine');
      await alex.refresh();
      assert.deepEqual(alex.notes(), ['committed on the branch', 'sam on main']);
      // The next write on main folds the branch's copy in: nothing goes back.
      await alex.checkIn('on main');
      assert.deepEqual(alex.notes(), ['committed on the branch', 'on main', 'sam on main']);
    });

    it('moves the data to its own branch in place: nothing lost, files stay on disk, the code commit holds only the move', async () => {
      const alex = await legacyTeam();
      await alex.checkIn('before the move');
      const members = new Map(alex.store.members.map((m) => [m, { schema: 1, member: m, clock: 1000, entities: alex.store.recordsOf(m) }]));
      await alex.branches.moveOut('alex', members, undefined);
      assert.equal(await alex.branches.layout(), 'branch');
      assert.doesNotMatch(git(alex.dir, 'ls-tree', '-r', '--name-only', 'HEAD'), /\.accord\//);
      assert.match(git(alex.dir, 'show', '--name-only', '--format=', 'HEAD'), /^\.accord\/people\/sam\.json$/m);
      assert.match(git(alex.dir, 'show', 'HEAD:.gitignore'), /^\/\.accord\/$/m);
      assert.ok(existsSync(alex.store.fileOf('sam')), 'the working copy stays');
      assert.match(git(alex.dir, 'ls-tree', '-r', '--name-only', 'accord'), /people\/alex\.json\npeople\/sam\.json/);
      await alex.refresh();
      assert.deepEqual(alex.notes(), ['before the move', 'sam on main']);
      assert.equal(git(alex.dir, 'status', '--porcelain'), '');
    });

    it("moving to the data branch takes everyone's closed history too, file by file (issue 20 §1)", async () => {
      const alex = await legacyTeam();
      await alex.checkIn('spring 2024', '2024-04-02T09:00:00.000Z');
      await alex.checkIn('this week');
      await alex.store.archiveClosed('2026-11-30');
      git(alex.dir, 'add', '.accord');
      git(alex.dir, 'commit', '-q', '-m', 'history moved');
      await alex.refresh();
      const history = await alex.store.useArchives();
      const members = new Map(alex.store.members.map((m) => [m, { schema: 1, member: m, clock: 1000, entities: alex.store.recordsOf(m) }]));
      const closed = new Map(
        alex.store.members.flatMap((m) =>
          [...alex.store.closedRecordsOf(m)].map(
            ([period, entities]) => [`people/${m}/${period}.json`, { schema: 1, member: m, clock: 1000, entities }] as const,
          ),
        ),
      );
      history.dispose();
      await alex.branches.moveOut('alex', members, undefined, closed);
      assert.match(git(alex.dir, 'ls-tree', '-r', '--name-only', 'accord'), /^people\/alex\/2024\.json$/m);
      const onBranch = parseMemberFile(git(alex.dir, 'show', 'accord:people/alex/2024.json'), { file: '2024.json', member: 'alex' }).data;
      assert.deepEqual(
        Object.values(onBranch.entities).map((r) => r.fields.note),
        ['spring 2024'],
      );
    });
  });

  it('a workspace that is a sub-folder of the repository: copies under that sub-folder on every branch are read, and the exclusion names it', async () => {
    const alex = await clone('whole', 'alex');
    const sub = join(alex.dir, 'team-notes');
    await mkdir(sub);
    const store = new AccordStore({ root: sub, me: 'alex' });
    await store.update((edit) =>
      edit.create('checkIn', 'ci-sub', { member: 'alex', at: '2026-11-30T10:00:00.000Z', microGoals: [], status: 'on-track', note: 'in the sub-folder' }),
    );
    git(alex.dir, 'add', 'team-notes');
    git(alex.dir, 'commit', '-q', '-m', 'team notes with Accord');
    git(alex.dir, 'switch', '-q', '-c', 'feature-sub');
    await store.update((edit) =>
      edit.create('checkIn', 'ci-sub2', {
        member: 'alex',
        at: '2026-11-30T11:00:00.000Z',
        microGoals: [],
        status: 'on-track',
        note: 'committed on the feature',
      }),
    );
    git(alex.dir, 'commit', '-q', '-am', 'check-in');
    git(alex.dir, 'switch', '-q', 'main');
    const branches = new TeamBranches({ cwd: sub });
    assert.equal(await branches.isRepository(), true);
    assert.equal(await branches.layout(), 'with-code');
    const fresh = new AccordStore({ root: sub, me: 'alex' });
    await fresh.loadAll();
    fresh.setCopies(await branches.read(await fresh.workingCopy()));
    assert.deepEqual([...fresh.state.entities.checkIn.values()].map((c) => c.note).sort(), ['committed on the feature', 'in the sub-folder']);
    // In the branch layout, this clone's exclusion names the data folder from the repository's root.
    const other = new TeamBranches({ cwd: sub });
    await other.isRepository();
    await other.excludeLocally();
    assert.match(await readFile(join(alex.dir, '.git', 'info', 'exclude'), 'utf8'), /^\/team-notes\/\.accord\/$/m);
  });

  it('names a broken copy on a branch by branch and path, and still reads the rest', async () => {
    const alex = await clone('alex', 'alex');
    await alex.checkIn('good');
    await alex.share();
    const sam = await clone('sam', 'sam');
    // Someone pushes a broken file for Sam on the data branch (a hand edit gone wrong).
    const other = join(top, 'other');
    git(top, 'clone', '-q', '--branch', 'accord', remote, other);
    identity(other, 'other');
    await writeFile(join(other, 'people', 'sam.json'), '{ not json');
    git(other, 'add', 'people/sam.json');
    git(other, 'commit', '-q', '-m', 'broken');
    git(other, 'push', '-q', 'origin', 'accord');
    git(sam.dir, 'fetch', '-q');
    await sam.refresh();
    assert.deepEqual(sam.notes(), ['good']);
    const problem = sam.store.errors.find((e) => e.file.includes('sam.json'));
    assert.ok(problem, sam.store.errors.map((e) => e.message).join('\n'));
    assert.equal(problem.file, 'origin/accord:people/sam.json');
    assert.match(problem.message, /not valid JSON|JSON/);
  });
});
