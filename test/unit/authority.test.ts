import { strict as assert } from 'node:assert';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { covenantStatus } from '../../src/core/covenant';
import { type EntityRecord, materialize, materializeSources, type RefusedWrite, type TeamState } from '../../src/core';
import { AccordStore } from '../../src/store';

// ---------------------------------------------------------------------------------------
// Member files written by hand, with explicit Lamport clocks, as a hostile or mistaken edit would be.

const AT = '2026-03-02T09:30:00.000Z';
const LATER = '2026-03-03T09:30:00.000Z';
const HASH_A = 'a'.repeat(64);

type Files = Map<string, Record<string, EntityRecord>>;

class Team {
  readonly files: Files = new Map();

  write(member: string, id: string, kind: string, fields: Record<string, unknown>, clock: number): this {
    const file = this.file(member);
    const record = (file[id] ??= { kind, fields: {}, clocks: {} });
    for (const [name, value] of Object.entries(fields)) {
      record.fields[name] = value;
      record.clocks[name] = clock;
    }
    return this;
  }

  tombstone(member: string, id: string, kind: string, clock: number): this {
    const file = this.file(member);
    const record = (file[id] ??= { kind, fields: {}, clocks: {} });
    record.deleted = clock;
    return this;
  }

  /** The state, checked to be the same whichever order the files are read in. */
  state(): TeamState {
    const sources = [...this.files].map(([member, entities]) => ({ member, entities }));
    const state = materializeSources(sources);
    const reversed = materializeSources([...sources].reverse());
    assert.deepEqual(view(reversed), view(state), 'the same files in another order give another state');
    return state;
  }

  private file(member: string): Record<string, EntityRecord> {
    let file = this.files.get(member);
    if (!file) this.files.set(member, (file = Object.create(null) as Record<string, EntityRecord>));
    return file;
  }
}

function view(state: TeamState): unknown {
  return {
    entities: Object.entries(state.entities).map(([kind, map]) => [kind, [...(map as ReadonlyMap<string, unknown>)]]),
    incomplete: state.incomplete,
    refused: state.refused,
  };
}

/**
 * Alice (me) has a profile, a micro-goal due 2026-03-10, a check-in and a covenant
 * acknowledgment; Bob has a profile and sent Alice feedback; Carol has a profile and never
 * acknowledged the covenant. Everything is written by its own member at clocks 1–3.
 */
function team(): Team {
  return new Team()
    .write('alice', 'member:alice', 'member', { name: 'Alice', timeZone: 'America/New_York', capacityHours: 12 }, 1)
    .write('alice', 'mg-1', 'microGoal', { title: 'Ship login', owner: 'alice', due: '2026-03-10', done: false, createdAt: AT }, 2)
    .write('alice', 'ci-1', 'checkIn', { member: 'alice', at: AT, microGoals: ['mg-1'], status: 'on-track', note: 'my own words' }, 3)
    .write('alice', 'ack:alice', 'covenantAck', { member: 'alice', hash: HASH_A, at: AT }, 3)
    .write('bob', 'member:bob', 'member', { name: 'Bob', timeZone: 'Europe/Berlin', capacityHours: 10 }, 1)
    .write('bob', 'fb-1', 'feedback', { from: 'bob', to: 'alice', type: 'appreciation', behaviour: 'You walked me through the cache change', at: AT }, 2)
    .write('carol', 'member:carol', 'member', { name: 'Carol', timeZone: 'UTC', capacityHours: 5 }, 1);
}

const refusedBy = (state: TeamState, member: string): string[] => state.refused.filter((r) => r.member === member).map((r) => `${r.entity} ${r.field}`);
const micro = (state: TeamState) => state.entities.microGoal.get('mg-1')!;
const proposal = (proposer: string, change: Record<string, unknown>, fields: Record<string, unknown> = {}) => ({
  microGoal: 'mg-1',
  proposer,
  change,
  reason: 'The API took a day longer',
  state: 'proposed',
  at: LATER,
  beforeDue: true,
  ...fields,
});

/** Bob offers help on my check-in ci-1 (rs-bob, in his file) and I reply to his offer (rs-alice, in mine). */
function answered(t: Team): Team {
  return t
    .write('bob', 'rs-bob', 'response', { by: 'bob', to: 'ci-1', kind: 'help', note: 'I can pair on it', pairAt: '2026-03-03T14:00:00.000Z', at: LATER }, 4)
    .write('alice', 'rs-alice', 'response', { by: 'alice', to: 'rs-bob', kind: 'reply', note: 'Thanks, 2pm works', at: LATER }, 5);
}

describe("authority: forged writes in a partner's file are left out", () => {
  const cases: { name: string; forge: (t: Team) => Team; expect: (s: TeamState) => void; refused: string[] }[] = [
    {
      name: "changing my check-in's text and status",
      forge: (t) => t.write('bob', 'ci-1', 'checkIn', { note: 'I did nothing (written by bob)', status: 'blocked' }, 50),
      expect: (s) => assert.deepEqual([s.entities.checkIn.get('ci-1')!.note, s.entities.checkIn.get('ci-1')!.status], ['my own words', 'on-track']),
      refused: ['ci-1 note', 'ci-1 status'],
    },
    {
      name: "moving my micro-goal's due date and owner with no renegotiation",
      forge: (t) => t.write('bob', 'mg-1', 'microGoal', { due: '2026-02-01', owner: 'bob' }, 50),
      expect: (s) => assert.deepEqual([micro(s).due, micro(s).owner], ['2026-03-10', 'alice']),
      refused: ['mg-1 due', 'mg-1 owner'],
    },
    {
      name: "changing my micro-goal's title, estimate and scope",
      forge: (t) => t.write('bob', 'mg-1', 'microGoal', { title: 'Nothing', estimateHours: 90, scope: 'everything' }, 50),
      expect: (s) => assert.deepEqual([micro(s).title, micro(s).estimateHours, micro(s).scope], ['Ship login', undefined, undefined]),
      refused: ['mg-1 estimateHours', 'mg-1 scope', 'mg-1 title'],
    },
    {
      name: 'replacing my covenant acknowledgment',
      forge: (t) => t.write('bob', 'ack:alice', 'covenantAck', { hash: 'b'.repeat(64) }, 50),
      expect: (s) => assert.equal(s.entities.covenantAck.get('ack:alice')!.hash, HASH_A),
      refused: ['ack:alice hash'],
    },
    {
      name: "changing my profile's time zone, capacity and name",
      forge: (t) => t.write('bob', 'member:alice', 'member', { timeZone: 'Pacific/Kiritimati', capacityHours: 168, name: 'Alice (lazy)' }, 50),
      expect: (s) => {
        const me = s.entities.member.get('member:alice')!;
        assert.deepEqual([me.timeZone, me.capacityHours, me.name], ['America/New_York', 12, 'Alice']);
      },
      refused: ['member:alice capacityHours', 'member:alice name', 'member:alice timeZone'],
    },
    {
      name: 'forging a check-in "from" me',
      forge: (t) => t.write('bob', 'ci-forged', 'checkIn', { member: 'alice', at: AT, microGoals: [], status: 'blocked', note: 'I give up' }, 50),
      expect: (s) => assert.equal(s.entities.checkIn.has('ci-forged'), false),
      refused: ['ci-forged created'],
    },
    {
      name: 'forging feedback "from" me',
      forge: (t) => t.write('bob', 'fb-forged', 'feedback', { from: 'alice', to: 'bob', type: 'kudos', behaviour: 'Bob is the best', at: AT }, 50),
      expect: (s) => assert.equal(s.entities.feedback.has('fb-forged'), false),
      refused: ['fb-forged created'],
    },
    {
      name: 'forging a renegotiation "accepted by" me, and applying it',
      forge: (t) =>
        t
          .write('bob', 'rn-forged', 'renegotiation', proposal('bob', { due: '2026-02-01' }, { state: 'accepted', respondedBy: 'alice', respondedAt: AT }), 50)
          .write('bob', 'mg-1', 'microGoal', { due: '2026-02-01' }, 50),
      expect: (s) => {
        assert.equal(micro(s).due, '2026-03-10');
        assert.equal(s.entities.renegotiation.get('rn-forged')?.state, undefined, 'not accepted on my behalf');
      },
      refused: ['mg-1 due', 'rn-forged respondedBy', 'rn-forged state'],
    },
    {
      name: 'accepting his own proposal on my micro-goal',
      forge: (t) =>
        t
          .write('bob', 'rn-2', 'renegotiation', proposal('bob', { due: '2026-02-01' }), 10)
          .write('bob', 'rn-2', 'renegotiation', { state: 'accepted', respondedBy: 'bob' }, 11)
          .write('bob', 'mg-1', 'microGoal', { due: '2026-02-01' }, 11),
      expect: (s) => assert.equal(micro(s).due, '2026-03-10'),
      refused: ['mg-1 due', 'rn-2 state'],
    },
    {
      name: 'creating a micro-goal in my name',
      forge: (t) => t.write('bob', 'mg-forged', 'microGoal', { title: 'Rewrite everything by Friday', owner: 'alice', done: false, createdAt: AT }, 50),
      expect: (s) => assert.equal(s.entities.microGoal.has('mg-forged'), false),
      refused: ['mg-forged created'],
    },
    {
      name: 'making a member who never acknowledged the covenant appear current',
      forge: (t) => t.write('bob', 'ack:x', 'covenantAck', { member: 'carol', hash: 'c'.repeat(64), at: AT }, 51),
      expect: (s) => assert.equal(covenantStatus(s, 'c'.repeat(64)).find((x) => x.member === 'carol')!.status, 'never'),
      refused: ['ack:x created'],
    },
    {
      name: 'deleting my profile and my check-in with a tombstone at clock 0',
      forge: (t) => t.tombstone('bob', 'member:alice', 'member', 0).tombstone('bob', 'ci-1', 'checkIn', 0),
      expect: (s) => {
        assert.ok(s.entities.member.has('member:alice'));
        assert.ok(s.entities.checkIn.has('ci-1'));
      },
      refused: ['ci-1 deleted', 'member:alice deleted'],
    },
    {
      name: 'deleting my micro-goal and my covenant acknowledgment',
      forge: (t) => t.tombstone('bob', 'mg-1', 'microGoal', 60).tombstone('bob', 'ack:alice', 'covenantAck', 60),
      expect: (s) => {
        assert.ok(s.entities.microGoal.has('mg-1'));
        assert.ok(s.entities.covenantAck.has('ack:alice'));
      },
      refused: ['ack:alice deleted', 'mg-1 deleted'],
    },
    {
      name: 'acknowledging feedback he sent himself',
      forge: (t) => t.write('bob', 'fb-1', 'feedback', { acknowledgedAt: LATER }, 5),
      expect: (s) => assert.equal(s.entities.feedback.get('fb-1')!.acknowledgedAt, undefined),
      refused: ['fb-1 acknowledgedAt'],
    },
    {
      name: 'turning my check-in into another kind of entity',
      forge: (t) => t.write('bob', 'ci-1', 'goal', { title: 'mine now' }, 50),
      expect: (s) => assert.equal(s.entities.checkIn.get('ci-1')!.note, 'my own words'),
      refused: ['ci-1 created'],
    },
    {
      name: 'hiding my check-in by creating its id in his own name, at a lower clock',
      forge: (t) => t.write('bob', 'ci-1', 'checkIn', { member: 'bob', at: AT }, 0),
      expect: (s) => assert.deepEqual([s.entities.checkIn.get('ci-1')?.member, s.entities.checkIn.get('ci-1')?.note], ['alice', 'my own words']),
      refused: ['ci-1 created'],
    },
    {
      name: 'hiding my covenant acknowledgment by creating “ack:alice” in his own name, whole and at clock 0',
      forge: (t) => t.write('bob', 'ack:alice', 'covenantAck', { member: 'bob', hash: 'b'.repeat(64), at: AT }, 0),
      expect: (s) => {
        assert.equal(s.entities.covenantAck.get('ack:alice')!.hash, HASH_A);
        assert.equal(covenantStatus(s, HASH_A).find((x) => x.member === 'alice')!.status, 'current');
      },
      refused: ['ack:alice created'],
    },
    {
      name: "taking my reflection's id “rf:alice:<cycle>” in his own name",
      forge: (t) =>
        t
          .write('alice', 'rf:alice:2026-03-02', 'reflection', { member: 'alice', cycleStart: '2026-03-02', helped: 'pairing', at: AT }, 3)
          .write('bob', 'rf:alice:2026-03-02', 'reflection', { member: 'bob', cycleStart: '2026-03-02', helped: 'nothing', at: AT }, 0),
      expect: (s) =>
        assert.deepEqual(
          [s.entities.reflection.get('rf:alice:2026-03-02')?.member, s.entities.reflection.get('rf:alice:2026-03-02')?.helped],
          ['alice', 'pairing'],
        ),
      refused: ['rf:alice:2026-03-02 created'],
    },
    {
      name: 'hiding my micro-goal with a creation marker and an owner written after it',
      forge: (t) => t.write('bob', 'mg-1', 'microGoal', { createdAt: AT }, 0).write('bob', 'mg-1', 'microGoal', { owner: 'alice' }, 1),
      expect: (s) => assert.deepEqual([micro(s).title, micro(s).owner], ['Ship login', 'alice']),
      refused: ['mg-1 created'],
    },
    {
      name: 'deleting a micro-goal he handed to me, with a tombstone stamped before the hand-over',
      forge: (t) =>
        t
          .write('bob', 'mg-2', 'microGoal', { title: 'Docs', owner: 'bob', due: '2026-03-10', done: false, createdAt: AT }, 4)
          .write('bob', 'rn-h', 'renegotiation', { ...proposal('bob', { owner: 'alice' }), microGoal: 'mg-2' }, 5)
          .write('alice', 'mg-2', 'microGoal', { owner: 'alice' }, 7)
          .write('alice', 'rn-h', 'renegotiation', { state: 'accepted', respondedBy: 'alice', respondedAt: LATER }, 7)
          .tombstone('bob', 'mg-2', 'microGoal', 6),
      expect: (s) => assert.equal(s.entities.microGoal.get('mg-2')?.owner, 'alice'),
      refused: ['mg-2 deleted'],
    },
    {
      name: 'accepting a hand-over of my micro-goal that I offered to someone else',
      forge: (t) =>
        t
          .write('alice', 'rn-1', 'renegotiation', proposal('alice', { owner: 'carol' }), 10)
          .write('bob', 'rn-1', 'renegotiation', { state: 'accepted', respondedBy: 'bob', respondedAt: LATER }, 11)
          .write('bob', 'mg-1', 'microGoal', { owner: 'carol' }, 11),
      expect: (s) => {
        assert.equal(s.entities.renegotiation.get('rn-1')!.state, 'proposed', 'carol can still answer');
        assert.equal(micro(s).owner, 'alice');
      },
      refused: ['mg-1 owner', 'rn-1 respondedAt', 'rn-1 respondedBy', 'rn-1 state'],
    },
    {
      name: 'countering a hand-over of my micro-goal that I offered to someone else',
      forge: (t) =>
        t
          .write('alice', 'rn-1', 'renegotiation', proposal('alice', { owner: 'carol' }), 10)
          .write('bob', 'rn-1', 'renegotiation', { state: 'countered', counter: { owner: 'bob' }, respondedBy: 'bob' }, 11),
      expect: (s) => assert.equal(s.entities.renegotiation.get('rn-1')!.state, 'proposed'),
      refused: ['rn-1 counter', 'rn-1 respondedBy', 'rn-1 state'],
    },
    {
      name: 'writing into my answer to his offer of help, in his own file',
      forge: (t) => answered(t).write('bob', 'rs-alice', 'response', { note: 'Never mind, I will do it all myself', kind: 'reaction', reaction: 'seen' }, 50),
      expect: (s) => {
        const mine = s.entities.response.get('rs-alice')!;
        assert.deepEqual([mine.by, mine.kind, mine.reaction, mine.note], ['alice', 'reply', undefined, 'Thanks, 2pm works']);
      },
      refused: ['rs-alice kind', 'rs-alice note', 'rs-alice reaction'],
    },
    {
      name: 'answering my check-in in my name (a response “by” me in his file)',
      forge: (t) => t.write('bob', 'rs-forged', 'response', { by: 'alice', to: 'ci-1', kind: 'reaction', reaction: 'thumbsUp', at: LATER }, 50),
      expect: (s) => assert.equal(s.entities.response.has('rs-forged'), false),
      refused: ['rs-forged created'],
    },
    {
      name: 'deleting my answer with a tombstone',
      forge: (t) => answered(t).tombstone('bob', 'rs-alice', 'response', 60),
      expect: (s) => assert.equal(s.entities.response.get('rs-alice')?.note, 'Thanks, 2pm works'),
      refused: ['rs-alice deleted'],
    },
    {
      name: 'resetting the team settings with a tombstone',
      forge: (t) => t.write('alice', 'team', 'team', { checkInTimes: ['10:00'], workingDays: [1, 2, 3], cycleDays: 7 }, 4).tombstone('bob', 'team', 'team', 60),
      expect: (s) => assert.equal(s.team.cycleDays, 7),
      refused: ['team deleted'],
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const state = c.forge(team()).state();
      c.expect(state);
      assert.deepEqual(refusedBy(state, 'bob'), c.refused);
      assert.deepEqual(refusedBy(state, 'alice'), [], 'nothing of mine is refused');
      // Nothing else is affected: everything else is exactly as without the forged writes.
      const honest = team().state();
      assert.deepEqual(state.entities.member, honest.entities.member);
      assert.deepEqual(state.entities.checkIn, honest.entities.checkIn);
    });
  }

  it('reports each refusal with its file, entity, kind, field, what and why, in plain words', () => {
    const state = team().write('bob', 'ci-1', 'checkIn', { status: 'blocked' }, 50).state();
    assert.deepEqual(state.refused, [
      {
        member: 'bob',
        entity: 'ci-1',
        kind: 'checkIn',
        field: 'status',
        what: 'a change to “status”',
        why: 'only alice writes this check-in',
      } satisfies RefusedWrite,
    ]);
  });

  it("keeps one claim when two members' files both create a random id, and lists only the other", () => {
    // A later copy (the copier had to read mine first, so an honest copy has a higher clock).
    const later = team().write('bob', 'ci-1', 'checkIn', { member: 'bob', at: AT, microGoals: [], status: 'blocked' }, 50).state();
    assert.equal(later.entities.checkIn.get('ci-1')!.member, 'alice');
    assert.deepEqual(
      later.refused.map((r) => [r.member, r.entity, r.field]),
      [['bob', 'ci-1', 'created']],
    );
    assert.match(later.refused[0]!.why, /alice's file also creates “ci-1”, earlier/);
    // A bare marker loses to a whole record, whatever its clock.
    const bare = team().write('bob', 'ci-1', 'checkIn', { member: 'bob', at: AT, status: 'blocked' }, 0).state();
    assert.equal(bare.entities.checkIn.get('ci-1')!.member, 'alice');
    assert.deepEqual(refusedBy(bare, 'alice'), []);
  });

  it('the limit: a whole copy stamped before my creation wins the id, shown as his, never as mine', () => {
    const state = team().write('bob', 'ci-1', 'checkIn', { member: 'bob', at: AT, microGoals: [], status: 'blocked', note: 'his words' }, 0).state();
    const shown = state.entities.checkIn.get('ci-1')!;
    assert.deepEqual([shown.member, shown.note], ['bob', 'his words']);
    assert.deepEqual(
      state.refused.map((r) => [r.member, r.entity, r.field]),
      [['alice', 'ci-1', 'created']],
      'listed against the claim left out only',
    );
    assert.match(state.refused[0]!.why, /bob's file also creates “ci-1”, earlier \(with a lower creation clock\)/);
  });

  it('the creator who hands her micro-goal over by accepting a proposal still creates it', () => {
    const state = team()
      .write('bob', 'rn-1', 'renegotiation', proposal('bob', { owner: 'bob' }), 10)
      .write('alice', 'rn-1', 'renegotiation', { state: 'accepted', respondedBy: 'alice', respondedAt: LATER }, 11)
      .write('alice', 'mg-1', 'microGoal', { owner: 'bob' }, 11)
      .write('bob', 'mg-1', 'microGoal', { title: 'Ship login, by Bob' }, 12)
      .state();
    assert.deepEqual([micro(state).owner, micro(state).title], ['bob', 'Ship login, by Bob']);
    assert.deepEqual(state.refused, []);
  });

  it("a former owner's write stamped before the hand-over never beats the new owner's own later write; one after it is refused", () => {
    const handedOver = () =>
      team()
        .write('bob', 'mg-2', 'microGoal', { title: 'Docs', owner: 'bob', due: '2026-03-10', done: false, createdAt: AT }, 4)
        .write('bob', 'rn-h', 'renegotiation', { ...proposal('bob', { owner: 'alice' }), microGoal: 'mg-2' }, 5)
        .write('alice', 'mg-2', 'microGoal', { owner: 'alice', title: 'Docs for the API' }, 7)
        .write('alice', 'rn-h', 'renegotiation', { state: 'accepted', respondedBy: 'alice', respondedAt: LATER }, 7);
    const backdated = handedOver().write('bob', 'mg-2', 'microGoal', { title: 'Docs (never mind)' }, 6).state();
    assert.equal(backdated.entities.microGoal.get('mg-2')!.title, 'Docs for the API');
    const after = handedOver().write('bob', 'mg-2', 'microGoal', { title: 'Docs (never mind)', estimateHours: 9 }, 8).state();
    assert.equal(after.entities.microGoal.get('mg-2')!.title, 'Docs for the API');
    assert.deepEqual(refusedBy(after, 'bob'), ['mg-2 estimateHours', 'mg-2 title']);
    // Her own tombstone counts: it is hers now.
    assert.equal(handedOver().tombstone('alice', 'mg-2', 'microGoal', 8).state().entities.microGoal.has('mg-2'), false);
  });

  it("keeps writes to an entity whose creator's file is not here as incomplete, refusing nothing", () => {
    const state = new Team().write('bob', 'mg-elsewhere', 'microGoal', { done: true, doneAt: AT }, 5).state();
    assert.deepEqual(state.incomplete, ['mg-elsewhere']);
    assert.deepEqual(state.refused, []);
  });
});

describe('authority: what partners legitimately write still counts', () => {
  it('a partner ticks my micro-goal done and moves it under a goal', () => {
    const state = team().write('bob', 'mg-1', 'microGoal', { done: true, doneAt: LATER, goal: 'g-1', order: 3 }, 9).state();
    assert.deepEqual([micro(state).done, micro(state).doneAt, micro(state).goal, micro(state).order], [true, LATER, 'g-1', 3]);
    assert.deepEqual(state.refused, []);
  });

  it('the recipient acknowledges feedback', () => {
    const state = team().write('alice', 'fb-1', 'feedback', { acknowledgedAt: LATER }, 9).state();
    assert.equal(state.entities.feedback.get('fb-1')!.acknowledgedAt, LATER);
    assert.deepEqual(state.refused, []);
  });

  it('a partner answers my check-in from his own file; my check-in stays as I wrote it', () => {
    const state = answered(team()).state();
    assert.deepEqual(
      [...state.entities.response.values()].map((r) => [r.id, r.by, r.to, r.kind]).sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
      [
        ['rs-alice', 'alice', 'rs-bob', 'reply'],
        ['rs-bob', 'bob', 'ci-1', 'help'],
      ],
    );
    assert.equal(state.entities.response.get('rs-bob')!.pairAt, '2026-03-03T14:00:00.000Z');
    assert.deepEqual(state.entities.checkIn, team().state().entities.checkIn);
    assert.deepEqual(state.refused, []);
  });

  it("any member changes the team settings; a partner records a setback's lesson", () => {
    const state = team()
      .write('alice', 'team', 'team', { checkInTimes: ['09:30'], workingDays: [1, 2, 3, 4, 5], cycleDays: 14 }, 4)
      .write('bob', 'team', 'team', { cycleDays: 7 }, 9)
      .write('alice', 'sb-1', 'setback', { member: 'alice', about: 'mg-1', whatHappened: 'Staging was down', actions: [], at: AT }, 5)
      .write('bob', 'sb-1', 'setback', { lesson: 'Check staging the day before', reviewedAt: LATER }, 9)
      .state();
    assert.equal(state.team.cycleDays, 7);
    assert.equal(state.entities.setback.get('sb-1')!.lesson, 'Check staging the day before');
    assert.deepEqual(state.refused, []);
  });

  it('propose → accept: a partner proposes a new date for my micro-goal, I accept', () => {
    const state = team()
      .write('bob', 'rn-1', 'renegotiation', proposal('bob', { due: '2026-03-12' }), 10)
      .write('alice', 'mg-1', 'microGoal', { due: '2026-03-12' }, 11)
      .write('alice', 'rn-1', 'renegotiation', { state: 'accepted', respondedBy: 'alice', respondedAt: LATER }, 11)
      .state();
    assert.equal(micro(state).due, '2026-03-12');
    assert.equal(state.entities.renegotiation.get('rn-1')!.state, 'accepted');
    assert.deepEqual(state.refused, []);
  });

  it("propose → accept: I propose a new date for my micro-goal, my partner's acceptance writes it", () => {
    const state = team()
      .write('alice', 'rn-1', 'renegotiation', proposal('alice', { due: '2026-03-12', scope: 'Login only' }), 10)
      .write('bob', 'mg-1', 'microGoal', { due: '2026-03-12', scope: 'Login only' }, 11)
      .write('bob', 'rn-1', 'renegotiation', { state: 'accepted', respondedBy: 'bob', respondedAt: LATER }, 11)
      .state();
    assert.deepEqual([micro(state).due, micro(state).scope], ['2026-03-12', 'Login only']);
    assert.deepEqual(state.refused, []);
  });

  it("propose → counter → accept: the proposer applies the owner's counter-proposal, and only that", () => {
    const base = () =>
      team()
        .write('bob', 'rn-1', 'renegotiation', proposal('bob', { due: '2026-03-20' }), 10)
        .write('alice', 'rn-1', 'renegotiation', { state: 'countered', counter: { due: '2026-03-13' }, respondedBy: 'alice', respondedAt: LATER }, 11)
        .write('bob', 'rn-1', 'renegotiation', { state: 'accepted', respondedBy: 'bob', respondedAt: LATER }, 12);
    const state = base().write('bob', 'mg-1', 'microGoal', { due: '2026-03-13' }, 12).state();
    assert.equal(micro(state).due, '2026-03-13');
    assert.equal(state.entities.renegotiation.get('rn-1')!.state, 'accepted');
    assert.deepEqual(state.refused, []);
    // Applying his own first proposal instead of the counter does not count.
    const own = base().write('bob', 'mg-1', 'microGoal', { due: '2026-03-20' }, 12).state();
    assert.equal(micro(own).due, '2026-03-10');
    assert.deepEqual(refusedBy(own, 'bob'), ['mg-1 due']);
  });

  it('an owner change through a renegotiation moves who may edit the micro-goal', () => {
    const state = team()
      .write('alice', 'rn-1', 'renegotiation', proposal('alice', { owner: 'bob' }), 10)
      .write('bob', 'mg-1', 'microGoal', { owner: 'bob' }, 11)
      .write('bob', 'rn-1', 'renegotiation', { state: 'accepted', respondedBy: 'bob', respondedAt: LATER }, 11)
      .write('bob', 'mg-1', 'microGoal', { title: 'Ship login and logout' }, 12)
      .write('alice', 'mg-1', 'microGoal', { estimateHours: 3 }, 13)
      .state();
    assert.deepEqual([micro(state).owner, micro(state).title, micro(state).estimateHours], ['bob', 'Ship login and logout', undefined]);
    assert.deepEqual(refusedBy(state, 'alice'), ['mg-1 estimateHours']);
    assert.deepEqual(refusedBy(state, 'bob'), []);
  });

  it("a third member cannot answer a proposal about someone else's micro-goal", () => {
    const state = team()
      .write('bob', 'rn-1', 'renegotiation', proposal('bob', { due: '2026-03-20' }), 10)
      .write('carol', 'mg-1', 'microGoal', { due: '2026-03-20' }, 11)
      .write('carol', 'rn-1', 'renegotiation', { state: 'accepted', respondedBy: 'carol', respondedAt: LATER }, 11)
      .state();
    assert.equal(micro(state).due, '2026-03-10');
    assert.equal(state.entities.renegotiation.get('rn-1')!.state, 'proposed');
    assert.deepEqual(refusedBy(state, 'carol'), ['mg-1 due', 'rn-1 respondedAt', 'rn-1 respondedBy', 'rn-1 state']);
  });

  it('alone in the team, my own renegotiation applies at once', () => {
    const state = new Team()
      .write('alice', 'mg-1', 'microGoal', { title: 'Ship login', owner: 'alice', due: '2026-03-10', done: false, createdAt: AT }, 1)
      .write('alice', 'rn-1', 'renegotiation', proposal('alice', { due: '2026-03-11' }, { state: 'accepted', respondedBy: 'alice', respondedAt: LATER }), 2)
      .write('alice', 'mg-1', 'microGoal', { due: '2026-03-11' }, 2)
      .state();
    assert.equal(micro(state).due, '2026-03-11');
    assert.deepEqual(state.refused, []);
  });

  it('the history (merged) holds only writes that count; materializing it gives the same entities', () => {
    const state = team().write('bob', 'ci-1', 'checkIn', { note: 'forged' }, 50).write('bob', 'mg-1', 'microGoal', { done: true }, 50).state();
    assert.equal(state.merged.get('ci-1')!.fields.get('note')!.value, 'my own words');
    assert.deepEqual(state.merged.get('mg-1')!.fields.get('done'), { value: true, clock: 50, by: 'bob' });
    assert.deepEqual(materialize(state.merged).entities, state.entities);
  });
});

// ---------------------------------------------------------------------------------------
// Through the real store: two clones of the repository, synced by copying member files as git would.

describe('authority through the store', function () {
  this.timeout(20000);
  let base: string;
  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'accord-authority-'));
  });
  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  async function clone(name: string, me: string): Promise<AccordStore> {
    const root = join(base, name);
    await mkdir(join(root, '.accord', 'people'), { recursive: true });
    const store = new AccordStore({ root, me });
    await store.loadAll();
    return store;
  }

  /** git push + pull: `to` gets `from`'s own file. */
  async function sync(from: AccordStore, to: AccordStore): Promise<void> {
    await writeFile(to.fileOf(from.me!), await readFile(from.fileOf(from.me!)));
    await to.loadAll();
  }

  it('propose → counter → accept across two clones changes the micro-goal, with nothing refused', async () => {
    const alice = await clone('alice', 'alice');
    const bob = await clone('bob', 'bob');
    await alice.update((e) => e.set('member:alice', 'member', { name: 'Alice', timeZone: 'UTC', capacityHours: 10 }));
    const mg = await alice.update((e) => e.create('microGoal', 'mg', { title: 'Ship login', owner: 'alice', due: '2026-03-10', done: false, createdAt: AT }));
    await bob.update((e) => e.set('member:bob', 'member', { name: 'Bob', timeZone: 'UTC', capacityHours: 10 }));
    await sync(alice, bob);
    await sync(bob, alice);
    // Bob proposes; Alice suggests another date; Bob accepts her counter (as src/daily/renegotiate.ts writes them).
    const rn = await bob.update((e) =>
      e.create('renegotiation', 'rn', {
        microGoal: mg,
        proposer: 'bob',
        change: { due: '2026-03-20' },
        reason: 'Blocked on the API',
        state: 'proposed',
        at: AT,
        beforeDue: true,
      }),
    );
    await sync(bob, alice);
    await alice.update((e) => e.set(rn, 'renegotiation', { state: 'countered', counter: { due: '2026-03-13' }, respondedBy: 'alice', respondedAt: LATER }));
    await sync(alice, bob);
    await bob.update((e) => {
      e.set(mg, 'microGoal', { due: '2026-03-13' });
      e.set(rn, 'renegotiation', { state: 'accepted', respondedBy: 'bob', respondedAt: LATER });
    });
    await sync(bob, alice);
    for (const store of [alice, bob]) {
      assert.equal(store.state.entities.microGoal.get(mg)!.due, '2026-03-13');
      assert.equal(store.state.entities.renegotiation.get(rn)!.state, 'accepted');
      assert.deepEqual(store.state.refused, []);
    }
  });

  it("a way back: Set Up and a new check-in after a partner's forged tombstones, and the refusal names the partner's file", async () => {
    const alice = await clone('shared', 'alice');
    await alice.update((e) => e.set('member:alice', 'member', { name: 'Alice', timeZone: 'UTC', capacityHours: 10 }));
    const ci = await alice.update((e) => e.create('checkIn', 'ci', { member: 'alice', at: AT, microGoals: [], status: 'on-track', note: 'mine' }));
    const bobFile = alice.fileOf('bob');
    const forged = {
      schema: JSON.parse(await readFile(alice.fileOf('alice'), 'utf8')).schema,
      member: 'bob',
      clock: 0,
      entities: { 'member:alice': { kind: 'member', fields: {}, clocks: {}, deleted: 0 }, [ci]: { kind: 'checkIn', fields: {}, clocks: {}, deleted: 0 } },
    };
    await writeFile(bobFile, JSON.stringify(forged, null, 2) + '\n');
    await alice.loadAll();
    assert.deepEqual(alice.errors, []);
    assert.ok(alice.state.entities.member.has('member:alice'));
    assert.ok(alice.state.entities.checkIn.has(ci));
    assert.deepEqual(
      alice.state.refused.map((r) => [r.member, r.entity, r.field]),
      [
        ['bob', ci, 'deleted'],
        ['bob', 'member:alice', 'deleted'],
      ].sort((a, b) => (a[1]! < b[1]! ? -1 : 1)),
    );
    // Set Up again, and editing: the fields are written again and count.
    await alice.update((e) => e.set('member:alice', 'member', { name: 'Alice', timeZone: 'Europe/Lisbon', capacityHours: 8 }));
    await alice.update((e) => e.set(ci, 'checkIn', { note: 'still mine' }));
    assert.equal(alice.state.entities.member.get('member:alice')!.timeZone, 'Europe/Lisbon');
    assert.equal(alice.state.entities.checkIn.get(ci)!.note, 'still mine');
  });
});

// ---------------------------------------------------------------------------------------
// Issue 18: away periods and regional holidays are their member's own; team holidays are everyone's.

describe('authority: away periods and holidays (issue 18)', () => {
  const away = (fields: Record<string, unknown> = {}) => ({
    member: 'alice',
    from: '2026-12-21',
    to: '2027-01-04',
    note: 'Back on the 5th',
    at: AT,
    ...fields,
  });
  const awayTeam = () => team().write('alice', 'away-1', 'away', away(), 4);

  it("someone else's away entity in my file is refused whole: nobody marks a partner away", () => {
    const state = awayTeam()
      .write('bob', 'away-forged', 'away', away({ member: 'alice', from: '2026-03-02', to: '2026-03-20' }), 9)
      .state();
    assert.equal(state.entities.away.has('away-forged'), false);
    assert.deepEqual(refusedBy(state, 'bob'), ['away-forged created']);
    assert.match(state.refused[0]!.why, /names alice, not bob/);
  });

  it("a partner can neither end my away period early (I'm Back on my behalf), change its note, nor remove it", () => {
    const state = awayTeam().write('bob', 'away-1', 'away', { to: '2026-12-22', note: 'not really away' }, 50).tombstone('bob', 'away-1', 'away', 51).state();
    assert.deepEqual([state.entities.away.get('away-1')!.to, state.entities.away.get('away-1')!.note], ['2027-01-04', 'Back on the 5th']);
    assert.deepEqual(refusedBy(state, 'bob'), ['away-1 deleted', 'away-1 note', 'away-1 to']);
    assert.ok(state.refused.every((r) => r.why === 'only alice writes this away period' || r.why === 'only alice may delete this away period'));
  });

  it('my own later write of “to” (I’m Back) wins over my earlier one, from either of my machines', () => {
    const state = awayTeam().write('alice', 'away-1', 'away', { to: '2026-12-27' }, 7).state();
    assert.equal(state.entities.away.get('away-1')!.to, '2026-12-27');
    assert.deepEqual(state.refused, []);
  });

  it("a partner's regional holiday in my name is refused; my own counts", () => {
    const state = team()
      .write('alice', 'rhol-1', 'regionalHoliday', { member: 'alice', day: '2026-06-04', name: 'Corpus Christi', at: AT }, 4)
      .write('bob', 'rhol-2', 'regionalHoliday', { member: 'alice', day: '2026-06-05', name: 'A day off for Alice', at: AT }, 5)
      .write('bob', 'rhol-1', 'regionalHoliday', { name: 'renamed' }, 6)
      .state();
    assert.deepEqual([...state.entities.regionalHoliday.keys()], ['rhol-1']);
    assert.equal(state.entities.regionalHoliday.get('rhol-1')!.name, 'Corpus Christi');
    assert.deepEqual(refusedBy(state, 'bob'), ['rhol-1 name', 'rhol-2 created']);
  });

  it('team holidays: any member adds, renames or removes one; two members adding at once both count', () => {
    const state = team()
      .write('alice', 'hol-a', 'holiday', { day: '2026-12-25', name: 'Christmas', at: AT }, 4)
      .write('bob', 'hol-b', 'holiday', { day: '2026-12-26', name: 'Boxing Day', at: AT }, 4)
      .write('carol', 'hol-c', 'holiday', { day: '2026-12-31', name: 'Office closed', at: AT }, 4)
      .write('bob', 'hol-a', 'holiday', { name: 'Christmas Day' }, 6)
      .tombstone('alice', 'hol-c', 'holiday', 7)
      .state();
    assert.deepEqual(
      [...state.entities.holiday.values()].map((h) => [h.id, h.day, h.name]),
      [
        ['hol-a', '2026-12-25', 'Christmas Day'],
        ['hol-b', '2026-12-26', 'Boxing Day'],
      ],
    );
    assert.deepEqual(state.refused, []);
  });

  it('a removed team holiday stays removed, whatever a concurrent rename says', () => {
    const state = team()
      .write('alice', 'hol-a', 'holiday', { day: '2026-12-25', name: 'Christmas', at: AT }, 4)
      .tombstone('bob', 'hol-a', 'holiday', 5)
      .write('carol', 'hol-a', 'holiday', { name: 'Christmas Day' }, 9)
      .state();
    assert.equal(state.entities.holiday.has('hol-a'), false);
    assert.deepEqual(state.refused, []);
  });
});
