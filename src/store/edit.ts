/** One edit of a member's own records, stamped with one Lamport clock and validated field by field. */
import * as v from 'valibot';
import { ENTITY_ID_PATTERN, type EntityFields, type EntityKind, type EntityRecord, FIELD_SCHEMAS, newId, OPTIONAL_FIELDS } from '../core';

/** What one edit may do; every field it sets is validated before anything is written. */
export class Edit {
  readonly touched = new Set<string>();

  constructor(
    private readonly records: Record<string, EntityRecord>,
    private readonly clock: number,
  ) {}

  /** Creates an entity with a new random id and returns the id. */
  create<K extends EntityKind>(kind: K, prefix: string, fields: EntityFields<K>): string {
    const id = newId(prefix);
    this.set(id, kind, fields);
    return id;
  }

  /** Sets some fields of an entity (creating this member's record of it if needed); null clears an optional field. */
  set<K extends EntityKind>(id: string, kind: K, fields: { [F in keyof EntityFields<K>]?: EntityFields<K>[F] | null }): void {
    const schemas = FIELD_SCHEMAS[kind];
    // Copy on write: the record that was read stays as it was, so the serializer can reuse
    // the text of every record it has seen before and an edit that fails leaves no trace.
    // Own properties only: a record read from JSON has Object.prototype, and an entity id such
    // as "constructor" must not find Object's constructor there.
    const existing = Object.hasOwn(this.records, id) ? this.records[id] : undefined;
    const record: EntityRecord = existing ? { ...existing, fields: { ...existing.fields }, clocks: { ...existing.clocks } } : { kind, fields: {}, clocks: {} };
    if (!ENTITY_ID_PATTERN.test(id)) throw new Error(`Invalid ${kind} id "${id}"`);
    for (const [name, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      // Only fields the schema knows, and null only to clear an optional one: values that
      // came from a partner's file (a renegotiation's change, say) cannot smuggle in more.
      const schema = schemas[name];
      if (!schema) throw new Error(`A ${kind} has no field "${name}"`);
      if (value === null) {
        if (!OPTIONAL_FIELDS[kind].has(name)) throw new Error(`The ${kind} field "${name}" cannot be cleared`);
        record.fields[name] = null;
      } else {
        const result = v.safeParse(schema, value);
        if (!result.success) throw new Error(`Invalid ${kind} ${name}: ${result.issues[0]?.message ?? 'invalid value'}`);
        record.fields[name] = result.output;
      }
      record.clocks[name] = this.clock;
    }
    this.records[id] = record;
    this.touched.add(id);
  }

  /** Deletes an entity for the whole team: a tombstone, so it stays deleted after any merge. */
  delete(id: string, kind: EntityKind): void {
    const existing = Object.hasOwn(this.records, id) ? this.records[id] : undefined;
    const record: EntityRecord = existing ? { ...existing } : { kind, fields: {}, clocks: {} };
    record.deleted = this.clock;
    this.records[id] = record;
    this.touched.add(id);
  }
}
