import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { version } from '../../package.json';
import { runCli } from '../../src/cli/program';
import { accord, MENTOR_COVENANT, ROOT, snapshot } from '../helpers/cli';
import { AccordStore, MAX_FILE_BYTES } from '../../src/store';

/**
 * `accord check` (issue 17 §2) as a person or a CI job runs it: the built dist/cli.js as a child
 * process, on team folders made in a temp folder. The messages themselves are the store's and are
 * tested there (store.badfiles.test.ts); here the check must name exactly what the store names,
 * in each format, with the exit codes of §1, and leave every file as it was.
 */
const FIXTURE = join(ROOT, 'test', 'fixtures', 'workspace');
const run = promisify(execFile);

interface ReportedProblem {
  file: string;
  line?: number;
  column?: number;
  problem: string;
  reason: string;
  fix: string;
}

/** A problem as one comparable line of text. */
function key(problem: ReportedProblem): string {
  return JSON.stringify([problem.file, problem.line ?? null, problem.column ?? null, problem.problem, problem.reason, problem.fix]);
}

/** The problems the store itself names in the member files of `root`, read-only. */
async function storeProblems(root: string): Promise<string[]> {
  const store = new AccordStore({ root, readOnly: true });
  await store.loadAll();
  return store.errors.map(key).sort();
}

describe('accord check (the command line, run as a child process)', function () {
  this.timeout(120_000);
  let base: string;
  let good: string;
  let bad: string;

  before(async () => {
    await run(process.execPath, ['esbuild.mjs', '--cli'], { cwd: ROOT });
    base = await mkdtemp(join(tmpdir(), 'accord-cli-'));
    good = join(base, 'good');
    bad = join(base, 'bad');
    await cp(FIXTURE, good, { recursive: true });
    await mkdir(join(good, 'src', 'deep'), { recursive: true });
    await cp(FIXTURE, bad, { recursive: true });
    const people = join(bad, '.accord', 'people');
    // Not JSON: a comma missing at the end of line 3, so line 4 column 3 is where it stops being JSON.
    await writeFile(join(people, 'bad.json'), '{\n  "schema": 1,\n  "member": "bad"\n  "clock": 1\n}\n');
    // JSON, but not a member file: the clock is words.
    await writeFile(join(people, 'pat.json'), `${JSON.stringify({ schema: 1, member: 'pat', clock: 'soon', entities: {} }, null, 2)}\n`);
    // A link to a file outside the team's folder.
    await writeFile(join(base, 'outside.json'), await readFile(join(people, 'alex-example.com.json')));
    await symlink(join(base, 'outside.json'), join(people, 'link.json'));
    // The covenant, a link too.
    await writeFile(join(base, 'covenant.md'), '# Our covenant\n');
    await symlink(join(base, 'covenant.md'), join(bad, '.accord', 'covenant.md'));
    // Larger than the store reads.
    await writeFile(join(people, 'big.json'), `{${' '.repeat(MAX_FILE_BYTES)}}`);
    // Sam's file renames Alex: a write only Alex may make, left out of the record.
    const samPath = join(people, 'sam-example.com.json');
    const sam = JSON.parse(await readFile(samPath, 'utf8')) as { clock: number; entities: Record<string, unknown> };
    sam.entities['member:alex-example.com'] = { clocks: { name: 11 }, fields: { name: 'Not Alex' }, kind: 'member' };
    sam.entities = Object.fromEntries(Object.entries(sam.entities).sort(([a], [b]) => (a < b ? -1 : 1)));
    sam.clock = 11;
    await writeFile(samPath, `${JSON.stringify(sam, null, 2)}\n`);
  });

  after(async () => {
    await rm(base, { recursive: true, force: true });
  });

  describe('a valid team', () => {
    it('exits 0 and says every file reads cleanly, from any folder inside the team', async () => {
      for (const cwd of [good, join(good, 'src', 'deep')]) {
        const result = await accord(cwd, ['check']);
        assert.deepEqual(result, { code: 0, stdout: 'Accord can read every file in .accord/ (2 member files).\n', stderr: '' });
      }
    });

    it('reports an empty list in json and no annotation in github', async () => {
      const json = await accord(good, ['check', '--format', 'json']);
      assert.equal(json.code, 0);
      assert.deepEqual(JSON.parse(json.stdout), { ok: true, dataFolder: '.accord', memberFiles: 2, problems: [] });
      const github = await accord(good, ['check', '--format', 'github']);
      assert.equal(github.code, 0);
      assert.doesNotMatch(github.stdout, /::error/);
    });

    it('prints nothing with --quiet, and what it read on stderr with --verbose', async () => {
      assert.deepEqual(await accord(good, ['check', '--quiet']), { code: 0, stdout: '', stderr: '' });
      const verbose = await accord(join(good, 'src'), ['--verbose', 'check']);
      assert.equal(verbose.code, 0);
      assert.match(verbose.stderr, new RegExp(`Reading ${good.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/\\.accord/ \\(read-only\\)`));
      assert.match(verbose.stderr, /Read 2 member files/);
      assert.equal(verbose.stdout, 'Accord can read every file in .accord/ (2 member files).\n');
    });

    it('finds the data folder named by --data-folder or ACCORD_DATA_FOLDER', async () => {
      const team = join(base, 'renamed');
      await cp(join(FIXTURE, '.accord'), join(team, 'team-data'), { recursive: true });
      assert.equal((await accord(team, ['check', '--data-folder', 'team-data'])).stdout, 'Accord can read every file in team-data/ (2 member files).\n');
      assert.equal((await accord(team, ['check'], { ACCORD_DATA_FOLDER: 'team-data' })).code, 0);
      const missing = await accord(team, ['check']);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /There is no \.accord\/ folder in .* or any folder above it/);
    });
  });

  describe('a team with bad files', () => {
    it('exits 1 and names, in json, exactly the problems the store names, plus the write left out', async () => {
      const result = await accord(bad, ['check', '--format', 'json']);
      assert.equal(result.code, 1);
      assert.equal(result.stderr, '');
      const report = JSON.parse(result.stdout) as { ok: boolean; problems: ReportedProblem[] };
      assert.equal(report.ok, false);
      const memberFiles = report.problems.filter((problem) => problem.file.startsWith('.accord/people/') && problem.problem !== 'left-out');
      assert.deepEqual(memberFiles.map(key).sort(), await storeProblems(bad));
      assert.deepEqual(
        report.problems.map((problem) => [problem.file, problem.problem]),
        [
          ['.accord/covenant.md', 'outside-workspace'],
          ['.accord/people/bad.json', 'not-json'],
          ['.accord/people/big.json', 'too-large'],
          ['.accord/people/link.json', 'not-a-file'],
          ['.accord/people/pat.json', 'schema'],
          ['.accord/people/sam-example.com.json', 'left-out'],
        ],
      );
      assert.deepEqual([report.problems[1]!.line, report.problems[1]!.column], [4, 3]);
      const leftOut = report.problems[5]!;
      const samText = await readFile(join(bad, '.accord', 'people', 'sam-example.com.json'), 'utf8');
      assert.equal(leftOut.line, samText.split('\n').findIndex((line) => line.includes('"member:alex-example.com"')) + 1);
      assert.match(leftOut.reason, /member “member:alex-example\.com”\. Left out: /);
      assert.match(leftOut.fix, /^Everything else in the file counts\. To clear it, sam-example\.com removes that change/);
    });

    it('prints file:line:column, the reason and the fix in text, then a summary that --quiet leaves out', async () => {
      const result = await accord(bad, ['check']);
      assert.equal(result.code, 1);
      const lines = result.stdout.trimEnd().split('\n');
      assert.equal(lines.length, 7);
      assert.match(lines[0]!, /^\.accord\/covenant\.md: \S/);
      assert.match(lines[1]!, /^\.accord\/people\/bad\.json:4:3: \S.* \S/);
      assert.match(lines[2]!, /^\.accord\/people\/big\.json: It holds more than 20\.0 MB, more than the 20 MB Accord reads\. /);
      assert.equal(lines[6], '6 problems in 6 files of .accord/ to look at.');
      assert.doesNotMatch(result.stdout, /\u001b\[/, 'no colour when stdout is not a terminal');
      const quiet = await accord(bad, ['check', '-q']);
      assert.equal(quiet.code, 1);
      assert.deepEqual(quiet.stdout.trimEnd().split('\n'), lines.slice(0, 6));
    });

    it('prints one GitHub annotation per problem, on its line', async () => {
      const result = await accord(bad, ['check', '--format', 'github']);
      assert.equal(result.code, 1);
      const annotations = result.stdout.split('\n').filter((line) => line.startsWith('::'));
      assert.equal(annotations.length, 6);
      assert.match(annotations[1]!, /^::error file=\.accord\/people\/bad\.json,line=4,col=3,title=Accord%3A not-json::\S/);
      assert.match(annotations[3]!, /^::error file=\.accord\/people\/link\.json,title=Accord%3A not-a-file::/);
      for (const annotation of annotations) assert.doesNotMatch(annotation.replace(/^::error [^:]*::/, ''), /::/);
    });

    it('changes nothing under the folder, whatever it is asked', async () => {
      const before = await snapshot(base);
      for (const format of ['text', 'json', 'github']) await accord(bad, ['check', '--format', format, '--verbose']);
      await accord(good, ['check']);
      assert.deepEqual(await snapshot(base), before);
    });
  });

  describe('ownership since --base, with real commits by two authors', () => {
    let repo: string;
    const git = (args: string[], author?: { name: string; email: string }) =>
      run('git', author ? ['-c', `user.name=${author.name}`, '-c', `user.email=${author.email}`, ...args] : args, { cwd: repo });
    const ALEX = { name: 'Alex Rivera', email: 'alex@example.com' };
    const SAM = { name: 'Sam Lee', email: 'Sam@Example.com' };
    const samFile = () => join(repo, '.accord', 'people', 'sam-example.com.json');
    /** `accord check --base main` as JSON: its exit code, and each problem as [file, problem] beside the problems themselves. */
    const checkSinceMain = async () => {
      const result = await accord(join(repo, '.accord'), ['check', '--base', 'main', '--format', 'json']);
      const problems = (JSON.parse(result.stdout) as { problems: ReportedProblem[] }).problems;
      return { code: result.code, named: problems.map((problem) => [problem.file, problem.problem]), problems };
    };

    before(async () => {
      repo = join(base, 'repo');
      await cp(FIXTURE, repo, { recursive: true });
      await git(['init', '-q', '-b', 'main']);
      await git(['add', '-A']);
      await git(['commit', '-q', '-m', 'The team starts'], ALEX);
    });

    it("exits 1 naming the commit when Alex changes Sam's file, and 0 when Sam does", async () => {
      await git(['checkout', '-q', '-b', 'alex-edits']);
      await writeFile(samFile(), (await readFile(samFile(), 'utf8')).replace('Pair on the tokenizer', 'Pair on the lexer'));
      await git(['commit', '-q', '-a', '-m', "Tidy Sam's micro-goal"], ALEX);
      const alexCommit = (await git(['rev-parse', 'HEAD'])).stdout.trim();
      const report = await checkSinceMain();
      assert.equal(report.code, 1);
      assert.deepEqual(report.named, [['.accord/people/sam-example.com.json', 'other-author']]);
      assert.match(
        report.problems[0]!.reason,
        new RegExp(`^Commit ${alexCommit.slice(0, 12)} \\(“Tidy Sam's micro-goal”, by Alex Rivera <alex@example\\.com>\\)`),
      );
      // Without --base the same files are fine: the content is Sam's file's own.
      assert.equal((await accord(repo, ['check'])).code, 0);

      await git(['checkout', '-q', 'main']);
      await git(['checkout', '-q', '-b', 'sam-edits']);
      await writeFile(samFile(), (await readFile(samFile(), 'utf8')).replace('Pair on the tokenizer', 'Pair on the parser'));
      await git(['commit', '-q', '-a', '-m', 'Rename my micro-goal'], SAM);
      assert.deepEqual(await accord(repo, ['check', '--base', 'main']), {
        code: 0,
        stdout: 'Accord can read every file in .accord/ (2 member files).\n',
        stderr: '',
      });
    });

    it("names a commit by Alex that adds to Sam's closed history (people/<id>/<year>.json is Sam's alone, issue 20)", async () => {
      await git(['checkout', '-q', 'main']);
      await git(['checkout', '-q', '-b', 'alex-closes-sam']);
      const sam = JSON.parse(await readFile(samFile(), 'utf8')) as { entities: Record<string, unknown> };
      await mkdir(join(repo, '.accord', 'people', 'sam-example.com'), { recursive: true });
      await writeFile(join(repo, '.accord', 'people', 'sam-example.com', '2025.json'), `${JSON.stringify({ ...sam, entities: {} }, null, 2)}\n`);
      await git(['add', '-A']);
      await git(['commit', '-q', '-m', "Start Sam's 2025"], ALEX);
      const report = await checkSinceMain();
      assert.equal(report.code, 1);
      assert.deepEqual(report.named, [['.accord/people/sam-example.com.json', 'other-author']]);
    });

    it('lets a member whose id is a handle commit with the email their file records', async () => {
      await git(['checkout', '-q', 'main']);
      await git(['checkout', '-q', '-b', 'new-member']);
      const profile = {
        clocks: { email: 1, name: 1, timeZone: 1 },
        fields: { email: 'jo.park@corp.example', name: 'Jo', timeZone: 'Asia/Seoul' },
        kind: 'member',
      };
      const file = { clock: 1, entities: { 'member:jo': profile }, member: 'jo', schema: 1 };
      await writeFile(join(repo, '.accord', 'people', 'jo.json'), `${JSON.stringify(file, null, 2)}\n`);
      await git(['add', '-A']);
      await git(['commit', '-q', '-m', 'Jo joins'], { name: 'Jo Park', email: 'jo.park@corp.example' });
      assert.equal((await accord(repo, ['check', '--base', 'main'])).code, 0);
      // Someone else claiming Jo's file in a later commit is named.
      await writeFile(
        join(repo, '.accord', 'people', 'jo.json'),
        `${JSON.stringify({ ...file, clock: 2, entities: { 'member:jo': { ...profile, clocks: { ...profile.clocks, name: 2 }, fields: { ...profile.fields, name: 'Jojo' } } } }, null, 2)}\n`,
      );
      await git(['commit', '-q', '-a', '-m', 'Fix Jo name'], SAM);
      const github = await accord(repo, ['check', '--base', 'main', '--format', 'github']);
      assert.equal(github.code, 1);
      assert.match(
        github.stdout,
        /^::error file=\.accord\/people\/jo\.json,title=Accord%3A other-author::Commit [0-9a-f]{12} \(“Fix Jo name”, by Sam Lee <Sam@Example\.com>\)/m,
      );
    });

    it('names an answer since the base that the covenant gives to someone else, and a covenant line it cannot read', async () => {
      await git(['checkout', '-q', 'main']);
      await git(['checkout', '-q', '-b', 'rights']);
      const people = join(repo, '.accord', 'people');
      /** Adds `fields` of the entity `id` to `member`'s file, with a clock past every file's (a Lamport clock). */
      let clock = 100;
      const put = async (member: string, id: string, kind: string, fields: Record<string, unknown>) => {
        const path = join(people, `${member}.json`);
        const file = JSON.parse(await readFile(path, 'utf8')) as { clock: number; entities: Record<string, unknown> };
        file.clock = ++clock;
        // Merged into the record the file holds, as an edit of some fields does.
        const held = (file.entities[id] ?? { clocks: {}, fields: {}, kind }) as {
          clocks: Record<string, number>;
          fields: Record<string, unknown>;
          kind: string;
        };
        file.entities[id] = {
          clocks: { ...held.clocks, ...Object.fromEntries(Object.keys(fields).map((name) => [name, file.clock])) },
          fields: { ...held.fields, ...fields },
          kind,
        };
        file.entities = Object.fromEntries(Object.entries(file.entities).sort(([a], [b]) => (a < b ? -1 : 1)));
        await writeFile(path, `${JSON.stringify(file, null, 2)}\n`);
      };
      const kim = {
        clock: 1,
        entities: {
          'member:kim': {
            clocks: { capacityHours: 1, email: 1, name: 1, timeZone: 1 },
            fields: { capacityHours: 10, email: 'kim@example.com', name: 'Kim', timeZone: 'Europe/Berlin' },
            kind: 'member',
          },
        },
        member: 'kim',
        schema: 1,
      };
      await writeFile(join(people, 'kim.json'), `${JSON.stringify(kim, null, 2)}\n`);
      await writeFile(join(repo, '.accord', 'covenant.md'), MENTOR_COVENANT);
      await put('sam-example.com', 'rn-1', 'renegotiation', {
        at: '2026-03-16T09:00:00.000Z',
        beforeDue: true,
        change: { due: '2026-03-27' },
        microGoal: 'mg-y7t3x7etx684',
        proposer: 'sam-example.com',
        reason: 'The API changed',
        state: 'proposed',
      });
      await git(['add', '-A']);
      await git(['commit', '-q', '-m', 'Kim mentors Sam; Sam asks for a week'], SAM);
      const base = (await git(['rev-parse', 'HEAD'])).stdout.trim();
      await put('alex-example.com', 'rn-1', 'renegotiation', { respondedAt: '2026-03-17T09:00:00.000Z', respondedBy: 'alex-example.com', state: 'accepted' });
      await git(['commit', '-q', '-a', '-m', 'Accept Sam’s new date'], ALEX);

      const result = await accord(repo, ['check', '--base', base, '--format', 'json']);
      assert.equal(result.code, 1, result.stdout);
      const alexText = await readFile(join(people, 'alex-example.com.json'), 'utf8');
      assert.deepEqual(JSON.parse(result.stdout), {
        ok: false,
        dataFolder: '.accord',
        memberFiles: 3,
        problems: [
          {
            file: '.accord/people/alex-example.com.json',
            line: alexText.split('\n').findIndex((line) => line.includes('"rn-1"')) + 1,
            problem: 'covenant-answer',
            reason:
              'Alex Rivera accepted the change to “Pair on the tokenizer” (due 2026-03-27), but the covenant says mentor accepts the date changes of Sam Okafor (covenant.md line 8).',
            fix: 'It counts in the record all the same. To keep the covenant, Alex Rivera takes the answer out of their file (restore it with git) and Kim answers in Accord; or, if the team sees it differently now, change the covenant.',
          },
        ],
      });
      // Only answers new since the base are judged: once it is in the base, later work does not name it again.
      await put('sam-example.com', 'mg-y7t3x7etx684', 'microGoal', { title: 'Pair on the lexer' });
      await git(['commit', '-q', '-a', '-m', 'Rename my micro-goal'], SAM);
      assert.equal((await accord(repo, ['check', '--base', 'HEAD~1'])).code, 0);
      assert.equal((await accord(repo, ['check'])).code, 0, 'without --base, answers are not judged');

      // Alex countered an earlier proposal before the base; after it Sam accepts the counter (his own
      // file) and Alex commits other work: Alex's answer is still the base's, not new.
      await put('sam-example.com', 'rn-2', 'renegotiation', {
        at: '2026-03-18T09:00:00.000Z',
        beforeDue: true,
        change: { due: '2026-04-03' },
        microGoal: 'mg-v88t3asl0t19',
        proposer: 'sam-example.com',
        reason: 'Blocked on the runner',
        state: 'proposed',
      });
      await git(['commit', '-q', '-a', '-m', 'Sam asks for another week'], SAM);
      await put('alex-example.com', 'rn-2', 'renegotiation', {
        counter: { due: '2026-03-30' },
        respondedAt: '2026-03-18T10:00:00.000Z',
        respondedBy: 'alex-example.com',
        state: 'countered',
      });
      await git(['commit', '-q', '-a', '-m', 'Suggest a shorter week'], ALEX);
      const base2 = (await git(['rev-parse', 'HEAD'])).stdout.trim();
      await put('sam-example.com', 'rn-2', 'renegotiation', { state: 'accepted' });
      await git(['commit', '-q', '-a', '-m', 'Take the counter'], SAM);
      await put('alex-example.com', 'mg-3bgmpad1npq8', 'microGoal', { title: 'Write the review checklist' });
      await git(['commit', '-q', '-a', '-m', 'Rename my micro-goal'], ALEX);
      const later = await accord(repo, ['check', '--base', base2, '--format', 'json']);
      assert.equal(later.code, 0, later.stdout);

      // A hand edit inside a merge commit is judged as the merge's author's: here Sam writes
      // Alex's acceptance while merging a branch.
      const base3 = (await git(['rev-parse', 'HEAD'])).stdout.trim();
      await git(['checkout', '-q', '-b', 'side']);
      await writeFile(join(repo, 'NOTES.md'), 'Work on the side\n');
      await git(['add', '-A']);
      await git(['commit', '-q', '-m', 'Notes'], SAM);
      await git(['checkout', '-q', 'rights']);
      await put('sam-example.com', 'rn-3', 'renegotiation', {
        at: '2026-03-20T09:00:00.000Z',
        beforeDue: true,
        change: { due: '2026-04-10' },
        microGoal: 'mg-y7t3x7etx684',
        proposer: 'sam-example.com',
        reason: 'More tests first',
        state: 'proposed',
      });
      await git(['commit', '-q', '-a', '-m', 'Ask for more time'], SAM);
      await git(['-c', 'user.name=Sam Lee', '-c', 'user.email=Sam@Example.com', 'merge', '-q', '--no-ff', '--no-commit', 'side']);
      await put('alex-example.com', 'rn-3', 'renegotiation', { respondedAt: '2026-03-20T10:00:00.000Z', respondedBy: 'alex-example.com', state: 'accepted' });
      await git(['add', '-A']);
      await git(['commit', '-q', '-m', 'Merge side'], SAM);
      const merged = JSON.parse((await accord(repo, ['check', '--base', base3, '--format', 'json'])).stdout) as { problems: ReportedProblem[] };
      assert.deepEqual(
        merged.problems.map((p) => [p.file, p.problem]),
        [
          ['.accord/people/alex-example.com.json', 'other-author'],
          ['.accord/people/alex-example.com.json', 'covenant-answer'],
        ],
      );
      assert.match(merged.problems[0]!.reason, /“Merge side”, by Sam Lee/);
      await git(['reset', '-q', '--hard', base3]);

      // A covenant line Accord cannot read is named on its line, with or without --base.
      await writeFile(join(repo, '.accord', 'covenant.md'), ['# Our covenant', '', '```accord', 'roles:', '  mentor: *alex', '```', ''].join('\n'));
      const broken = JSON.parse((await accord(repo, ['check', '--format', 'json'])).stdout) as { problems: ReportedProblem[] };
      assert.deepEqual(
        broken.problems.map((p) => [p.file, p.line, p.problem]),
        [['.accord/covenant.md', 5, 'covenant-rule']],
      );
      assert.match(broken.problems[0]!.reason, /alias/);
      await git(['checkout', '-q', '--', '.accord/covenant.md']);
    });

    it('names files from the repository root in github annotations when the team sits in a sub-folder', async () => {
      const mono = join(base, 'mono');
      await cp(join(bad, '.accord'), join(mono, 'apps', 'web', '.accord'), { recursive: true, verbatimSymlinks: true });
      await run('git', ['init', '-q'], { cwd: mono });
      const result = await accord(join(mono, 'apps', 'web'), ['check', '--format', 'github', '--quiet']);
      assert.equal(result.code, 1);
      assert.match(result.stdout, /^::error file=apps\/web\/\.accord\/people\/bad\.json,line=4,col=3,/m);
      // Outside a repository, paths are the team folder's own.
      assert.match((await accord(bad, ['check', '--format', 'github', '--quiet'])).stdout, /^::error file=\.accord\/people\/bad\.json,/m);
    });

    it('exits 2 for a base git does not know, and writes nothing in the repository', async () => {
      const before = await snapshot(repo);
      for (const ref of ['no-such-branch', '-x', '--output=/tmp/x']) {
        const result = await accord(repo, ['check', `--base=${ref}`]);
        assert.equal(result.code, 2, ref);
        assert.match(result.stderr, /^accord: --base: git does not know the commit/, ref);
      }
      await accord(repo, ['check', '--base', 'main']);
      assert.deepEqual(await snapshot(repo), before);
    });
  });

  describe('usage', () => {
    it('exits 2 on a usage error, told on stderr', async () => {
      for (const args of [
        ['check', '--format', 'xml'],
        ['check', '--nope'],
        ['frobnicate'],
        [],
        ['check', '-q', '-v'],
        ['check', '--data-folder', '../elsewhere'],
      ]) {
        const result = await accord(good, args);
        assert.equal(result.code, 2, `accord ${args.join(' ')}`);
        assert.equal(result.stdout, '', `accord ${args.join(' ')}`);
        assert.notEqual(result.stderr, '', `accord ${args.join(' ')}`);
      }
    });

    it('prints the version, and help for every command, exiting 0', async () => {
      assert.deepEqual(await accord(good, ['--version']), { code: 0, stdout: `${version}\n`, stderr: '' });
      for (const args of [['--help'], ['check', '--help'], ['help', 'check']]) {
        const result = await accord(good, args);
        assert.equal(result.code, 0, `accord ${args.join(' ')}`);
        assert.match(result.stdout, /^Usage: accord/);
        assert.match(result.stdout, /Exit codes:/);
      }
      assert.match((await accord(good, ['check', '--help'])).stdout, /"text", "json", "github"/);
    });
  });
});

describe('accord: colour only on a terminal, never with NO_COLOR', () => {
  /** A stand-in stream that keeps what is written. */
  const stream = (isTTY: boolean) => {
    const chunks: string[] = [];
    return { isTTY, chunks, write: (text: string) => chunks.push(text) };
  };

  for (const [isTTY, env, coloured] of [
    [true, {}, true],
    [true, { NO_COLOR: '1' }, false],
    [false, {}, false],
  ] as const) {
    it(`${isTTY ? 'a terminal' : 'a pipe'}${'NO_COLOR' in env ? ' with NO_COLOR=1' : ''}: ${coloured ? 'coloured' : 'plain'}`, async () => {
      const stdout = stream(isTTY);
      const stderr = stream(isTTY);
      const code = await runCli(['check', '--nope'], { cwd: FIXTURE, env, stdout, stderr });
      assert.equal(code, 2);
      assert.equal(/\u001b\[/.test(stderr.chunks.join('')), coloured);
    });
  }
});
