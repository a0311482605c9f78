import { strict as assert } from 'node:assert';
import { NO_RULES, readCovenantRules } from '../../src/core/agreements';
import type { MicroGoalEvidence } from '../../src/core/evidence';
import type { TeamState } from '../../src/core/team';
import { lastCycleWindow } from '../../src/core';
import { TeamMetrics } from '../../src/core/metrics';
import { dashboardView } from '../../src/dashboard/data';
import { agreementsView, type CovenantInput } from '../../src/panels/agreementsView';
import { reviewView } from '../../src/planning/review';
import { teamBuilder, type TeamBuilder, twoPlanningCycles } from './helpers/teamBuilder';

const covenant = (...lines: string[]): CovenantInput => {
  const text = lines.join('\n');
  return { hash: `hash-of-${text.length}`, rules: readCovenantRules(text) };
};

/**
 * Alex (UTC) and Sam (UTC); planning sessions started 2026-02-23..03-08 and 2026-03-09..03-22;
 * "today" is Friday 2026-03-20. Alex checked in twice a week in both weeks of this cycle and in
 * one of the two weeks of the last; Sam once this cycle.
 */
function team(): TeamBuilder {
  return twoPlanningCycles(teamBuilder().member('alex', { name: 'Alex Rivera' }).member('sam', { name: 'Sam <b>Okafor</b> $(bell)' }))
    .checkIn('a1', 'alex', '2026-02-24T09:00:00.000Z')
    .checkIn('a2', 'alex', '2026-02-26T09:00:00.000Z')
    .checkIn('a3', 'alex', '2026-03-10T09:00:00.000Z')
    .checkIn('a4', 'alex', '2026-03-12T09:00:00.000Z')
    .checkIn('a5', 'alex', '2026-03-16T09:00:00.000Z')
    .checkIn('a6', 'alex', '2026-03-18T09:00:00.000Z')
    .checkIn('s1', 'sam', '2026-03-11T09:00:00.000Z');
}
const TODAY = '2026-03-20';

function built(t: TeamBuilder): TeamState {
  const state = t.build();
  assert.deepEqual(state.refused, []);
  return state;
}

const COVENANT = [
  '# How we work', // 1
  '', // 2
  'We check in often and say thanks.', // 3
  '', // 4
  '```accord', // 5
  'agreements:', // 6
  '  - kind: check-ins-per-week', // 7
  '    target: 2', // 8
  '    label: "Two check-ins a week <b>please</b>"', // 9
  '  - kind: pairing-hours # not a kind Accord knows', // 10
  '    target: 3', // 11
  '  - kind: kudos-per-cycle', // 12
  '    target: 1', // 13
  '    who: [sam, robin]', // 14
  '  - kind: micro-goals-done-with-evidence', // 15
  '```', // 16
];

describe('Agreements view: what the dashboard and the planning Review show', () => {
  it('gives each agreement’s words per person for this cycle and the last, with the trend, and lists what it cannot measure by covenant line', () => {
    const view = agreementsView(built(team()), covenant(...COVENANT), { today: TODAY });
    assert.equal(view.status, 'ready');
    assert.deepEqual(
      [view.current, view.last],
      [
        { from: '2026-03-09', to: TODAY },
        { from: '2026-02-23', to: '2026-03-08' },
      ],
    );
    assert.deepEqual(
      view.agreements.map((a) => [a.title, a.line]),
      [
        ['Two check-ins a week <b>please</b>', 7],
        ['One kudos a cycle', 12],
      ],
    );
    const [checkIns, kudos] = view.agreements;
    assert.deepEqual(
      checkIns!.people.map((p) => [p.name, p.current, p.last, p.trend, p.trendWords]),
      [
        ['Alex Rivera', '2 of 2 weeks with two check-ins', '1 of 2 weeks with two check-ins', 'better', 'More than last cycle'],
        ['Sam <b>Okafor</b> $\u200b(bell)', '0 of 1 week with two check-ins', '0 of 2 weeks with two check-ins', 'same', 'About the same as last cycle'],
      ],
    );
    assert.deepEqual(kudos!.unknown, ['robin'], 'a name that matches nobody is shown beside the measure');
    assert.deepEqual(
      kudos!.people.map((p) => [p.member, p.current, p.trend]),
      [['sam', '0 kudos given (agreed: 1)', 'running']],
    );
    assert.deepEqual(
      view.notMeasured.map((n) => [n.line, n.title]),
      [
        [10, 'pairing-hours'],
        [15, 'micro-goals-done-with-evidence'],
      ],
    );
    assert.match(view.notMeasured[0]!.reason, /^Accord does not know kind "pairing-hours" \(known: check-ins-per-week, /);
    assert.match(view.notMeasured[1]!.reason, /git history/);
  });

  it('measures micro-goals finished with evidence only once the evidence from git is read', () => {
    const state = built(
      team()
        .micro('mg-1', { owner: 'alex', title: 'Parser', done: true, doneAt: '2026-03-11T10:00:00.000Z' })
        .micro('mg-2', { owner: 'alex', title: 'Docs', done: true, doneAt: '2026-03-12T10:00:00.000Z' }),
    );
    const cov = covenant('```accord', 'agreements:', '  - kind: micro-goals-done-with-evidence', '    who: alex', '```');
    const commit = {
      hash: 'a'.repeat(40),
      author: 'Alex',
      at: '2026-03-11T09:00:00Z',
      time: Date.parse('2026-03-11T09:00:00Z'),
      subject: 'Parser',
      merge: false,
    };
    const linked: MicroGoalEvidence = { id: 'mg-1', owner: 'alex', isDone: true, commits: [{ ...commit, done: true, reverted: false }], backed: true };
    const byMicroGoal = new Map([['mg-1', linked]]);
    const ready = agreementsView(state, cov, { today: TODAY, evidence: { status: 'ready', byMicroGoal } });
    assert.deepEqual(ready.notMeasured, []);
    assert.equal(ready.agreements[0]!.people[0]!.current, '1 of 2 micro-goals finished with a linked commit');
    // Still reading (or no git): not "0 of 2", but not measured, with why.
    const reading = agreementsView(state, cov, { today: TODAY, evidence: { status: 'reading', byMicroGoal: new Map() } });
    assert.deepEqual(reading.agreements, []);
    assert.deepEqual(
      reading.notMeasured.map((n) => [n.line, n.title]),
      [[3, 'micro-goals-done-with-evidence']],
    );
  });

  it('a block Accord cannot read as YAML is listed with its line, and names and labels from the files stay text', () => {
    const view = agreementsView(built(team()), covenant('Intro', '```accord', 'agreements:', '  - kind: [check-ins-per-week', '```'), { today: TODAY });
    assert.equal(view.status, 'ready');
    assert.deepEqual(view.agreements, []);
    assert.equal(view.notMeasured.length, 1);
    assert.deepEqual([view.notMeasured[0]!.line, view.notMeasured[0]!.title], [4, 'An accord block'], 'the line of the unclosed bracket');
    assert.match(view.notMeasured[0]!.reason, /^this is not YAML Accord can read .*: check the indentation and the brackets and quotes$/);

    const hostile = agreementsView(
      built(team()),
      covenant('```accord', 'agreements:', '  - kind: "\u202Eevil $(bell)"', '    label: "\u202Eright to left"', '```'),
      { today: TODAY },
    );
    assert.equal(hostile.notMeasured[0]!.title, '<U+202E>right to left');
    assert.ok(!hostile.notMeasured[0]!.reason.includes('$('), 'no icon syntax survives in the reason');
    assert.ok(!hostile.notMeasured[0]!.reason.includes('\u202E'), 'no live bidi override survives in the reason');
  });

  it('says there is no covenant, or no agreement in it, so the section can tell how to add one', () => {
    const state = built(team());
    assert.equal(agreementsView(state, { hash: undefined, rules: NO_RULES }, { today: TODAY }).status, 'noCovenant');
    const prose = agreementsView(state, covenant('# Covenant', '', 'We check in daily.'), { today: TODAY });
    assert.deepEqual([prose.status, prose.agreements, prose.notMeasured], ['noAgreements', [], []]);
    const escalationOnly = covenant('```accord', 'escalation:', '  - after: 2', '    step: pair', '```');
    assert.equal(agreementsView(state, escalationOnly, { today: TODAY }).status, 'noAgreements');
  });

  it('the dashboard and the planning Review carry the same section from the same covenant', () => {
    const state = built(team());
    const cov = covenant(...COVENANT);
    const dashboard = dashboardView(state, TODAY, 'UTC', undefined, undefined, cov);
    const review = reviewView(new TeamMetrics(state, TODAY), lastCycleWindow(state, TODAY), { status: 'noGit' }, cov);
    assert.deepEqual(review.agreements, dashboard.agreements);
    assert.equal(dashboard.agreements.agreements.length, 2);
    assert.equal(dashboardView(state, TODAY, 'UTC').agreements.status, 'noCovenant', 'without a covenant, the empty state');
    assert.equal(reviewView(new TeamMetrics(state, TODAY), lastCycleWindow(state, TODAY)).agreements, undefined, 'a Review given no covenant has no section');
  });
});
