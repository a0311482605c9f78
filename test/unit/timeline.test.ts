import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { type CommitInfo, evidenceFor, indexCommits, instantMs, TIMELINE_PAGE, timelineOf, timelineReadThrough, type TimelineEntry } from '../../src/core';
import { teamBuilder, type TeamBuilder } from './helpers/teamBuilder';

const ms = (at: string) => Date.parse(at);
const keys = (entries: readonly TimelineEntry[]) => entries.map((e) => e.key);

/** Alex (me) and Sam, with a micro-goal each under a goal. */
function team(): TeamBuilder {
  return teamBuilder()
    .member('alex')
    .member('sam')
    .goal('g-1', { owner: 'alex', title: 'Ship evidence' })
    .micro('mg-a', { owner: 'alex', title: 'Parse trailers', goal: 'g-1' })
    .micro('mg-s', { owner: 'sam', title: 'Link commits' });
}

function response(
  t: TeamBuilder,
  id: string,
  fields: {
    by: string;
    to: string;
    kind: 'reaction' | 'help' | 'reply';
    at: string;
    reaction?: 'seen' | 'thumbsUp' | 'nice' | 'thanks';
    note?: string;
    pairAt?: string;
  },
): TeamBuilder {
  return t.put(fields.by, id, 'response', fields);
}

describe('timeline: the partnership’s recent activity', () => {
  it('lists every kind of activity, newest first, whatever UTC offset each instant was written with', () => {
    const state = team()
      .checkIn('ci-1', 'sam', '2026-03-02T09:00:00.000Z', { status: 'blocked', note: 'waiting for review' })
      .put('alex', 'mg-a', 'microGoal', { done: true, doneAt: '2026-03-02T10:30:00+01:00' }) // 09:30Z
      .renegotiation('rn-1', { microGoal: 'mg-s', proposer: 'sam', change: { due: '2026-03-20' }, at: '2026-03-02T10:00:00.000Z' })
      .put('sam', 'fb-1', 'feedback', { from: 'sam', to: 'alex', type: 'kudos', behaviour: 'Great parser', at: '2026-03-02T11:00:00.000Z' })
      .put('alex', 'fb-2', 'feedback', { from: 'alex', to: 'sam', type: 'appreciation', behaviour: 'Quick review', at: '2026-03-02T05:00:00-07:00' }) // 12:00Z
      .put('sam', 'sb-1', 'setback', { member: 'sam', about: 'mg-s', whatHappened: 'CI was down', actions: [], at: '2026-03-02T13:00:00.000Z' })
      .put('alex', 'sb-1', 'setback', { lesson: 'Check CI first', reviewedAt: '2026-03-02T14:00:00.000Z' })
      .build();
    const page = timelineOf(state, { me: 'alex' });
    assert.deepEqual(keys(page.entries), ['lesson:sb-1', 'setback:sb-1', 'feedback:fb-2', 'kudos:fb-1', 'renegotiation:rn-1', 'done:mg-a', 'checkIn:ci-1']);
    assert.deepEqual(
      page.entries.map((e) => [e.member, e.at, e.ms]),
      [
        ['sam', '2026-03-02T14:00:00.000Z', ms('2026-03-02T14:00:00.000Z')],
        ['sam', '2026-03-02T13:00:00.000Z', ms('2026-03-02T13:00:00.000Z')],
        ['alex', '2026-03-02T05:00:00-07:00', ms('2026-03-02T12:00:00.000Z')],
        ['sam', '2026-03-02T11:00:00.000Z', ms('2026-03-02T11:00:00.000Z')],
        ['sam', '2026-03-02T10:00:00.000Z', ms('2026-03-02T10:00:00.000Z')],
        ['alex', '2026-03-02T10:30:00+01:00', ms('2026-03-02T09:30:00.000Z')],
        ['sam', '2026-03-02T09:00:00.000Z', ms('2026-03-02T09:00:00.000Z')],
      ],
    );
    assert.deepEqual([page.total, page.unread], [7, 0], 'no read mark: nothing is unread');
  });

  it('puts entries at the same instant in key order, and the same instant written two ways counts as the same', () => {
    const state = team()
      .checkIn('ci-b', 'sam', '2026-03-02T09:00:00.000Z')
      .checkIn('ci-a', 'alex', '2026-03-02T10:00:00+01:00')
      .put('sam', 'fb-1', 'feedback', { from: 'sam', to: 'alex', type: 'observation', behaviour: 'x', at: '2026-03-02T09:00:00Z' })
      .build();
    assert.deepEqual(keys(timelineOf(state, { me: 'alex' }).entries), ['checkIn:ci-a', 'checkIn:ci-b', 'feedback:fb-1']);
  });

  it('marks what others did after my read mark as unread, never my own, and counts them', () => {
    const state = team()
      .checkIn('ci-1', 'sam', '2026-03-02T09:00:00.000Z')
      .checkIn('ci-2', 'sam', '2026-03-03T09:00:00.000Z')
      .checkIn('ci-3', 'alex', '2026-03-04T09:00:00.000Z')
      .checkIn('ci-4', 'sam', '2026-03-04T10:00:00+01:00') // 09:00Z, the same instant as ci-3
      .build();
    const page = timelineOf(state, { me: 'alex', readThrough: ms('2026-03-02T09:00:00.000Z') });
    assert.deepEqual(
      page.entries.map((e) => [e.key, e.unread]),
      [
        ['checkIn:ci-3', false],
        ['checkIn:ci-4', true],
        ['checkIn:ci-2', true],
        ['checkIn:ci-1', false],
      ],
    );
    assert.equal(page.unread, 2);
    assert.equal(timelineOf(state, { me: 'alex', readThrough: timelineReadThrough(page.entries) }).unread, 0, 'read through the newest: none left');
    assert.equal(timelineOf(state, { me: 'sam', readThrough: 0 }).unread, 1, 'Sam has only my check-in to read');
  });

  it('filters by person and by a window "since" (strictly later), counting the window only', () => {
    const state = team()
      .checkIn('ci-1', 'sam', '2026-03-02T09:00:00.000Z')
      .checkIn('ci-2', 'alex', '2026-03-03T09:00:00.000Z')
      .checkIn('ci-3', 'sam', '2026-03-04T11:00:00+02:00')
      .put('alex', 'fb-1', 'feedback', { from: 'alex', to: 'sam', type: 'kudos', behaviour: 'x', at: '2026-03-05T09:00:00.000Z' })
      .build();
    assert.deepEqual(keys(timelineOf(state, { me: 'alex', member: 'sam' }).entries), ['checkIn:ci-3', 'checkIn:ci-1']);
    assert.deepEqual(keys(timelineOf(state, { me: 'alex', member: 'alex' }).entries), ['kudos:fb-1', 'checkIn:ci-2']);
    const since = timelineOf(state, { me: 'alex', since: ms('2026-03-03T09:00:00.000Z'), readThrough: 0 });
    assert.deepEqual(keys(since.entries), ['kudos:fb-1', 'checkIn:ci-3']);
    assert.deepEqual([since.total, since.unread], [2, 1]);
    // 11:00+02:00 is 09:00Z: a window starting half a millisecond before it holds it, one starting at it does not.
    assert.deepEqual(keys(timelineOf(state, { me: 'alex', since: ms('2026-03-04T09:00:00.000Z') - 0.5, member: 'sam' }).entries), ['checkIn:ci-3']);
    assert.deepEqual(keys(timelineOf(state, { me: 'alex', since: ms('2026-03-04T09:00:00.000Z'), member: 'sam' }).entries), []);
    const both = timelineOf(state, { me: 'alex', member: 'sam', since: ms('2026-03-01T00:00:00.000Z'), readThrough: ms('2026-03-03T00:00:00.000Z') });
    assert.deepEqual([both.total, both.unread], [2, 1]);
  });

  it('gives one page of `limit` entries with the whole window counted, TIMELINE_PAGE by default', () => {
    let t = team();
    for (let i = 0; i < 150; i++) t = t.checkIn(`ci-${String(i).padStart(3, '0')}`, i % 2 ? 'sam' : 'alex', new Date(Date.UTC(2026, 2, 1, 0, i)).toISOString());
    const state = t.build();
    const page = timelineOf(state, { me: 'alex', readThrough: 0 });
    assert.equal(page.entries.length, TIMELINE_PAGE);
    assert.deepEqual([page.total, page.unread], [150, 75]);
    assert.equal(page.entries[0]!.key, 'checkIn:ci-149');
    assert.equal(page.entries[99]!.key, 'checkIn:ci-050');
    const small = timelineOf(state, { me: 'alex', limit: 3, member: 'sam', readThrough: ms('2026-03-01T02:00:00.000Z') });
    assert.deepEqual(keys(small.entries), ['checkIn:ci-149', 'checkIn:ci-147', 'checkIn:ci-145']);
    assert.deepEqual([small.total, small.unread], [75, 15], "Sam's check-ins at minutes 121, 123, …, 149");
    assert.deepEqual(timelineOf(state, { me: 'alex', limit: 0 }).entries, []);
  });

  it('the page is exactly the first entries of the whole timeline sorted, for any instants and page size', () => {
    const instant = fc
      .record({ minute: fc.integer({ min: 0, max: 40 }), offset: fc.constantFrom('Z', '.000Z', '+01:00', '-05:30', '+00:00'), second: fc.constantFrom(0, 30) })
      .map(({ minute, offset, second }) => {
        const utc = Date.UTC(2026, 2, 2, 9, minute, second);
        if (offset === '.000Z') return new Date(utc).toISOString();
        const shift = offset === '+01:00' ? 60 : offset === '-05:30' ? -330 : 0;
        const local = new Date(utc + shift * 60_000).toISOString().slice(0, 19);
        return `${local}${offset === 'Z' ? 'Z' : offset}`;
      });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('alex', 'sam'), instant), { maxLength: 40 }), fc.integer({ min: 0, max: 12 }), (rows, limit) => {
        let t = team();
        rows.forEach(([member, at], i) => (t = t.checkIn(`ci-${i}`, member, at)));
        const state = t.build();
        const all = rows
          .map(([member, at], i) => ({ key: `checkIn:ci-${i}`, member, ms: instantMs(at) }))
          .sort((a, b) => b.ms - a.ms || (a.key < b.key ? -1 : 1));
        const readThrough = Date.UTC(2026, 2, 2, 9, 20);
        const page = timelineOf(state, { me: 'alex', limit, readThrough });
        assert.deepEqual(
          keys(page.entries),
          all.slice(0, limit).map((e) => e.key),
        );
        assert.equal(page.total, rows.length);
        assert.equal(page.unread, all.filter((e) => e.member !== 'alex' && e.ms > readThrough).length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('timeline: what each entry says', () => {
  it('a check-in: its status and note on one line; helped, got in the way, next step and energy in the details', () => {
    const state = team()
      .checkIn('ci-1', 'sam', '2026-03-02T09:00:00.000Z', {
        status: 'blocked',
        note: 'waiting for review',
        helped: 'pairing with Alex',
        hindered: 'flaky CI',
        next: 'ask Kim for a review',
        energy: 2,
        microGoals: ['mg-s'],
      })
      .checkIn('ci-2', 'alex', '2026-03-01T09:00:00.000Z', { status: 'on-track' })
      .build();
    const [sam, mine] = timelineOf(state, { me: 'alex' }).entries;
    assert.equal(sam!.label, 'Sam checked in: blocked, “waiting for review”');
    assert.equal(sam!.status, 'blocked');
    assert.deepEqual(sam!.details, [
      'Status: blocked',
      'Note: waiting for review',
      'Helped: pairing with Alex',
      'Got in the way: flaky CI',
      'Next step: ask Kim for a review',
      'Energy: 2/5',
      'Micro-goals: “Link commits”',
    ]);
    assert.equal(mine!.label, 'Alex checked in: on track');
    assert.deepEqual(mine!.details, ['Status: on track'], 'only what is there');
  });

  it('a micro-goal done: who finished it, its goal, and how many commits back it', () => {
    const commit = (n: number, message: string): CommitInfo => ({
      hash: n.toString(16).padStart(40, '0'),
      parents: [],
      author: 'Alex',
      at: `2026-03-02T0${n}:00:00Z`,
      subject: message.split('\n')[0]!,
      message,
    });
    const state = team().put('alex', 'mg-a', 'microGoal', { done: true, doneAt: '2026-03-02T10:00:00.000Z' }).build();
    const evidence = evidenceFor(
      indexCommits([
        commit(3, `Revert "Docs"\n\nThis reverts commit ${(2).toString(16).padStart(40, '0')}.\n`),
        commit(2, 'Docs\n\nAccord: mg-a\n'),
        commit(1, 'Parser\n\nAccord-Done: mg-a\n'),
      ]),
      state,
    );
    const [done] = timelineOf(state, { me: 'sam', evidence }).entries;
    assert.equal(done!.label, 'Alex finished “Parse trailers”');
    assert.deepEqual(done!.details, ['Goal: Ship evidence', '1 commit'], 'the reverted commit does not count');
    assert.deepEqual(timelineOf(state, { me: 'sam' }).entries[0]!.details, ['Goal: Ship evidence']);
  });

  it('renegotiations, feedback, kudos, setbacks and lessons', () => {
    const state = team()
      .renegotiation('rn-1', { microGoal: 'mg-s', proposer: 'sam', change: { due: '2026-03-20' }, reason: 'The API moved', at: '2026-03-02T10:00:00.000Z' })
      .put('sam', 'fb-1', 'feedback', { from: 'sam', to: 'alex', type: 'kudos', behaviour: 'Great parser', about: 'mg-a', at: '2026-03-02T11:00:00.000Z' })
      .put('alex', 'fb-2', 'feedback', {
        from: 'alex',
        to: 'sam',
        type: 'observation',
        situation: 'In standup',
        behaviour: 'You cut me off',
        impact: 'I lost my thread',
        at: '2026-03-02T12:00:00.000Z',
      })
      .put('sam', 'sb-1', 'setback', {
        member: 'sam',
        about: 'mg-s',
        whatHappened: 'CI was down',
        rootCause: 'An expired token',
        actions: [],
        at: '2026-03-02T13:00:00.000Z',
      })
      .put('alex', 'sb-1', 'setback', { lesson: 'Check CI first', reviewedAt: '2026-03-02T14:00:00.000Z' })
      .build();
    const byKey = new Map(timelineOf(state, { me: 'alex' }).entries.map((e) => [e.key, e]));
    assert.equal(byKey.get('renegotiation:rn-1')!.label, 'Sam proposed a change to “Link commits”: due 2026-03-20 (waiting for an answer)');
    assert.deepEqual(byKey.get('renegotiation:rn-1')!.details, ['Reason: The API moved']);
    assert.equal(byKey.get('kudos:fb-1')!.label, 'Sam sent kudos to you: “Great parser”');
    assert.deepEqual(byKey.get('kudos:fb-1')!.details, ['Great parser', 'About: Parse trailers']);
    assert.equal(byKey.get('feedback:fb-2')!.label, 'Alex shared an observation with Sam: “You cut me off”');
    assert.deepEqual(byKey.get('feedback:fb-2')!.details, ['Situation: In standup', 'What I saw: You cut me off', 'Impact: I lost my thread']);
    assert.equal(byKey.get('setback:sb-1')!.label, 'Sam had a setback: “CI was down”');
    assert.deepEqual(byKey.get('setback:sb-1')!.details, [
      'What happened: CI was down',
      'About: Link commits',
      'Root cause: An expired token',
      'Lesson: Check CI first',
    ]);
    assert.equal(byKey.get('lesson:sb-1')!.label, 'Sam learned: “Check CI first”');
    assert.deepEqual(byKey.get('lesson:sb-1')!.details, ['Lesson: Check CI first', 'From the setback: CI was down']);
    assert.equal(timelineOf(state, { me: 'sam' }).entries.find((e) => e.key === 'kudos:fb-1')!.label, 'Sam sent kudos to Alex: “Great parser”');
  });

  it('answers: attached to their check-in oldest first, and each an entry of its own', () => {
    let t = team().checkIn('ci-1', 'sam', '2026-03-02T09:00:00.000Z', { status: 'blocked', note: 'waiting for review' });
    t = response(t, 'rs-3', { by: 'sam', to: 'rs-2', kind: 'reply', note: 'Yes please, 2pm', at: '2026-03-02T09:40:00.000Z' });
    t = response(t, 'rs-2', {
      by: 'alex',
      to: 'ci-1',
      kind: 'help',
      note: 'I can review it now',
      pairAt: '2026-03-02T14:00:00.000Z',
      at: '2026-03-02T10:30:00+01:00',
    });
    t = response(t, 'rs-1', { by: 'kim', to: 'ci-1', kind: 'reaction', reaction: 'seen', at: '2026-03-02T09:10:00.000Z' });
    const state = t.build();
    const sam = timelineOf(state, { me: 'sam' });
    const checkIn = sam.entries.find((e) => e.key === 'checkIn:ci-1')!;
    assert.deepEqual(checkIn.responses, [
      { id: 'rs-1', by: 'kim', kind: 'reaction', reaction: 'seen', at: '2026-03-02T09:10:00.000Z' },
      { id: 'rs-2', by: 'alex', kind: 'help', note: 'I can review it now', pairAt: '2026-03-02T14:00:00.000Z', at: '2026-03-02T10:30:00+01:00' },
    ]);
    const labels = new Map(sam.entries.map((e) => [e.key, e.label]));
    assert.equal(labels.get('response:rs-1'), 'kim saw your check-in', 'a member without a profile is named by id');
    assert.equal(labels.get('response:rs-2'), 'Alex offered you help: “I can review it now”');
    assert.equal(labels.get('response:rs-3'), 'Sam replied to Alex: “Yes please, 2pm”');
    assert.deepEqual(sam.entries.find((e) => e.key === 'response:rs-2')!.details, [
      'Note: I can review it now',
      'Pairing: 2026-03-02 14:00',
      'On your check-in: blocked, “waiting for review”',
    ]);
    assert.deepEqual(
      sam.entries.find((e) => e.key === 'response:rs-2')!.responses.map((r) => r.id),
      ['rs-3'],
    );
    assert.equal(timelineOf(state, { me: 'alex' }).entries.find((e) => e.key === 'response:rs-1')!.label, "kim saw Sam's check-in");
    const orphan = response(team(), 'rs-9', { by: 'sam', to: 'ci-gone', kind: 'reaction', reaction: 'nice', at: '2026-03-02T09:00:00.000Z' }).build();
    assert.equal(timelineOf(orphan, { me: 'alex' }).entries[0]!.label, 'Sam said “nice” to an update', 'the answered check-in is not here');
  });

  it('shows the data as written: hostile text stays text (the view makes it safe), and never breaks the order', () => {
    const hostile = '$(alert) <img src=x onerror=alert(1)> \u202eevil';
    const state = team()
      .put('sam', 'member:sam', 'member', { name: '$(zap) Sam' })
      .checkIn('ci-1', 'sam', '2026-03-02T09:00:00.000Z', { note: hostile, next: hostile })
      .build();
    const [entry] = timelineOf(state, { me: 'alex' }).entries;
    assert.equal(entry!.label, `$(zap) Sam checked in: on track, “${hostile}”`);
    assert.ok(entry!.details.includes(`Next step: ${hostile}`));
  });
});
