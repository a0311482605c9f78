import { strict as assert } from 'node:assert';
import {
  closedPeriods,
  type EntityRecord,
  liveSince,
  materializeSources,
  mergeMemberFiles,
  planArchive,
  type RecordSource,
  type TeamState,
} from '../../src/core';
import { teamBuilder, type TeamBuilder } from './helpers/teamBuilder';

const TODAY = '2026-11-30';

/** A team with history: alex's achieved goal of 2024, an active goal with an old done step, check-ins over two years, feedback and a renegotiation. */
function history(): TeamBuilder {
  return teamBuilder()
    .member('alex')
    .member('sam')
    .team()
    .goal('g-old', { owner: 'alex', state: 'achieved', createdAt: '2024-01-10T09:00:00.000Z' })
    .micro('m-old', { owner: 'alex', goal: 'g-old', done: true, doneAt: '2024-12-31T23:30:00.000Z' })
    .goal('g-now', { owner: 'alex', createdAt: '2024-05-01T09:00:00.000Z' })
    .micro('m-now-done', { owner: 'alex', goal: 'g-now', done: true, doneAt: '2024-06-01T09:00:00.000Z' })
    .micro('m-loose', { owner: 'sam', done: true, doneAt: '2025-02-01T09:00:00.000Z' })
    .micro('m-open', { owner: 'sam', createdAt: '2025-01-01T09:00:00.000Z' })
    .micro('m-haggled', { owner: 'sam', done: true, doneAt: '2025-03-01T09:00:00.000Z' })
    .renegotiation('r-open', { microGoal: 'm-haggled', proposer: 'sam', change: { due: '2025-03-09' }, at: '2025-02-20T09:00:00.000Z' })
    .checkIn('c-2024', 'alex', '2024-03-04T09:30:00.000Z')
    .checkIn('c-2025', 'sam', '2025-06-02T16:30:00.000Z')
    .checkIn('c-recent', 'sam', '2026-11-27T16:30:00.000Z')
    .put('sam', 'f-acked', 'feedback', { from: 'sam', to: 'alex', type: 'kudos', behaviour: 'Clear review notes', at: '2025-04-01T10:00:00.000Z' })
    .put('alex', 'f-acked', 'feedback', { acknowledgedAt: '2025-04-02T10:00:00.000Z' })
    .put('sam', 'f-waiting', 'feedback', { from: 'sam', to: 'alex', type: 'kudos', behaviour: 'Paired on the flaky test', at: '2025-04-01T10:00:00.000Z' })
    .checkIn('c-gone', 'alex', '2024-02-02T09:30:00.000Z')
    .remove('alex', 'c-gone', 'checkIn');
}

/** Each member's records split by planArchive: the live file and the closed periods. */
function archived(sources: readonly RecordSource[], state: TeamState, today = TODAY) {
  const periods = closedPeriods(state, liveSince(today, state));
  return sources.map((s) => ({ member: s.member, plan: planArchive(s.entities, periods) }));
}

/** A member's records across all of their files. */
function allOf(member: string, plan: ReturnType<typeof planArchive>): Record<string, EntityRecord> {
  return mergeMemberFiles(member, [plan.live, ...plan.periods.values()]);
}

describe('archive: closed history leaves the live file (issue 20 §1)', () => {
  it('moves what closed before the live window, by the UTC year it closed in, and keeps the rest live', () => {
    const state = history().build();
    const periods = closedPeriods(state, liveSince(TODAY, state));
    assert.deepEqual(Object.fromEntries([...periods].sort()), {
      'c-2024': '2024',
      'c-2025': '2025',
      'f-acked': '2025',
      // Done at 23:30 UTC on the last day of 2024: 2024 on every host; the goal closes with it.
      'g-old': '2024',
      'm-loose': '2025',
      'm-old': '2024',
    });
    // Kept: a done step of an active goal, an open step, a step with an open renegotiation and
    // that renegotiation, a recent check-in, feedback not acknowledged, profiles and settings.
    for (const id of ['m-now-done', 'g-now', 'm-open', 'm-haggled', 'r-open', 'c-recent', 'f-waiting', 'member:alex', 'team']) assert.ok(!periods.has(id), id);
  });

  it('keeps two planning cycles live when they are longer than the live window', () => {
    const state = teamBuilder().member('alex').team({ cycleDays: 60 }).build();
    assert.equal(liveSince(TODAY, state), '2026-08-02');
    assert.equal(liveSince(TODAY, teamBuilder().team({ cycleDays: 14 }).build()), '2026-08-30');
    assert.throws(() => liveSince('30/11/2026', state), /Not a day/);
  });

  it("changes nothing of the team's state: every member's files merged give the state before", () => {
    const b = history();
    const before = b.build();
    const split = archived(b.sources(), before);
    const after = materializeSources(split.map(({ member, plan }) => ({ member, entities: allOf(member, plan) })));
    assert.deepEqual(after.entities, before.entities);
    assert.deepEqual(after.incomplete, before.incomplete);
    assert.ok(split.every(({ plan }) => plan.moved > 0));
    // Both members' records of the acknowledged feedback go to 2025: the partner's acknowledgment too.
    const alex = split.find((s) => s.member === 'alex')!.plan;
    assert.ok(alex.periods.get('2025')!['f-acked']);
    assert.ok(split.find((s) => s.member === 'sam')!.plan.periods.get('2025')!['f-acked']);
    // A tombstone stays live, so a deletion is never forgotten by the views.
    assert.ok(alex.live['c-gone']?.deleted);
  });

  it('shows only what is open or recent when the live files are read alone', () => {
    const b = history();
    const split = archived(b.sources(), b.build());
    const live = materializeSources(split.map(({ member, plan }) => ({ member, entities: plan.live })));
    assert.deepEqual([...live.entities.checkIn.keys()], ['c-recent']);
    assert.deepEqual([...live.entities.microGoal.keys()].sort(), ['m-haggled', 'm-now-done', 'm-open']);
    assert.deepEqual([...live.entities.goal.keys()], ['g-now']);
    assert.deepEqual([...live.entities.feedback.keys()], ['f-waiting']);
  });

  it('is idempotent and deterministic: planning again moves nothing, in any order of the records', () => {
    const b = history();
    const state = b.build();
    const split = archived(b.sources(), state);
    const again = archived(
      split.map(({ member, plan }) => ({ member, entities: plan.live })),
      state,
    );
    assert.ok(again.every(({ plan }) => plan.moved === 0));
    const reversed = archived(
      b.sources().map((s) => ({ member: s.member, entities: Object.fromEntries(Object.entries(s.entities).reverse()) })),
      state,
    );
    const text = (plans: typeof split) =>
      JSON.stringify(plans.map(({ member, plan }) => [member, [...plan.periods].map(([p, r]) => [p, Object.keys(r).sort()])]));
    assert.equal(text(reversed), text(split));
  });

  it('merges a later write to an archived entity once the archive is read: the live file holds only the new field', () => {
    const b = history();
    const split = archived(b.sources(), b.build());
    // Alex acknowledges the archived feedback again later: the edit lands in alex's live file.
    const later = teamBuilder().put('alex', 'x', 'feedback', { acknowledgedAt: '2026-11-29T08:00:00.000Z' }).sources()[0]!.entities['x']!;
    const alex = split.find((s) => s.member === 'alex')!.plan;
    const alexLive = { ...alex.live, 'f-acked': { ...later, clocks: { acknowledgedAt: 1_000 } } };
    const liveOnly = materializeSources(split.map(({ member, plan }) => ({ member, entities: member === 'alex' ? alexLive : plan.live })));
    // Read alone, the live files hold a part of it: incomplete, so not shown.
    assert.equal(liveOnly.entities.feedback.get('f-acked'), undefined);
    assert.ok(liveOnly.incomplete.includes('f-acked'));
    const whole = materializeSources(
      split.map(({ member, plan }) => ({ member, entities: mergeMemberFiles(member, [member === 'alex' ? alexLive : plan.live, ...plan.periods.values()]) })),
    );
    assert.equal(whole.entities.feedback.get('f-acked')?.acknowledgedAt, '2026-11-29T08:00:00.000Z');
    assert.equal(whole.entities.feedback.get('f-acked')?.behaviour, 'Clear review notes');
  });
});
