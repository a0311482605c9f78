import { strict as assert } from 'node:assert';
import { type CovenantRules, NO_RULES, readCovenantRules } from '../../src/core/agreements';
import { agreementWindows, measureAgreements, type PersonMeasure } from '../../src/core/agreementMeasures';
import type { MicroGoalEvidence } from '../../src/core/evidence';
import type { TeamState } from '../../src/core/team';
import { teamBuilder, type TeamBuilder, twoPlanningCycles } from './helpers/teamBuilder';

/** Rules from one ```accord block of `yaml` lines. */
function rulesOf(...yaml: string[]): CovenantRules {
  const rules = readCovenantRules(['```accord', ...yaml, '```'].join('\n'));
  assert.deepEqual([rules.problems, rules.notMeasured], [[], []]);
  return rules;
}

/**
 * Alex (UTC) and Sam (Auckland, UTC+13 in March). Planning sessions started the cycles
 * 2026-02-23..03-08 and 2026-03-09..03-22; "today" is Friday 2026-03-20.
 */
function team(): TeamBuilder {
  return twoPlanningCycles(teamBuilder().member('alex').member('sam', { timeZone: 'Pacific/Auckland' }));
}
const TODAY = '2026-03-20';

function built(t: TeamBuilder): TeamState {
  const state = t.build();
  assert.deepEqual(state.refused, [], 'every fixture write counts');
  return state;
}

const person = (measure: { people: readonly PersonMeasure[] }, member: string) => measure.people.find((p) => p.member === member)!;
const summary = (p: PersonMeasure) => [p.current.words, p.last.words, p.trend];

describe('agreements: measured per person over the current and the last cycle', () => {
  it('takes the session’s cycle so far and the cycle before it; without sessions, the last cycleDays days and the ones before', () => {
    assert.deepEqual(agreementWindows(built(team()), TODAY), {
      current: { from: '2026-03-09', to: TODAY },
      last: { from: '2026-02-23', to: '2026-03-08' },
      cycleEnd: '2026-03-22',
    });
    assert.deepEqual(agreementWindows(built(teamBuilder().member('alex')), TODAY), {
      current: { from: '2026-03-07', to: TODAY },
      last: { from: '2026-02-21', to: '2026-03-06' },
      cycleEnd: TODAY,
    });
  });

  it('check-ins per week: weeks with the agreed check-ins, days in each person’s own zone, a running week counted once it has them, a week away not asked', () => {
    const state = built(
      team()
        // Alex: last cycle 2 then 0; this cycle 2, and 1 so far in the running week.
        .checkIn('a1', 'alex', '2026-02-24T09:00:00.000Z')
        .checkIn('a2', 'alex', '2026-02-26T09:00:00.000Z')
        .checkIn('a3', 'alex', '2026-03-10T09:00:00.000Z')
        .checkIn('a4', 'alex', '2026-03-12T09:00:00.000Z')
        .checkIn('a5', 'alex', '2026-03-17T09:00:00.000Z')
        // Sam in Auckland: Sunday 20:00 UTC is Monday 09:00 on his clock, so both are in the week of 9 March.
        .checkIn('s1', 'sam', '2026-03-08T20:00:00.000Z')
        .checkIn('s2', 'sam', '2026-03-10T20:00:00.000Z')
        .checkIn('s3', 'sam', '2026-02-24T20:00:00.000Z')
        // Sam is away the whole week of 2 March: that week asks nothing of him.
        .put('sam', 'away-1', 'away', { member: 'sam', from: '2026-03-02', to: '2026-03-06', at: '2026-02-20T09:00:00.000Z' }),
    );
    const [measure] = measureAgreements(state, rulesOf('agreements:', '  - kind: check-ins-per-week', '    target: 2'), { today: TODAY }).measured;
    assert.equal(measure!.title, 'Two check-ins a week');
    assert.deepEqual(summary(person(measure!, 'alex')), ['1 of 1 week with two check-ins', '1 of 2 weeks with two check-ins', 'better']);
    assert.deepEqual(summary(person(measure!, 'sam')), ['1 of 1 week with two check-ins', '0 of 1 week with two check-ins', 'better']);
    assert.equal(person(measure!, 'sam').trendWords, 'More than last cycle');

    // With five a week, no week was met; Alex's one check-in in the running week is not counted against him.
    const five = measureAgreements(state, rulesOf('agreements:', '  - kind: check-ins-per-week', '    target: 5'), { today: TODAY }).measured[0]!;
    assert.deepEqual(summary(person(five, 'alex')), ['0 of 1 week with five check-ins', '0 of 2 weeks with five check-ins', 'same']);
  });

  it('check-ins per week: a week across a cycle’s edge is judged once, whole, in the cycle it starts in', () => {
    // Cycles start on Wednesdays (25 Feb, 11 Mar); Alex checks in Mon, Tue, Thu and Fri of every week: four every week.
    const session = (start: string, end: string) => ({ at: `${start}T09:00:00.000Z`, cycleStart: start, cycleEnd: end, participants: ['alex'], committed: [] });
    let t = teamBuilder()
      .member('alex')
      .put('alex', 'ses-1', 'session', session('2026-02-25', '2026-03-10'))
      .put('alex', 'ses-2', 'session', session('2026-03-11', '2026-03-24'));
    for (const day of [
      '02-23',
      '02-24',
      '02-26',
      '02-27',
      '03-02',
      '03-03',
      '03-05',
      '03-06',
      '03-09',
      '03-10',
      '03-12',
      '03-13',
      '03-16',
      '03-17',
      '03-19',
      '03-20',
    ])
      t = t.checkIn(`c-${day}`, 'alex', `2026-${day}T09:00:00.000Z`);
    const [measure] = measureAgreements(built(t), rulesOf('agreements:', '  - kind: check-ins-per-week', '    target: 4'), { today: TODAY }).measured;
    // This cycle (from Wed 11 Mar): the week of 16 Mar, met (the week of 9 Mar started in the last cycle).
    // Last cycle (from Wed 25 Feb): the weeks of 2 and 9 March, both met, judged Monday to Sunday.
    assert.deepEqual(summary(person(measure!, 'alex')), ['1 of 1 week with four check-ins', '2 of 2 weeks with four check-ins', 'same']);
  });

  it('check-ins per week, without planning sessions: the running week is not met until it has all its check-ins', () => {
    // Tuesday 17 March: two check-ins so far this week (Mon, Tue), against four a week.
    const t = teamBuilder().member('alex').checkIn('c1', 'alex', '2026-03-16T09:00:00.000Z').checkIn('c2', 'alex', '2026-03-17T09:00:00.000Z');
    const [measure] = measureAgreements(built(t), rulesOf('agreements:', '  - kind: check-ins-per-week', '    target: 4'), { today: '2026-03-17' }).measured;
    assert.equal(person(measure!, 'alex').current.met, 0, 'two of four is not a week with four check-ins');
    assert.equal(person(measure!, 'alex').current.of, 1, 'the week of 9 March, which ended without them; the running week waits');
  });

  it('renegotiations answered within N working days, on a Sunday–Thursday team with a holiday, and a proposal left waiting', () => {
    const proposal = (id: string, at: string) => (t: TeamBuilder) =>
      t.renegotiation(id, { microGoal: 'mg-s', proposer: 'sam', change: { due: '2026-04-01' }, at });
    const answer = (id: string, at: string) => (t: TeamBuilder) =>
      t.put('alex', id, 'renegotiation', { state: 'accepted', respondedBy: 'alex', respondedAt: at });
    let t = team()
      .team({ workingDays: [0, 1, 2, 3, 4] })
      .put('alex', 'hol-1', 'holiday', { day: '2026-03-15', name: 'Founders Day', at: '2026-03-01T09:00:00.000Z' })
      .micro('mg-s', { owner: 'sam', title: 'Link commits' });
    // Sam's clock is 13 hours ahead: 10:00 UTC is 23:00 there, the same day; the days below are Alex's (UTC).
    t = proposal('r1', '2026-03-11T10:00:00.000Z')(t); // Wed → answered Mon 16: Thu, (Sun holiday), Mon = 2
    t = answer('r1', '2026-03-16T10:00:00.000Z')(t);
    t = proposal('r2', '2026-03-10T10:00:00.000Z')(t); // Tue → answered Mon 16: Wed, Thu, Mon = 3
    t = answer('r2', '2026-03-16T11:00:00.000Z')(t);
    t = proposal('r3', '2026-03-12T10:00:00.000Z')(t); // Thu, never answered: Mon, Tue, Wed, Thu by today = 4
    t = proposal('r4', '2026-03-18T10:00:00.000Z')(t); // Wed, still inside its 2 days: not counted yet
    t = proposal('r5', '2026-03-03T10:00:00.000Z')(t); // last cycle: answered the same day
    t = answer('r5', '2026-03-03T15:00:00.000Z')(t);
    const report = measureAgreements(built(t), rulesOf('agreements:', '  - kind: renegotiations-answered-within', '    target: 2', '    who: alex'), {
      today: '2026-03-19',
    });
    const alex = person(report.measured[0]!, 'alex');
    assert.deepEqual(summary(alex), ['1 of 3 renegotiations answered within 2 working days', '1 of 1 renegotiation answered within 2 working days', 'worse']);
    assert.equal(alex.trendWords, 'Less than last cycle: worth a word at the next planning session');
    assert.deepEqual(
      report.measured[0]!.people.map((p) => p.member),
      ['alex'],
    );
  });

  it('a proposal anyone of several may answer is late for nobody while it waits; one waiting on me alone is mine', () => {
    const t = team()
      .member('kim')
      .micro('mg-s', { owner: 'sam', title: 'Link commits' })
      .micro('mg-a', { owner: 'alex', title: 'Review the parser' })
      // Sam's own date change: Alex or Kim may answer. Sam's change to Alex's micro-goal: Alex alone.
      .renegotiation('own', { microGoal: 'mg-s', proposer: 'sam', change: { due: '2026-04-01' }, at: '2026-03-10T10:00:00.000Z' })
      .renegotiation('alexs', { microGoal: 'mg-a', proposer: 'sam', change: { due: '2026-04-01' }, at: '2026-03-10T10:00:00.000Z' });
    const report = measureAgreements(built(t), rulesOf('agreements:', '  - kind: renegotiations-answered-within', '    target: 2'), { today: TODAY });
    const words = (member: string) => person(report.measured[0]!, member).current.words;
    assert.equal(words('alex'), '0 of 1 renegotiation answered within 2 working days', 'the one on his own micro-goal waits on him alone');
    assert.equal(words('kim'), 'No renegotiations to answer', 'not blamed for a proposal Alex may answer as well');
  });

  it('a proposal made on a day off counts from the next working day: answered then, it took 0 working days', () => {
    const proposal = (id: string, at: string) => (t: TeamBuilder) =>
      t.renegotiation(id, { microGoal: 'mg-s', proposer: 'sam', change: { due: '2026-04-01' }, at });
    const answer = (id: string, at: string) => (t: TeamBuilder) =>
      t.put('alex', id, 'renegotiation', { state: 'accepted', respondedBy: 'alex', respondedAt: at });
    let t = team().micro('mg-s', { owner: 'sam', title: 'Link commits' });
    t = proposal('r1', '2026-03-14T10:00:00.000Z')(t); // Saturday (Alex in UTC, Monday–Friday)
    t = answer('r1', '2026-03-16T08:00:00.000Z')(t); // Monday morning: in time for target 0
    t = proposal('r2', '2026-03-14T11:00:00.000Z')(t); // Saturday again
    t = answer('r2', '2026-03-17T08:00:00.000Z')(t); // Tuesday: 1 working day
    const rules = (target: number) => rulesOf('agreements:', '  - kind: renegotiations-answered-within', `    target: ${target}`, '    who: alex');
    const words = (target: number) => person(measureAgreements(built(t), rules(target), { today: TODAY }).measured[0]!, 'alex').current.words;
    assert.equal(words(0), '1 of 2 renegotiations answered within 0 working days');
    assert.equal(words(1), '2 of 2 renegotiations answered within 1 working day');
  });

  it('renegotiating before the due date, by metrics’ rule: renegotiated counts apart from missed, on time is not a changed plan', () => {
    const state = built(
      team()
        .micro('mg-1', { owner: 'alex', due: '2026-03-10', done: true, doneAt: '2026-03-12T10:00:00.000Z' })
        .micro('mg-2', { owner: 'alex', due: '2026-03-11' })
        .renegotiation('rn-2', { microGoal: 'mg-2', proposer: 'alex', change: { scope: 'smaller' }, at: '2026-03-10T10:00:00.000Z', beforeDue: true })
        .put('sam', 'rn-2', 'renegotiation', { state: 'accepted', respondedBy: 'sam', respondedAt: '2026-03-10T12:00:00.000Z' })
        .micro('mg-3', { owner: 'alex', due: '2026-03-12', done: true, doneAt: '2026-03-12T10:00:00.000Z' })
        .micro('mg-4', { owner: 'alex', due: '2026-03-18' })
        .micro('mg-5', { owner: 'alex', due: '2026-03-25' }),
    );
    const alex = person(measureAgreements(state, rulesOf('agreements:', '  - kind: renegotiate-before-due'), { today: TODAY }).measured[0]!, 'alex');
    assert.deepEqual(summary(alex), ['1 of 3 changed plans renegotiated before the due date', 'No plans needed changing', 'new']);
  });

  it('renegotiating before the due date counts in the cycle it happened in, not in the cycle of the new due date', () => {
    // Due Thursday 5 March (the last cycle), renegotiated on the 3rd to the 30th (after this cycle), accepted the same day.
    const state = built(
      team()
        .micro('mg-1', { owner: 'alex', due: '2026-03-30' })
        .renegotiation('rn-1', { microGoal: 'mg-1', proposer: 'alex', change: { due: '2026-03-30' }, at: '2026-03-03T10:00:00.000Z', beforeDue: true })
        .put('sam', 'rn-1', 'renegotiation', { state: 'accepted', respondedBy: 'sam', respondedAt: '2026-03-03T12:00:00.000Z' }),
    );
    const alex = person(measureAgreements(state, rulesOf('agreements:', '  - kind: renegotiate-before-due'), { today: TODAY }).measured[0]!, 'alex');
    assert.deepEqual(summary(alex), ['No plans needed changing', '1 of 1 changed plan renegotiated before the due date', 'new']);
  });

  it('feedback or kudos per cycle: what each person gave, never "worse" while the cycle can still reach the target', () => {
    const give = (id: string, from: string, to: string, type: 'kudos' | 'observation', at: string) => (t: TeamBuilder) =>
      t.put(from, id, 'feedback', { from, to, type, behaviour: 'Reviewed my PR the same day', at });
    let t = team();
    t = give('f1', 'alex', 'sam', 'kudos', '2026-03-02T09:00:00.000Z')(t);
    t = give('f2', 'alex', 'sam', 'observation', '2026-03-03T09:00:00.000Z')(t);
    t = give('f3', 'sam', 'alex', 'kudos', '2026-03-08T12:00:00.000Z')(t); // Sunday 12:00 UTC is Monday 9 March 01:00 in Auckland: this cycle
    t = give('f4', 'alex', 'sam', 'observation', '2026-03-10T09:00:00.000Z')(t);
    const rules = rulesOf('agreements:', '  - kind: feedback-per-cycle', '    target: 2', '  - kind: kudos-per-cycle', '    target: 1');
    const [feedback, kudos] = measureAgreements(built(t), rules, { today: TODAY }).measured;
    assert.deepEqual(summary(person(feedback!, 'alex')), [
      '1 piece of feedback or kudos given (agreed: 2)',
      '2 pieces of feedback or kudos given (agreed: 2)',
      'running',
    ]);
    assert.deepEqual(summary(person(kudos!, 'alex')), ['0 kudos given (agreed: 1)', '1 kudos given (agreed: 1)', 'running']);
    assert.equal(person(kudos!, 'alex').trendWords, 'The cycle is still running: there is time to reach it');
    assert.deepEqual(summary(person(kudos!, 'sam')), ['1 kudos given (agreed: 1)', '0 kudos given (agreed: 1)', 'better']);
    // On the cycle's last day it is judged: less than last cycle, not "about the same".
    const { cycleEnd } = agreementWindows(built(t), TODAY);
    const [, lastDay] = measureAgreements(built(t), rules, { today: cycleEnd }).measured;
    assert.deepEqual(summary(person(lastDay!, 'alex')), ['0 kudos given (agreed: 1)', '1 kudos given (agreed: 1)', 'worse']);
  });

  it('setbacks reviewed by their follow-up date, in the member’s zone; one due today is not late yet', () => {
    const setback = (id: string, followUp: string, reviewedAt?: string) => (t: TeamBuilder) =>
      t.put('sam', id, 'setback', {
        member: 'sam',
        about: 'mg-s',
        whatHappened: 'The build broke',
        actions: [],
        followUp,
        at: '2026-03-01T09:00:00.000Z',
        ...(reviewedAt ? { reviewedAt } : {}),
      });
    let t = team().micro('mg-s', { owner: 'sam' });
    t = setback('sb1', '2026-03-12', '2026-03-11T20:00:00.000Z')(t); // 12 March 09:00 in Auckland: on the day
    t = setback('sb2', '2026-03-13', '2026-03-13T20:00:00.000Z')(t); // 14 March in Auckland: a day late
    t = setback('sb3', '2026-03-16')(t); // not reviewed: late
    t = setback('sb4', TODAY)(t); // due today: not counted yet
    const sam = person(measureAgreements(built(t), rulesOf('agreements:', '  - kind: setbacks-reviewed-by-follow-up'), { today: TODAY }).measured[0]!, 'sam');
    assert.deepEqual(summary(sam), ['1 of 3 setbacks reviewed by the follow-up date', 'No follow-ups were due', 'new']);
  });

  it('micro-goals finished with a linked commit, given the evidence; without it the agreement is listed as not measured', () => {
    const state = built(
      team()
        .micro('mg-1', { owner: 'alex', done: true, doneAt: '2026-03-10T10:00:00.000Z' })
        .micro('mg-2', { owner: 'alex', done: true, doneAt: '2026-03-11T10:00:00.000Z' })
        .micro('mg-3', { owner: 'alex', done: true, doneAt: '2026-03-02T10:00:00.000Z' }),
    );
    const evidence = new Map<string, MicroGoalEvidence>([['mg-1', { id: 'mg-1', owner: 'alex', isDone: true, commits: [], backed: true }]]);
    const rules = rulesOf('agreements:', '  - kind: micro-goals-done-with-evidence', '    who: Alex');
    const alex = person(measureAgreements(state, rules, { today: TODAY, evidence }).measured[0]!, 'alex');
    assert.deepEqual(summary(alex), ['1 of 2 micro-goals finished with a linked commit', '0 of 1 micro-goal finished with a linked commit', 'better']);
    const without = measureAgreements(state, rules, { today: TODAY });
    assert.deepEqual(without.measured, []);
    assert.deepEqual(
      without.notMeasured.map((n) => [n.line, n.reason]),
      [[3, 'it needs the git history (commits linked with Accord: trailers), which is not read here']],
    );
  });

  it('applies an agreement to a role, an email or a name; one naming nobody is not measured, and unknown names are kept', () => {
    const state = built(team().put('kim', 'member:kim', 'member', { name: 'Kim Lee', timeZone: 'UTC', capacityHours: 10, email: 'Kim@Example.com' }));
    const rules = rulesOf(
      'roles:',
      '  mentee: [kim@example.com, "  kim lee "]',
      'agreements:',
      '  - kind: renegotiate-before-due',
      '    who: [mentee, Sam, zed]',
      '  - kind: kudos-per-cycle',
      '    target: 1',
      '    who: [nobody]',
    );
    const report = measureAgreements(state, rules, { today: TODAY });
    assert.deepEqual(
      report.measured[0]!.people.map((p) => p.name),
      ['Kim Lee', 'Sam'],
    );
    assert.deepEqual(report.measured[0]!.unknown, ['zed']);
    assert.deepEqual(
      report.notMeasured.map((n) => [n.line, n.reason]),
      [[7, '"who" names nobody Accord knows (nobody): use member ids, emails, names or a role of "roles:"']],
    );
    assert.deepEqual(measureAgreements(state, NO_RULES, { today: TODAY }).measured, []);
  });
});
