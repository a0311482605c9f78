import { strict as assert } from 'node:assert';
import {
  awaitsAnswerFrom,
  changeToApply,
  describeChange,
  renegotiationFollowUps,
  renegotiationsOf,
  type RenegotiationEntity,
  type TeamState,
} from '../../src/core';
import { type TeamBuilder, teamBuilder } from './helpers/teamBuilder';

const NAMES: Record<string, string> = { alex: 'Alex', sam: 'Sam', kim: 'Kim' };
const names = (member: string) => NAMES[member] ?? member;

function team(): TeamBuilder {
  return teamBuilder()
    .member('alex', { timeZone: 'Europe/Berlin' })
    .member('sam', { timeZone: 'America/New_York' })
    .member('kim', { timeZone: 'Asia/Kolkata' })
    .team()
    .micro('mg-1', { owner: 'alex', title: 'Write parser tests', due: '2026-03-20' });
}

function renegotiation(state: TeamState, id: string): RenegotiationEntity {
  const r = state.entities.renegotiation.get(id);
  assert.ok(r, `renegotiation ${id}`);
  return r;
}

/** Alex proposes moving mg-1 to Tuesday; then, depending on `then`, Sam answers. */
function proposal(then?: 'counter' | 'accept' | 'withdraw' | 'acceptCounter'): TeamState {
  const b = team().renegotiation('rn-1', {
    microGoal: 'mg-1',
    proposer: 'alex',
    change: { due: '2026-03-24' },
    reason: 'The grammar has more cases than we thought',
    at: '2026-03-18T10:00:00.000Z',
  });
  if (then === 'counter' || then === 'acceptCounter')
    b.put('sam', 'rn-1', 'renegotiation', { state: 'countered', counter: { due: '2026-03-23' }, respondedBy: 'sam', respondedAt: '2026-03-18T14:00:00.000Z' });
  if (then === 'acceptCounter') b.put('alex', 'rn-1', 'renegotiation', { state: 'accepted', respondedBy: 'alex', respondedAt: '2026-03-18T15:00:00.000Z' });
  if (then === 'accept') b.put('sam', 'rn-1', 'renegotiation', { state: 'accepted', respondedBy: 'sam', respondedAt: '2026-03-18T14:00:00.000Z' });
  if (then === 'withdraw') b.put('alex', 'rn-1', 'renegotiation', { state: 'withdrawn', respondedAt: '2026-03-18T14:00:00.000Z' });
  return b.build();
}

describe('renegotiation: who answers', () => {
  it('waits on everyone but the proposer while proposed, when the micro-goal is not here', () => {
    const r = renegotiation(proposal(), 'rn-1');
    assert.equal(awaitsAnswerFrom(r, 'sam'), true);
    assert.equal(awaitsAnswerFrom(r, 'kim'), true);
    assert.equal(awaitsAnswerFrom(r, 'alex'), false);
  });

  it("waits on the owner for someone else's proposal, and on the new owner for a hand-over (the authority rule)", () => {
    const r = renegotiation(proposal(), 'rn-1');
    // Alex proposes a change to Sam's micro-goal: Sam answers, not Kim.
    assert.deepEqual(
      ['alex', 'sam', 'kim'].map((m) => awaitsAnswerFrom(r, m, 'sam')),
      [false, true, false],
    );
    // Alex proposes a change to Alex's own micro-goal: anyone else answers.
    const own = { ...r, change: { due: '2026-03-20' } };
    assert.deepEqual(
      ['alex', 'sam', 'kim'].map((m) => awaitsAnswerFrom(own, m, 'alex')),
      [false, true, true],
    );
    // Alex hands Alex's micro-goal to Kim: only Kim accepts it.
    const handOver = { ...r, change: { owner: 'kim' } };
    assert.deepEqual(
      ['alex', 'sam', 'kim'].map((m) => awaitsAnswerFrom(handOver, m, 'alex')),
      [false, false, true],
    );
  });

  it('goes back to the proposer once countered', () => {
    const r = renegotiation(proposal('counter'), 'rn-1');
    assert.equal(r.state, 'countered');
    assert.equal(awaitsAnswerFrom(r, 'alex'), true);
    assert.equal(awaitsAnswerFrom(r, 'sam'), false);
    assert.equal(awaitsAnswerFrom(r, 'kim'), false);
  });

  it('waits on no one once accepted or withdrawn', () => {
    for (const then of ['accept', 'acceptCounter', 'withdraw'] as const) {
      const r = renegotiation(proposal(then), 'rn-1');
      for (const member of ['alex', 'sam', 'kim']) assert.equal(awaitsAnswerFrom(r, member), false, `${then}: ${member}`);
    }
  });
});

describe('renegotiation: the change an acceptance applies', () => {
  it('is the proposal while proposed, and the counter once countered', () => {
    assert.deepEqual(changeToApply(renegotiation(proposal(), 'rn-1')), { due: '2026-03-24' });
    assert.deepEqual(changeToApply(renegotiation(proposal('counter'), 'rn-1')), { due: '2026-03-23' });
  });

  it('stays the counter once the proposer accepted it, and the proposal when accepted as proposed', () => {
    assert.deepEqual(changeToApply(renegotiation(proposal('acceptCounter'), 'rn-1')), { due: '2026-03-23' });
    assert.deepEqual(changeToApply(renegotiation(proposal('accept'), 'rn-1')), { due: '2026-03-24' });
  });

  it('is the proposal when a "countered" renegotiation has no counter (e.g. its writer\'s file is not here yet)', () => {
    const state = team()
      .renegotiation('rn-1', { microGoal: 'mg-1', proposer: 'alex', change: { due: '2026-03-24', scope: 'Only the happy path' } })
      .put('sam', 'rn-1', 'renegotiation', { state: 'countered', respondedBy: 'sam' })
      .build();
    assert.deepEqual(changeToApply(renegotiation(state, 'rn-1')), { due: '2026-03-24', scope: 'Only the happy path' });
  });

  it('is described in plain words', () => {
    assert.equal(
      describeChange({ due: '2026-03-24', owner: 'sam', scope: 'Only the happy path' }, names),
      'due 2026-03-24, owner Sam, scope “Only the happy path”',
    );
    assert.equal(describeChange({}, names), 'no change');
  });
});

describe('renegotiation: follow-ups', () => {
  it('asks the partner to answer a proposal, and tells the proposer it is waiting', () => {
    const state = proposal();
    assert.deepEqual(renegotiationFollowUps(state, 'sam', names), [
      {
        id: 'rn-1',
        kind: 'renegotiation',
        label: 'Alex proposes: “Write parser tests” → due 2026-03-24',
        detail: 'The grammar has more cases than we thought',
        action: 'respondRenegotiation',
        mine: true,
      },
    ]);
    assert.deepEqual(renegotiationFollowUps(state, 'alex', names), [
      {
        id: 'rn-1',
        kind: 'renegotiation',
        label: 'Waiting for an answer: “Write parser tests” → due 2026-03-24',
        detail: 'The grammar has more cases than we thought',
        action: 'openRenegotiation',
        mine: false,
      },
    ]);
  });

  it('brings a counter-proposal back to the proposer, and shows the counter as waiting to whoever made it', () => {
    const state = proposal('counter');
    const forAlex = renegotiationFollowUps(state, 'alex', names);
    assert.equal(forAlex.length, 1);
    assert.equal(forAlex[0]!.label, 'Sam suggests instead: “Write parser tests” → due 2026-03-23');
    assert.equal(forAlex[0]!.mine, true);
    assert.equal(forAlex[0]!.action, 'respondRenegotiation');
    const forSam = renegotiationFollowUps(state, 'sam', names);
    assert.equal(forSam.length, 1);
    assert.equal(forSam[0]!.label, 'Waiting for an answer: “Write parser tests” → due 2026-03-23');
    assert.equal(forSam[0]!.mine, false);
    assert.deepEqual(renegotiationFollowUps(state, 'kim', names), []);
  });

  it('leaves nothing to follow up once accepted or withdrawn', () => {
    for (const then of ['accept', 'acceptCounter', 'withdraw'] as const) {
      const state = proposal(then);
      for (const member of ['alex', 'sam', 'kim']) assert.deepEqual(renegotiationFollowUps(state, member, names), [], `${then}: ${member}`);
    }
  });

  it('drops a renegotiation whose micro-goal was deleted', () => {
    const b = team().renegotiation('rn-1', { microGoal: 'mg-1', proposer: 'alex', change: { due: '2026-03-24' } });
    b.remove('alex', 'mg-1', 'microGoal');
    assert.deepEqual(renegotiationFollowUps(b.build(), 'sam', names), []);
  });

  it('counts how many are waiting on each person', () => {
    const state = team()
      .micro('mg-2', { owner: 'sam', title: 'Review the lexer', due: '2026-03-19' })
      .renegotiation('rn-1', { microGoal: 'mg-1', proposer: 'alex', change: { due: '2026-03-24' } })
      .renegotiation('rn-2', { microGoal: 'mg-2', proposer: 'sam', change: { owner: 'kim' } })
      .build();
    const mine = (member: string) =>
      renegotiationFollowUps(state, member, names)
        .filter((f) => f.mine)
        .map((f) => f.id)
        .sort();
    // Handing Sam's micro-goal to Kim is Kim's to accept, not Alex's.
    assert.deepEqual(mine('alex'), []);
    assert.deepEqual(mine('sam'), ['rn-1']);
    assert.deepEqual(mine('kim'), ['rn-1', 'rn-2']);
  });
});

describe('renegotiation: history', () => {
  it("lists one micro-goal's renegotiations oldest first", () => {
    const state = team()
      .micro('mg-2', { owner: 'sam' })
      .renegotiation('rn-b', { microGoal: 'mg-1', proposer: 'alex', change: { due: '2026-03-27' }, at: '2026-03-19T10:00:00.000Z' })
      .renegotiation('rn-a', { microGoal: 'mg-1', proposer: 'sam', change: { due: '2026-03-24' }, at: '2026-03-18T10:00:00.000Z' })
      .renegotiation('rn-c', { microGoal: 'mg-2', proposer: 'sam', change: { due: '2026-03-24' }, at: '2026-03-17T10:00:00.000Z' })
      .build();
    assert.deepEqual(
      renegotiationsOf(state, 'mg-1').map((r) => r.id),
      ['rn-a', 'rn-b'],
    );
  });

  it('orders by instant, whatever UTC offset each was written with', () => {
    // rn-early was written in Auckland (+13:00): 09:00 there is 20:00Z the day before, an hour before rn-late's 21:00Z,
    // though its text sorts after it.
    const state = team()
      .renegotiation('rn-late', { microGoal: 'mg-1', proposer: 'alex', change: { due: '2026-03-27' }, at: '2026-03-18T21:00:00.000Z' })
      .renegotiation('rn-early', { microGoal: 'mg-1', proposer: 'sam', change: { due: '2026-03-24' }, at: '2026-03-19T09:00:00.000+13:00' })
      .build();
    assert.deepEqual(
      renegotiationsOf(state, 'mg-1').map((r) => r.id),
      ['rn-early', 'rn-late'],
    );
  });
});
