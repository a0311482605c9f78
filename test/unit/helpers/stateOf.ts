import { type EntityRecord, materializeSources, type TeamState } from '../../../src/core';

/** A team state from rows of [author, entity id, kind, fields], each written by its author at clock 1. */
export function stateOf(rows: Array<[string, string, string, Record<string, unknown>]>): TeamState {
  const files = new Map<string, Record<string, EntityRecord>>();
  for (const [member, id, kind, fields] of rows) {
    const entities = files.get(member) ?? {};
    entities[id] = { kind, fields, clocks: Object.fromEntries(Object.keys(fields).map((name) => [name, 1])) };
    files.set(member, entities);
  }
  return materializeSources([...files].map(([member, entities]) => ({ member, entities })));
}
