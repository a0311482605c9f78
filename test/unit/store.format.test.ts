/**
 * The member file as people see it in git: canonical JSON (the same data, the same bytes),
 * diffs that touch only the edited entity, nothing of a newer Accord's data dropped, and
 * migrations between format versions.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AccordStore, canonicalJson, CURRENT_SCHEMA, migrate, type Migration, parseMemberFile, serializeMemberFile } from '../../src/store';
import { checkInFields, goalFields, memberFile, microGoalFields, record, type TempWorkspace, tempWorkspace } from '../helpers/memberFiles';

const FIXTURES = join(__dirname, '..', 'fixtures', 'schema');
const MEMBER = 'sam';

/** An independent formatter to compare with: sort keys at every level, then let JSON.stringify indent. */
function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeysDeep((value as Record<string, unknown>)[key]);
  return out;
}

/** Line numbers (0-based) removed from `before` and added in `after`, by longest common subsequence. */
function lineDiff(before: string[], after: string[]): { removed: number[]; added: number[] } {
  const n = before.length;
  const m = after.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) lcs[i]![j] = before[i] === after[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  }
  const removed: number[] = [];
  const added: number[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (before[i] === after[j]) {
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) removed.push(i++);
    else added.push(j++);
  }
  while (i < n) removed.push(i++);
  while (j < m) added.push(j++);
  return { removed, added };
}

/** The 0-based line range [first, last] of an entity's block in a canonical member file. */
function entityBlock(lines: string[], id: string): [number, number] {
  const first = lines.indexOf(`    ${JSON.stringify(id)}: {`);
  assert.ok(first >= 0, `no block for ${id}`);
  const last = lines.findIndex((line, i) => i > first && (line === '    }' || line === '    },'));
  return [first, last];
}

function inside(line: number, [first, last]: [number, number]): boolean {
  return line >= first && line <= last;
}

const ROOT_CLOCK_LINE = /^ {2}"clock": \d+,$/;

describe('store: file format', () => {
  let ws: TempWorkspace;
  beforeEach(async () => {
    ws = await tempWorkspace('accord-format-');
  });
  afterEach(() => ws.cleanup());

  async function seededStore(): Promise<AccordStore> {
    const store = new AccordStore({ root: ws.root, me: MEMBER });
    await store.loadAll();
    // Created out of id order, over several writes.
    await store.update((edit) => {
      edit.set('mg-zulu', 'microGoal', microGoalFields(MEMBER, 'Last by id', 'g-mike'));
      edit.set('g-mike', 'goal', { ...goalFields(MEMBER, 'Ship the importer'), yardstick: { target: 3, unit: 'files', doneWhen: ['all three import'] } });
    });
    await store.update((edit) => edit.set('mg-alpha', 'microGoal', microGoalFields(MEMBER, 'First by id', 'g-mike')));
    await store.update((edit) => edit.set('ci-1', 'checkIn', { ...checkInFields(MEMBER, 1), microGoals: ['mg-zulu', 'mg-alpha'] }));
    await store.update((edit) => edit.set('member:sam', 'member', { name: 'Sam', timeZone: 'Europe/Berlin', capacityHours: 20 }));
    return store;
  }

  describe('canonical JSON', () => {
    it('writes sorted keys at every level, 2-space indent, entities by id, a trailing newline and the schema version', async () => {
      await seededStore();
      const text = await ws.read(MEMBER);
      const parsed = JSON.parse(text) as Record<string, unknown>;
      assert.equal(text, `${JSON.stringify(sortKeysDeep(parsed), null, 2)}\n`);
      assert.ok(text.endsWith('}\n') && !text.endsWith('\n\n'));
      assert.equal(parsed.schema, CURRENT_SCHEMA);
      assert.deepEqual(Object.keys(parsed), ['clock', 'entities', 'member', 'schema']);
      const ids = text.split('\n').flatMap((line) => /^ {4}"([^"]+)": \{$/.exec(line)?.[1] ?? []);
      assert.deepEqual(ids, ['ci-1', 'g-mike', 'member:sam', 'mg-alpha', 'mg-zulu']);
      // Arrays keep their order (it is data): the check-in's micro-goals as written.
      assert.deepEqual((parsed.entities as Record<string, { fields: { microGoals: string[] } }>)['ci-1']!.fields.microGoals, ['mg-zulu', 'mg-alpha']);
    });

    it('gives the same bytes for the same data, whatever order it was built in', () => {
      const a = memberFile(
        MEMBER,
        { 'g-2': record('goal', goalFields(MEMBER, 'Two'), 2), 'g-1': record('goal', goalFields(MEMBER, 'One'), 1) },
        { zeta: { b: 1, a: [] }, alpha: {} },
      );
      const shuffled = JSON.parse(JSON.stringify(a), (_key, value: unknown) => {
        if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
        return Object.fromEntries(Object.entries(value).reverse());
      }) as typeof a;
      assert.notDeepEqual(Object.keys(shuffled), Object.keys(a));
      assert.equal(serializeMemberFile(shuffled), serializeMemberFile(a));
      // And re-serializing what was read gives the same bytes back.
      const text = serializeMemberFile(a);
      assert.equal(serializeMemberFile(parseMemberFile(text, { file: 'sam.json', member: MEMBER }).data), text);
      assert.match(text, /"alpha": \{\},\n/);
      assert.match(text, /"a": \[\],\n/);
    });

    it('leaves out undefined values instead of writing them', () => {
      assert.equal(canonicalJson({ b: undefined, a: 1, c: [undefined] }), '{\n  "a": 1,\n  "c": [\n    null\n  ]\n}\n');
    });
  });

  describe('diffs', () => {
    it("editing one entity changes only that entity's lines (and the file's clock line)", async () => {
      const store = await seededStore();
      const before = (await ws.read(MEMBER)).split('\n');
      await store.update((edit) => edit.set('mg-alpha', 'microGoal', { title: 'First by id, renamed', done: true, doneAt: '2026-03-03T10:00:00.000Z' }));
      const after = (await ws.read(MEMBER)).split('\n');
      const { removed, added } = lineDiff(before, after);
      assert.ok(removed.length + added.length > 0);
      const oldBlock = entityBlock(before, 'mg-alpha');
      const newBlock = entityBlock(after, 'mg-alpha');
      const strayRemoved = removed.filter((i) => !inside(i, oldBlock)).map((i) => before[i]!);
      const strayAdded = added.filter((i) => !inside(i, newBlock)).map((i) => after[i]!);
      // The member file's own Lamport clock (line 2) moves with every write; nothing else outside the entity does.
      assert.ok(
        strayRemoved.every((line) => ROOT_CLOCK_LINE.test(line)),
        `lines outside mg-alpha removed: ${strayRemoved.join(' | ')}`,
      );
      assert.ok(
        strayAdded.every((line) => ROOT_CLOCK_LINE.test(line)),
        `lines outside mg-alpha added: ${strayAdded.join(' | ')}`,
      );
      assert.ok(strayRemoved.length <= 1 && strayAdded.length <= 1);
    });

    it("adding an entity adds only its lines (and changes the file's clock line)", async () => {
      const store = await seededStore();
      const before = (await ws.read(MEMBER)).split('\n');
      await store.update((edit) => edit.set('mg-kilo', 'microGoal', microGoalFields(MEMBER, 'In the middle by id')));
      const after = (await ws.read(MEMBER)).split('\n');
      const { removed, added } = lineDiff(before, after);
      const block = entityBlock(after, 'mg-kilo');
      assert.deepEqual(
        removed.map((i) => before[i]!).filter((line) => !ROOT_CLOCK_LINE.test(line)),
        [],
      );
      assert.deepEqual(
        added
          .filter((i) => !inside(i, block))
          .map((i) => after[i]!)
          .filter((line) => !ROOT_CLOCK_LINE.test(line)),
        [],
      );
      assert.ok(added.filter((i) => inside(i, block)).length >= block[1] - block[0]);
    });

    it("deleting an entity changes only its lines (and the file's clock line)", async () => {
      const store = await seededStore();
      const before = (await ws.read(MEMBER)).split('\n');
      await store.update((edit) => edit.delete('ci-1', 'checkIn'));
      const after = (await ws.read(MEMBER)).split('\n');
      const { removed, added } = lineDiff(before, after);
      assert.ok(added.some((i) => /"deleted": \d+/.test(after[i]!)));
      assert.deepEqual(
        removed
          .filter((i) => !inside(i, entityBlock(before, 'ci-1')))
          .map((i) => before[i]!)
          .filter((line) => !ROOT_CLOCK_LINE.test(line)),
        [],
      );
      assert.deepEqual(
        added
          .filter((i) => !inside(i, entityBlock(after, 'ci-1')))
          .map((i) => after[i]!)
          .filter((line) => !ROOT_CLOCK_LINE.test(line)),
        [],
      );
    });
  });

  describe('data from a newer Accord', () => {
    it('keeps unknown fields, record keys, root keys and entity kinds across a write', async () => {
      const input = readFileSync(join(FIXTURES, 'v1.input.json'), 'utf8');
      const member = 'sam.lee-example.com';
      await ws.write(member, input);
      const store = new AccordStore({ root: ws.root, me: member });
      await store.loadAll();
      assert.deepEqual(store.errors, []);
      const before = parseMemberFile(input, { file: 'x', member }).data;
      await store.update((edit) => edit.set('ci-new', 'checkIn', checkInFields(member, 5)));
      const text = await ws.read(member);
      const after = parseMemberFile(text, { file: 'x', member }).data;
      assert.deepEqual(after.device, { accordVersion: '0.1.0', lastWriter: 'laptop' });
      assert.deepEqual(after.entities['retro-5t6y7u8i9o0p'], before.entities['retro-5t6y7u8i9o0p']);
      const goal = after.entities['g-2m9x4c8v1b7n']!;
      assert.equal(goal.origin, 'planning-2026-03-09');
      assert.equal(goal.fields.reviewColour, 'amber');
      assert.equal(goal.clocks.reviewColour, 6);
      assert.deepEqual((goal.fields.yardstick as Record<string, unknown>).stretch, { target: 5 });
      assert.deepEqual(after.entities['mg-00gone0000000'], { kind: 'microGoal', fields: {}, clocks: {}, deleted: 6 });
      // Everything but the new check-in and the clock is exactly as it was.
      const { 'ci-new': added, ...rest } = after.entities;
      assert.ok(added);
      assert.deepEqual({ ...after, entities: rest, clock: 0 }, { ...before, clock: 0 });
      // The goal's unknown field shows in the state as well, so a newer view of it is not lost in the UI's copy.
      assert.equal((store.state.entities.goal.get('g-2m9x4c8v1b7n') as Record<string, unknown> | undefined)?.reviewColour, 'amber');
    });
  });

  describe('migrations', () => {
    const fixtures = readdirSync(FIXTURES)
      .flatMap((name) => /^v(\d+)\.input\.json$/.exec(name)?.[1] ?? [])
      .map(Number)
      .sort((a, b) => a - b);

    it('has a golden fixture for every format version', () => {
      assert.deepEqual(
        fixtures,
        Array.from({ length: CURRENT_SCHEMA }, (_, i) => i + 1),
      );
    });

    for (const version of fixtures) {
      it(`reads v${version}.input.json and writes v${version}.expected.json byte for byte`, () => {
        const input = readFileSync(join(FIXTURES, `v${version}.input.json`), 'utf8');
        const expected = readFileSync(join(FIXTURES, `v${version}.expected.json`), 'utf8');
        const member = (JSON.parse(input) as { member: string }).member;
        const { data } = parseMemberFile(input, { file: `v${version}.input.json`, member });
        assert.equal(data.schema, CURRENT_SCHEMA);
        assert.equal(serializeMemberFile(data), expected);
        // The expected file is itself canonical: reading and writing it changes nothing.
        assert.equal(serializeMemberFile(parseMemberFile(expected, { file: 'expected', member }).data), expected);
      });
    }

    describe('migrate() with an injected chain', () => {
      // v1 → v2: `clock` is renamed `lamport`. v2 → v3: each entity's `kind` moves into `type`, and `lamport` doubles.
      const toV2: Migration = {
        from: 1,
        up: ({ clock, ...rest }) => ({ ...rest, lamport: clock }),
      };
      const toV3: Migration = {
        from: 2,
        up: (data) => ({
          ...data,
          lamport: (data.lamport as number) * 2,
          entities: Object.fromEntries(
            Object.entries(data.entities as Record<string, Record<string, unknown>>).map(([id, { kind, ...rest }]) => [id, { ...rest, type: kind }]),
          ),
        }),
      };
      const v1 = (): Record<string, unknown> => ({
        schema: 1,
        member: MEMBER,
        clock: 4,
        future: { keep: ['me'] },
        entities: { 'g-1': { kind: 'goal', fields: { title: 'T', mood: 'calm' }, clocks: { title: 4, mood: 4 }, origin: 'x' } },
      });

      function deepFreeze<T>(value: T): T {
        if (value && typeof value === 'object') {
          for (const child of Object.values(value)) deepFreeze(child);
          Object.freeze(value);
        }
        return value;
      }

      it('composes the steps in order, each a pure function, and carries unknown fields over', () => {
        const input = deepFreeze(v1());
        const out = migrate(input, [toV3, toV2], 3);
        assert.deepEqual(out, {
          schema: 3,
          member: MEMBER,
          lamport: 8,
          future: { keep: ['me'] },
          entities: { 'g-1': { type: 'goal', fields: { title: 'T', mood: 'calm' }, clocks: { title: 4, mood: 4 }, origin: 'x' } },
        });
        // The input is untouched (it was frozen, and equals a fresh copy).
        assert.deepEqual(input, v1());
        // migrate is the composition of the steps: the same as applying them by hand.
        assert.deepEqual(out, { ...toV3.up({ ...toV2.up(v1()), schema: 2 }), schema: 3 });
        // And deterministic: the same input gives the same output.
        assert.deepEqual(migrate(v1(), [toV2, toV3], 3), out);
      });

      it("starts from the file's version and stops at the target", () => {
        assert.deepEqual(migrate(v1(), [toV2, toV3], 2), { ...toV2.up(v1()), schema: 2 });
        const v2 = { ...toV2.up(v1()), schema: 2 };
        assert.deepEqual(migrate(v2, [toV2, toV3], 3), migrate(v1(), [toV2, toV3], 3));
        const v3 = migrate(v1(), [toV2, toV3], 3);
        assert.equal(migrate(v3, [toV2, toV3], 3), v3);
      });

      it('fails clearly when a step of the chain is missing', () => {
        assert.throws(() => migrate(v1(), [toV3], 3), /No migration from data format 1/);
      });
    });
  });
});
