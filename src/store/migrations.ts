/**
 * Data format versions. A migration is a pure function from one version's raw JSON to the
 * next; files are migrated in memory when read and written back in the current version.
 * Fields a migration does not know about are carried over unchanged.
 */
export const CURRENT_SCHEMA = 1;

export interface Migration {
  /** The version this migration reads; it returns data of version `from + 1`. */
  from: number;
  up(data: Record<string, unknown>): Record<string, unknown>;
}

/** Version 1 is the first format; migrations to later versions are appended here. */
export const MIGRATIONS: readonly Migration[] = [];

export function migrate(data: Record<string, unknown>, migrations: readonly Migration[], target = CURRENT_SCHEMA): Record<string, unknown> {
  let current = data;
  while ((current.schema as number) < target) {
    const from = current.schema as number;
    const step = migrations.find((m) => m.from === from);
    if (!step) throw new Error(`No migration from data format ${from}`);
    current = { ...step.up(current), schema: from + 1 };
  }
  return current;
}
