/**
 * Builds a TeamState from readable fixtures for the daily-loop tests: each entity is written
 * into the file of the member who would write it (the owner of a micro-goal, the author of a
 * check-in, the proposer of a renegotiation), then merged like the store does. Every entity is
 * validated against its schema, so a fixture cannot quietly hold data the extension would reject.
 */
import { strict as assert } from 'node:assert';
import * as v from 'valibot';
import {
  DEFAULT_TEAM_SETTINGS,
  ENTITY_SCHEMAS,
  type EntityFields,
  type EntityKind,
  type EntityRecord,
  FIELD_SCHEMAS,
  materializeSources,
  memberEntityId,
  type RecordSource,
  TEAM_ENTITY_ID,
  type TeamSettings,
  type TeamState,
} from '../../../src/core';

/** An ISO instant, for `at`, `createdAt` and `doneAt`. */
export const CREATED = '2026-03-01T09:00:00.000Z';

/** The calendar day and time `instant` shows in `timeZone`, straight from Intl: "2026-03-29 03:30". */
export function localTime(instant: Date, timeZone: string): string {
  const parts = localTimeFormat(timeZone).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

/** One formatter per zone: building an Intl.DateTimeFormat costs far more than using one, and the property tests call localTime tens of thousands of times. */
const localTimeFormats = new Map<string, Intl.DateTimeFormat>();
function localTimeFormat(timeZone: string): Intl.DateTimeFormat {
  let format = localTimeFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    localTimeFormats.set(timeZone, format);
  }
  return format;
}

/** Runs `run` as if the machine were set to `timeZone`: the results must not depend on it. */
export function withHostTimeZone<T>(timeZone: string, run: () => T): T {
  const saved = process.env.TZ;
  process.env.TZ = timeZone;
  try {
    return run();
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
}

/**
 * `compute` run with the machine set to each of `zones` in turn; asserts every answer equals the
 * first (nothing may depend on the host's zone) and returns it.
 */
export function sameOnEveryHost<T>(zones: readonly string[], compute: () => T): T {
  const [first, ...others] = zones.map((zone) => withHostTimeZone(zone, compute));
  others.forEach((other, i) => assert.deepEqual(other, first, `the machine's own zone (${zones[i + 1]}) changed the answer`));
  return first!;
}

type Fields<K extends EntityKind> = Partial<EntityFields<K>>;

export class TeamBuilder {
  private readonly files = new Map<string, Record<string, EntityRecord>>();
  private clock = 0;

  /**
   * Writes several entities' fields into `by`'s file with one clock, as one edit does (accepting
   * a hand-over and taking the micro-goal are one write): `[id, kind, fields]` each.
   */
  putTogether(by: string, writes: readonly (readonly [string, EntityKind, Record<string, unknown>])[]): this {
    const clock = this.clock + 1;
    for (const [id, kind, fields] of writes) {
      this.clock = clock - 1;
      this.put(by, id, kind, fields as Fields<EntityKind>);
    }
    return this;
  }

  /** Writes some fields of an entity into `by`'s file, with a clock later than anything before. */
  put<K extends EntityKind>(by: string, id: string, kind: K, fields: Fields<K>): this {
    let file = this.files.get(by);
    if (!file) this.files.set(by, (file = Object.create(null) as Record<string, EntityRecord>));
    const record = (file[id] ??= { kind, fields: {}, clocks: {} });
    const clock = ++this.clock;
    for (const [name, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      const schema = FIELD_SCHEMAS[kind][name];
      if (!schema) throw new Error(`fixture: ${kind} has no field "${name}"`);
      record.fields[name] = v.parse(schema, value);
      record.clocks[name] = clock;
    }
    return this;
  }

  /** A tombstone for `id` in `by`'s file. */
  remove(by: string, id: string, kind: EntityKind): this {
    let file = this.files.get(by);
    if (!file) this.files.set(by, (file = Object.create(null) as Record<string, EntityRecord>));
    const record = (file[id] ??= { kind, fields: {}, clocks: {} });
    record.deleted = ++this.clock;
    return this;
  }

  private whole<K extends EntityKind>(by: string, id: string, kind: K, fields: EntityFields<K>): this {
    v.parse(ENTITY_SCHEMAS[kind], fields);
    return this.put(by, id, kind, fields as Fields<K>);
  }

  member(id: string, options: { name?: string; timeZone?: string; capacityHours?: number } = {}): this {
    const name = options.name ?? id.charAt(0).toUpperCase() + id.slice(1);
    return this.whole(id, memberEntityId(id), 'member', { name, timeZone: options.timeZone ?? 'UTC', capacityHours: options.capacityHours ?? 20 });
  }

  team(settings: Partial<TeamSettings> = {}, by = 'alex'): this {
    return this.whole(by, TEAM_ENTITY_ID, 'team', { ...DEFAULT_TEAM_SETTINGS, ...settings });
  }

  goal(id: string, fields: Fields<'goal'> & { owner: string }): this {
    return this.whole(fields.owner, id, 'goal', { title: id, state: 'active', createdAt: CREATED, ...fields });
  }

  micro(id: string, fields: Fields<'microGoal'> & { owner: string }): this {
    return this.whole(fields.owner, id, 'microGoal', { title: id, done: false, createdAt: CREATED, ...fields });
  }

  checkIn(id: string, member: string, at: string, fields: Fields<'checkIn'> = {}): this {
    return this.whole(member, id, 'checkIn', { member, at, microGoals: [], status: 'on-track', ...fields });
  }

  renegotiation(id: string, fields: Fields<'renegotiation'> & Pick<EntityFields<'renegotiation'>, 'microGoal' | 'proposer' | 'change'>): this {
    return this.whole(fields.proposer, id, 'renegotiation', {
      reason: 'It took longer than we thought',
      state: 'proposed',
      at: CREATED,
      beforeDue: true,
      ...fields,
    });
  }

  /** Each member's file as it stands: their records, by member. */
  sources(): RecordSource[] {
    return [...this.files].map(([member, entities]) => ({ member, entities }));
  }

  build(): TeamState {
    return materializeSources(this.sources());
  }
}

export function teamBuilder(): TeamBuilder {
  return new TeamBuilder();
}

/** `b` with an away period of `member` (their own entity `id`), from `from` to `to` (local days, both included), and its note. */
export function putAway(b: TeamBuilder, member: string, id: string, from: string, to: string, note?: string): TeamBuilder {
  return b.put(member, id, 'away', { member, from, to, at: CREATED, ...(note ? { note } : {}) });
}

/**
 * Two planning sessions by alex with sam: the cycles 2026-02-23..03-08 and 2026-03-09..03-22,
 * the agreements tests' "last" and "current" cycle for a "today" of Friday 2026-03-20.
 */
export function twoPlanningCycles(b: TeamBuilder): TeamBuilder {
  const session = (start: string, end: string) => ({
    at: `${start}T09:00:00.000Z`,
    cycleStart: start,
    cycleEnd: end,
    participants: ['alex', 'sam'],
    committed: [],
  });
  return b.put('alex', 'ses-1', 'session', session('2026-02-23', '2026-03-08')).put('alex', 'ses-2', 'session', session('2026-03-09', '2026-03-22'));
}
