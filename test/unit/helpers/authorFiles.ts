/**
 * Fixtures written as one bag of records, split into the member files the extension would
 * write them in, so the authority rule (src/core/authority.ts) counts every write: a profile in
 * its member's file, an entity in its creator's (`member`, `from`, `proposer`, `owner`), the
 * answer to a renegotiation in the responder's file, a feedback acknowledgment in the
 * recipient's; anything without an author (team settings, sessions) in `fallback`'s file.
 */
import { type EntityRecord, materializeSources, type RecordSource, type TeamState } from '../../../src/core';

const CREATOR_FIELDS = ['member', 'from', 'proposer', 'owner'] as const;
const ANSWER_FIELDS = ['state', 'counter', 'respondedBy', 'respondedAt'] as const;

function authorOf(id: string, record: EntityRecord, fallback: string): string {
  if (id.startsWith('member:')) return id.slice('member:'.length);
  for (const name of CREATOR_FIELDS) if (typeof record.fields[name] === 'string') return record.fields[name] as string;
  return fallback;
}

/** The member files holding `records`, each write in the file of the member who may make it. */
export function authorSources(records: Readonly<Record<string, EntityRecord>>, fallback: string): RecordSource[] {
  const files = new Map<string, Record<string, EntityRecord>>();
  const put = (member: string, id: string, kind: string, name: string, value: unknown, clock: number) => {
    let file = files.get(member);
    if (!file) files.set(member, (file = Object.create(null) as Record<string, EntityRecord>));
    const record = (file[id] ??= { kind, fields: {}, clocks: {} });
    record.fields[name] = value;
    record.clocks[name] = clock;
  };
  for (const [id, record] of Object.entries(records)) {
    const author = authorOf(id, record, fallback);
    const responder =
      record.kind === 'renegotiation' && typeof record.fields.respondedBy === 'string' && record.fields.respondedBy !== author
        ? record.fields.respondedBy
        : undefined;
    for (const [name, value] of Object.entries(record.fields)) {
      const clock = record.clocks[name] ?? 0;
      let writer = author;
      if (responder && (ANSWER_FIELDS as readonly string[]).includes(name)) writer = responder;
      else if (record.kind === 'feedback' && name === 'acknowledgedAt' && typeof record.fields.to === 'string') writer = record.fields.to;
      // An answer comes after the proposal: one tick later, as the store would stamp it.
      put(writer, id, record.kind, name, value, writer === author ? clock : clock + 1);
    }
    if (record.deleted !== undefined) {
      const file = files.get(author);
      if (file?.[id]) file[id]!.deleted = record.deleted;
      else {
        if (!files.has(author)) files.set(author, Object.create(null) as Record<string, EntityRecord>);
        files.get(author)![id] = { kind: record.kind, fields: {}, clocks: {}, deleted: record.deleted };
      }
    }
  }
  return [...files].map(([member, entities]) => ({ member, entities }));
}

/** A team state from plain entities (`{ kind, ...fields }` by id), each written at clock 1 in the file of the member who may write it. */
export function teamOfEntities(entities: Record<string, { kind: string } & Record<string, unknown>>, fallback = 'alex'): TeamState {
  const records: Record<string, EntityRecord> = {};
  for (const [id, { kind, ...fields }] of Object.entries(entities))
    records[id] = { kind, fields, clocks: Object.fromEntries(Object.keys(fields).map((k) => [k, 1])) };
  return materializeSources(authorSources(records, fallback));
}
