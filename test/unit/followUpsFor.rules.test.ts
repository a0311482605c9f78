import { strict as assert } from 'node:assert';
import { type CovenantRules, followUpsFor, NO_RULES, readCovenantRules, type TeamState } from '../../src/core';
import { pairingInvitation, pairingSlots } from '../../src/daily/pairingSlots';
import { sameOnEveryHost, teamBuilder, type TeamBuilder } from './helpers/teamBuilder';

const HOSTS = ['UTC', 'Pacific/Chatham'] as const;

function rulesOf(...yaml: string[]): CovenantRules {
  const rules = readCovenantRules(['# Our covenant', '', '```accord', ...yaml, '```'].join('\n'));
  assert.deepEqual([rules.problems, rules.notMeasured], [[], []]);
  return rules;
}

function built(t: TeamBuilder): TeamState {
  const state = t.build();
  assert.deepEqual(state.refused, [], 'every fixture write counts');
  return state;
}

const PATH = rulesOf(
  'escalation:',
  '  - after: 1',
  '    step: check-in',
  '  - after: 2',
  '    step: pair',
  '  - after: 5',
  '    step: planning',
  '    say: Bring it to planning.',
);

/** Alex (UTC) and Sam (Chatham); Sam says blocked on “Link commits” on Friday 13 March and again on Monday. */
const blockedTeam = () =>
  built(
    teamBuilder()
      .member('alex')
      .member('sam', { timeZone: 'Pacific/Chatham' })
      .micro('mg-s', { owner: 'sam', title: 'Link commits' })
      .checkIn('c1', 'sam', '2026-03-12T22:00:00.000Z', { status: 'blocked', microGoals: ['mg-s'] }) // Fri 11:45 in Chatham
      .checkIn('c2', 'sam', '2026-03-15T22:00:00.000Z', { status: 'blocked', microGoals: ['mg-s'] }), // Mon 11:45
  );

/** The escalation rows of `me`'s list at `now`, the same whatever the machine's zone. */
const steps = (state: TeamState, me: string, now: string, rules: CovenantRules = PATH) =>
  sameOnEveryHost(HOSTS, () =>
    followUpsFor(state, me, new Date(now), undefined, [], rules)
      .filter((f) => f.kind === 'escalation')
      .map((f) => ({ id: f.id, label: f.label, action: f.action, mine: f.mine })),
  );

describe('followUpsFor with the covenant: escalation steps', () => {
  it('gives owner and partner the step for the working days blocked, in the blocked person’s zone, across the weekend', () => {
    const state = blockedTeam();
    // Monday 16 March 09:00 in Chatham is Sunday 19:15 UTC: one working day (Monday) after Friday.
    assert.deepEqual(steps(state, 'sam', '2026-03-15T21:00:00.000Z'), [
      { id: 'c2:mg-s', label: 'Blocked for 1 working day on “Link commits”: Talk it through in a check-in', action: 'startCheckIn', mine: true },
    ]);
    // Tuesday 17 March in Chatham, still Monday in UTC: the partner sees Sam's day count, not his own.
    assert.deepEqual(steps(state, 'alex', '2026-03-16T20:00:00.000Z'), [
      { id: 'c2:mg-s', label: 'Sam has been blocked for 2 working days on “Link commits”: Pair on it', action: 'proposePairing', mine: true },
    ]);
    assert.deepEqual(steps(state, 'alex', '2026-03-19T20:00:00.000Z'), [
      { id: 'c2:mg-s', label: 'Sam has been blocked for 5 working days on “Link commits”: Bring it to planning.', action: 'addToAgenda', mine: true },
    ]);
  });

  it('counts toward the status bar (mine), next to the partner’s “is blocked” row, and names the covenant line', () => {
    const state = blockedTeam();
    const list = sameOnEveryHost(HOSTS, () => followUpsFor(state, 'alex', new Date('2026-03-16T20:00:00.000Z'), undefined, [], PATH));
    assert.deepEqual(
      list.map((f) => [f.kind, f.mine]),
      [
        ['blocked', true],
        ['escalation', true],
      ],
    );
    assert.equal(
      list[1]!.detail,
      "The covenant's escalation path (covenant.md line 7): after 2 working days blocked, pair on it.",
      'the line of covenant.md the step is written on',
    );
  });

  it('offers nothing without an escalation path, once the block is over, or before the first step', () => {
    const state = blockedTeam();
    assert.deepEqual(steps(state, 'alex', '2026-03-19T20:00:00.000Z', NO_RULES), []);
    assert.deepEqual(steps(state, 'alex', '2026-03-19T20:00:00.000Z', rulesOf('escalation:', '  - after: 10', '    step: pair')), []);
    const moved = built(
      teamBuilder()
        .member('alex')
        .member('sam', { timeZone: 'Pacific/Chatham' })
        .micro('mg-s', { owner: 'sam', title: 'Link commits' })
        .checkIn('c1', 'sam', '2026-03-12T22:00:00.000Z', { status: 'blocked', microGoals: ['mg-s'] })
        .checkIn('c2', 'sam', '2026-03-15T22:00:00.000Z', { status: 'on-track', microGoals: ['mg-s'] }),
    );
    assert.deepEqual(steps(moved, 'alex', '2026-03-19T20:00:00.000Z'), []);
  });

  it('the default (no rules) is exactly today’s list', () => {
    const state = blockedTeam();
    const now = new Date('2026-03-19T20:00:00.000Z');
    assert.deepEqual(followUpsFor(state, 'alex', now, 'hash'), followUpsFor(state, 'alex', now, 'hash', [], NO_RULES));
    assert.ok(!followUpsFor(state, 'alex', now).some((f) => f.kind === 'escalation'));
  });
});

describe('followUpsFor with the covenant: decision rights for renegotiations', () => {
  const RIGHTS = rulesOf(
    'roles:',
    '  mentor: Alex',
    '  mentee: sam',
    'decisions:',
    '  renegotiations:',
    '    - accepts: mentor',
    '      for: mentee',
    '      changes: [due]',
  );
  const WORDS = 'Alex may accept: the covenant says mentor accepts the date changes of mentee (covenant.md line 9)';
  const state = () =>
    built(
      teamBuilder()
        .member('alex', { name: 'Alex' })
        .member('sam', { name: 'Sam' })
        .member('kim', { name: 'Kim' })
        .micro('mg-s', { owner: 'sam', title: 'Link commits', due: '2026-03-20' })
        .renegotiation('due', { microGoal: 'mg-s', proposer: 'sam', change: { due: '2026-03-27' }, reason: 'The API changed' })
        .renegotiation('scope', { microGoal: 'mg-s', proposer: 'sam', change: { scope: 'Only the parser' }, reason: 'Too big' }),
    );
  const NOW = '2026-03-16T10:00:00.000Z';
  const rows = (me: string, rules: CovenantRules) =>
    sameOnEveryHost(HOSTS, () =>
      followUpsFor(state(), me, new Date(NOW), undefined, [], rules)
        .filter((f) => f.kind === 'renegotiation')
        .map((f) => ({ id: f.id, mine: f.mine, detail: f.detail })),
    );

  it('without a rule, anyone but the proposer has the owner’s own proposal to answer (today’s behaviour)', () => {
    assert.deepEqual(
      rows('kim', NO_RULES).map((r) => [r.id, r.mine, r.detail]),
      [
        ['due', true, 'The API changed'],
        ['scope', true, 'Too big'],
      ],
    );
  });

  it('“the mentor accepts the mentee’s date changes”: the date change waits on the mentor only, and says so', () => {
    assert.deepEqual(rows('alex', RIGHTS), [
      { id: 'due', mine: true, detail: `The API changed\n${WORDS}` },
      { id: 'scope', mine: true, detail: 'Too big\nAlex or Kim may accept' },
    ]);
    assert.deepEqual(rows('kim', RIGHTS), [{ id: 'scope', mine: true, detail: 'Too big\nAlex or Kim may accept' }], 'not Kim’s to answer: gone from her list');
    assert.deepEqual(rows('sam', RIGHTS), [
      { id: 'due', mine: false, detail: `The API changed\n${WORDS}` },
      { id: 'scope', mine: false, detail: 'Too big\nAlex or Kim may accept' },
    ]);
  });

  it('the status bar counts what the covenant gives me, so it and the view agree', () => {
    const mine = (me: string, rules: CovenantRules) => followUpsFor(state(), me, new Date(NOW), undefined, [], rules).filter((f) => f.mine).length;
    assert.deepEqual([mine('alex', RIGHTS), mine('kim', RIGHTS), mine('kim', NO_RULES)], [2, 1, 2]);
  });
});

describe('pairing times for an escalation', () => {
  /** Alex in Auckland, Sam in Chatham (45 minutes ahead), both 09:00–17:30 on their clocks. */
  const pair = (t: TeamBuilder = teamBuilder()) =>
    built(t.member('alex', { name: 'Alex', timeZone: 'Pacific/Auckland' }).member('sam', { name: 'Sam', timeZone: 'Pacific/Chatham' }));
  const slots = (state: TeamState, from: string, count = 5) =>
    sameOnEveryHost(HOSTS, () => pairingSlots(state, ['alex', 'sam'], new Date(from), count).map((d) => d.toISOString()));

  it('offers the next hours when both are at work, two hours apart, on quarter hours of every zone', () => {
    // Monday 16 March: Sam starts at 09:00 Chatham (19:15 UTC Sunday), Alex at 09:00 Auckland (20:00 UTC).
    assert.deepEqual(slots(pair(), '2026-03-15T19:07:00.000Z'), [
      '2026-03-15T20:00:00.000Z', // Alex 09:00, Sam 09:45
      '2026-03-15T22:00:00.000Z',
      '2026-03-16T00:00:00.000Z',
      '2026-03-16T02:00:00.000Z', // ends 04:00 Alex’s 16:00 … Sam’s 16:45, inside both days
      '2026-03-16T20:00:00.000Z', // Tuesday
    ]);
  });

  it('skips the weekend and a team holiday', () => {
    const state = pair(teamBuilder().put('alex', 'hol-1', 'holiday', { day: '2026-03-16', name: 'Founders Day', at: '2026-03-01T09:00:00.000Z' }));
    // Friday 13 March 15:00 in Auckland (15:45 in Chatham): one hour is left in both days, then Tuesday (Monday is the holiday).
    assert.deepEqual(slots(state, '2026-03-13T02:00:00.000Z', 2), ['2026-03-13T02:00:00.000Z', '2026-03-16T20:00:00.000Z']);
    // From 16:00 in Auckland, Sam's day (16:45) has no full hour left: Tuesday.
    assert.deepEqual(slots(state, '2026-03-13T03:00:00.000Z', 1), ['2026-03-16T20:00:00.000Z']);
  });

  it('writes a one-event invitation that calendar apps read: UTC times, escaped text, folded lines', () => {
    const text = pairingInvitation({
      uid: 'pair-c2-mg-s-1@accord',
      start: new Date('2026-03-15T20:00:00.000Z'),
      summary: 'Pairing: Link commits; trailers, tests',
      description: 'Alex and Sam pair on “Link commits”.\nThe covenant says so, after 2 working days blocked, and this line is long enough to fold.',
      stamp: new Date('2026-03-14T08:30:00.000Z'),
    });
    assert.ok(text.endsWith('END:VCALENDAR\r\n'));
    assert.ok(!/[^\r]\n/.test(text), 'CRLF line ends only');
    const unfolded = text.replace(/\r\n /g, '');
    const lines = unfolded.split('\r\n');
    assert.ok(lines.includes('DTSTART:20260315T200000Z'));
    assert.ok(lines.includes('DTEND:20260315T210000Z'));
    assert.ok(lines.includes('DTSTAMP:20260314T083000Z'));
    assert.ok(lines.includes('SUMMARY:Pairing: Link commits\\; trailers\\, tests'));
    assert.ok(lines.some((l) => l.startsWith('DESCRIPTION:Alex and Sam pair on “Link commits”.\\nThe covenant says so\\, after')));
    assert.ok(!lines.some((l) => l.startsWith('METHOD') || l.startsWith('ATTENDEE')), 'a file for one’s own calendar: nothing is sent');
    assert.ok(text.split('\r\n').every((l) => new TextEncoder().encode(l).length <= 75));
  });
});
