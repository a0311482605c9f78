import { strict as assert } from 'node:assert';
import { type EntityRecord, followUpsFor, materializeSources, type TeamState } from '../../src/core';
import { covenantAckId, covenantHash } from '../../src/core/covenant';
import { relationshipFollowUps } from '../../src/core/relationshipFollowUps';

type Row = [member: string, id: string, kind: string, fields: Record<string, unknown>];

/** A team state from rows of (writer, entity id, kind, fields), each field written at clock 1. */
function stateOf(rows: Row[]): TeamState {
  const files = new Map<string, Record<string, EntityRecord>>();
  for (const [member, id, kind, fields] of rows) {
    const entities = files.get(member) ?? {};
    const clocks = Object.fromEntries(Object.keys(fields).map((name) => [name, 1]));
    entities[id] = { kind, fields, clocks };
    files.set(member, entities);
  }
  return materializeSources([...files].map(([member, entities]) => ({ member, entities })));
}

const AT = '2026-03-10T09:00:00.000Z';
const people: Row[] = [
  ['alex', 'member:alex', 'member', { name: 'Alex', timeZone: 'Europe/Berlin', capacityHours: 10 }],
  ['sam', 'member:sam', 'member', { name: 'Sam', timeZone: 'America/New_York', capacityHours: 8 }],
];
const feedbackFromSam: Row = [
  'sam',
  'fb-1',
  'feedback',
  {
    from: 'sam',
    to: 'alex',
    type: 'appreciation',
    situation: 'In the Monday review',
    behaviour: 'You explained the cache change step by step',
    impact: 'I could review it in ten minutes',
    at: AT,
  },
];

describe('relationship follow-ups', () => {
  it('lists feedback to me until I acknowledge it, from my own file', () => {
    const before = relationshipFollowUps(stateOf([...people, feedbackFromSam]), 'alex', '2026-03-10');
    assert.equal(before.length, 1);
    assert.deepEqual(
      { ...before[0], detail: undefined },
      {
        id: 'fb-1',
        kind: 'feedback',
        label: 'Sam appreciated: “You explained the cache change step by step”',
        detail: undefined,
        action: 'acknowledgeFeedback',
        mine: true,
      },
    );
    assert.match(before[0]!.detail!, /Situation: In the Monday review\n.*step by step\nImpact: I could review/);
    // Sam sees nothing: the feedback is not theirs to acknowledge.
    assert.deepEqual(relationshipFollowUps(stateOf([...people, feedbackFromSam]), 'sam', '2026-03-10'), []);
    // The recipient writes acknowledgedAt in their own file; per-field merge joins it to Sam's entity.
    const acknowledged = stateOf([...people, feedbackFromSam, ['alex', 'fb-1', 'feedback', { acknowledgedAt: '2026-03-10T10:00:00.000Z' }]]);
    assert.deepEqual(relationshipFollowUps(acknowledged, 'alex', '2026-03-10'), []);
  });

  it('brings a setback back on its follow-up date until it is reviewed', () => {
    const setback: Row = [
      'alex',
      'sb-1',
      'setback',
      { member: 'alex', about: 'g-1', whatHappened: 'The release slipped a day', rootCause: 'No staging check', actions: [], followUp: '2026-03-12', at: AT },
    ];
    const state = stateOf([...people, ['alex', 'g-1', 'goal', { title: 'Ship 1.0', owner: 'alex', state: 'active', createdAt: AT }], setback]);
    assert.deepEqual(relationshipFollowUps(state, 'alex', '2026-03-11'), [], 'not yet');
    const due = relationshipFollowUps(state, 'alex', '2026-03-12');
    assert.equal(due.length, 1);
    assert.equal(due[0]!.kind, 'setback');
    assert.equal(due[0]!.action, 'reviewFollowUp');
    assert.equal(due[0]!.due, '2026-03-12');
    assert.equal(due[0]!.mine, true);
    assert.match(due[0]!.detail!, /About: Ship 1\.0/);
    assert.equal(relationshipFollowUps(state, 'alex', '2026-03-20').length, 1, 'still there after the date');
    const partnerView = relationshipFollowUps(state, 'sam', '2026-03-12');
    assert.equal(partnerView[0]?.mine, false, 'the partner sees it as waiting on Alex');
    const reviewed = stateOf([...people, setback, ['alex', 'sb-1', 'setback', { lesson: 'Add a staging check', reviewedAt: '2026-03-12T15:00:00.000Z' }]]);
    assert.deepEqual(relationshipFollowUps(reviewed, 'alex', '2026-03-12'), []);
  });

  it('nudges about the covenant until the current version is acknowledged', () => {
    const v1 = covenantHash('# Our covenant\n\nWe check in daily.\n');
    const v2 = covenantHash('# Our covenant\n\nWe check in twice a week.\n');
    const never = relationshipFollowUps(stateOf(people), 'alex', '2026-03-10', v1);
    assert.deepEqual(
      never.map((f) => [f.kind, f.id, f.label]),
      [['covenant', v1, 'Read and acknowledge the covenant']],
    );
    const acked = stateOf([...people, ['alex', covenantAckId('alex'), 'covenantAck', { member: 'alex', hash: v1, at: AT }]]);
    assert.deepEqual(relationshipFollowUps(acked, 'alex', '2026-03-10', v1), []);
    const changed = relationshipFollowUps(acked, 'alex', '2026-03-10', v2);
    assert.deepEqual(
      changed.map((f) => [f.kind, f.id, f.label, f.action]),
      [['covenant', v2, 'The covenant changed since you acknowledged it', 'acknowledgeCovenant']],
    );
    assert.deepEqual(relationshipFollowUps(acked, 'alex', '2026-03-10', undefined), [], 'no covenant file, no nudge');
  });

  it('counts an acknowledgment only for the member it names', () => {
    const v1 = covenantHash('x');
    const forged = stateOf([...people, ['sam', 'ack-x', 'covenantAck', { member: 'sam', hash: v1, at: AT }]]);
    assert.equal(relationshipFollowUps(forged, 'alex', '2026-03-10', v1).length, 1);
  });

  it('followUpsFor: one list for the Follow-ups view and the status bar, with "today" in my zone', () => {
    // Alex's setback comes back on 12 March; at 23:30 UTC on the 11th it is already the 12th in Berlin.
    const setback: Row = [
      'alex',
      'sb-1',
      'setback',
      { member: 'alex', about: 'g-1', whatHappened: 'The release slipped a day', rootCause: 'No staging check', actions: [], followUp: '2026-03-12', at: AT },
    ];
    const state = stateOf([...people, ['alex', 'g-1', 'goal', { title: 'Ship 1.0', owner: 'alex', state: 'active', createdAt: AT }], setback, feedbackFromSam]);
    const lateOnThe11th = new Date('2026-03-11T23:30:00.000Z');
    assert.deepEqual(
      followUpsFor(state, 'alex', lateOnThe11th).map((f) => [f.kind, f.mine]),
      [
        ['feedback', true],
        ['setback', true],
      ],
    );
    assert.deepEqual(
      followUpsFor(state, 'alex', new Date('2026-03-11T12:00:00.000Z')).map((f) => f.kind),
      ['feedback'],
      'still the 11th in Berlin at noon UTC',
    );
    // Sam (New York, still the 11th at 23:30 UTC) sees nothing of Alex's yet, and nothing is Sam's to answer.
    assert.deepEqual(
      followUpsFor(state, 'sam', lateOnThe11th).filter((f) => f.mine),
      [],
    );
  });
});
