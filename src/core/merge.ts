/**
 * Per-field last-writer-wins merge with tombstones (design.md §2).
 *
 * Every field value carries a stamp: a Lamport clock and the member who wrote it. The higher
 * clock wins; equal clocks are ordered by member id, then (the same member on two machines)
 * by the value's JSON text, so merging is commutative, associative and idempotent. A
 * deletion is a tombstone: once any file deletes an entity it stays deleted.
 */

/** One entity as one member's file stores it: that member's latest write of each field. */
export interface EntityRecord {
  kind: string;
  fields: Record<string, unknown>;
  clocks: Record<string, number>;
  /** Lamport clock of this member's deletion, if they deleted it. */
  deleted?: number;
  [unknown: string]: unknown;
}

/**
 * The highest Lamport clock Accord accepts in any file: 2^40 (about 1.1e12), far below
 * Number.MAX_SAFE_INTEGER (2^53 - 1). A person writing once a second for 30,000 years stays
 * under it, so only a hand-edited or hostile file reaches it; such a clock is refused when the
 * file is read (and so raises no one's clock), and every clock Accord writes stays a safe integer.
 */
export const MAX_CLOCK = 2 ** 40;

/**
 * The highest clock of *another* member's file that raises my next clock: MAX_CLOCK - 2^30.
 * A file can hold a clock at the ceiling itself; if that raised my next clock I would write
 * above the ceiling and no one could read my file. Clocks above this line in another file are
 * still merged, and the file is named as a problem; my own clocks always count, and a billion
 * of my own writes after such a clock still stay under MAX_CLOCK.
 */
export const MAX_TRUSTED_CLOCK = MAX_CLOCK - 2 ** 30;

export interface Stamp {
  clock: number;
  by: string;
}

export interface FieldState extends Stamp {
  value: unknown;
}

export interface EntityState {
  kind: string;
  fields: Map<string, FieldState>;
  deleted?: Stamp;
}

/** The team's state: the merge of every member's file. */
export type MergedState = Map<string, EntityState>;

/**
 * Orders ids, days and instants by their UTF-16 code units: the same on every machine, unlike
 * `localeCompare`, whose order follows the machine's locale and ICU (a Danish locale sorts
 * "aa" after "z", an Estonian one puts "z" after "s").
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareStamps(a: Stamp, b: Stamp): number {
  return a.clock - b.clock || compareText(a.by, b.by);
}

export function laterField(a: FieldState, b: FieldState): FieldState {
  const order = compareStamps(a, b);
  if (order !== 0) return order > 0 ? a : b;
  if (a.value === b.value) return a;
  return compareText(JSON.stringify(a.value) ?? '', JSON.stringify(b.value) ?? '') >= 0 ? a : b;
}

function laterStamp(a: Stamp | undefined, b: Stamp | undefined): Stamp | undefined {
  if (!a) return b;
  if (!b) return a;
  return compareStamps(a, b) >= 0 ? a : b;
}

/** Folds one member's records into `state` in place (the fast path used when loading). */
export function absorbRecords(state: MergedState, member: string, records: Record<string, EntityRecord>): void {
  for (const id of Object.keys(records)) {
    const record = records[id]!;
    let entity = state.get(id);
    if (!entity) {
      entity = { kind: record.kind, fields: new Map() };
      state.set(id, entity);
    } else if (record.kind < entity.kind) {
      entity.kind = record.kind;
    }
    for (const name of Object.keys(record.fields)) {
      const incoming: FieldState = { value: record.fields[name], clock: record.clocks[name] ?? 0, by: member };
      const current = entity.fields.get(name);
      entity.fields.set(name, current ? laterField(current, incoming) : incoming);
    }
    if (record.deleted !== undefined) entity.deleted = laterStamp(entity.deleted, { clock: record.deleted, by: member });
  }
}

export function stateFromRecords(member: string, records: Record<string, EntityRecord>): MergedState {
  const state: MergedState = new Map();
  absorbRecords(state, member, records);
  return state;
}

function mergeEntity(a: EntityState, b: EntityState): EntityState {
  const fields = new Map(a.fields);
  for (const [name, field] of b.fields) {
    const current = fields.get(name);
    fields.set(name, current ? laterField(current, field) : field);
  }
  const merged: EntityState = { kind: a.kind <= b.kind ? a.kind : b.kind, fields };
  const deleted = laterStamp(a.deleted, b.deleted);
  if (deleted) merged.deleted = deleted;
  return merged;
}

/** Pure merge of two states; neither input is changed. */
export function mergeStates(a: MergedState, b: MergedState): MergedState {
  const out: MergedState = new Map(a);
  for (const [id, entity] of b) {
    const current = out.get(id);
    out.set(id, current ? mergeEntity(current, entity) : entity);
  }
  return out;
}

/** The highest Lamport clock in a set of records: a writer's next clock must exceed it. */
export function maxClock(records: Record<string, EntityRecord>): number {
  let max = 0;
  for (const id of Object.keys(records)) {
    const record = records[id]!;
    for (const name of Object.keys(record.clocks)) max = Math.max(max, record.clocks[name]!);
    if (record.deleted !== undefined) max = Math.max(max, record.deleted);
  }
  return max;
}

/**
 * Unknown extra keys of a record (from a newer minor version) survive from either side. They
 * carry no clock, so when both sides disagree the larger JSON text wins, as in a clock tie:
 * the result does not depend on which side is "ours".
 */
function mergeExtras(a: EntityRecord | undefined, b: EntityRecord | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { ...(a ?? {}) };
  for (const [key, value] of Object.entries(b ?? {})) {
    if (!Object.hasOwn(out, key) || compareText(JSON.stringify(value) ?? '', JSON.stringify(out[key]) ?? '') > 0) out[key] = value;
  }
  return out;
}

/** Merges two versions of one member's own records (e.g. both sides of a git conflict). */
export function mergeOwnRecords(member: string, a: Record<string, EntityRecord>, b: Record<string, EntityRecord>): Record<string, EntityRecord> {
  const merged = mergeStates(stateFromRecords(member, a), stateFromRecords(member, b));
  const out: Record<string, EntityRecord> = Object.create(null);
  for (const [id, entity] of merged) {
    const fields: Record<string, unknown> = {};
    const clocks: Record<string, number> = {};
    for (const [name, field] of entity.fields) {
      fields[name] = field.value;
      clocks[name] = field.clock;
    }
    const record: EntityRecord = { ...mergeExtras(a[id], b[id]), kind: entity.kind, fields, clocks };
    delete record.deleted;
    if (entity.deleted) record.deleted = entity.deleted.clock;
    out[id] = record;
  }
  return out;
}

const RECORD_FIELDS = new Set(['kind', 'fields', 'clocks', 'deleted']);

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => x === b[i] || (typeof x === 'object' && sameValue(x, b[i]))))
    return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

function sameKeys(a: Record<string, unknown>, b: Record<string, unknown>, same: (x: unknown, y: unknown) => boolean): boolean {
  let count = 0;
  for (const key in a) {
    if (!Object.hasOwn(a, key)) continue;
    count++;
    if (!Object.hasOwn(b, key) || !same(a[key], b[key])) return false;
  }
  for (const key in b) if (Object.hasOwn(b, key)) count--;
  return count === 0;
}

const sameNumber = (x: unknown, y: unknown) => x === y;

/** Whether two records of one member hold the same writes: kind, tombstone, every clock, value and unknown key. */
function sameRecord(a: EntityRecord, b: EntityRecord): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind || a.deleted !== b.deleted) return false;
  if (!sameKeys(a.clocks, b.clocks, sameNumber) || !sameKeys(a.fields, b.fields, sameValue)) return false;
  for (const key in a) if (Object.hasOwn(a, key) && !RECORD_FIELDS.has(key) && !sameValue(a[key], b[key])) return false;
  for (const key in b) if (Object.hasOwn(b, key) && !RECORD_FIELDS.has(key) && !Object.hasOwn(a, key)) return false;
  return true;
}

/**
 * Merges another copy of one member's records (the same file on another branch or machine)
 * into `base`, with the result of mergeOwnRecords, without changing either input. Records that
 * are the same in both are taken as they are, so two copies that differ in a few entities
 * cost a walk over their ids rather than a rebuild of every record. Returns `base` itself when
 * the copy adds nothing.
 */
export function mergeOwnCopy(member: string, base: Record<string, EntityRecord>, copy: Record<string, EntityRecord>): Record<string, EntityRecord> {
  let out: Record<string, EntityRecord> | undefined;
  for (const id of Object.keys(copy)) {
    const theirs = copy[id]!;
    const ours = Object.hasOwn(base, id) ? base[id] : undefined;
    if (ours !== undefined && sameRecord(ours, theirs)) continue;
    out ??= Object.assign(Object.create(null) as Record<string, EntityRecord>, base);
    if (ours === undefined) out[id] = theirs;
    else {
      const one = (record: EntityRecord) => Object.assign(Object.create(null) as Record<string, EntityRecord>, { [id]: record });
      out[id] = mergeOwnRecords(member, one(ours), one(theirs))[id]!;
    }
  }
  return out ?? base;
}
