import { strict as assert } from 'node:assert';
import {
  closedPeriods,
  type EntityRecord,
  isWholeRecord,
  liveSince,
  materializeSources,
  mergeMemberFiles,
  partnerSummaries,
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

/** Each member's records split by planArchive, every member moving at once: the live file and the closed periods. */
function archived(sources: readonly RecordSource[], state: TeamState, today = TODAY) {
  const closed = closedPeriods(state, today);
  return sources.map((s) => ({ member: s.member, plan: planArchive(s.entities, closed) }));
}

/** A member's records across all of their files. */
function allOf(member: string, plan: ReturnType<typeof planArchive>): Record<string, EntityRecord> {
  return mergeMemberFiles(member, [plan.live, ...plan.periods.values()]);
}

describe('archive: closed history leaves the live file (issue 20 §1)', () => {
  it('moves what closed before the live window, by the UTC year it closed in, and keeps the rest live', () => {
    const state = history().build();
    const { periods } = closedPeriods(state, TODAY);
    assert.deepEqual(Object.fromEntries([...periods].sort()), {
      'c-2025': '2025',
      'f-acked': '2025',
      // Done at 23:30 UTC on the last day of 2024: 2024 on every host; the goal closes with it.
      'g-old': '2024',
      'm-loose': '2025',
      'm-old': '2024',
    });
    // Kept: a done step of an active goal, an open step, a step with an open renegotiation and
    // that renegotiation, a recent check-in, alex's latest check-in however old (the Partners
    // view shows it), feedback not acknowledged, profiles and settings.
    for (const id of ['m-now-done', 'g-now', 'm-open', 'm-haggled', 'r-open', 'c-recent', 'c-2024', 'f-waiting', 'member:alex', 'team'])
      assert.ok(!periods.has(id), id);
  });

  it('keeps two planning cycles live when they are longer than the live window', () => {
    const state = teamBuilder().member('alex').team({ cycleDays: 60 }).build();
    assert.equal(liveSince(TODAY, state), '2026-08-02');
    // Two fortnights are shorter than the live window: it holds.
    assert.equal(liveSince(TODAY, teamBuilder().team({ cycleDays: 14 }).build()), '2026-10-26');
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
    assert.deepEqual([...live.entities.checkIn.keys()].sort(), ['c-2024', 'c-recent']);
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

describe('archive: the live files alone never show a closed entry as it was before its last write (issue 20 §1)', () => {
  /** Whether another member's records hold the whole record of `id` (their creation). */
  const wholeIn = (sources: readonly RecordSource[], me: string) => (id: string) =>
    sources.some((s) => s.member !== me && s.entities[id] !== undefined && isWholeRecord(s.entities[id]!));

  it("a partner's tick, acknowledgment or review waits in their live file until the whole entry has left its owner's", () => {
    const b = teamBuilder()
      .member('alex')
      .member('sam')
      .team()
      .micro('mg', { owner: 'alex', createdAt: '2025-01-02T09:00:00.000Z' })
      .put('sam', 'mg', 'microGoal', { done: true, doneAt: '2025-01-20T09:00:00.000Z' })
      .put('alex', 'fb', 'feedback', { from: 'alex', to: 'sam', type: 'kudos', behaviour: 'Careful review', at: '2025-02-01T10:00:00.000Z' })
      .put('sam', 'fb', 'feedback', { acknowledgedAt: '2025-02-02T10:00:00.000Z' });
    const state = b.build();
    assert.equal(state.entities.microGoal.get('mg')?.done, true);
    const closed = closedPeriods(state, TODAY);
    assert.deepEqual([...closed.periods.keys()].sort(), ['fb', 'mg']);
    const files = new Map(b.sources().map((s) => [s.member, s.entities as Record<string, EntityRecord>]));
    const liveState = () => materializeSources([...files].map(([member, entities]) => ({ member, entities })));
    const move = (member: string) => {
      const plan = planArchive(
        files.get(member)!,
        closed,
        wholeIn(
          [...files].map(([m, entities]) => ({ member: m, entities })),
          member,
        ),
      );
      files.set(member, plan.live);
      return plan.moved;
    };
    // Sam moves first: his parts wait, and the live files still show the step done and the kudos acknowledged.
    assert.equal(move('sam'), 0);
    assert.equal(liveState().entities.microGoal.get('mg')?.done, true);
    assert.equal(liveState().entities.feedback.get('fb')?.acknowledgedAt, '2025-02-02T10:00:00.000Z');
    // Alex moves the whole entries: the live files show neither (they are closed), never an open step.
    assert.equal(move('alex'), 2);
    assert.equal(liveState().entities.microGoal.get('mg'), undefined);
    assert.equal(liveState().entities.feedback.get('fb'), undefined);
    // Then Sam's parts follow.
    assert.equal(move('sam'), 2);
  });

  it('an answered renegotiation stays live while its micro-goal does, and leaves after it', () => {
    const b = teamBuilder()
      .member('alex')
      .member('sam')
      .team()
      .micro('open-step', { owner: 'sam', createdAt: '2025-03-01T09:00:00.000Z' })
      .renegotiation('handover', { microGoal: 'open-step', proposer: 'sam', change: { owner: 'alex' }, at: '2025-03-02T09:00:00.000Z' })
      .put('alex', 'handover', 'renegotiation', { state: 'accepted', respondedBy: 'alex', respondedAt: '2025-03-03T09:00:00.000Z' })
      .micro('done-step', { owner: 'sam', done: true, doneAt: '2025-04-10T09:00:00.000Z', createdAt: '2025-03-01T09:00:00.000Z' })
      .renegotiation('moved-date', { microGoal: 'done-step', proposer: 'sam', change: { due: '2025-04-11' }, at: '2025-04-01T09:00:00.000Z' })
      .put('alex', 'moved-date', 'renegotiation', { state: 'accepted', respondedBy: 'alex', respondedAt: '2025-04-02T09:00:00.000Z' });
    const closed = closedPeriods(b.build(), TODAY);
    // The hand-over of an open step carries its authority: it never leaves while the step is open.
    assert.ok(!closed.periods.has('handover'));
    assert.equal(closed.periods.get('moved-date'), '2025');
    assert.equal(closed.waitsFor.get('moved-date'), 'done-step');
    const sources = b.sources();
    const sam = sources.find((s) => s.member === 'sam')!.entities;
    // Sam holds both: they leave together. Were the step still in a partner's live file whole, the renegotiation would wait.
    assert.deepEqual(Object.keys(planArchive(sam, closed).periods.get('2025')!).sort(), ['done-step', 'moved-date']);
    const waiting = planArchive({ 'moved-date': sam['moved-date']! }, closed, (id) => id === 'done-step');
    assert.equal(waiting.moved, 0);
  });

  it("keeps each member's latest check-in and the latest session live, however old; a streak longer than the live files says 'at least'", () => {
    let b = teamBuilder().member('alex').member('sam').team();
    // Sam has been quiet since 2025: his last check-in stays. Alex checks in every working day since June.
    b = b.checkIn('sam-first', 'sam', '2025-01-06T09:00:00.000Z').checkIn('sam-last', 'sam', '2025-01-07T09:00:00.000Z');
    for (let t = Date.parse('2026-06-01T09:00:00Z'); t <= Date.parse('2026-11-30T09:00:00Z'); t += 86_400_000) {
      const day = new Date(t);
      if (day.getUTCDay() === 0 || day.getUTCDay() === 6) continue;
      b = b.checkIn(`alex-${day.toISOString().slice(0, 10)}`, 'alex', day.toISOString());
    }
    b = b
      .put('alex', 's-old', 'session', {
        at: '2025-01-01T09:00:00.000Z',
        cycleStart: '2025-01-01',
        cycleEnd: '2025-01-14',
        participants: ['alex'],
        committed: [],
      })
      .put('alex', 's-last', 'session', {
        at: '2025-06-01T09:00:00.000Z',
        cycleStart: '2025-06-02',
        cycleEnd: '2025-06-15',
        participants: ['alex'],
        committed: [],
      });
    const whole = b.build();
    const closed = closedPeriods(whole, TODAY);
    assert.ok(closed.periods.has('sam-first'));
    assert.ok(!closed.periods.has('sam-last'), "the Partners view shows Sam's last check-in");
    assert.ok(closed.periods.has('alex-2026-07-01'));
    assert.ok(closed.periods.has('s-old'));
    assert.ok(!closed.periods.has('s-last'), 'the cycle under review starts with the latest session');
    const live = materializeSources(archived(b.sources(), whole).map(({ member, plan }) => ({ member, entities: plan.live })));
    const now = new Date('2026-11-30T18:00:00.000Z');
    const alexWhole = partnerSummaries(whole, now).find((p) => p.member === 'alex')!;
    const alexLive = partnerSummaries(live, now, (member) => member === 'alex').find((p) => p.member === 'alex')!;
    assert.equal(alexWhole.streak, 131);
    assert.equal(alexWhole.streakAtLeast, undefined, 'every check-in is there: the streak is exact');
    assert.ok(alexLive.streak < alexWhole.streak);
    assert.equal(alexLive.streakAtLeast, true, 'read from the live files alone, it says at least');
    // Three days later, Alex still checking in every day, before the next move: the oldest live
    // check-in is now older than the window, and the streak is still cut where the move cut it.
    // Alex has closed periods: at least.
    const b3 = b.checkIn('alex-2026-12-01', 'alex', '2026-12-01T09:00:00.000Z').checkIn('alex-2026-12-02', 'alex', '2026-12-02T09:00:00.000Z');
    const moved = archived(b3.sources(), b3.build()); // moved on the 30th, as above
    const liveLater = materializeSources(moved.map(({ member, plan }) => ({ member, entities: plan.live })));
    const later = new Date('2026-12-02T18:00:00.000Z');
    const alexLater = partnerSummaries(liveLater, later, (member) => member === 'alex').find((p) => p.member === 'alex')!;
    assert.equal(alexLater.streak, alexLive.streak + 2);
    assert.equal(alexLater.streakAtLeast, true, 'days after the move, still at least');
    assert.equal(
      partnerSummaries(liveLater, later, () => false).find((p) => p.member === 'alex')!.streakAtLeast,
      undefined,
      'with no history, the oldest check-in is the first: exact',
    );
    assert.equal(partnerSummaries(live, now).find((p) => p.member === 'sam')!.lastCheckIn, '2025-01-07T09:00:00.000Z');
  });

  it("keeps what a member's latest check-in names, and its answers, with it; a closing day outside the years 0000–9999 stays live", () => {
    const b = teamBuilder()
      .member('alex')
      .member('sam')
      .team()
      .micro('m1', { owner: 'sam', done: true, doneAt: '2026-07-05T09:00:00.000Z', createdAt: '2026-06-01T09:00:00.000Z' })
      .checkIn('c-blocked', 'sam', '2026-07-01T09:00:00.000Z', { status: 'blocked', microGoals: ['m1'], note: 'waiting for review' })
      .put('alex', 'help', 'response', { by: 'alex', to: 'c-blocked', kind: 'help', at: '2026-07-01T10:00:00.000Z' })
      .micro('m-year-0', { owner: 'alex', done: true, doneAt: '0000-01-01T00:00:00+01:00', createdAt: '2025-06-01T09:00:00.000Z' });
    const { periods } = closedPeriods(b.build(), TODAY);
    for (const id of ['c-blocked', 'm1', 'help', 'm-year-0']) assert.ok(!periods.has(id), id);
  });

  it('an answered renegotiation of a deleted micro-goal leaves without waiting for its tombstone', () => {
    const b = teamBuilder()
      .member('sam')
      .team()
      .micro('m2', { owner: 'sam', createdAt: '2025-03-01T09:00:00.000Z' })
      .renegotiation('r2', { microGoal: 'm2', proposer: 'sam', change: { due: '2025-04-11' }, state: 'withdrawn', at: '2025-04-01T09:00:00.000Z' })
      .remove('sam', 'm2', 'microGoal');
    const closed = closedPeriods(b.build(), TODAY);
    assert.equal(closed.waitsFor.get('r2'), undefined);
    const plan = planArchive(b.sources()[0]!.entities, closed);
    assert.deepEqual(Object.keys(plan.periods.get('2025') ?? {}), ['r2']);
    assert.ok(plan.live['m2']?.deleted, 'the tombstone stays');
  });
});
