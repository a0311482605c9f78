import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import * as v from 'valibot';
import {
  AwaySchema,
  CheckInSchema,
  CovenantAckSchema,
  DaySchema,
  DEFAULT_TEAM_SETTINGS,
  ENTITY_ID_PATTERN,
  ENTITY_KINDS,
  ENTITY_SCHEMAS,
  type EntityKind,
  EntityIdSchema,
  FeedbackSchema,
  FIELD_CHECKS,
  FIELD_SCHEMAS,
  GoalSchema,
  HolidaySchema,
  InstantSchema,
  isEntityKind,
  MEMBER_ID_PATTERN,
  OPTIONAL_FIELDS,
  memberEntityId,
  memberIdFrom,
  MemberIdSchema,
  MemberSchema,
  MicroGoalSchema,
  newId,
  REACTION_LABELS,
  REACTIONS,
  RegionalHolidaySchema,
  RenegotiationSchema,
  ResponseSchema,
  SessionSchema,
  SetbackSchema,
  TEAM_ENTITY_ID,
  TeamSettingsSchema,
} from '../../src/core';

/** Every problem valibot finds, as `path: message`. */
function problems(schema: v.GenericSchema, value: unknown): string[] {
  const result = v.safeParse(schema, value, { abortEarly: false });
  return result.success ? [] : result.issues.map((issue) => `${issue.path?.map((p) => String(p.key)).join('.') ?? ''}: ${issue.message}`);
}

const AT = '2026-03-14T09:30:00.000Z';
const HASH = 'a'.repeat(64);

const VALID = {
  member: { name: 'Sam Lee', timeZone: 'Pacific/Auckland', capacityHours: 12, email: 'sam@example.com' },
  team: { checkInTimes: ['09:30', '16:30'], workingDays: [1, 2, 3, 4, 5], cycleDays: 14 },
  goal: {
    title: 'Ship the merge tests',
    owner: 'sam',
    why: 'Trust in the shared data',
    yardstick: { target: 20, unit: 'tests', doneWhen: ['all properties pass'] },
    due: '2026-03-31',
    state: 'active',
    createdAt: AT,
    order: 1,
  },
  microGoal: {
    title: 'Write the commutativity property',
    owner: 'sam',
    goal: 'goal-1a2b3c',
    due: '2026-03-16',
    estimateHours: 0.5,
    done: false,
    createdAt: AT,
  },
  checkIn: { member: 'sam', at: AT, microGoals: ['mg-1', 'mg-2'], status: 'on-track', helped: 'pairing', energy: 4 },
  feedback: {
    from: 'sam',
    to: 'ana',
    type: 'appreciation',
    situation: 'In review',
    behaviour: 'You explained the merge rule',
    impact: 'I understood it',
    at: AT,
  },
  setback: { member: 'sam', about: 'mg-1', whatHappened: 'Flaky test', rootCause: 'Timing', actions: ['mg-3'], followUp: '2026-03-20', at: AT },
  session: { at: AT, cycleStart: '2026-03-16', cycleEnd: '2026-03-29', participants: ['sam', 'ana'], committed: ['mg-1'] },
  renegotiation: { microGoal: 'mg-1', proposer: 'sam', change: { due: '2026-03-20' }, reason: 'Blocked on review', state: 'proposed', at: AT, beforeDue: true },
  covenantAck: { member: 'sam', hash: HASH, at: AT },
  response: { by: 'ana', to: 'ci-1', kind: 'help', note: 'I can pair on it', pairAt: '2026-03-14T14:00:00.000Z', at: AT },
  away: { member: 'sam', from: '2026-12-21', to: '2027-01-04', note: 'Back on the 5th; Ana has my reviews', at: AT },
  holiday: { day: '2026-12-25', name: 'Christmas Day', at: AT },
  regionalHoliday: { member: 'sam', day: '2026-06-04', name: 'Corpus Christi (Bavaria)', at: AT },
} satisfies Partial<Record<EntityKind, Record<string, unknown>>>;

describe('entity schemas', () => {
  it('accept a valid entity of every kind', () => {
    for (const [kind, entity] of Object.entries(VALID)) {
      assert.ok(isEntityKind(kind), kind);
      assert.deepEqual(problems(ENTITY_SCHEMAS[kind], entity), [], kind);
    }
  });

  it('accept the smallest valid entity (required fields only)', () => {
    assert.deepEqual(problems(MicroGoalSchema, { title: 'x', owner: 'sam', done: true, createdAt: AT }), []);
    assert.deepEqual(problems(GoalSchema, { title: 'x', owner: 'sam', state: 'dropped', createdAt: AT }), []);
    assert.deepEqual(problems(TeamSettingsSchema, { checkInTimes: [], workingDays: [], cycleDays: 1 }), []);
    assert.deepEqual(problems(TeamSettingsSchema, DEFAULT_TEAM_SETTINGS), []);
  });

  it('keep unknown fields (written by a newer Accord) and trim titles', () => {
    const parsed = v.parse(MicroGoalSchema, { ...VALID.microGoal, title: '  Write tests  ', colour: 'teal' });
    assert.equal(parsed.title, 'Write tests');
    assert.equal((parsed as Record<string, unknown>).colour, 'teal');
  });

  it('reject bad members with useful messages', () => {
    assert.deepEqual(problems(MemberSchema, { ...VALID.member, name: '   ' }), ['name: Invalid length: Expected >=1 but received 0']);
    assert.deepEqual(problems(MemberSchema, { ...VALID.member, timeZone: 'Pacific Auckland' }), ['timeZone: an IANA time zone like Europe/Berlin']);
    assert.deepEqual(problems(MemberSchema, { ...VALID.member, capacityHours: 200 }), ['capacityHours: Invalid value: Expected <=168 but received 200']);
    assert.deepEqual(problems(MemberSchema, { ...VALID.member, capacityHours: -1 }), ['capacityHours: Invalid value: Expected >=0 but received -1']);
    assert.deepEqual(problems(MemberSchema, { ...VALID.member, capacityHours: '12' }), ['capacityHours: Invalid type: Expected number but received "12"']);
    assert.deepEqual(problems(MemberSchema, { name: 'x'.repeat(301), timeZone: 'UTC', capacityHours: 1 }), [
      'name: Invalid length: Expected <=300 but received 301',
    ]);
  });

  it('reject bad team settings with useful messages', () => {
    assert.deepEqual(problems(TeamSettingsSchema, { ...VALID.team, checkInTimes: ['9:30', '24:00', '16:30'] }), [
      'checkInTimes.0: a time like 09:30',
      'checkInTimes.1: a time like 09:30',
    ]);
    assert.deepEqual(problems(TeamSettingsSchema, { ...VALID.team, workingDays: [1, 7, 2.5] }), [
      'workingDays.1: Invalid value: Expected <=6 but received 7',
      'workingDays.2: Invalid integer: Received 2.5',
    ]);
    assert.deepEqual(problems(TeamSettingsSchema, { ...VALID.team, cycleDays: 0 }), ['cycleDays: Invalid value: Expected >=1 but received 0']);
    assert.deepEqual(problems(TeamSettingsSchema, { ...VALID.team, cycleDays: 91 }), ['cycleDays: Invalid value: Expected <=90 but received 91']);
    assert.deepEqual(problems(TeamSettingsSchema, { ...VALID.team, weekStart: 7 }), ['weekStart: Invalid value: Expected <=6 but received 7']);
    assert.deepEqual(problems(TeamSettingsSchema, { ...VALID.team, weekStart: 'sunday' }), ['weekStart: Invalid type: Expected number but received "sunday"']);
    assert.deepEqual(problems(TeamSettingsSchema, { ...VALID.team, weekStart: 1.5 }), ['weekStart: Invalid integer: Received 1.5']);
  });

  it('accept an explicit first day of the week, and team settings written before there was one', () => {
    assert.deepEqual(problems(TeamSettingsSchema, { ...VALID.team, weekStart: 0 }), []);
    assert.deepEqual(problems(TeamSettingsSchema, { ...VALID.team, weekStart: 6 }), []);
    assert.equal(v.parse(TeamSettingsSchema, VALID.team).weekStart, undefined);
    assert.ok(OPTIONAL_FIELDS.team.has('weekStart'), 'a team may clear it again');
  });

  it('reject bad goals and micro-goals with useful messages', () => {
    assert.deepEqual(problems(GoalSchema, { ...VALID.goal, state: 'failed' }), [
      'state: Invalid type: Expected ("active" | "achieved" | "dropped") but received "failed"',
    ]);
    assert.deepEqual(problems(GoalSchema, { ...VALID.goal, owner: 'Sam Lee' }), ['owner: a member id: lower-case letters, digits, dot, dash or underscore']);
    assert.deepEqual(problems(GoalSchema, { ...VALID.goal, due: '2026-3-31' }), ['due: a date like 2026-03-14']);
    assert.deepEqual(problems(GoalSchema, { ...VALID.goal, createdAt: 'yesterday' }), ['createdAt: an ISO timestamp like 2026-03-14T09:30:00.000Z']);
    assert.deepEqual(problems(GoalSchema, { ...VALID.goal, yardstick: { target: '20' } }), [
      'yardstick.target: Invalid type: Expected number but received "20"',
    ]);
    assert.deepEqual(problems(GoalSchema, { ...VALID.goal, yardstick: { doneWhen: Array(51).fill('x') } }), [
      'yardstick.doneWhen: Invalid length: Expected <=50 but received 51',
    ]);

    assert.deepEqual(problems(MicroGoalSchema, { ...VALID.microGoal, title: ' \t ' }), ['title: Invalid length: Expected >=1 but received 0']);
    assert.deepEqual(problems(MicroGoalSchema, { ...VALID.microGoal, done: 'no' }), ['done: Invalid type: Expected boolean but received "no"']);
    assert.deepEqual(problems(MicroGoalSchema, { ...VALID.microGoal, goal: 'Goal 1' }), ['goal: an entity id: lower-case letters, digits and . _ : -']);
    assert.deepEqual(problems(MicroGoalSchema, { ...VALID.microGoal, estimateHours: 1001 }), [
      'estimateHours: Invalid value: Expected <=1000 but received 1001',
    ]);
    assert.deepEqual(problems(MicroGoalSchema, { owner: 'sam', done: false, createdAt: AT }), ['title: Invalid key: Expected "title" but received undefined']);
    assert.deepEqual(problems(MicroGoalSchema, 'a micro-goal'), [': Invalid type: Expected Object but received "a micro-goal"']);
  });

  it('reject bad check-ins, feedback, setbacks, sessions, renegotiations and acknowledgments with useful messages', () => {
    assert.deepEqual(problems(CheckInSchema, { ...VALID.checkIn, status: 'failed' }), [
      'status: Invalid type: Expected ("on-track" | "at-risk" | "blocked" | "done") but received "failed"',
    ]);
    assert.deepEqual(problems(CheckInSchema, { ...VALID.checkIn, energy: 6 }), ['energy: Invalid value: Expected <=5 but received 6']);
    assert.deepEqual(problems(CheckInSchema, { ...VALID.checkIn, energy: 2.5 }), ['energy: Invalid integer: Received 2.5']);
    assert.deepEqual(problems(CheckInSchema, { ...VALID.checkIn, microGoals: Array(501).fill('mg-1') }), [
      'microGoals: Invalid length: Expected <=500 but received 501',
    ]);

    assert.deepEqual(problems(FeedbackSchema, { ...VALID.feedback, type: 'criticism' }), [
      'type: Invalid type: Expected ("appreciation" | "observation" | "kudos") but received "criticism"',
    ]);
    assert.deepEqual(problems(FeedbackSchema, { ...VALID.feedback, behaviour: 'x'.repeat(4001) }), [
      'behaviour: Invalid length: Expected <=4000 but received 4001',
    ]);

    assert.deepEqual(problems(SetbackSchema, { ...VALID.setback, actions: 'mg-3' }), ['actions: Invalid type: Expected Array but received "mg-3"']);
    assert.deepEqual(problems(SetbackSchema, { ...VALID.setback, followUp: 'next friday' }), ['followUp: a date like 2026-03-14']);

    assert.deepEqual(problems(SessionSchema, { ...VALID.session, participants: ['sam', 'Ana!'] }), [
      'participants.1: a member id: lower-case letters, digits, dot, dash or underscore',
    ]);

    assert.deepEqual(problems(RenegotiationSchema, { ...VALID.renegotiation, change: { due: '20-03-2026' } }), ['change.due: a date like 2026-03-14']);
    assert.deepEqual(problems(RenegotiationSchema, { ...VALID.renegotiation, state: 'rejected' }), [
      'state: Invalid type: Expected ("proposed" | "accepted" | "countered" | "withdrawn") but received "rejected"',
    ]);
    const { beforeDue: _beforeDue, ...withoutBeforeDue } = VALID.renegotiation;
    assert.deepEqual(problems(RenegotiationSchema, withoutBeforeDue), ['beforeDue: Invalid key: Expected "beforeDue" but received undefined']);

    assert.deepEqual(problems(CovenantAckSchema, { ...VALID.covenantAck, hash: 'abc123' }), ['hash: a sha-256 hex digest']);
    assert.deepEqual(problems(CovenantAckSchema, { ...VALID.covenantAck, hash: 'A'.repeat(64) }), ['hash: a sha-256 hex digest']);
  });

  it('reject bad responses (answers to a check-in) with useful messages, and name every reaction', () => {
    assert.deepEqual(problems(ResponseSchema, { by: 'ana', to: 'ci-1', kind: 'reaction', reaction: 'thumbsUp', at: AT }), []);
    assert.deepEqual(problems(ResponseSchema, { ...VALID.response, kind: 'edit' }), [
      'kind: Invalid type: Expected ("reaction" | "help" | "reply") but received "edit"',
    ]);
    assert.deepEqual(problems(ResponseSchema, { ...VALID.response, kind: 'reaction', reaction: 'angry' }), [
      'reaction: Invalid type: Expected ("seen" | "thumbsUp" | "nice" | "thanks") but received "angry"',
    ]);
    assert.deepEqual(problems(ResponseSchema, { ...VALID.response, pairAt: 'tomorrow at 2' }), ['pairAt: an ISO timestamp like 2026-03-14T09:30:00.000Z']);
    assert.deepEqual(problems(ResponseSchema, { ...VALID.response, to: 'CI 1' }), ['to: an entity id: lower-case letters, digits and . _ : -']);
    assert.deepEqual(problems(ResponseSchema, { ...VALID.response, note: 'x'.repeat(4001) }), ['note: Invalid length: Expected <=4000 but received 4001']);
    assert.deepEqual(Object.keys(REACTION_LABELS).sort(), [...REACTIONS].sort());
    assert.deepEqual(REACTION_LABELS.thumbsUp, { label: 'Thumbs up', icon: 'thumbsup', verb: 'gave a thumbs up to' });
  });

  it('reject bad away periods and holidays (issue 18) with useful messages', () => {
    assert.deepEqual(problems(AwaySchema, { member: 'sam', from: '2026-12-21', to: '2026-12-21', at: AT }), [], 'one day, no note');
    assert.deepEqual(problems(AwaySchema, { ...VALID.away, from: '21.12.2026' }), ['from: a date like 2026-03-14']);
    assert.deepEqual(problems(AwaySchema, { ...VALID.away, to: '2026-02-30' }), ['to: a date like 2026-03-14']);
    assert.deepEqual(problems(AwaySchema, { ...VALID.away, member: 'Sam Lee' }), ['member: a member id: lower-case letters, digits, dot, dash or underscore']);
    assert.deepEqual(problems(AwaySchema, { ...VALID.away, note: 'x'.repeat(301) }), ['note: Invalid length: Expected <=300 but received 301']);
    assert.deepEqual(problems(AwaySchema, { member: 'sam', from: '2026-12-21', at: AT }), ['to: Invalid key: Expected "to" but received undefined']);
    assert.deepEqual(problems(HolidaySchema, { ...VALID.holiday, name: '  ' }), ['name: Invalid length: Expected >=1 but received 0']);
    assert.deepEqual(problems(HolidaySchema, { ...VALID.holiday, name: 'x'.repeat(101) }), ['name: Invalid length: Expected <=100 but received 101']);
    assert.deepEqual(problems(HolidaySchema, { ...VALID.holiday, day: '12-25' }), ['day: a date like 2026-03-14']);
    const { member: _member, ...regionalWithoutMember } = VALID.regionalHoliday;
    assert.deepEqual(problems(RegionalHolidaySchema, regionalWithoutMember), ['member: Invalid key: Expected "member" but received undefined']);
    assert.equal(v.parse(HolidaySchema, { ...VALID.holiday, name: '  Boxing Day ' }).name, 'Boxing Day');
  });

  it('working hours: one {start, end} field on the profile, ending after they start', () => {
    assert.deepEqual(problems(MemberSchema, { ...VALID.member, workingHours: { start: '07:30', end: '15:00' } }), []);
    assert.deepEqual(problems(MemberSchema, { ...VALID.member, workingHours: { start: '17:30', end: '09:00' } }), [
      'workingHours: working hours that end after they start, like 09:00–17:30',
    ]);
    assert.deepEqual(problems(MemberSchema, { ...VALID.member, workingHours: { start: '09:00', end: '09:00' } }), [
      'workingHours: working hours that end after they start, like 09:00–17:30',
    ]);
    assert.deepEqual(problems(MemberSchema, { ...VALID.member, workingHours: { start: '9:00', end: '17:30' } }), ['workingHours.start: a time like 09:30']);
    assert.deepEqual(problems(MemberSchema, { ...VALID.member, workingHours: { start: '09:00', end: '17:30', lunch: '12:00' } }), [
      'workingHours.lunch: Invalid key: Expected never but received "lunch"',
    ]);
    assert.deepEqual(problems(MemberSchema, { ...VALID.member, workingHours: ['09:00', '17:30'] }), [
      'workingHours.start: Invalid key: Expected "start" but received undefined',
      'workingHours.end: Invalid key: Expected "end" but received undefined',
      'workingHours.0: Invalid key: Expected never but received "0"',
    ]);
    assert.ok(OPTIONAL_FIELDS.member.has('workingHours'), 'a member may clear theirs and take the default again');
  });

  it('check day and instant formats', () => {
    for (const day of ['2026-03-14', '2028-02-29', '1999-12-31']) assert.deepEqual(problems(DaySchema, day), [], day);
    for (const day of ['2026-3-14', '2026-13-01', '2026-03-32', '2026-00-01', '14.03.2026', '2026-03-14T00:00:00Z', ''])
      assert.deepEqual(problems(DaySchema, day), [': a date like 2026-03-14'], day);
    for (const at of [AT, '2026-03-14T09:30:00Z', '2026-03-14T09:30:00+05:30']) assert.deepEqual(problems(InstantSchema, at), [], at);
    for (const at of ['2026-03-14', '2026-03-14T25:00:00Z', 'yesterday', '1710408600000']) assert.equal(problems(InstantSchema, at).length, 1, at);
  });

  it('per-field schemas validate one field at a time, optional fields unwrapped', () => {
    assert.equal(v.is(FIELD_SCHEMAS.microGoal.due!, '2026-03-20'), true);
    assert.equal(v.is(FIELD_SCHEMAS.microGoal.due!, undefined), false);
    assert.equal(v.is(FIELD_SCHEMAS.microGoal.title!, 'x'), true);
    assert.equal(v.is(FIELD_SCHEMAS.checkIn.energy!, 6), false);
    assert.equal(FIELD_SCHEMAS.microGoal.colour, undefined);
    for (const kind of ENTITY_KINDS) assert.deepEqual(Object.keys(FIELD_SCHEMAS[kind]).sort(), Object.keys(ENTITY_SCHEMAS[kind].entries).sort(), kind);
  });

  it('the compiled FIELD_CHECKS never say yes where the schema says no', () => {
    let yes = 0;
    const pieces = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.constantFrom(
        ...Object.values(VALID).flatMap((entity) => Object.values(entity)),
        '',
        '  ',
        '2026-02-30',
        '9:30',
        'Sam',
        'a'.repeat(301),
        -1,
        0,
        1.5,
        7,
        169,
        1001,
        Number.NaN,
        { target: '1' },
        { doneWhen: ['x', 1] },
        ['sam', 'Sam'],
        Array(501).fill('mg-1'),
        HASH.toUpperCase(),
      ),
    );
    const fieldArb = fc.constantFrom(...ENTITY_KINDS.flatMap((kind) => Object.keys(FIELD_SCHEMAS[kind]).map((field) => [kind, field] as const)));
    fc.assert(
      fc.property(fieldArb, pieces, ([kind, field], value) => {
        const check = FIELD_CHECKS[kind][field];
        // A "no" is only a hint (valibot then decides and explains); a "yes" must be right.
        if (!check?.(value)) return;
        yes += 1;
        assert.equal(v.is(FIELD_SCHEMAS[kind][field]!, value), true, `${kind}.${field} = ${JSON.stringify(value)}`);
      }),
      { numRuns: 2000 },
    );
    assert.ok(yes > 100, `only ${yes} values were accepted by a compiled check`);
  });

  it('knows its kinds', () => {
    assert.equal(isEntityKind('microGoal'), true);
    assert.equal(isEntityKind('covenantAck'), true);
    assert.equal(isEntityKind('response'), true);
    for (const kind of ['away', 'holiday', 'regionalHoliday']) assert.equal(isEntityKind(kind), true, kind);
    for (const notAKind of ['toString', '__proto__', 'constructor', 'MicroGoal', '']) assert.equal(isEntityKind(notAKind), false, notAKind);
  });
});

describe('ids', () => {
  it('newId gives 10,000 distinct, well-formed ids', () => {
    const ids = Array.from({ length: 10_000 }, () => newId('mg'));
    assert.equal(new Set(ids).size, ids.length);
    const seen = new Set<string>();
    for (const id of ids) {
      assert.match(id, /^mg-[a-z0-9]{12}$/);
      assert.match(id, ENTITY_ID_PATTERN);
      assert.equal(v.is(EntityIdSchema, id), true);
      for (const ch of id.slice(3)) seen.add(ch);
    }
    // All of the alphabet is used (120,000 random characters), and nothing else.
    assert.equal([...seen].sort().join(''), '0123456789abcdefghijklmnopqrstuvwxyz');
  });

  it('newId keeps the prefix', () => {
    assert.match(newId('goal'), /^goal-[a-z0-9]{12}$/);
    assert.match(newId('fb'), /^fb-[a-z0-9]{12}$/);
  });

  it('memberIdFrom turns an email or handle into a filename-safe member id', () => {
    const cases: [string, string | undefined][] = [
      ['Sam.Lee@Example.com', 'sam.lee-example.com'],
      ['  Ana  ', 'ana'],
      ['ana_b', 'ana_b'],
      ['Ana Bell', 'ana-bell'],
      ['a  b   c', 'a-b-c'],
      ['--ana--', 'ana'],
      ['__ana', 'ana'],
      ['   ', undefined],
      ['', undefined],
      ['@@@', undefined],
    ];
    for (const [input, expected] of cases) assert.equal(memberIdFrom(input), expected, input);
    // Lossy inputs (José, sam+accord@…, 日本) get a readable slug plus a hash: see ids.test.ts.
    assert.equal(memberIdFrom('a'.repeat(100)), 'a'.repeat(64));
    assert.equal(memberIdFrom('SAM@example.com'), memberIdFrom('sam@example.com'));
  });

  it('memberIdFrom always gives a valid, stable id (feeding it back gives the same id)', () => {
    const inputArb = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.emailAddress(),
      fc.tuple(fc.integer({ min: 55, max: 70 }), fc.constantFrom('-', '.', ' ', '@', '_')).map(([n, sep]) => `${'a'.repeat(n)}${sep}bcdefghij`),
    );
    fc.assert(
      fc.property(inputArb, (input) => {
        const id = memberIdFrom(input);
        if (id === undefined) return;
        assert.match(id, MEMBER_ID_PATTERN);
        assert.equal(v.is(MemberIdSchema, id), true);
        assert.equal(memberIdFrom(id), id, JSON.stringify(input));
      }),
      { numRuns: 500 },
    );
  });

  it('entity ids of members and the team', () => {
    assert.equal(memberEntityId('sam'), 'member:sam');
    assert.match(memberEntityId('sam.lee-example.com'), ENTITY_ID_PATTERN);
    assert.match(TEAM_ENTITY_ID, ENTITY_ID_PATTERN);
  });
});
