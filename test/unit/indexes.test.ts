/**
 * The indexes every view reads on its first pass, worked out in steps before the views are
 * told (issue 20 §2): each member's latest check-in, and the metrics' check-in table.
 */
import { strict as assert } from 'node:assert';
import { checkInTableSteps, indexInSteps, lastCheckInOf, latestCheckInOf, latestCheckIns, partnerSummaries, TeamMetrics, type TeamState } from '../../src/core';
import { teamBuilder } from './helpers/teamBuilder';

/** Runs a generator of steps to its end; returns what it returned and how many times it yielded. */
function drive<T>(steps: Generator<void, T, void>): { value: T; yields: number } {
  let yields = 0;
  for (;;) {
    const step = steps.next();
    if (step.done) return { value: step.value, yields };
    yields++;
  }
}

/** Sam in Auckland and Kim in Los Angeles, with `perMember` check-ins each, one an hour, across midnights of both zones. */
function team(perMember: number, options: { unprofiled?: string } = {}): TeamState {
  const builder = teamBuilder().member('sam', { timeZone: 'Pacific/Auckland' }).member('kim', { timeZone: 'America/Los_Angeles' });
  const start = Date.parse('2026-03-01T00:00:00.000Z');
  for (const member of ['sam', 'kim', ...(options.unprofiled ? [options.unprofiled] : [])])
    for (let k = 0; k < perMember; k++) builder.checkIn(`ci-${member}-${String(k).padStart(6, '0')}`, member, new Date(start + k * 3_600_000).toISOString());
  return builder.build();
}

describe('indexes worked out in steps before the views are told', () => {
  it('gives each view at once what it would have worked out itself, and yields on a large team', () => {
    const state = team(12_000);
    const { yields } = drive(indexInSteps(state));
    assert.ok(yields >= 3, `24,000 check-ins take several steps (${yields} yields)`);
    // Worked out already: no step left.
    assert.equal(drive(indexInSteps(state)).yields, 0);
    // The same answers as a state worked out on first use.
    const fresh = team(12_000);
    assert.deepEqual(
      [...latestCheckIns(state)].map(([m, c]) => [m, c.id]),
      [...latestCheckIns(fresh)].map(([m, c]) => [m, c.id]),
    );
    const today = '2026-04-10';
    for (const zone of ['UTC', 'Pacific/Chatham', 'Asia/Kolkata']) {
      const a = new TeamMetrics(state, today, zone).checkInsWithDays();
      const b = new TeamMetrics(fresh, today, zone).checkInsWithDays();
      assert.deepEqual([...a.days], [...b.days], zone);
      assert.deepEqual(a.members, b.members);
      // Every writer has a profile: one table serves every fallback zone.
      assert.equal(a, drive(checkInTableSteps(state)).value, `the table worked out in steps serves metrics with fallback ${zone}`);
    }
  });

  it('keeps a table per fallback zone when someone without a profile checked in: their days are in that zone', () => {
    const state = team(30, { unprofiled: 'lee' });
    drive(indexInSteps(state));
    const utc = new TeamMetrics(state, '2026-03-02', 'UTC').checkInsWithDays();
    const auckland = new TeamMetrics(state, '2026-03-02', 'Pacific/Auckland').checkInsWithDays();
    assert.notEqual(utc, auckland);
    const lee = utc.members.indexOf('lee');
    const first = utc.writer.indexOf(lee);
    // 2026-03-01T00:00Z is 1 March in UTC and 1 March 13:00 in Auckland; 11:00Z is 2 March 00:00 in Auckland.
    const at11 = first + 11;
    assert.equal(utc.list[at11]!.at, '2026-03-01T11:00:00.000Z');
    assert.equal(auckland.days[at11]! - utc.days[at11]!, 1, "Lee's 11:00Z check-in is a day later with Auckland as the fallback");
  });

  it("never serves a table worked out with one fallback zone for another, whatever the zone's name ('' included)", () => {
    const make = () => teamBuilder().member('sam', { timeZone: 'Pacific/Auckland' }).checkIn('ci-lee', 'lee', '2026-03-01T11:00:00.000Z').build();
    const state = make();
    new TeamMetrics(state, '2026-03-02', '').checkInsWithDays(); // '' counts as UTC
    const auckland = new TeamMetrics(state, '2026-03-02', 'Pacific/Auckland').checkInsWithDays();
    assert.deepEqual([...auckland.days], [...new TeamMetrics(make(), '2026-03-02', 'Pacific/Auckland').checkInsWithDays().days]);
  });

  it('one rule for the latest check-in: the status bar, the Partners view and the Timeline agree on equal instants', () => {
    const state = teamBuilder()
      .member('sam')
      .checkIn('ci-b', 'sam', '2026-03-09T12:00:00.000Z', { note: 'the greater id' })
      .checkIn('ci-a', 'sam', '2026-03-09T07:00:00-05:00', { note: 'the same instant' })
      .build();
    assert.equal(latestCheckInOf(state, 'sam')?.id, 'ci-b');
    assert.equal(lastCheckInOf(state, 'sam')?.toISOString(), '2026-03-09T12:00:00.000Z');
    const summary = partnerSummaries(state, new Date('2026-03-10T00:00:00.000Z')).find((p) => p.member === 'sam');
    assert.equal(summary?.last?.note, 'the greater id');
  });
});
