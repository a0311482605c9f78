/**
 * The entities of design.md §2 as valibot schemas: the one source of both the TypeScript
 * types and the validation of untrusted files. Each schema is the complete, merged shape of
 * an entity; a member file may hold any subset of its fields (see `partialFieldSchemas`).
 */
import * as v from 'valibot';
import { compileCheck, type Check } from './fastCheck';
import { isTimeZoneName } from './dates';
import { ENTITY_ID_PATTERN, isDay, MEMBER_ID_PATTERN, startsWithDay } from './shapes';

const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const title = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(300));
const note = text(4000);
export const MemberIdSchema = v.pipe(v.string(), v.regex(MEMBER_ID_PATTERN, 'a member id: lower-case letters, digits, dot, dash or underscore'));
export const EntityIdSchema = v.pipe(v.string(), v.regex(ENTITY_ID_PATTERN, 'an entity id: lower-case letters, digits and . _ : -'));
/** A calendar day, `YYYY-MM-DD`, read in the owner's time zone. */
export const DaySchema = v.pipe(v.string(), v.check(isDay, 'a date like 2026-03-14'));
/** A wall-clock instant, for display only: merge never looks at it. */
export const InstantSchema = v.pipe(v.string(), v.check(isReadableInstant, 'an ISO timestamp like 2026-03-14T09:30:00.000Z'));
const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;
const TimeOfDay = v.pipe(v.string(), v.regex(TIME_OF_DAY, 'a time like 09:30'));

/** A member's working hours when their profile sets none (issue 18 §3): 09:00–17:30 on their own clock. */
export const DEFAULT_WORKING_HOURS: Readonly<{ start: string; end: string }> = { start: '09:00', end: '17:30' };
/**
 * Working hours on the member's own clock, `HH:MM` each, ending after they start on the same
 * local day (a night shift across midnight is not a shape Accord knows). One field, not two:
 * per-field merge then never pairs one machine's start with another's end.
 */
export const WorkingHoursSchema = v.pipe(
  v.strictObject({ start: TimeOfDay, end: TimeOfDay }),
  // valibot's object schemas accept arrays; a nested record must be a plain object.
  v.check((value) => !Array.isArray(value), 'an object, not a list'),
  // Only two real times are compared: a malformed one is already named by its own message.
  v.check(
    (value) => !TIME_OF_DAY.test(value.start) || !TIME_OF_DAY.test(value.end) || value.start < value.end,
    'working hours that end after they start, like 09:00–17:30',
  ),
);
/**
 * A member's time zone: any name shaped like a tz database name (`isTimeZoneName`: the rule of
 * the tz Theory file), checked by its shape only. Whether this machine's ICU knows the zone
 * never decides validity: the same files must load the same on every machine, and a zone
 * newer than the viewer's tz data is computed in UTC there (`zoneToComputeWith`).
 */
const TimeZone = v.pipe(v.string(), v.check(isTimeZoneName, 'an IANA time zone like Europe/Berlin'));

/** ISO timestamps as Date reads them all: `T`, seconds, optional fraction, and `Z` or a `±HH:MM` offset (not `+05`). */
const READABLE_INSTANT = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

function isReadableInstant(text: string): boolean {
  return READABLE_INSTANT.test(text) && startsWithDay(text);
}
const ids = v.pipe(v.array(EntityIdSchema), v.maxLength(500));

export const MemberSchema = v.looseObject({
  name: title,
  timeZone: TimeZone,
  capacityHours: v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(168)),
  email: v.optional(text(320)),
  /** Absent: {@link DEFAULT_WORKING_HOURS}. */
  workingHours: v.optional(WorkingHoursSchema),
});

export const TeamSettingsSchema = v.looseObject({
  checkInTimes: v.pipe(v.array(TimeOfDay), v.maxLength(8)),
  /** 0 = Sunday … 6 = Saturday. */
  workingDays: v.pipe(v.array(v.pipe(v.number(), v.finite(), v.integer(), v.minValue(0), v.maxValue(6))), v.maxLength(7)),
  cycleDays: v.pipe(v.number(), v.finite(), v.integer(), v.minValue(1), v.maxValue(90)),
  /** The weekday the team's week starts on, 0 = Sunday … 6 = Saturday; absent: the first working day (see `teamWeekStart`). */
  weekStart: v.optional(v.pipe(v.number(), v.finite(), v.integer(), v.minValue(0), v.maxValue(6))),
});

export const YardstickSchema = v.pipe(
  v.looseObject({
    target: v.optional(v.pipe(v.number(), v.finite())),
    unit: v.optional(text(60)),
    doneWhen: v.optional(v.pipe(v.array(text(300)), v.maxLength(50))),
  }),
  // valibot's object schemas accept arrays; a nested record must be a plain object.
  v.check((value) => !Array.isArray(value), 'an object, not a list'),
);

export const GoalSchema = v.looseObject({
  title,
  owner: MemberIdSchema,
  why: v.optional(note),
  yardstick: v.optional(YardstickSchema),
  due: v.optional(DaySchema),
  state: v.picklist(['active', 'achieved', 'dropped']),
  createdAt: InstantSchema,
  order: v.optional(v.pipe(v.number(), v.finite())),
});

export const MicroGoalSchema = v.looseObject({
  title,
  owner: MemberIdSchema,
  goal: v.optional(EntityIdSchema),
  due: v.optional(DaySchema),
  estimateHours: v.optional(v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(1000))),
  scope: v.optional(note),
  done: v.boolean(),
  doneAt: v.optional(InstantSchema),
  /**
   * When it was last said to be open (reopened, or an `Accord-Done` commit answered "not done
   * yet"): a commit from before then no longer asks (evidence.ts `offeredDone`).
   */
  reopenedAt: v.optional(InstantSchema),
  createdAt: InstantSchema,
  order: v.optional(v.pipe(v.number(), v.finite())),
});

export const CHECK_IN_STATUSES = ['on-track', 'at-risk', 'blocked', 'done'] as const;
export const CheckInSchema = v.looseObject({
  member: MemberIdSchema,
  at: InstantSchema,
  microGoals: ids,
  status: v.picklist(CHECK_IN_STATUSES),
  helped: v.optional(note),
  hindered: v.optional(note),
  next: v.optional(note),
  energy: v.optional(v.pipe(v.number(), v.finite(), v.integer(), v.minValue(1), v.maxValue(5))),
  note: v.optional(note),
});

export const FeedbackSchema = v.looseObject({
  from: MemberIdSchema,
  to: MemberIdSchema,
  type: v.picklist(['appreciation', 'observation', 'kudos']),
  situation: v.optional(note),
  behaviour: note,
  impact: v.optional(note),
  request: v.optional(note),
  about: v.optional(EntityIdSchema),
  at: InstantSchema,
  acknowledgedAt: v.optional(InstantSchema),
});

export const SetbackSchema = v.looseObject({
  member: MemberIdSchema,
  about: EntityIdSchema,
  whatHappened: note,
  rootCause: v.optional(note),
  actions: ids,
  followUp: v.optional(DaySchema),
  lesson: v.optional(note),
  reviewedAt: v.optional(InstantSchema),
  at: InstantSchema,
});

export const SessionSchema = v.looseObject({
  at: InstantSchema,
  cycleStart: DaySchema,
  cycleEnd: DaySchema,
  participants: v.pipe(v.array(MemberIdSchema), v.maxLength(50)),
  committed: ids,
  summary: v.optional(text(20000)),
});

const ChangeSchema = v.pipe(
  v.strictObject({
    due: v.optional(DaySchema),
    owner: v.optional(MemberIdSchema),
    scope: v.optional(note),
  }),
  // valibot's object schemas accept arrays; a nested record must be a plain object.
  v.check((value) => !Array.isArray(value), 'an object, not a list'),
);
export const RenegotiationSchema = v.looseObject({
  microGoal: EntityIdSchema,
  proposer: MemberIdSchema,
  change: ChangeSchema,
  reason: note,
  state: v.picklist(['proposed', 'accepted', 'countered', 'withdrawn']),
  at: InstantSchema,
  /** Whether it was proposed before the micro-goal's due date: counts apart from missed. */
  beforeDue: v.boolean(),
  respondedBy: v.optional(MemberIdSchema),
  respondedAt: v.optional(InstantSchema),
  counter: v.optional(ChangeSchema),
});

export const CovenantAckSchema = v.looseObject({
  member: MemberIdSchema,
  hash: v.pipe(v.string(), v.regex(/^[a-f0-9]{64}$/, 'a sha-256 hex digest')),
  at: InstantSchema,
});

/** What one member took from the last cycle, written as they type during a planning session. */
export const ReflectionSchema = v.looseObject({
  member: MemberIdSchema,
  /** The cycle the session plans: the same day as the session record's cycleStart. */
  cycleStart: DaySchema,
  helped: v.optional(note),
  hindered: v.optional(note),
  lessons: v.optional(note),
  at: InstantSchema,
});

/** What an answer to a check-in is: a reaction ("seen", 👍…), an offer of help, or a reply to an answer. */
export const RESPONSE_KINDS = ['reaction', 'help', 'reply'] as const;
/** The reactions one may leave on a partner's check-in; {@link REACTION_LABELS} gives their words and icons. */
export const REACTIONS = ['seen', 'thumbsUp', 'nice', 'thanks'] as const;
export type ResponseKind = (typeof RESPONSE_KINDS)[number];
export type Reaction = (typeof REACTIONS)[number];
/**
 * How each reaction reads: its name ("Thumbs up"), a codicon for quick picks (`thumbsup`: drawn
 * by VS Code on every machine, where an emoji needs a font that may not be there), and what
 * "Sam ___ your check-in" says in a sentence ("gave a thumbs up to").
 */
export const REACTION_LABELS: Readonly<Record<Reaction, { readonly label: string; readonly icon: string; readonly verb: string }>> = {
  seen: { label: 'Seen', icon: 'eye', verb: 'saw' },
  thumbsUp: { label: 'Thumbs up', icon: 'thumbsup', verb: 'gave a thumbs up to' },
  nice: { label: 'Nice', icon: 'sparkle', verb: 'said “nice” to' },
  thanks: { label: 'Thanks', icon: 'heart', verb: 'said thanks for' },
};

/**
 * An answer to someone's check-in, or a reply to such an answer (issue 16), written to the
 * answerer's own file: I can answer your check-in but never edit it (authority.ts).
 * `to` is the entity answered (a check-in or another response); `pairAt` a proposed pairing time.
 */
export const ResponseSchema = v.looseObject({
  by: MemberIdSchema,
  to: EntityIdSchema,
  kind: v.picklist(RESPONSE_KINDS),
  reaction: v.optional(v.picklist(REACTIONS)),
  note: v.optional(note),
  pairAt: v.optional(InstantSchema),
  at: InstantSchema,
});

/** The longest note on an away period: one line of out-of-office ("back on the 5th; Ana has my reviews"). */
export const MAX_AWAY_NOTE_LENGTH = 300;
/** The longest holiday name ("Christmas Day", "Whit Monday (Bavaria)"). */
export const MAX_HOLIDAY_NAME_LENGTH = 100;
const holidayName = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(MAX_HOLIDAY_NAME_LENGTH));

/**
 * A period a member is away (issue 18 §1), in their own file; only they write it (authority.ts).
 * `from` and `to` are inclusive local days in the member's own time zone. I'm Back ends it early
 * by writing `to` (yesterday), never a second "ended" field, so the latest write of the one
 * field says when it ends (availability.ts `imBackEdits`). A merged record whose `to` is before
 * its `from` (two machines' edits crossed) is an empty period.
 */
export const AwaySchema = v.looseObject({
  member: MemberIdSchema,
  from: DaySchema,
  to: DaySchema,
  /** Seen by the team only: it lives in the repository like everything else shared. */
  note: v.optional(text(MAX_AWAY_NOTE_LENGTH)),
  at: InstantSchema,
});

/**
 * A non-working day for the whole team (issue 18 §2), one entity per day, so Add Holiday and
 * Remove Holiday by two members merge without either undoing the other. Any member writes or
 * removes it, as any member edits the team settings. The day is read in each member's own
 * time zone: 25 December is a holiday on everyone's own calendar.
 */
export const HolidaySchema = v.looseObject({
  day: DaySchema,
  name: holidayName,
  at: InstantSchema,
});

/** A member's own regional holiday (issue 18 §2), in their own file; only they write it. The day is theirs, in their time zone. */
export const RegionalHolidaySchema = v.looseObject({
  member: MemberIdSchema,
  day: DaySchema,
  name: holidayName,
  at: InstantSchema,
});

export const ENTITY_SCHEMAS = {
  member: MemberSchema,
  team: TeamSettingsSchema,
  goal: GoalSchema,
  microGoal: MicroGoalSchema,
  checkIn: CheckInSchema,
  feedback: FeedbackSchema,
  setback: SetbackSchema,
  session: SessionSchema,
  renegotiation: RenegotiationSchema,
  covenantAck: CovenantAckSchema,
  reflection: ReflectionSchema,
  response: ResponseSchema,
  away: AwaySchema,
  holiday: HolidaySchema,
  regionalHoliday: RegionalHolidaySchema,
} as const;

export type EntityKind = keyof typeof ENTITY_SCHEMAS;
export const ENTITY_KINDS = Object.keys(ENTITY_SCHEMAS) as EntityKind[];
export type EntityFields<K extends EntityKind> = v.InferOutput<(typeof ENTITY_SCHEMAS)[K]>;

export type Member = EntityFields<'member'>;
export type TeamSettings = EntityFields<'team'>;
export type Goal = EntityFields<'goal'>;
export type MicroGoal = EntityFields<'microGoal'>;
export type CheckIn = EntityFields<'checkIn'>;
export type Feedback = EntityFields<'feedback'>;
export type Setback = EntityFields<'setback'>;
export type Session = EntityFields<'session'>;
export type Renegotiation = EntityFields<'renegotiation'>;
export type Reflection = EntityFields<'reflection'>;
export type Response = EntityFields<'response'>;
export type Away = EntityFields<'away'>;
export type Holiday = EntityFields<'holiday'>;
export type RegionalHoliday = EntityFields<'regionalHoliday'>;
export type WorkingHours = v.InferOutput<typeof WorkingHoursSchema>;
export type CheckInStatus = CheckIn['status'];

export function isEntityKind(kind: string): kind is EntityKind {
  return Object.prototype.hasOwnProperty.call(ENTITY_SCHEMAS, kind);
}

/** Per-field schemas: a member file may carry any subset of an entity's fields. */
export const FIELD_SCHEMAS: { readonly [K in EntityKind]: Readonly<Record<string, v.GenericSchema>> } = Object.fromEntries(
  ENTITY_KINDS.map((kind) => [kind, nullPrototype(Object.entries(ENTITY_SCHEMAS[kind].entries).map(([name, schema]) => [name, unwrapOptional(schema)]))]),
) as never;

/** Fast "is valid" predicates for the same per-field schemas (see fastCheck.ts). */
export const FIELD_CHECKS: { readonly [K in EntityKind]: Readonly<Record<string, Check | undefined>> } = Object.fromEntries(
  ENTITY_KINDS.map((kind) => [kind, nullPrototype(Object.entries(FIELD_SCHEMAS[kind]).map(([name, schema]) => [name, compileCheck(schema)]))]),
) as never;

/** The fields of each kind that may be absent (and so may be cleared with null). */
export const OPTIONAL_FIELDS: { readonly [K in EntityKind]: ReadonlySet<string> } = Object.fromEntries(
  ENTITY_KINDS.map((kind) => [
    kind,
    new Set(
      Object.entries(ENTITY_SCHEMAS[kind].entries)
        .filter(([, schema]) => schema.type === 'optional')
        .map(([name]) => name),
    ),
  ]),
) as never;

/** Lookups by untrusted field names must not reach Object.prototype ("constructor", "toString"). */
function nullPrototype<T>(entries: [string, T][]): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, Object.fromEntries(entries));
}

function unwrapOptional(schema: v.GenericSchema): v.GenericSchema {
  return schema.type === 'optional' ? (schema as unknown as v.OptionalSchema<v.GenericSchema, undefined>).wrapped : schema;
}

export const DEFAULT_TEAM_SETTINGS: TeamSettings = { checkInTimes: ['09:30', '16:30'], workingDays: [1, 2, 3, 4, 5], cycleDays: 14 };
