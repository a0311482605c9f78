/** The typed view of a merged state: what the views, queries and metrics read. */
import { DEFAULT_TEAM_SETTINGS, ENTITY_KINDS, ENTITY_SCHEMAS, type EntityFields, type EntityKind, isEntityKind, type TeamSettings } from './entities';
import { TEAM_ENTITY_ID } from './ids';
import type { MergedState } from './merge';

export type Entity<K extends EntityKind> = EntityFields<K> & { readonly id: string };
export type EntityMaps = { readonly [K in EntityKind]: ReadonlyMap<string, Entity<K>> };

export interface TeamState {
  readonly entities: EntityMaps;
  readonly team: TeamSettings;
  /** Entities whose required fields are not all known yet (their creator's file is not here). */
  readonly incomplete: readonly string[];
  /** The merged fields with their stamps, for history and tooltips. */
  readonly merged: MergedState;
}

const REQUIRED: { readonly [K in EntityKind]: readonly string[] } = Object.fromEntries(
  ENTITY_KINDS.map((kind) => [kind, Object.entries(ENTITY_SCHEMAS[kind].entries).filter(([, s]) => s.type !== 'optional').map(([name]) => name)]),
) as never;

/**
 * Every field was validated on its own when its file was read, so an entity is complete and
 * valid once all of its required fields are present.
 */
export function materialize(merged: MergedState): TeamState {
  const maps = Object.fromEntries(ENTITY_KINDS.map((kind) => [kind, new Map()])) as { [K in EntityKind]: Map<string, Entity<K>> };
  const incomplete: string[] = [];
  for (const [id, entity] of merged) {
    if (entity.deleted || !isEntityKind(entity.kind)) continue;
    const fields = entity.fields;
    if (!REQUIRED[entity.kind].every((name) => fields.has(name))) {
      incomplete.push(id);
      continue;
    }
    const value: Record<string, unknown> = { id };
    for (const [name, field] of fields) if (name !== 'id') value[name] = field.value;
    (maps[entity.kind] as Map<string, unknown>).set(id, value);
  }
  const team = maps.team.get(TEAM_ENTITY_ID);
  return { entities: maps, team: team ?? DEFAULT_TEAM_SETTINGS, incomplete, merged };
}
