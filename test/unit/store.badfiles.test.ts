/**
 * Files the store cannot take as they are: not JSON, failing the schema, too large, carrying
 * git conflict markers, from a newer Accord, or crafted to pollute prototypes. For each, what
 * a user notices: the file is left byte for byte as it was, the last good data stays on
 * screen, and the error says which file, which line, what is wrong and how to fix it.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccordFileError, AccordStore, type FileProblem, type MemberFileData, MAX_FILE_BYTES, parseMemberFile, serializeMemberFile } from '../../src/store';
import { checkInFields, goalFields, lineOf, memberFileText, microGoalFields, record, type TempWorkspace, tempWorkspace } from '../helpers/memberFiles';

const OWNER = 'bob';
const VIEWER = 'alice';

/** Bob's good file: a goal, two micro-goals and a check-in (whose "member" field comes before the file's own "member" key). */
function goodText(): string {
  return memberFileText(OWNER, {
    'ci-1': record('checkIn', checkInFields(OWNER, 1), 4),
    'g-1': record('goal', goalFields(OWNER, 'Ship the importer'), 1),
    'mg-1': record('microGoal', microGoalFields(OWNER, 'Parse the header row', 'g-1'), 2),
    'mg-2': record('microGoal', microGoalFields(OWNER, 'Map the columns', 'g-1'), 3),
  });
}

/** Runs `git merge-file` and returns the text with conflict markers. */
function gitMerge(ours: string, base: string, theirs: string, diff3 = false): string {
  const dir = mkdtempSync(join(tmpdir(), 'accord-merge-'));
  try {
    const files = { ours: join(dir, 'ours'), base: join(dir, 'base'), theirs: join(dir, 'theirs') };
    writeFileSync(files.ours, ours);
    writeFileSync(files.base, base);
    writeFileSync(files.theirs, theirs);
    const args = ['merge-file', '-p', ...(diff3 ? ['--diff3'] : []), '-L', 'HEAD', '-L', 'base', '-L', 'origin/main', files.ours, files.base, files.theirs];
    const result = spawnSync('git', args, { encoding: 'utf8' });
    assert.ok(result.status !== null && result.status > 0, `git merge-file found no conflict (${result.status}): ${result.stderr}`);
    return result.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface BadCase {
  name: string;
  problem: FileProblem;
  /** The bad file, made from the good one. */
  make(good: string): string;
  /** The line the error must point at, or undefined when the problem has no place in the file. */
  line(bad: string): number | undefined;
  reason: RegExp;
  fix: RegExp;
  /** Whether the owner's own store would refuse to write it (not so for conflicts it can resolve). */
  ownerRefuses: boolean;
}

const GIT_FIX = /git/;

function firstMarkerLine(text: string): number {
  return lineAt(text, text.indexOf('<<<<<<< HEAD\n'));
}

/** The 1-based line of a character offset. */
function lineAt(text: string, offset: number): number {
  assert.ok(offset >= 0);
  return text.slice(0, offset).split('\n').length;
}

const CASES: BadCase[] = [
  {
    name: 'not JSON: a bare word where a value should be',
    problem: 'not-json',
    make: (good) => good.replace('"status": "at-risk"', '"status": at-risk'),
    line: (bad) => lineOf(bad, '"status": at-risk'),
    reason: /not valid JSON/,
    fix: GIT_FIX,
    ownerRefuses: true,
  },
  {
    name: 'not JSON: a missing comma (reported where the next key starts, as VS Code does)',
    problem: 'not-json',
    make: (good) => good.replace('"owner": "bob",\n        "state"', '"owner": "bob"\n        "state"'),
    line: (bad) => lineAt(bad, bad.indexOf('"owner": "bob"\n')) + 1,
    reason: /not valid JSON/,
    fix: GIT_FIX,
    ownerRefuses: true,
  },
  {
    name: 'not JSON: a trailing comma',
    problem: 'not-json',
    make: (good) => good.replace('"title": "Ship the importer"\n', '"title": "Ship the importer",\n'),
    line: (bad) => lineOf(bad, '"title": "Ship the importer",') + 1,
    reason: /not valid JSON/,
    fix: GIT_FIX,
    ownerRefuses: true,
  },
  {
    name: 'not JSON: cut off in the middle (a non-atomic writer died)',
    problem: 'not-json',
    make: (good) => good.slice(0, good.indexOf('Map the columns') + 3),
    line: (bad) => bad.split('\n').length,
    reason: /not valid JSON/,
    fix: GIT_FIX,
    ownerRefuses: true,
  },
  {
    name: 'not JSON: empty',
    problem: 'not-json',
    make: () => '',
    line: () => 1,
    reason: /not valid JSON/,
    fix: GIT_FIX,
    ownerRefuses: true,
  },
  {
    name: 'schema: a bad field value',
    problem: 'schema',
    make: (good) => good.replace('"state": "active"', '"state": "finished"'),
    line: (bad) => lineOf(bad, '"state": "finished"'),
    reason: /state.*g-1.*"active"/s,
    fix: GIT_FIX,
    ownerRefuses: true,
  },
  {
    name: 'schema: the file names another member',
    problem: 'schema',
    make: (good) => good.replace('\n  "member": "bob",', '\n  "member": "robin",'),
    line: (bad) => lineOf(bad, '"member": "robin"'),
    reason: /"robin".*"bob"/,
    fix: GIT_FIX,
    ownerRefuses: true,
  },
  {
    name: 'schema: an entity without its fields object',
    problem: 'schema',
    make: (good) => {
      const parsed = JSON.parse(good) as { entities: Record<string, Record<string, unknown>> };
      delete parsed.entities['mg-1']!.fields;
      parsed.entities['mg-1']!.clocks = {};
      return serializeMemberFile(parsed as unknown as MemberFileData);
    },
    line: (bad) => lineOf(bad, '"mg-1": {'),
    reason: /"mg-1".*"fields"/,
    fix: GIT_FIX,
    ownerRefuses: true,
  },
  {
    name: `more than ${MAX_FILE_BYTES / 1024 / 1024} MB`,
    problem: 'too-large',
    make: (good) => good + ' '.repeat(MAX_FILE_BYTES),
    line: () => undefined,
    reason: /20 MB/,
    fix: /git/,
    ownerRefuses: true,
  },
  {
    name: "git conflict markers in another member's file",
    problem: 'conflict',
    make: (good) =>
      gitMerge(good.replace('Ship the importer', 'Ship the CSV importer'), good, good.replace('Ship the importer', 'Ship the importer this week')),
    line: (bad) => firstMarkerLine(bad),
    reason: /conflict markers/,
    fix: /bob/,
    ownerRefuses: false,
  },
  {
    name: 'a newer data format',
    problem: 'newer-schema',
    make: (good) => good.replace('"schema": 1', '"schema": 2'),
    line: (bad) => lineOf(bad, '"schema": 2'),
    reason: /format 2.*newer/,
    fix: /Update the Accord extension/,
    ownerRefuses: true,
  },
];

function assertFileError(error: unknown, ws: TempWorkspace, c: BadCase, bad: string): void {
  assert.ok(error instanceof AccordFileError, `expected an AccordFileError, got ${String(error)}`);
  assert.equal(error.file, ws.displayPathOf(OWNER));
  assert.equal(error.problem, c.problem);
  assert.equal(error.line, c.line(bad), `wrong line in: ${error.message}`);
  assert.match(error.reason, c.reason);
  assert.match(error.fix, c.fix);
  assert.ok(error.message.startsWith(`${ws.displayPathOf(OWNER)}${error.line !== undefined ? `:${error.line}` : ''}`), error.message);
}

function assertShowsLastGoodData(store: AccordStore): void {
  assert.equal(store.state.entities.goal.get('g-1')?.title, 'Ship the importer');
  assert.deepEqual([...store.state.entities.microGoal.keys()].sort(), ['mg-1', 'mg-2']);
  assert.ok(store.state.entities.checkIn.has('ci-1'));
}

describe('store: bad files', function () {
  this.timeout(30_000);
  let ws: TempWorkspace;
  beforeEach(async () => {
    ws = await tempWorkspace('accord-bad-');
  });
  afterEach(() => ws.cleanup());

  for (const c of CASES) {
    describe(c.name, () => {
      it('is reported with file, line, reason and fix; the viewer keeps the last good data; the file is untouched', async () => {
        const good = goodText();
        await ws.write(OWNER, good);
        const viewer = new AccordStore({ root: ws.root, me: VIEWER });
        await viewer.loadAll();
        assert.deepEqual(viewer.errors, []);
        assertShowsLastGoodData(viewer);

        const bad = c.make(good);
        assert.notEqual(bad, good);
        await ws.write(OWNER, bad);
        const bytes = await ws.readBytes(OWNER);

        await viewer.loadAll();
        assert.equal(viewer.errors.length, 1);
        assertFileError(viewer.errors[0], ws, c, bad);
        assertShowsLastGoodData(viewer);
        await viewer.reloadMember(OWNER);
        assert.equal(viewer.errors.length, 1);
        assertShowsLastGoodData(viewer);
        // The viewer's own writes go on, and never touch the bad file.
        await viewer.update((edit) => edit.set('ci-alice', 'checkIn', checkInFields(VIEWER, 1)));
        assert.ok(viewer.state.entities.checkIn.has('ci-alice'));
        assert.deepEqual(await ws.readBytes(OWNER), bytes);

        // Put right, it loads again and the error goes away.
        await ws.write(OWNER, good);
        await viewer.loadAll();
        assert.deepEqual(viewer.errors, []);
      });

      if (c.ownerRefuses) {
        it('its owner keeps the last good data and will not write over it', async () => {
          const good = goodText();
          await ws.write(OWNER, good);
          const owner = new AccordStore({ root: ws.root, me: OWNER });
          await owner.loadAll();
          assertShowsLastGoodData(owner);

          const bad = c.make(good);
          await ws.write(OWNER, bad);
          const bytes = await ws.readBytes(OWNER);
          await owner.loadAll();
          assert.equal(owner.errors.length, 1);
          assertFileError(owner.errors[0], ws, c, bad);
          assertShowsLastGoodData(owner);

          await assert.rejects(
            owner.update((edit) => edit.set('ci-2', 'checkIn', checkInFields(OWNER, 2))),
            (error: unknown) => {
              assertFileError(error, ws, c, bad);
              return true;
            },
          );
          assert.deepEqual(await ws.readBytes(OWNER), bytes);
          assert.equal(ws.lockExists(OWNER), false);
          assertShowsLastGoodData(owner);
          assert.equal(owner.state.entities.checkIn.has('ci-2'), false);
          assert.equal(owner.errors.length, 1);
        });
      }
    });
  }

  describe("git conflict markers in one's own file (the same person on two machines)", () => {
    const base = memberFileText(OWNER, {
      'g-1': record('goal', goalFields(OWNER, 'Draft'), 1),
      'mg-1': record('microGoal', microGoalFields(OWNER, 'Parse the header row', 'g-1'), 2),
    });
    const baseData = parseMemberFile(base, { file: 'base', member: OWNER }).data;

    /** One machine's version: base plus a new title for g-1 at `titleClock`, and entities of its own. */
    function side(title: string, titleClock: number, extra: Parameters<typeof memberFileText>[1], rootExtra: Record<string, unknown> = {}): string {
      const goal = baseData.entities['g-1']!;
      return memberFileText(
        OWNER,
        { ...baseData.entities, 'g-1': { ...goal, fields: { ...goal.fields, title }, clocks: { ...goal.clocks, title: titleClock } }, ...extra },
        rootExtra,
      );
    }

    for (const diff3 of [false, true]) {
      for (const winner of ['ours', 'theirs'] as const) {
        it(`merges both sides by the per-field rule (${diff3 ? 'diff3 style, ' : ''}the higher clock on ${winner === 'ours' ? 'our' : 'their'} side) and writes the merge without markers`, async () => {
          const ours = side('Title from this laptop', winner === 'ours' ? 9 : 5, {
            'ci-laptop': record('checkIn', checkInFields(OWNER, 1), 6),
          });
          const theirs = side(
            'Title from the desktop',
            winner === 'theirs' ? 9 : 5,
            {
              'ci-desktop': record('checkIn', checkInFields(OWNER, 2), 7),
              'mg-1': {
                ...baseData.entities['mg-1']!,
                fields: { ...baseData.entities['mg-1']!.fields, done: true },
                clocks: { ...baseData.entities['mg-1']!.clocks, done: 8 },
              },
            },
            { device: { lastWriter: 'desktop' } },
          );
          const conflicted = gitMerge(ours, base, theirs, diff3);
          assert.match(conflicted, /^<<<<<<< HEAD$/m);
          if (diff3) assert.match(conflicted, /^\|\|\|\|\|\|\| base$/m);
          await ws.write(OWNER, conflicted);

          const owner = new AccordStore({ root: ws.root, me: OWNER });
          await owner.loadAll();
          assert.deepEqual(owner.errors, []);
          const state = owner.state;
          assert.equal(state.entities.goal.get('g-1')?.title, winner === 'ours' ? 'Title from this laptop' : 'Title from the desktop');
          assert.equal(state.entities.microGoal.get('mg-1')?.done, true);
          assert.deepEqual([...state.entities.checkIn.keys()].sort(), ['ci-desktop', 'ci-laptop']);
          // Reading does not write: the markers stay until the owner's next write.
          assert.equal(await ws.read(OWNER), conflicted);

          // A teammate sees the conflict as an error in bob's file, at the first marker.
          const viewer = new AccordStore({ root: ws.root, me: VIEWER });
          await viewer.loadAll();
          assert.equal(viewer.errors[0]?.problem, 'conflict');
          assert.equal(viewer.errors[0]?.line, firstMarkerLine(conflicted));

          await owner.update((edit) => edit.set('ci-after', 'checkIn', checkInFields(OWNER, 3)));
          const written = await ws.read(OWNER);
          assert.doesNotMatch(written, /^(<{7}|={7}|>{7}|\|{7})/m);
          const { data, resolvedConflict } = parseMemberFile(written, { file: 'bob.json', member: OWNER });
          assert.equal(resolvedConflict, false);
          assert.deepEqual(Object.keys(data.entities).sort(), ['ci-after', 'ci-desktop', 'ci-laptop', 'g-1', 'mg-1']);
          assert.equal(data.entities['g-1']!.fields.title, winner === 'ours' ? 'Title from this laptop' : 'Title from the desktop');
          assert.equal(data.entities['g-1']!.clocks.title, 9);
          assert.equal(data.entities['mg-1']!.fields.done, true);
          assert.equal(data.entities['mg-1']!.clocks.done, 8);
          assert.deepEqual(data.device, { lastWriter: 'desktop' });
          assert.ok(data.clock > 9);
          // And now the teammate reads it cleanly.
          await viewer.loadAll();
          assert.deepEqual(viewer.errors, []);
          assert.ok(viewer.state.entities.checkIn.has('ci-after'));
        });
      }
    }

    it('reports a side that fails the schema at its line in the file, and writes nothing', async () => {
      const ours = side('Title from this laptop', 9, {});
      const theirs = side('Title from the desktop', 5, { 'ci-desktop': record('checkIn', { ...checkInFields(OWNER, 2), status: 'sleepy' }, 7) });
      const conflicted = gitMerge(ours, base, theirs);
      await ws.write(OWNER, conflicted);
      const owner = new AccordStore({ root: ws.root, me: OWNER });
      await owner.loadAll();
      const error = owner.errors[0];
      assert.ok(error instanceof AccordFileError);
      assert.equal(error.problem, 'schema');
      assert.equal(error.line, lineOf(conflicted, '"status": "sleepy"'), error.message);
      await assert.rejects(
        owner.update((edit) => edit.set('ci-x', 'checkIn', checkInFields(OWNER, 3))),
        AccordFileError,
      );
      assert.equal(await ws.read(OWNER), conflicted);
    });

    it('refuses malformed markers (no end marker) with a fix, and writes nothing', async () => {
      const ours = side('Title from this laptop', 9, {});
      const theirs = side('Title from the desktop', 5, {});
      const conflicted = gitMerge(ours, base, theirs).replace(/^>{7} origin\/main\n/m, '');
      await ws.write(OWNER, conflicted);
      const owner = new AccordStore({ root: ws.root, me: OWNER });
      await owner.loadAll();
      const error = owner.errors[0];
      assert.ok(error instanceof AccordFileError);
      assert.equal(error.problem, 'conflict');
      assert.equal(error.line, firstMarkerLine(conflicted));
      assert.match(error.fix, /by hand/);
      await assert.rejects(
        owner.update((edit) => edit.set('ci-x', 'checkIn', checkInFields(OWNER, 3))),
        AccordFileError,
      );
      assert.equal(await ws.read(OWNER), conflicted);
    });
  });

  describe('prototype pollution payloads', () => {
    const protoNames = (): string[] => Object.getOwnPropertyNames(Object.prototype).sort();
    let namesBefore: string[];
    beforeEach(() => {
      namesBefore = protoNames();
    });
    afterEach(() => {
      // Whatever happened, the global prototype is untouched.
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      assert.deepEqual(protoNames(), namesBefore);
      assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
    });

    const head = '{\n  "clock": 3,\n  "entities": {\n';
    const tail = '\n  },\n  "member": "bob",\n  "schema": 1\n}\n';
    const goal = (fieldsJson: string, clocksJson: string, extra = '') =>
      `    "g-1": {\n      "clocks": {${clocksJson}},\n      "fields": {${fieldsJson}},\n      "kind": "goal"${extra}\n    }`;
    const goodGoalFields = '"createdAt": "2026-03-02T09:00:00.000Z", "owner": "bob", "state": "active", "title": "T"';
    const goodGoalClocks = '"createdAt": 1, "owner": 1, "state": 1, "title": 1';

    interface ProtoCase {
      name: string;
      text: string;
      /** The line the rejection must point at; undefined when the file loads. */
      rejectedAt?: (text: string) => number;
      /** For files that load: checks on the loaded state. */
      loaded?: (store: AccordStore) => void;
    }

    const cases: ProtoCase[] = [
      {
        name: 'an entity id',
        text: `${head}    "__proto__": {"kind": "goal", "fields": {"polluted": true}, "clocks": {"polluted": 1}}${tail}`,
        rejectedAt: (text) => lineOf(text, '"__proto__"'),
      },
      {
        name: 'a field name',
        text: `${head}${goal(`${goodGoalFields}, "__proto__": {"polluted": true}`, `${goodGoalClocks}, "__proto__": 1`)}${tail}`,
        rejectedAt: (text) => lineOf(text, '"fields": {'),
      },
      {
        name: 'a clock name without a field',
        text: `${head}${goal(goodGoalFields, `${goodGoalClocks}, "__proto__": {"polluted": true}`)}${tail}`,
        rejectedAt: (text) => lineOf(text, '"clocks": {'),
      },
      {
        name: 'a record key',
        text: `${head}${goal(goodGoalFields, goodGoalClocks, ',\n      "__proto__": {"polluted": true}')}${tail}`,
        rejectedAt: (text) => lineOf(text, '"__proto__"'),
      },
      {
        name: 'a key inside a field value',
        text: `${head}${goal(`${goodGoalFields}, "yardstick": {"__proto__": {"polluted": true}, "target": 3}`, `${goodGoalClocks}, "yardstick": 1`)}${tail}`,
        loaded: (store) => {
          const yardstick = store.state.entities.goal.get('g-1')?.yardstick as Record<string, unknown> | undefined;
          assert.ok(yardstick);
          assert.equal(yardstick.target, 3);
          assert.equal(Object.getPrototypeOf(yardstick), Object.prototype);
          assert.equal(yardstick.polluted, undefined);
        },
      },
      {
        name: 'the root, next to good data',
        text: `${head}${goal(goodGoalFields, goodGoalClocks)}\n  },\n  "__proto__": {"polluted": true},\n  "member": "bob",\n  "schema": 1\n}\n`,
        loaded: (store) => {
          assert.equal(store.state.entities.goal.get('g-1')?.title, 'T');
        },
      },
      {
        name: 'the root, alone',
        text: '{"__proto__": {"polluted": true}}\n',
        rejectedAt: () => 1,
      },
      {
        name: 'Object.prototype names as field names and entity id ("constructor", "toString", "hasOwnProperty")',
        text: `${head}${goal(`${goodGoalFields}, "constructor": {"polluted": true}, "toString": "x", "hasOwnProperty": 1`, `${goodGoalClocks}, "constructor": 1, "toString": 1, "hasOwnProperty": 1`)},\n    "constructor": {"kind": "note", "fields": {"text": "hi"}, "clocks": {"text": 1}}${tail}`,
        loaded: (store) => {
          const loaded = store.state.entities.goal.get('g-1') as Record<string, unknown> | undefined;
          assert.equal(loaded?.title, 'T');
          assert.equal(loaded?.toString, 'x');
        },
      },
      {
        name: 'a clock named after an Object.prototype member, without a field',
        text: `${head}${goal(goodGoalFields, `${goodGoalClocks}, "valueOf": 2`)}${tail}`,
        rejectedAt: (text) => lineOf(text, '"clocks": {'),
      },
    ];

    for (const c of cases) {
      it(`${c.name}: ${c.rejectedAt ? 'rejected with a clear error' : 'loaded without prototype effects'}, through parse, load and the owner's write`, async () => {
        assert.doesNotThrow(() => JSON.parse(c.text));
        let parsed: ReturnType<typeof parseMemberFile> | undefined;
        try {
          parsed = parseMemberFile(c.text, { file: '.accord/people/bob.json', member: OWNER, resolveConflicts: true });
        } catch (error) {
          assert.ok(error instanceof AccordFileError, `not an AccordFileError: ${String(error)}`);
          assert.ok(c.rejectedAt, `rejected: ${error.message}`);
          assert.equal(error.problem, 'schema');
          assert.equal(error.line, c.rejectedAt(c.text), error.message);
          assert.match(error.fix, /git/);
        }
        if (c.rejectedAt) assert.equal(parsed, undefined, 'should have been rejected');
        else {
          assert.ok(parsed);
          assert.equal(Object.getPrototypeOf(parsed.data), Object.prototype);
          assert.equal((parsed.data as Record<string, unknown>).polluted, undefined);
        }

        await ws.write(OWNER, c.text);
        const viewer = new AccordStore({ root: ws.root, me: VIEWER });
        await viewer.loadAll();
        const owner = new AccordStore({ root: ws.root, me: OWNER });
        await owner.loadAll();
        const write = owner.update((edit) => edit.set('ci-1', 'checkIn', checkInFields(OWNER, 1)));
        if (c.rejectedAt) {
          assert.equal(viewer.errors.length, 1);
          assert.equal(viewer.errors[0]!.line, c.rejectedAt(c.text));
          await assert.rejects(write, AccordFileError);
          assert.equal(await ws.read(OWNER), c.text);
        } else {
          assert.deepEqual(viewer.errors, []);
          c.loaded!(viewer);
          await write;
          // What was there survives the owner's write, still without prototype effects.
          const after = parseMemberFile(await ws.read(OWNER), { file: 'bob.json', member: OWNER });
          assert.ok(after.data.entities['ci-1']);
          await viewer.loadAll();
          assert.deepEqual(viewer.errors, []);
          c.loaded!(viewer);
        }
        for (const s of [viewer, owner])
          for (const map of Object.values(s.state.entities))
            for (const entity of map.values()) assert.equal((entity as Record<string, unknown>).polluted, undefined);
      });
    }
  });
});
