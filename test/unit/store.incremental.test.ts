/**
 * Reading a new version of a member file against one already read (store/incremental.ts): the
 * result and every error must be exactly parseMemberFile's, whatever the new text holds, while
 * unchanged entities keep their records.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { EntityRecord } from '../../src/core';
import { AccordFileError, parseMemberFile } from '../../src/store';
import { parseAgainst } from '../../src/store/incremental';
import { checkInFields, memberFileText, record } from '../helpers/memberFiles';

const MEMBER = 'sam';
const runs = { numRuns: Number(process.env.FC_NUM_RUNS) > 0 ? Math.min(Number(process.env.FC_NUM_RUNS), 5000) : 200 };

function base(entities: Record<string, EntityRecord>) {
  const text = memberFileText(MEMBER, entities);
  return { text, data: parseMemberFile(text, { file: 'sam.json', member: MEMBER }).data };
}

const checkIns = (n: number, from = 0) =>
  Object.fromEntries(
    Array.from({ length: n }, (_, i) => [`ci-${String(from + i).padStart(4, '0')}`, record('checkIn', checkInFields(MEMBER, from + i), from + i + 1)]),
  );

/** Either the data or the error message: what a reader sees. */
function outcome(read: () => unknown): unknown {
  try {
    return { data: read() };
  } catch (error) {
    if (!(error instanceof AccordFileError)) throw error;
    return { error: error.message };
  }
}

/** Edits to a canonical text, each an edit a teammate, a branch or an attacker could make. */
const editArb = fc.oneof(
  fc.record({ kind: fc.constant('note' as const), at: fc.nat(30), note: fc.string({ maxLength: 12 }) }),
  fc.record({ kind: fc.constant('add' as const), at: fc.nat(30) }),
  fc.record({ kind: fc.constant('remove' as const), at: fc.nat(30) }),
  fc.record({
    kind: fc.constant('text' as const),
    at: fc.nat(5000),
    insert: fc.constantFrom('x', ',', '}', '\n', '    "ci-0001": {\n', '"', '1e400', '<<<<<<< HEAD\n', '\uFEFF', '  '),
  }),
  fc.record({ kind: fc.constant('clock' as const), at: fc.nat(30), clock: fc.constantFrom(-1, 2 ** 41, 7, 1.5) }),
);

type TextEdit = typeof editArb extends fc.Arbitrary<infer T> ? T : never;

function applyEdit(entities: Record<string, EntityRecord>, text: string, edit: TextEdit): string {
  const ids = Object.keys(entities).sort();
  const id = ids[edit.at % Math.max(1, ids.length)];
  const copy: Record<string, EntityRecord> = { ...entities };
  switch (edit.kind) {
    case 'note':
      if (id) copy[id] = { ...copy[id]!, fields: { ...copy[id]!.fields, note: edit.note }, clocks: { ...copy[id]!.clocks, note: 99 } };
      return memberFileText(MEMBER, copy);
    case 'add':
      return memberFileText(MEMBER, { ...copy, ...checkIns(1, 100 + edit.at) });
    case 'remove':
      if (id) delete copy[id];
      return memberFileText(MEMBER, copy);
    case 'clock':
      if (id) copy[id] = { ...copy[id]!, clocks: { ...copy[id]!.clocks, note: edit.clock } };
      return memberFileText(MEMBER, copy);
    default:
      return `${text.slice(0, edit.at % (text.length + 1))}${edit.insert}${text.slice(edit.at % (text.length + 1))}`;
  }
}

describe('store: a new version of a file read against the old one', () => {
  it('gives exactly what parseMemberFile gives, data or error, for any edit of the text', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12 }), fc.array(editArb, { minLength: 1, maxLength: 3 }), (count, edits) => {
        const entities = checkIns(count);
        const old = base(entities);
        let text = old.text;
        for (const edit of edits) text = applyEdit(entities, text, edit);
        const options = { file: 'origin/accord:people/sam.json', member: MEMBER };
        assert.deepEqual(
          outcome(() => parseAgainst(text, old, options)),
          outcome(() => parseMemberFile(text, options).data),
        );
      }),
      runs,
    );
  });

  it('keeps the records of unchanged entities and parses only the changed one', () => {
    const old = base(checkIns(50));
    const entities = { ...old.data.entities };
    const changed = memberFileText(MEMBER, { ...entities, 'ci-0007': record('checkIn', { ...checkInFields(MEMBER, 7), note: 'edited on a branch' }, 60) });
    const read = parseAgainst(changed, old, { file: 'sam.json', member: MEMBER });
    assert.equal(read.entities['ci-0001'], old.data.entities['ci-0001'], 'the same record object');
    assert.notEqual(read.entities['ci-0007'], old.data.entities['ci-0007']);
    assert.equal(read.entities['ci-0007']!.fields.note, 'edited on a branch');
    assert.deepEqual(read, parseMemberFile(changed, { file: 'sam.json', member: MEMBER }).data);
  });

  it('a block whose lines hide a second entity is read whole, as parseMemberFile reads it (a counterexample fast-check found)', () => {
    const entities = checkIns(3);
    const old = base(entities);
    const rest = { ...entities };
    delete rest['ci-0000'];
    const text = memberFileText(MEMBER, rest);
    // A newline that moves the first entity's closing brace: two entities now look like one block.
    const at = text.indexOf('\n    },') + 2;
    const odd = `${text.slice(0, at)}\n${text.slice(at)}`;
    const options = { file: 'sam.json', member: MEMBER };
    assert.deepEqual(Object.keys(parseAgainst(odd, old, options).entities).sort(), ['ci-0001', 'ci-0002']);
    assert.deepEqual(parseAgainst(odd, old, options), parseMemberFile(odd, options).data);
  });

  it('a comma after the last entity is the error parseMemberFile gives (a counterexample fast-check found)', () => {
    const old = base(checkIns(2));
    const text = memberFileText(MEMBER, checkIns(1));
    const last = text.lastIndexOf('\n    }') + 6;
    const odd = `${text.slice(0, last)},${text.slice(last)}`;
    const options = { file: 'sam.json', member: MEMBER };
    assert.throws(() => parseMemberFile(odd, options), /not valid JSON/);
    assert.deepEqual(
      outcome(() => parseAgainst(odd, old, options)),
      outcome(() => parseMemberFile(odd, options).data),
    );
  });

  it("a base that is not Accord's canonical text is never reused (a hand edit could hide an entity in it)", () => {
    const entities = checkIns(3);
    const canonical = memberFileText(MEMBER, entities);
    // The same data, one entity's closing brace moved: valid JSON, not canonical.
    const at = canonical.indexOf('\n    },') + 2;
    const edited = `${canonical.slice(0, at)}\n${canonical.slice(at)}`;
    const old = { text: edited, data: parseMemberFile(edited, { file: 'sam.json', member: MEMBER }).data };
    const next = memberFileText(MEMBER, { ...entities, ...checkIns(1, 50) });
    const read = parseAgainst(next, old, { file: 'sam.json', member: MEMBER });
    assert.notEqual(read.entities['ci-0001'], old.data.entities['ci-0001'], 'parsed again, not reused');
    assert.deepEqual(read, parseMemberFile(next, { file: 'sam.json', member: MEMBER }).data);
  });

  it('an error in a changed entity names its real line in the new text', () => {
    const old = base(checkIns(20));
    const text = old.text.replace('"status": "at-risk"', '"status": "sideways"');
    const fast = outcome(() => parseAgainst(text, old, { file: 'sam.json', member: MEMBER }));
    const whole = outcome(() => parseMemberFile(text, { file: 'sam.json', member: MEMBER }).data);
    assert.deepEqual(fast, whole);
    assert.match(String((fast as { error: string }).error), /^sam\.json:\d+/);
  });

  it('a file named for another member is refused, whatever the old version was', () => {
    const old = base(checkIns(3));
    const forged = old.text.replace('\n  "member": "sam",\n', '\n  "member": "mallory",\n');
    assert.notEqual(forged, old.text);
    assert.throws(() => parseAgainst(forged, old, { file: 'sam.json', member: MEMBER }), /"member" says "mallory"/);
  });
});
