/** The typed view of a merged state: what the views, queries and metrics read. */
import { DEFAULT_TEAM_SETTINGS, ENTITY_KINDS, type EntityFields, type EntityKind, isEntityKind, type TeamSettings } from './entities';
import { memberEntityId, TEAM_ENTITY_ID } from './ids';
import { AuthorityJudge, type EntityWrite, indexRenegotiation, isSelfContained, type RefusedWrite, REQUIRED_FIELDS } from './authority';
import { runSteps } from './steps';
import { absorbRecords, compareText, type EntityRecord, type FieldState, laterField, type MergedState } from './merge';

export type Entity<K extends EntityKind> = EntityFields<K> & { readonly id: string };
export type EntityMaps = { readonly [K in EntityKind]: ReadonlyMap<string, Entity<K>> };

export interface TeamState {
  readonly entities: EntityMaps;
  readonly team: TeamSettings;
  /** Entities whose required fields are not all known yet (their creator's file is not here), sorted by id. */
  readonly incomplete: readonly string[];
  /** The merged fields with their stamps, for history and tooltips: only writes that count (see authority.ts). */
  readonly merged: MergedState;
  /**
   * Writes left out because their file's member may not make them (authority.ts), sorted by
   * member, entity and field; empty when every write counts. For Show Data Problems.
   */
  readonly refused: readonly RefusedWrite[];
}

/** The fields every entity of a kind holds: one table with the authority rule, which weighs creation claims by it. */
const REQUIRED = REQUIRED_FIELDS;

function hasAll(value: Record<string, unknown>, names: readonly string[]): boolean {
  for (let i = 0; i < names.length; i++) if (!(names[i]! in value)) return false;
  return true;
}

/** One member's records, as read from their file. */
export interface RecordSource {
  readonly member: string;
  readonly entities: Readonly<Record<string, EntityRecord>>;
}

function emptyMaps(): { [K in EntityKind]: Map<string, Entity<K>> } {
  return Object.fromEntries(ENTITY_KINDS.map((kind) => [kind, new Map()])) as { [K in EntityKind]: Map<string, Entity<K>> };
}

function teamState(
  maps: { [K in EntityKind]: Map<string, Entity<K>> },
  incomplete: string[],
  refused: readonly RefusedWrite[],
  merged: () => MergedState,
): TeamState {
  let cached: MergedState | undefined;
  return {
    entities: maps,
    team: maps.team.get(TEAM_ENTITY_ID) ?? DEFAULT_TEAM_SETTINGS,
    incomplete,
    refused,
    get merged() {
      cached ??= merged();
      return cached;
    },
  };
}

/**
 * The team's state from every member's file, with the authority rule applied (authority.ts):
 * a write counts only where its file's member may make it; the others are left out and listed
 * in `refused`. The result depends only on the set of files, never on the order they come in.
 *
 * Most entities are held by one file and written by their own creator: their record's fields
 * are the answer as they are, with no per-field stamps (the load path of large teams). The
 * rest are judged, then merged per field, last writer by Lamport clock wins.
 */
export function materializeSources(unordered: readonly RecordSource[]): TeamState {
  return runSteps(materializeSteps(unordered));
}

/** How many entity ids {@link materializeSteps} handles between two yields: about 10 ms on these 2-core machines, where 4000 held the extension host 40 ms and more. */
export const MATERIALIZE_STEP = 1500;

/**
 * {@link materializeSources} as steps: the generator yields after every `step` entity ids, and
 * returns the same TeamState. An async caller gives the thread back between steps, so a team of
 * 200,000 entities never holds the extension host for long (issue 20 §2); nothing else differs.
 */
export function* materializeSteps(unordered: readonly RecordSource[], step = MATERIALIZE_STEP): Generator<void, TeamState, void> {
  let done = 0;
  // Sources in member order, so the maps iterate the same on every machine, whatever order the
  // files were read in (within a file, ids come in the file's own, canonical order).
  const sources = [...unordered].sort((a, b) => compareText(a.member, b.member));
  // First pass: which source holds each id (a number), or every holder when several do.
  const holders = new Map<string, number | number[]>();
  // The judge's index of renegotiations by micro-goal, built in this pass rather than in one
  // walk over every record when the first micro-goal is judged.
  const renegotiations = new Map<string, string[]>();
  for (let index = 0; index < sources.length; index++) {
    const source = sources[index]!;
    for (const id in source.entities) {
      indexRenegotiation(renegotiations, id, source.entities[id]!);
      const existing = holders.get(id);
      if (existing === undefined) holders.set(id, index);
      else if (typeof existing === 'number') holders.set(id, [existing, index]);
      else existing.push(index);
      if (++done % (step * 4) === 0) yield;
    }
  }
  const writesOf = (id: string): EntityWrite[] => {
    const holder = holders.get(id);
    if (holder === undefined) return [];
    return (typeof holder === 'number' ? [holder] : holder).map((index) => ({ member: sources[index]!.member, record: sources[index]!.entities[id]! }));
  };
  const judge = new AuthorityJudge(
    writesOf,
    (visit) => {
      for (const source of sources) for (const id in source.entities) visit(id, source.entities[id]!);
    },
    renegotiations,
  );
  // The ids the judge decided, with the writes that count: the history below uses them too.
  const judged = new Map<string, EntityWrite[]>();
  const maps = emptyMaps();
  const incomplete: string[] = [];
  done = 0;
  for (const [id, holder] of holders) {
    if (++done % step === 0) yield;
    let kind: string;
    let value: Record<string, unknown>;
    const single = typeof holder === 'number' ? sources[holder]! : undefined;
    if (single && isSelfContained(id, single.member, single.entities[id]!)) {
      const record = single.entities[id]!;
      if (record.deleted !== undefined) continue;
      kind = record.kind;
      // A plain copy beats a spread here (measured on the two-year team), and drops cleared fields.
      value = {};
      const fields = record.fields;
      for (const name in fields) {
        const field = fields[name];
        if (field !== null) value[name] = field;
      }
      value.id = id;
    } else {
      const writes = judge.allowed(id);
      judged.set(id, writes);
      if (writes.length === 0) continue;
      kind = writes[0]!.record.kind;
      const winners = new Map<string, FieldState>();
      let deleted = false;
      for (const { member, record } of writes) {
        if (record.deleted !== undefined) deleted = true;
        if (record.kind < kind) kind = record.kind;
        for (const name of Object.keys(record.fields)) {
          const incoming: FieldState = { value: record.fields[name], clock: record.clocks[name] ?? 0, by: member };
          const current = winners.get(name);
          winners.set(name, current ? laterField(current, incoming) : incoming);
        }
      }
      if (deleted) continue;
      value = {};
      for (const [name, field] of winners) if (field.value !== null) value[name] = field.value;
      value.id = id;
    }
    if (!isEntityKind(kind)) continue;
    if (!hasAll(value, REQUIRED[kind])) {
      incomplete.push(id);
      continue;
    }
    (maps[kind] as Map<string, unknown>).set(id, value);
  }
  incomplete.sort();
  return teamState(maps, incomplete, judge.refused, () => {
    const merged: MergedState = new Map();
    for (const source of sources) {
      if (judged.size === 0) {
        absorbRecords(merged, source.member, source.entities as Record<string, EntityRecord>);
        continue;
      }
      const unjudged: Record<string, EntityRecord> = Object.create(null);
      for (const id in source.entities) if (!judged.has(id)) unjudged[id] = source.entities[id]!;
      absorbRecords(merged, source.member, unjudged);
    }
    for (const [id, writes] of judged) for (const { member, record } of writes) absorbRecords(merged, member, { [id]: record });
    return merged;
  });
}

/**
 * The typed view of a state that is already merged. Every field was validated on its own when
 * its file was read, so an entity is complete and valid once all of its required fields are
 * present. The maps iterate in `merged`'s order.
 *
 * The authority rule is not applied here (`refused` is empty): a MergedState keeps only the
 * winning write of each field, so a refused write that won would hide the write it beat. The
 * rule is applied where the files are, by `materializeSources`; `materialize(state.merged)` of
 * its result gives the same entities back.
 */
export function materialize(merged: MergedState): TeamState {
  const maps = emptyMaps();
  const incomplete: string[] = [];
  for (const [id, entity] of merged) {
    if (entity.deleted || !isEntityKind(entity.kind)) continue;
    const fields = entity.fields;
    if (!REQUIRED[entity.kind].every((name) => fields.has(name) && fields.get(name)!.value !== null)) {
      incomplete.push(id);
      continue;
    }
    const value: Record<string, unknown> = {};
    for (const [name, field] of fields) if (field.value !== null) value[name] = field.value;
    value.id = id;
    (maps[entity.kind] as Map<string, unknown>).set(id, value);
  }
  incomplete.sort();
  return teamState(maps, incomplete, [], () => merged);
}

/** The name a person chose, or their member id while their profile is not here. */
export function memberName(state: TeamState, member: string): string {
  return state.entities.member.get(memberEntityId(member))?.name ?? member;
}
