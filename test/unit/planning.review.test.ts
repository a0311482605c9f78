import { strict as assert } from 'node:assert';
import { authorSources } from './helpers/authorFiles';
import { type CommitInfo, evidenceFor, indexCommits, materializeSources, type TeamState } from '../../src/core';
import { TeamMetrics } from '../../src/core/metrics';
import { dashboardView } from '../../src/dashboard/data';
import { PlanDraftModel } from '../../src/planning/draft';
import { currentCycle, lastCycleWindow, nextCycle } from '../../src/core';
import { reviewView } from '../../src/planning/review';
import { escapeMarkdown, fitSummary, sessionSummary } from '../../src/planning/summary';
import { planningView, reflectionId } from '../../src/planning/view';

type Fields = { kind: string } & Record<string, unknown>;

function team(entities: Record<string, Fields>): TeamState {
  const records = Object.fromEntries(
    Object.entries(entities).map(([id, { kind, ...fields }]) => [id, { kind, fields, clocks: Object.fromEntries(Object.keys(fields).map((k) => [k, 1])) }]),
  );
  return materializeSources(authorSources(records, 'alex'));
}

const XSS = '<img src=x onerror=alert(1)> <script>alert(2)</script> [click](javascript:alert(3)) | ![i](x)';

const people = {
  'member:alex': { kind: 'member', name: 'Alex Rivera', timeZone: 'UTC', capacityHours: 10 },
  'member:sam': { kind: 'member', name: 'Sam Okafor', timeZone: 'UTC', capacityHours: 10 },
  team: { kind: 'team', checkInTimes: ['09:30'], workingDays: [1, 2, 3, 4, 5], cycleDays: 14 },
};

describe('planning review: which days', () => {
  it('reviews the last cycleDays days when there was no session', () => {
    assert.deepEqual(lastCycleWindow(team(people), '2026-11-24'), { start: '2026-11-11', end: '2026-11-24', days: 14, sinceSession: false });
  });

  it('reviews from the last session’s cycle start, ignoring one started today', () => {
    const session = (cycleStart: string, cycleEnd: string): Fields => ({
      kind: 'session',
      at: `${cycleStart}T10:00:00.000Z`,
      cycleStart,
      cycleEnd,
      participants: ['alex'],
      committed: [],
    });
    const state = team({
      ...people,
      s1: session('2026-10-27', '2026-11-09'),
      s2: session('2026-11-10', '2026-11-23'),
      s3: session('2026-11-24', '2026-12-07'),
    });
    assert.deepEqual(lastCycleWindow(state, '2026-11-24'), { start: '2026-11-10', end: '2026-11-24', days: 15, sinceSession: true });
    assert.deepEqual(nextCycle(state, '2026-11-24'), { start: '2026-11-24', end: '2026-12-07', days: 14 });
    const current = currentCycle(state, '2026-11-30');
    assert.deepEqual([current.start, current.end, current.fromSession], ['2026-11-24', '2026-12-07', true]);
  });
});

describe('planning review: what the last cycle brought', () => {
  const state = team({
    ...people,
    'mg-1': {
      kind: 'microGoal',
      title: 'Parser tests',
      owner: 'sam',
      due: '2026-11-20',
      done: true,
      doneAt: '2026-11-19T10:00:00.000Z',
      createdAt: '2026-11-12T10:00:00.000Z',
    },
    'mg-old': { kind: 'microGoal', title: 'Old', owner: 'sam', done: true, doneAt: '2026-10-01T10:00:00.000Z', createdAt: '2026-09-12T10:00:00.000Z' },
    'ci-1': {
      kind: 'checkIn',
      member: 'sam',
      at: '2026-11-18T09:30:00.000Z',
      microGoals: [],
      status: 'on-track',
      helped: 'Pairing on Tuesday',
      hindered: 'Flaky CI',
    },
    'ci-2': { kind: 'checkIn', member: 'alex', at: '2026-11-19T09:30:00.000Z', microGoals: [], status: 'on-track', helped: 'pairing on tuesday' },
    'ci-old': { kind: 'checkIn', member: 'alex', at: '2026-10-19T09:30:00.000Z', microGoals: [], status: 'on-track', helped: 'old news' },
    'sb-1': {
      kind: 'setback',
      member: 'alex',
      about: 'mg-1',
      whatHappened: 'The release slipped',
      actions: [],
      lesson: 'Smaller batches',
      at: '2026-11-15T12:00:00.000Z',
    },
  });
  const review = reviewView(new TeamMetrics(state, '2026-11-24'), lastCycleWindow(state, '2026-11-24'));

  it('lists what got done in the window, newest first', () => {
    assert.deepEqual(review.done, [{ id: 'mg-1', title: 'Parser tests', owner: 'sam', day: '2026-11-19' }]);
    assert.equal(review.outcomes.onTime, 1);
  });

  it('gathers check-in highlights, one of each text, newest first', () => {
    assert.deepEqual(
      review.helped.map((h) => [h.member, h.text]),
      [['alex', 'pairing on tuesday']],
    );
    assert.deepEqual(
      review.hindered.map((h) => h.text),
      ['Flaky CI'],
    );
    assert.deepEqual(review.checkIns, [
      { member: 'alex', count: 1 },
      { member: 'sam', count: 1 },
    ]);
  });

  it('brings back setbacks and their lessons', () => {
    assert.deepEqual(review.setbacks, [
      { id: 'sb-1', member: 'alex', day: '2026-11-15', about: 'Parser tests', whatHappened: 'The release slipped', lesson: 'Smaller batches' },
    ]);
  });
});

describe('planning view and summary', () => {
  const state = team({
    ...people,
    'mg-a': { kind: 'microGoal', title: XSS, owner: 'sam', due: '2026-11-30', estimateHours: 26, done: false, createdAt: '2026-11-12T10:00:00.000Z' },
    [reflectionId('alex', '2026-11-24')]: { kind: 'reflection', member: 'alex', cycleStart: '2026-11-24', helped: XSS, at: '2026-11-24T10:00:00.000Z' },
  });
  const view = planningView({
    state,
    me: 'alex',
    today: '2026-11-24',
    timeZone: 'UTC',
    draft: new PlanDraftModel('2026-11-24', '2026-12-07'),
    step: 'plan',
    readOnly: false,
  });

  it('warns calmly about over-commitment, naming who and by how much', () => {
    assert.deepEqual(view.warnings, ['Sam is 6 h over capacity (26 h of 20 h)']);
    assert.equal(view.capacity.find((c) => c.member === 'sam')!.overBy, 6);
  });

  it('shows each member’s reflection for this session', () => {
    assert.equal(view.reflections.find((r) => r.member === 'alex')!.helped, XSS);
    assert.equal(view.reflections.find((r) => r.member === 'sam')!.helped, '');
  });

  it('escapes markdown and HTML from the data in the summary', () => {
    const summary = sessionSummary(view, { participants: ['alex', 'sam'] });
    assert.ok(!/(?<!\\)</.test(summary), 'every < is escaped');
    assert.ok(!/(?<!\\)\]\(/.test(summary), 'no live link');
    assert.match(summary, /\\<img src=x onerror=alert\(1\)\\>/);
    assert.match(summary, /Sam is 6 h over capacity \(26 h of 20 h\)/);
    assert.match(summary, /\| 1 \| .* \| Sam Okafor \| 26 h \| 2026-11-30 \|/);
    // A pipe in a title cannot break the table: every row has the same number of cells.
    const rows = summary.split('\n').filter((l) => l.startsWith('| 1 |'));
    assert.equal(rows[0]!.split(/(?<!\\)\|/).length, 8);
  });

  it('folds text onto one line and keeps the summary within the session’s limit', () => {
    assert.equal(escapeMarkdown('one\ntwo\r\n\nthree'), 'one two three');
    const long = fitSummary(`${'line\n'.repeat(10_000)}`);
    assert.ok(long.length <= 20_000);
    assert.match(long, /summary shortened/);
  });

  it('builds the dashboard from the same state', () => {
    const dashboard = dashboardView(state, '2026-11-24', 'UTC');
    assert.deepEqual(dashboard.warnings, ['Sam is 6 h over capacity (26 h of 20 h)']);
    assert.equal(dashboard.heatMap.counts.length, 26 * 7);
    assert.equal(dashboard.donePerWeek.length, 12);
    assert.deepEqual(
      dashboard.streaks.map((s) => s.name),
      ['Alex Rivera', 'Sam Okafor'],
    );
  });
});

describe('planning review and dashboard: evidence from git', () => {
  const state = team({
    ...people,
    'mg-1': { kind: 'microGoal', title: 'Parser tests', owner: 'sam', done: true, doneAt: '2026-11-19T10:00:00.000Z', createdAt: '2026-11-12T10:00:00.000Z' },
    'mg-2': { kind: 'microGoal', title: 'Docs', owner: 'alex', done: true, doneAt: '2026-11-20T10:00:00.000Z', createdAt: '2026-11-12T10:00:00.000Z' },
    'mg-3': { kind: 'microGoal', title: 'Reverted', owner: 'alex', done: true, doneAt: '2026-11-21T10:00:00.000Z', createdAt: '2026-11-12T10:00:00.000Z' },
  });
  const hash = (n: number) => n.toString(16).padStart(40, '0');
  const commit = (n: number, message: string): CommitInfo => ({
    hash: hash(n),
    parents: [],
    author: 'Sam Okafor',
    authorEmail: 'sam@example.com',
    at: `2026-11-1${n}T10:00:00Z`,
    subject: message.split('\n')[0]!,
    message,
  });
  const byMicroGoal = evidenceFor(
    indexCommits([
      commit(3, `Revert "Try"\n\nThis reverts commit ${hash(2)}.\n`),
      commit(2, 'Try\n\nAccord: mg-3\n'),
      commit(1, 'Parser tests\n\nAccord-Done: mg-1\nAccord: mg-1\n'),
    ]),
    state,
  );

  it('says, for each finished micro-goal of the cycle, how many commits still in the history name it', () => {
    const review = reviewView(new TeamMetrics(state, '2026-11-24'), lastCycleWindow(state, '2026-11-24'), { status: 'ready', byMicroGoal });
    assert.equal(review.evidence, 'ready');
    assert.deepEqual(
      review.done.map((d) => [d.title, d.commits]),
      [
        ['Reverted', 0],
        ['Docs', 0],
        ['Parser tests', 1],
      ],
    );
  });

  it('claims nothing without git: no commit counts, and the status says why', () => {
    const review = reviewView(new TeamMetrics(state, '2026-11-24'), lastCycleWindow(state, '2026-11-24'), { status: 'untrusted' });
    assert.equal(review.evidence, 'untrusted');
    assert.ok(review.done.every((d) => d.commits === undefined));
  });

  it("shows the team's share of finished work with evidence on the dashboard, over the weeks of its done chart", () => {
    const dashboard = dashboardView(state, '2026-11-24', 'UTC', undefined, { status: 'ready', byMicroGoal });
    assert.deepEqual(dashboard.evidence, { status: 'ready', finished: 3, backed: 1 });
    const later = dashboardView(state, '2027-06-01', 'UTC', undefined, { status: 'ready', byMicroGoal });
    assert.deepEqual(later.evidence, { status: 'ready', finished: 0, backed: 0 }, 'work finished before the chart’s weeks is not counted');
    assert.deepEqual(dashboardView(state, '2026-11-24', 'UTC').evidence, { status: 'noGit', finished: 3, backed: 0 });
  });
});
