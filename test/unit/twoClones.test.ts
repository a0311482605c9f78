/**
 * The property users of a git-shared tool need most (design.md §2): daily use by several
 * people never produces a git conflict, and nothing anyone acknowledged is lost. Real git,
 * a bare repository and clones in a temp folder, no network: each clone has its own
 * AccordStore, edits through the same calls the commands make, commits, pushes and pulls.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_TEAM_SETTINGS, ENTITY_KINDS, type MicroGoal, memberEntityId, TEAM_ENTITY_ID, type TeamState } from '../../src/core';
import { AccordStore, parseMemberFile } from '../../src/store';

const GIT_ENV: NodeJS.ProcessEnv = (() => {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', LANG: 'C' };
  // Running inside a git hook must not point these commands at the project's own repository.
  for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_CEILING_DIRECTORIES'])
    delete env[name];
  return env;
})();

interface GitResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

function git(cwd: string, ...args: string[]): GitResult {
  const result = spawnSync('git', ['-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', '-c', 'core.autocrlf=false', ...args], {
    cwd,
    env: GIT_ENV,
    encoding: 'utf8',
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function mustGit(cwd: string, ...args: string[]): string {
  const result = git(cwd, ...args);
  assert.equal(result.status, 0, `git ${args.join(' ')} failed in ${cwd}:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

/** One person's working copy with Accord running in it. */
class Clone {
  readonly store: AccordStore;
  /** Ids of everything an update() call resolved with: acknowledged writes. */
  readonly acknowledged: string[] = [];

  constructor(
    readonly dir: string,
    readonly me: string,
  ) {
    this.store = new AccordStore({ root: dir, me });
  }

  static create(base: string, origin: string, name: string, me: string, email: string): Clone {
    const dir = join(base, name);
    mustGit(base, 'clone', '-q', origin, dir);
    mustGit(dir, 'config', 'user.email', email);
    mustGit(dir, 'config', 'user.name', name);
    return new Clone(dir, me);
  }

  git(...args: string[]): GitResult {
    return git(this.dir, ...args);
  }

  mustGit(...args: string[]): string {
    return mustGit(this.dir, ...args);
  }

  /** Accord: Share Changes — commit only the Accord folder. */
  commit(message: string): void {
    this.mustGit('add', '.accord');
    this.mustGit('commit', '-q', '-m', message);
  }

  /** Git status, porcelain: empty when clean. */
  status(): string {
    return this.mustGit('status', '--porcelain', '--untracked-files=all');
  }

  // The edits the commands make (Set Up, Add Micro-goal, Check In, Complete, Edit).

  async setUp(name: string, timeZone: string, capacityHours: number): Promise<void> {
    await this.store.loadAll();
    const hasTeam = this.store.state.entities.team.has(TEAM_ENTITY_ID);
    await this.store.update((edit) => {
      edit.set(memberEntityId(this.me), 'member', { name, timeZone, capacityHours });
      if (!hasTeam) edit.set(TEAM_ENTITY_ID, 'team', DEFAULT_TEAM_SETTINGS);
    });
    this.acknowledged.push(memberEntityId(this.me));
  }

  async addMicroGoal(title: string, fields: Partial<MicroGoal> = {}): Promise<string> {
    const id = await this.store.update((edit) =>
      edit.create('microGoal', 'mg', { title, owner: this.me, done: false, createdAt: new Date().toISOString(), ...fields }),
    );
    this.acknowledged.push(id);
    return id;
  }

  async checkIn(note: string, microGoals: string[] = [], status: 'on-track' | 'at-risk' | 'blocked' | 'done' = 'on-track'): Promise<string> {
    const at = new Date().toISOString();
    const id = await this.store.update((edit) => {
      const created = edit.create('checkIn', 'ci', { member: this.me, at, microGoals, status, note });
      if (status === 'done') for (const micro of microGoals) edit.set(micro, 'microGoal', { done: true, doneAt: at });
      return created;
    });
    this.acknowledged.push(id);
    return id;
  }

  async complete(id: string): Promise<void> {
    await this.store.update((edit) => edit.set(id, 'microGoal', { done: true, doneAt: new Date().toISOString() }));
  }

  async rename(id: string, title: string): Promise<void> {
    await this.store.update((edit) => edit.set(id, 'microGoal', { title }));
  }
}

/** Everything a state holds, as plain sorted data: two machines agree when these are equal. */
function snapshot(state: TeamState): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const kind of ENTITY_KINDS) out[kind] = Object.fromEntries([...state.entities[kind]].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return out;
}

/** Every member file is clean canonical JSON without conflict markers. */
async function assertCleanFiles(clone: Clone): Promise<void> {
  const dir = join(clone.dir, '.accord', 'people');
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json'));
  assert.ok(names.length > 0);
  for (const name of names) {
    const text = await readFile(join(dir, name), 'utf8');
    assert.doesNotMatch(text, /^(<{7}|={7}|>{7}|\|{7})/m, `${name} in ${clone.dir} has conflict markers`);
    const member = name.slice(0, -'.json'.length);
    parseMemberFile(text, { file: name, member });
  }
  assert.deepEqual(
    (await readdir(dir)).filter((n) => !n.endsWith('.json')),
    [],
    'no lock or temp files are left behind',
  );
}

function assertNoConflict(result: GitResult, clone: Clone): void {
  assert.equal(result.status, 0, `git pull reported a problem:\n${result.stdout}${result.stderr}`);
  assert.doesNotMatch(result.stdout + result.stderr, /CONFLICT/);
  assert.equal(clone.status(), '', 'git status is clean after the pull');
}

describe('two clones sharing Accord data through git', function () {
  this.timeout(60_000);
  let base: string;
  let origin: string;

  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'accord-two-clones-'));
    origin = join(base, 'origin.git');
    mustGit(base, 'init', '-q', '--bare', origin);
  });
  afterEach(() => rm(base, { recursive: true, force: true }));

  it("merges two people's concurrent check-ins, completions and edits without a git conflict or a lost write", async () => {
    // A project repository; Alex and Sam clone it and set Accord up at the same time.
    const seed = Clone.create(base, origin, 'seed', 'seed', 'seed@example.com');
    await writeFile(join(seed.dir, 'README.md'), '# A project\n');
    seed.mustGit('add', 'README.md');
    seed.mustGit('commit', '-q', '-m', 'Start');
    seed.mustGit('push', '-q', 'origin', 'HEAD:main');
    const alex = Clone.create(base, origin, 'alex', 'alex', 'alex@example.com');
    const sam = Clone.create(base, origin, 'sam', 'sam', 'sam@example.com');
    await alex.setUp('Alex', 'Europe/Berlin', 20);
    await sam.setUp('Sam', 'America/New_York', 12);
    const a1 = await alex.addMicroGoal('Write parser tests', { due: '2026-03-20', estimateHours: 2 });
    const a2 = await alex.addMicroGoal('Fix lexer bug');
    const s1 = await sam.addMicroGoal('Review the grammar');
    const s2 = await sam.addMicroGoal('Write the README', { due: '2026-03-21' });
    alex.commit('Accord: Alex joins');
    sam.commit('Accord: Sam joins');
    alex.mustGit('push', '-q');
    assert.notEqual(sam.git('push', '-q').status, 0);
    assertNoConflict(sam.git('pull', '--no-rebase', '--no-edit'), sam);
    sam.mustGit('push', '-q');
    assertNoConflict(alex.git('pull', '--no-rebase', '--no-edit'), alex);
    await alex.store.loadAll();
    await sam.store.loadAll();
    assert.ok(alex.store.state.entities.microGoal.has(s1), "Alex sees Sam's micro-goals");
    assert.ok(sam.store.state.entities.microGoal.has(a1), "Sam sees Alex's micro-goals");

    // A day of work on both machines, neither pulling in between.
    await alex.checkIn('Morning: starting on the parser tests', [a1]);
    await sam.checkIn('Reading the grammar', [s1], 'at-risk');
    await alex.rename(a1, 'Write parser tests for numbers and strings');
    await sam.complete(a1); // Sam ticks Alex's micro-goal while Alex renames it
    await alex.checkIn('Lexer fixed', [a2], 'done');
    await sam.checkIn('Grammar reviewed', [s1], 'done');
    await alex.complete(s2); // …and Alex ticks one of Sam's
    await sam.checkIn('Afternoon: pairing with Alex');
    await alex.checkIn('Afternoon: pairing with Sam');
    // Each changes a different team setting.
    await alex.store.update((edit) => edit.set(TEAM_ENTITY_ID, 'team', { checkInTimes: ['10:00', '16:00'] }));
    await sam.store.update((edit) => edit.set(TEAM_ENTITY_ID, 'team', { workingDays: [1, 2, 3, 4] }));
    const a3 = await alex.addMicroGoal('Benchmark the parser', { due: '2026-03-23' });
    const s3 = await sam.addMicroGoal('Draft the release notes');

    alex.commit("Accord: Alex's day");
    sam.commit("Accord: Sam's day");
    alex.mustGit('push', '-q');
    // Sam pushes second: rejected until he pulls, and the pull merges cleanly.
    assert.notEqual(sam.git('push', '-q').status, 0, 'the second push must need a pull first (else this test proves nothing)');
    assertNoConflict(sam.git('pull', '--no-rebase', '--no-edit'), sam);
    sam.mustGit('push', '-q');
    assertNoConflict(alex.git('pull', '--no-rebase', '--no-edit'), alex);
    assert.equal(alex.mustGit('rev-parse', 'HEAD'), sam.mustGit('rev-parse', 'HEAD'));

    await alex.store.loadAll();
    await sam.store.loadAll();
    await assertCleanFiles(alex);
    await assertCleanFiles(sam);
    for (const clone of [alex, sam]) {
      assert.deepEqual(clone.store.errors, []);
      assert.deepEqual(clone.store.state.incomplete, []);
    }
    // The same state on both machines…
    assert.deepEqual(snapshot(alex.store.state), snapshot(sam.store.state));
    // …holding every check-in and every edit.
    const state = alex.store.state;
    for (const id of [...alex.acknowledged, ...sam.acknowledged]) {
      assert.ok(state.entities.checkIn.has(id) || state.entities.microGoal.has(id) || state.entities.member.has(id), `${id} was lost`);
    }
    assert.equal(state.entities.checkIn.size, 6);
    const micro = (id: string) => state.entities.microGoal.get(id)!;
    assert.equal(micro(a1).title, 'Write parser tests for numbers and strings', "Alex's rename survives");
    assert.equal(micro(a1).done, true, "Sam's tick survives");
    assert.equal(micro(a1).due, '2026-03-20');
    assert.equal(micro(a1).estimateHours, 2);
    assert.equal(micro(a2).done, true);
    assert.equal(micro(s1).done, true);
    assert.equal(micro(s2).done, true);
    assert.equal(micro(s2).title, 'Write the README');
    assert.equal(micro(a3).done, false);
    assert.equal(micro(s3).owner, 'sam');
    assert.deepEqual(state.team, { ...DEFAULT_TEAM_SETTINGS, id: TEAM_ENTITY_ID, checkInTimes: ['10:00', '16:00'], workingDays: [1, 2, 3, 4] });
    assert.deepEqual([...state.entities.member.keys()].sort(), ['member:alex', 'member:sam']);
    // Each person's extension wrote only their own file (and the shared .gitignore and .gitattributes it creates once).
    const commits = alex
      .mustGit('log', '--no-merges', '--format=%x00%ae', '--name-only')
      .split('\0')
      .filter(Boolean)
      .map((entry) => entry.split('\n').filter(Boolean))
      .filter(([email]) => email !== 'seed@example.com');
    assert.equal(commits.length, 4);
    for (const [email, ...files] of commits) {
      const own = `.accord/people/${email!.split('@')[0]}.json`;
      assert.ok(
        files.includes(own) && files.every((f) => f === own || f === '.accord/.gitignore' || f === '.accord/.gitattributes'),
        `${email} touched ${files.join(', ')}`,
      );
    }
  });

  describe('the same person on two machines', () => {
    /** Alex on a laptop and a desktop, both up to date, then a day of work on each without pulling. */
    async function divergedMachines() {
      const laptop = Clone.create(base, origin, 'laptop', 'alex', 'alex@example.com');
      await laptop.setUp('Alex', 'Europe/Berlin', 20);
      const shared = await laptop.addMicroGoal('Write parser tests', { due: '2026-03-20' });
      laptop.commit('Accord: Alex joins');
      laptop.mustGit('push', '-q', 'origin', 'HEAD:main');
      laptop.mustGit('branch', '-q', '--set-upstream-to=origin/main');
      const desktop = Clone.create(base, origin, 'desktop', 'alex', 'alex@example.com');
      await desktop.store.loadAll();
      assert.ok(desktop.store.state.entities.microGoal.has(shared));

      for (let i = 1; i <= 3; i++) {
        await laptop.checkIn(`laptop ${i}`, [shared]);
        await desktop.checkIn(`desktop ${i}`, [shared], i === 3 ? 'at-risk' : 'on-track');
      }
      await laptop.rename(shared, 'Write parser tests for literals');
      await desktop.complete(shared);
      await laptop.addMicroGoal('Laptop idea');
      await desktop.addMicroGoal('Desktop idea', { due: '2026-03-24' });
      laptop.commit('Accord: laptop');
      desktop.commit('Accord: desktop');
      laptop.mustGit('push', '-q');
      assert.notEqual(desktop.git('push', '-q').status, 0);
      // Both machines rewrote alex.json: git cannot merge it line by line.
      const pull = desktop.git('pull', '--no-rebase', '--no-edit');
      assert.notEqual(pull.status, 0, `expected a conflict in alex.json:\n${pull.stdout}${pull.stderr}`);
      assert.match(pull.stdout + pull.stderr, /CONFLICT.*\.accord\/people\/alex\.json/);
      assert.match(desktop.status(), /^UU \.accord\/people\/alex\.json$/m);
      const text = await readFile(desktop.store.fileOf('alex'), 'utf8');
      assert.match(text, /^<{7}/m, 'the file has conflict markers');
      return { laptop, desktop, shared };
    }

    async function finish(laptop: Clone, desktop: Clone, shared: string): Promise<void> {
      // The next write leaves a clean file; committing it concludes the merge.
      const after = await desktop.checkIn('After the merge');
      await assertCleanFiles(desktop);
      desktop.mustGit('add', '.accord');
      desktop.mustGit('commit', '-q', '--no-edit');
      assert.equal(desktop.status(), '');
      desktop.mustGit('push', '-q');
      assertNoConflict(laptop.git('pull', '--no-rebase', '--no-edit'), laptop);
      await laptop.store.loadAll();
      await desktop.store.loadAll();
      await assertCleanFiles(laptop);
      assert.deepEqual(laptop.store.errors, []);
      assert.deepEqual(desktop.store.errors, []);
      assert.deepEqual(snapshot(laptop.store.state), snapshot(desktop.store.state));

      const state = laptop.store.state;
      for (const id of [...laptop.acknowledged, ...desktop.acknowledged]) {
        assert.ok(state.entities.checkIn.has(id) || state.entities.microGoal.has(id) || state.entities.member.has(id), `${id} was lost`);
      }
      assert.ok(state.entities.checkIn.has(after));
      assert.equal(state.entities.checkIn.size, 7);
      assert.deepEqual([...state.entities.checkIn.values()].map((c) => c.note).sort(), [
        'After the merge',
        'desktop 1',
        'desktop 2',
        'desktop 3',
        'laptop 1',
        'laptop 2',
        'laptop 3',
      ]);
      const micro = state.entities.microGoal.get(shared)!;
      assert.equal(micro.title, 'Write parser tests for literals', "the laptop's rename survives");
      assert.equal(micro.done, true, "the desktop's tick survives");
      assert.deepEqual([...state.entities.microGoal.values()].map((m) => m.title).sort(), ['Desktop idea', 'Laptop idea', 'Write parser tests for literals']);
      // A later write on the laptop carries on from the merged clock: it wins over both sides.
      await laptop.rename(shared, 'Parser tests: literals and calls');
      assert.equal(laptop.store.state.entities.microGoal.get(shared)!.title, 'Parser tests: literals and calls');
    }

    it('merges both sides of the conflicted own file when it is next loaded, and the next write leaves no markers', async () => {
      const { laptop, desktop, shared } = await divergedMachines();
      await desktop.store.loadAll();
      assert.deepEqual(desktop.store.errors, [], "a conflict in one's own file is resolved, not reported");
      const state = desktop.store.state;
      assert.equal(state.entities.checkIn.size, 6, "both machines' check-ins are there before any write");
      assert.equal(state.entities.microGoal.get(shared)?.title, 'Write parser tests for literals');
      assert.equal(state.entities.microGoal.get(shared)?.done, true);
      await finish(laptop, desktop, shared);
    });

    it('merges both sides when the first thing after the pull is a write', async () => {
      const { laptop, desktop, shared } = await divergedMachines();
      await finish(laptop, desktop, shared);
    });

    it("shows a partner's conflicted file as a problem, keeping the last good data, until its owner resolves it", async () => {
      const { laptop, desktop, shared } = await divergedMachines();
      // Sam has the conflicted working copy open (he is not Alex: his store must not rewrite alex.json).
      const samView = new AccordStore({ root: desktop.dir, me: 'sam' });
      await samView.loadAll();
      assert.equal(samView.errors.length, 1);
      assert.equal(samView.errors[0]!.problem, 'conflict');
      assert.match(await readFile(desktop.store.fileOf('alex'), 'utf8'), /^<{7}/m, 'left untouched');
      await finish(laptop, desktop, shared);
    });
  });
});
