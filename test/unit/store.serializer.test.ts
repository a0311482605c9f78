import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { AccordStore, canonicalJson, EntityTextCache } from '../../src/store';

const key = fc.oneof(fc.constantFrom('a', 'b', 'kind', 'fields', '10', '9', '0', 'z-1', 'é'), fc.string({ maxLength: 6 }));
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  ),
})).value;
const memberFile = fc.record({
  schema: fc.constant(1),
  member: fc.constant('sam'),
  clock: fc.nat(),
  entities: fc.dictionary(
    fc.oneof(key, fc.constantFrom('mg-1', 'ci-2', '7')),
    fc.record({
      kind: fc.constantFrom('microGoal', 'checkIn'),
      fields: fc.dictionary(key, json, { maxKeys: 4 }),
      clocks: fc.dictionary(key, fc.nat(), { maxKeys: 4 }),
    }),
    { maxKeys: 6 },
  ),
  extra: fc.option(json, { nil: undefined }),
});

describe('store: reusing the text of unchanged entities', () => {
  it('writes exactly the bytes of canonical JSON, for any member file, fresh or from its cache', () => {
    fc.assert(
      fc.property(memberFile, (data) => {
        const cache = new EntityTextCache();
        assert.equal(cache.serialize(data), canonicalJson(data));
        assert.equal(cache.serialize(data), canonicalJson(data), 'the second time, from the cache');
      }),
    );
  });

  it('writes an edit made by replacing a record, and only that record is serialized again', () => {
    fc.assert(
      fc.property(memberFile, fc.string({ minLength: 1, maxLength: 5 }), json, (data, field, value) => {
        const cache = new EntityTextCache();
        cache.serialize(data);
        const ids = Object.keys(data.entities);
        const id = ids[0] ?? 'mg-new';
        const before = data.entities[id] ?? { kind: 'microGoal', fields: {}, clocks: {} };
        const edited = {
          ...data,
          entities: { ...data.entities, [id]: { ...before, fields: { ...before.fields, [field]: value }, clocks: { ...before.clocks, [field]: 99 } } },
        };
        assert.equal(cache.serialize(edited), canonicalJson(edited));
      }),
    );
  });

  it("the store's own writes match canonical JSON after many edits to a file", async () => {
    const root = mkdtempSync(join(tmpdir(), 'accord-serializer-'));
    try {
      const store = new AccordStore({ root, me: 'sam' });
      const ids: string[] = [];
      for (let i = 0; i < 30; i++) {
        await store.update((edit) => {
          ids.push(edit.create('checkIn', 'ci', { member: 'sam', at: new Date(Date.UTC(2026, 2, 1, 9, i)).toISOString(), microGoals: [], status: 'on-track' }));
          if (i % 3 === 0) edit.set(ids[0]!, 'checkIn', { note: `edit ${i}` });
          if (i % 7 === 6) edit.delete(ids[i - 1]!, 'checkIn');
        });
      }
      const text = readFileSync(join(root, '.accord', 'people', 'sam.json'), 'utf8');
      assert.equal(text, canonicalJson(JSON.parse(text)));
      assert.equal((JSON.parse(text) as { entities: Record<string, { fields: { note?: string } }> }).entities[ids[0]!]!.fields.note, 'edit 27');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
