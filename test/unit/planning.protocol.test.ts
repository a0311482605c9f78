import { strict as assert } from 'node:assert';
import { authorSources } from './helpers/authorFiles';
import { materializeSources, type TeamState } from '../../src/core';
import { checkMessage } from '../../src/planning/checks';
import { PlanDraftModel } from '../../src/planning/draft';
import { parsePersistedState, parseWebviewMessage, type WebviewMessage } from '../../src/panels/protocol';

type Fields = { kind: string } & Record<string, unknown>;

function team(entities: Record<string, Fields>): TeamState {
  const records = Object.fromEntries(
    Object.entries(entities).map(([id, { kind, ...fields }]) => [id, { kind, fields, clocks: Object.fromEntries(Object.keys(fields).map((k) => [k, 1])) }]),
  );
  return materializeSources(authorSources(records, 'alex'));
}

describe('planning protocol: the shape of webview messages', () => {
  const valid: unknown[] = [
    { type: 'ready' },
    { type: 'step', step: 'plan' },
    { type: 'reflect', field: 'helped', text: 'pairing' },
    { type: 'reflect', field: 'lessons', text: '' },
    { type: 'move', id: 'mg-abc', to: 0 },
    { type: 'update', id: 'mg-abc', change: { owner: 'sam', estimateHours: 2.5, due: '2026-12-01', goal: null, inCycle: true } },
    { type: 'update', id: 'mg-abc', change: { estimateHours: null, due: null } },
    { type: 'add', title: 'Write the parser tests' },
    { type: 'add', title: 'x', owner: 'sam', estimateHours: 1, due: '2026-12-01', goal: 'g-1' },
    { type: 'remove', id: 'mg-abc' },
    { type: 'commit', participants: ['alex', 'sam'] },
    { type: 'export' },
    { type: 'openDashboard' },
    { type: 'startPlanning' },
  ];
  for (const message of valid) {
    it(`accepts ${JSON.stringify(message)}`, () => assert.ok(parseWebviewMessage(message).ok));
  }

  const invalid: [string, unknown][] = [
    ['a string', 'ready'],
    ['null', null],
    ['an array', [{ type: 'ready' }]],
    ['an unknown type', { type: 'deleteEverything' }],
    ['no type', { id: 'mg-abc' }],
    ['an extra key', { type: 'ready', html: '<img src=x onerror=alert(1)>' }],
    ['an unknown step', { type: 'step', step: 'celebrate' }],
    ['an unknown reflection field', { type: 'reflect', field: '__proto__', text: 'x' }],
    ['a reflection over 4000 characters', { type: 'reflect', field: 'helped', text: 'x'.repeat(4001) }],
    ['an id with a path in it', { type: 'move', id: '../../etc/passwd', to: 1 }],
    ['__proto__ as an id', { type: 'remove', id: '__proto__' }],
    ['a fractional position', { type: 'move', id: 'mg-abc', to: 1.5 }],
    ['a negative position', { type: 'move', id: 'mg-abc', to: -1 }],
    ['an impossible date', { type: 'update', id: 'mg-abc', change: { due: '2026-13-01' } }],
    ['a day that does not exist', { type: 'update', id: 'mg-abc', change: { due: '2026-02-30' } }],
    ['a date with a time', { type: 'update', id: 'mg-abc', change: { due: '2026-12-01T00:00' } }],
    ['a negative estimate', { type: 'update', id: 'mg-abc', change: { estimateHours: -1 } }],
    ['an infinite estimate', { type: 'update', id: 'mg-abc', change: { estimateHours: Infinity } }],
    ['an estimate as text', { type: 'update', id: 'mg-abc', change: { estimateHours: '3' } }],
    ['an unknown change', { type: 'update', id: 'mg-abc', change: { done: true } }],
    ['an owner that is not an id', { type: 'update', id: 'mg-abc', change: { owner: 'Sam <sam@x>' } }],
    ['an empty title', { type: 'add', title: '   ' }],
    ['a title over 300 characters', { type: 'add', title: 'x'.repeat(301) }],
    ['no participants', { type: 'commit', participants: [] }],
  ];
  for (const [what, message] of invalid) {
    it(`refuses ${what}`, () => {
      const result = parseWebviewMessage(message);
      assert.equal(result.ok, false);
      if (!result.ok) assert.ok(result.reason.length > 0);
    });
  }

  it('trims titles as the store does', () => {
    const result = parseWebviewMessage({ type: 'add', title: '  Tests  ' });
    assert.ok(result.ok && result.message.type === 'add' && result.message.title === 'Tests');
  });

  it('takes a leap day only in a leap year', () => {
    assert.ok(parseWebviewMessage({ type: 'update', id: 'mg-abc', change: { due: '2024-02-29' } }).ok);
    assert.equal(parseWebviewMessage({ type: 'update', id: 'mg-abc', change: { due: '2026-02-29' } }).ok, false);
  });
});

describe('planning protocol: the state kept for a reload', () => {
  const draft = { cycleStart: '2026-11-24', cycleEnd: '2026-12-07', patches: { 'mg-a': { order: 2, owner: 'sam' } }, added: [] };

  it('accepts a planning state with its draft, and the dashboard’s', () => {
    assert.deepEqual(parsePersistedState({ view: 'planning', step: 'plan', draft }), { view: 'planning', step: 'plan', draft });
    assert.deepEqual(parsePersistedState({ view: 'dashboard' }), { view: 'dashboard' });
  });

  it('keeps micro-goals the panel added across a reload, and only ids the panel makes', () => {
    const model = new PlanDraftModel('2026-11-24', '2026-12-07');
    const state = team({ 'member:alex': { kind: 'member', name: 'Alex', timeZone: 'UTC', capacityHours: 10 } });
    const id = model.add(state, { title: 'Write the parser tests', owner: 'alex' });
    const saved = { view: 'planning', step: 'plan', draft: model.toJSON() };
    assert.deepEqual(parsePersistedState(JSON.parse(JSON.stringify(saved))), saved);
    const added = model.toJSON().added[0]!;
    for (const forged of ['g-1', 'mg-abc', `mg-${'A'.repeat(12)}`, `mg-${'a'.repeat(13)}`, `mg-${'a'.repeat(11)}_`, `${id}\n`]) {
      assert.equal(parsePersistedState({ ...saved, draft: { ...saved.draft, added: [{ ...added, id: forged }] } }), undefined, forged);
    }
  });

  it('refuses a state someone tampered with', () => {
    assert.equal(parsePersistedState(undefined), undefined);
    assert.equal(parsePersistedState({ view: 'planning', step: 'plan', draft: { ...draft, patches: { 'mg-a': { done: true } } } }), undefined);
    assert.equal(parsePersistedState({ view: 'planning', step: 'plan', draft: { ...draft, patches: { __proto__x: {} } } }), undefined);
    assert.equal(
      parsePersistedState({ view: 'planning', step: 'plan', draft: { ...draft, added: [{ id: 'mg-b', title: '', owner: 'sam', order: 1, inCycle: true }] } }),
      undefined,
    );
    assert.equal(parsePersistedState({ view: 'settings' }), undefined);
  });
});

describe('planning protocol: messages checked against the team’s data', () => {
  const state = team({
    'member:alex': { kind: 'member', name: 'Alex', timeZone: 'UTC', capacityHours: 10 },
    'member:sam': { kind: 'member', name: 'Sam', timeZone: 'UTC', capacityHours: 10 },
    'g-1': { kind: 'goal', title: 'Ship', owner: 'alex', state: 'active', createdAt: '2026-11-01T09:00:00.000Z' },
    'mg-open': { kind: 'microGoal', title: 'open', owner: 'alex', done: false, createdAt: '2026-11-01T09:00:00.000Z' },
    'mg-done': { kind: 'microGoal', title: 'done', owner: 'alex', done: true, createdAt: '2026-11-01T09:00:00.000Z' },
  });
  const draft = new PlanDraftModel('2026-11-24', '2026-12-07');
  const added = draft.add(state, { title: 'new one', owner: 'alex' });
  const ctx = { state, draft, me: 'alex', readOnly: false };
  const check = (message: WebviewMessage, over: Partial<typeof ctx> = {}) => checkMessage(message, { ...ctx, ...over });

  it('lets sensible changes through', () => {
    assert.equal(check({ type: 'update', id: 'mg-open', change: { owner: 'sam', goal: 'g-1' } }), undefined);
    assert.equal(check({ type: 'move', id: added, to: 0 }), undefined);
    assert.equal(check({ type: 'remove', id: added }), undefined);
    assert.equal(check({ type: 'commit', participants: ['alex', 'sam'] }), undefined);
  });

  it('refuses ids that are not in the backlog', () => {
    assert.match(check({ type: 'move', id: 'mg-nope', to: 0 })!, /no micro-goal/);
    assert.match(check({ type: 'update', id: 'mg-done', change: { owner: 'sam' } })!, /no micro-goal/, 'done work is not in the backlog');
    assert.match(check({ type: 'update', id: 'constructor', change: { owner: 'sam' } })!, /no micro-goal/);
  });

  it('refuses owners and participants who are not members, and goals that do not exist', () => {
    assert.match(check({ type: 'update', id: 'mg-open', change: { owner: 'mallory' } })!, /not a member/);
    assert.match(check({ type: 'add', title: 'x', owner: 'mallory' })!, /not a member/);
    assert.match(check({ type: 'commit', participants: ['alex', 'mallory'] })!, /not a member/);
    assert.match(check({ type: 'update', id: 'mg-open', change: { goal: 'g-nope' } })!, /no goal/);
  });

  it('removes only what the session added', () => {
    assert.match(check({ type: 'remove', id: 'mg-open' })!, /only micro-goals added/);
  });

  it('writes nothing in Restricted Mode or before Set Up, and still answers ready', () => {
    assert.match(check({ type: 'reflect', field: 'helped', text: 'x' }, { readOnly: true })!, /read-only/);
    assert.match(check({ type: 'commit', participants: ['alex'] }, { me: undefined })!, /who you are/);
    assert.equal(check({ type: 'ready' }, { readOnly: true }), undefined);
    assert.equal(check({ type: 'step', step: 'plan' }, { readOnly: true }), undefined);
  });
});
