import { strict as assert } from 'node:assert';
import { blockedPartners, followUpsFor, latestCheckIns, responseFollowUps, type TeamState } from '../../src/core';
import { teamBuilder, type TeamBuilder } from './helpers/teamBuilder';

const NOW = new Date('2026-03-10T12:00:00.000Z');

/** Alex (me), Sam and Kim; Sam owns mg-s, Kim owns mg-k. */
function team(): TeamBuilder {
  return teamBuilder()
    .member('alex')
    .member('sam')
    .member('kim')
    .micro('mg-s', { owner: 'sam', title: 'Link commits' })
    .micro('mg-k', { owner: 'kim', title: 'Write docs' })
    .micro('mg-a', { owner: 'alex', title: 'Parse trailers' });
}

const samBlocked = (t: TeamBuilder) =>
  t.checkIn('ci-1', 'sam', '2026-03-09T09:00:00.000Z', { status: 'blocked', note: 'waiting for review', hindered: 'nobody free', microGoals: ['mg-s'] });

const mineOf = (state: TeamState, kind: string) => followUpsFor(state, 'alex', NOW).filter((f) => f.kind === kind);

describe('support: a partner who is blocked', () => {
  it('appears at the top of every partner’s Follow-ups with their note, and offers help', () => {
    const state = samBlocked(team())
      .put('kim', 'fb-1', 'feedback', { from: 'kim', to: 'alex', type: 'appreciation', behaviour: 'Thanks for the review', at: '2026-03-09T08:00:00.000Z' })
      .build();
    assert.deepEqual(blockedPartners(state, 'alex'), [
      { member: 'sam', checkIn: 'ci-1', at: '2026-03-09T09:00:00.000Z', note: 'waiting for review', microGoals: ['mg-s'] },
    ]);
    const followUps = followUpsFor(state, 'alex', NOW);
    assert.deepEqual(followUps[0], {
      id: 'ci-1',
      kind: 'blocked',
      label: 'Sam is blocked: “waiting for review”',
      detail: 'On “Link commits”',
      action: 'offerHelp',
      mine: true,
    });
    assert.deepEqual(
      followUps.map((f) => f.kind),
      ['blocked', 'feedback'],
    );
    assert.equal(mineOf(state, 'blocked').length, 1);
    assert.deepEqual(
      followUpsFor(state, 'kim', NOW).map((f) => f.label),
      ['Sam is blocked: “waiting for review”'],
      'Kim sees it too',
    );
  });

  it('my own block is not listed to me, and a block without a note says so plainly (or what got in the way)', () => {
    const state = team()
      .checkIn('ci-a', 'alex', '2026-03-09T09:00:00.000Z', { status: 'blocked', note: 'stuck' })
      .checkIn('ci-k', 'kim', '2026-03-09T10:00:00.000Z', { status: 'blocked' })
      .checkIn('ci-s', 'sam', '2026-03-09T08:00:00.000Z', { status: 'blocked', hindered: 'the build is red' })
      .build();
    assert.deepEqual(
      mineOf(state, 'blocked').map((f) => f.label),
      ['Sam is blocked: “the build is red”', 'Kim is blocked'],
      'oldest block first',
    );
    assert.deepEqual(
      blockedPartners(state, 'sam').map((b) => b.member),
      ['alex', 'kim'],
    );
  });

  it('leaves when the author’s next check-in is no longer blocked, and comes back with a new block', () => {
    const unblocked = samBlocked(team()).checkIn('ci-2', 'sam', '2026-03-09T15:00:00+02:00', { status: 'at-risk' });
    assert.deepEqual(blockedPartners(unblocked.build(), 'alex'), []);
    // An earlier check-in that is not blocked does not clear a later block (13:00+02:00 is 11:00Z, before 12:00Z).
    const stillBlocked = team()
      .checkIn('ci-1', 'sam', '2026-03-09T12:00:00.000Z', { status: 'blocked' })
      .checkIn('ci-0', 'sam', '2026-03-09T13:00:00+02:00', { status: 'on-track' })
      .build();
    assert.deepEqual(
      blockedPartners(stillBlocked, 'alex').map((b) => b.checkIn),
      ['ci-1'],
    );
    const again = unblocked.checkIn('ci-3', 'sam', '2026-03-10T09:00:00.000Z', { status: 'blocked', note: 'the API is down' }).build();
    assert.deepEqual(
      mineOf(again, 'blocked').map((f) => [f.id, f.label]),
      [['ci-3', 'Sam is blocked: “the API is down”']],
    );
  });

  it("each member's latest check-in is by instant, whatever offset it was written with", () => {
    const state = team()
      .checkIn('ci-1', 'sam', '2026-03-09T12:00:00.000Z')
      .checkIn('ci-2', 'sam', '2026-03-09T13:30:00+01:00') // 12:30Z: later, though its text sorts first
      .checkIn('ci-3', 'kim', '2026-03-09T07:00:00-05:00') // 12:00Z
      .checkIn('ci-4', 'kim', '2026-03-09T12:00:00.000Z') // the same instant: the greater id
      .build();
    assert.deepEqual([...latestCheckIns(state)].map(([member, c]) => [member, c.id]).sort(), [
      ['kim', 'ci-4'],
      ['sam', 'ci-2'],
    ]);
  });

  it('leaves when its micro-goal is done after the block, but not for a completion from before it', () => {
    const doneAfter = samBlocked(team()).put('sam', 'mg-s', 'microGoal', { done: true, doneAt: '2026-03-09T10:00:00.000Z' }).build();
    assert.deepEqual(blockedPartners(doneAfter, 'alex'), []);
    const doneBefore = samBlocked(team()).put('sam', 'mg-s', 'microGoal', { done: true, doneAt: '2026-03-09T08:00:00.000Z' }).build();
    assert.equal(blockedPartners(doneBefore, 'alex').length, 1);
    // Only the micro-goals the check-in names count.
    const otherDone = samBlocked(team()).put('kim', 'mg-k', 'microGoal', { done: true, doneAt: '2026-03-09T10:00:00.000Z' }).build();
    assert.equal(blockedPartners(otherDone, 'alex').length, 1);
  });

  it('leaves when its micro-goal is renegotiated after the block: proposed, or answered, later', () => {
    const proposed = samBlocked(team())
      .renegotiation('rn-1', { microGoal: 'mg-s', proposer: 'sam', change: { due: '2026-03-20' }, at: '2026-03-09T11:00:00.000Z' })
      .build();
    assert.deepEqual(blockedPartners(proposed, 'alex'), []);
    const answeredLater = samBlocked(team())
      .renegotiation('rn-1', { microGoal: 'mg-s', proposer: 'alex', change: { due: '2026-03-20' }, at: '2026-03-08T11:00:00.000Z' })
      .put('sam', 'rn-1', 'renegotiation', { state: 'accepted', respondedBy: 'sam', respondedAt: '2026-03-09T11:00:00.000Z' })
      .build();
    assert.deepEqual(blockedPartners(answeredLater, 'alex'), []);
    const before = samBlocked(team())
      .renegotiation('rn-1', { microGoal: 'mg-s', proposer: 'sam', change: { due: '2026-03-20' }, at: '2026-03-08T11:00:00.000Z' })
      .build();
    assert.equal(blockedPartners(before, 'alex').length, 1, 'a proposal from before the block is not a move');
  });

  it('stays after I offer help (until Sam moves), and says I did', () => {
    const state = samBlocked(team())
      .put('alex', 'rs-1', 'response', { by: 'alex', to: 'ci-1', kind: 'help', note: 'I can review at 2', at: '2026-03-09T10:00:00.000Z' })
      .build();
    assert.deepEqual(
      mineOf(state, 'blocked').map((f) => f.detail),
      ['On “Link commits”\nYou offered help.'],
    );
  });
});

describe('support: answers to my check-ins come back to me', () => {
  const answered = (t: TeamBuilder) =>
    t
      .checkIn('ci-a', 'alex', '2026-03-09T09:00:00.000Z', { status: 'blocked', note: 'waiting for review' })
      .put('sam', 'rs-1', 'response', { by: 'sam', to: 'ci-a', kind: 'reaction', reaction: 'thumbsUp', at: '2026-03-09T09:30:00.000Z' })
      .put('kim', 'rs-2', 'response', {
        by: 'kim',
        to: 'ci-a',
        kind: 'help',
        note: 'I can pair on it',
        pairAt: '2026-03-10T14:00:00.000Z',
        at: '2026-03-09T10:15:00+01:00', // 09:15Z: before Sam's 09:30Z
      });

  it('appear for the author, oldest first, with the pairing time on their clock as the detail', () => {
    const state = answered(team()).build();
    assert.deepEqual(mineOf(state, 'response'), [
      {
        id: 'rs-2',
        kind: 'response',
        label: 'Kim offered you help: “I can pair on it”',
        detail: 'Pairing: 2026-03-10 14:00',
        action: 'answerResponse',
        mine: true,
      },
      { id: 'rs-1', kind: 'response', label: 'Sam gave a thumbs up to your check-in', action: 'answerResponse', mine: true },
    ]);
    assert.deepEqual(
      followUpsFor(state, 'sam', NOW).filter((f) => f.kind === 'response'),
      [],
      'not for someone else',
    );
  });

  it('leave once the author answers them, and a reply to my answer comes back to me', () => {
    const state = answered(team())
      .put('alex', 'rs-3', 'response', { by: 'alex', to: 'rs-2', kind: 'reply', note: 'Yes, 2pm works', at: '2026-03-09T11:00:00.000Z' })
      .put('kim', 'rs-4', 'response', { by: 'kim', to: 'rs-3', kind: 'reply', note: 'See you then', at: '2026-03-09T11:30:00.000Z' })
      .build();
    assert.deepEqual(
      mineOf(state, 'response').map((f) => [f.id, f.label]),
      [
        ['rs-1', 'Sam gave a thumbs up to your check-in'],
        ['rs-4', 'Kim replied to you: “See you then”'],
      ],
    );
    assert.deepEqual(
      responseFollowUps(state, 'kim', NOW).map((f) => f.id),
      [],
      'Kim answered my reply already (rs-4 answers rs-3)',
    );
  });

  it('older than 14 days do not show', () => {
    const state = team()
      .checkIn('ci-a', 'alex', '2026-02-20T09:00:00.000Z')
      .put('sam', 'rs-old', 'response', { by: 'sam', to: 'ci-a', kind: 'reaction', reaction: 'nice', at: '2026-02-24T11:59:59.999Z' })
      .put('sam', 'rs-edge', 'response', { by: 'sam', to: 'ci-a', kind: 'reaction', reaction: 'seen', at: '2026-02-24T12:00:00.000Z' })
      .build();
    assert.deepEqual(
      responseFollowUps(state, 'alex', NOW).map((f) => f.id),
      ['rs-edge'],
    );
  });

  it('a partner cannot create a response in my name: it is refused and answers nothing', () => {
    // Sam's file holds a "reply by Alex" to Kim's offer: it would make Kim's offer look answered.
    const state = answered(team()).build();
    const forged = answered(team())
      .put('sam', 'rs-forged', 'response', { by: 'alex', to: 'rs-2', kind: 'reply', note: 'No thanks', at: '2026-03-09T12:00:00.000Z' })
      .build();
    assert.equal(forged.entities.response.has('rs-forged'), false);
    assert.deepEqual(
      forged.refused.map((r) => [r.member, r.entity, r.field]),
      [['sam', 'rs-forged', 'created']],
    );
    assert.deepEqual(
      responseFollowUps(forged, 'alex', NOW).map((f) => f.id),
      responseFollowUps(state, 'alex', NOW).map((f) => f.id),
    );
  });
});
