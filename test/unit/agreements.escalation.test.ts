import { strict as assert } from 'node:assert';
import { type CovenantRules, readCovenantRules } from '../../src/core/agreements';
import {
  answerGivenToOthersWords,
  answersGivenToOthers,
  decisionRightProblems,
  mayAcceptRenegotiation,
  membersNamed,
  whoMayAccept,
} from '../../src/core/decisionRights';
import { memberEntityId } from '../../src/core/ids';
import { escalationFollowUps, escalations } from '../../src/core/escalation';
import type { TeamState } from '../../src/core/team';
import { teamBuilder, type TeamBuilder, withHostTimeZone } from './helpers/teamBuilder';

function rulesOf(...yaml: string[]): CovenantRules {
  const rules = readCovenantRules(['```accord', ...yaml, '```'].join('\n'));
  assert.deepEqual([rules.problems, rules.notMeasured], [[], []]);
  return rules;
}

const PATH = rulesOf('escalation:', '  - after: 2', '    step: pair', '    say: Pair on it for half an hour.', '  - after: 5', '    step: planning');

function built(t: TeamBuilder): TeamState {
  const state = t.build();
  assert.deepEqual(state.refused, [], 'every fixture write counts');
  return state;
}

/** Alex and Sam; Sam owns mg-s. */
const team = (samZone = 'UTC') =>
  teamBuilder()
    .member('alex')
    .member('sam', { timeZone: samZone })
    .micro('mg-s', { owner: 'sam', title: 'Link commits' })
    .micro('mg-a', { owner: 'alex', title: 'Parse trailers' });

const blocked = (t: TeamBuilder, id: string, at: string, microGoals = ['mg-s']) => t.checkIn(id, 'sam', at, { status: 'blocked', microGoals });
const steps = (state: TeamState, now: string) => escalations(state, PATH, new Date(now)).map((e) => [e.microGoal, e.since, e.workingDays, e.step.step]);

describe('agreements: escalation paths for a micro-goal blocked N working days', () => {
  it('counts working days across a weekend from the first blocked check-in of the run, and offers the step to owner and partner', () => {
    let t = team();
    t = blocked(t, 'c0', '2026-03-11T09:00:00.000Z', ['mg-a']); // Wed, about something else
    t = blocked(t, 'c1', '2026-03-13T10:00:00.000Z'); // Fri
    t = blocked(t, 'c2', '2026-03-16T10:00:00.000Z'); // Mon, still blocked
    const state = built(t);
    assert.deepEqual(steps(state, '2026-03-16T12:00:00.000Z'), [], 'Monday: 1 working day after Friday');
    assert.deepEqual(steps(state, '2026-03-17T12:00:00.000Z'), [['mg-s', '2026-03-13', 2, 'pair']]);
    assert.deepEqual(steps(state, '2026-03-20T12:00:00.000Z'), [['mg-s', '2026-03-13', 5, 'planning']]);

    const [mine] = escalationFollowUps(state, PATH, 'sam', new Date('2026-03-17T12:00:00.000Z'));
    assert.deepEqual(
      { id: mine!.id, label: mine!.label, action: mine!.action, mine: mine!.mine },
      { id: 'c2:mg-s', label: 'Blocked for 2 working days on “Link commits”: Pair on it for half an hour.', action: 'proposePairing', mine: true },
    );
    const [theirs] = escalationFollowUps(state, PATH, 'alex', new Date('2026-03-20T12:00:00.000Z'));
    assert.equal(theirs!.label, 'Sam has been blocked for 5 working days on “Link commits”: Raise it at the next planning session');
    assert.equal(theirs!.action, 'addToAgenda');
    assert.match(theirs!.detail, /covenant\.md line 6\): after 5 working days blocked/);
  });

  it('a Sunday–Thursday team skips Friday, Saturday and a holiday', () => {
    const t = blocked(
      team()
        .team({ workingDays: [0, 1, 2, 3, 4] })
        .put('alex', 'hol-1', 'holiday', { day: '2026-03-15', name: 'Founders Day', at: '2026-03-01T09:00:00.000Z' }),
      'c1',
      '2026-03-12T10:00:00.000Z', // Thu
    );
    const state = built(t);
    assert.deepEqual(steps(state, '2026-03-15T12:00:00.000Z'), [], 'Sunday is a holiday: 0');
    assert.deepEqual(steps(state, '2026-03-16T12:00:00.000Z'), [], 'Monday: 1');
    assert.deepEqual(steps(state, '2026-03-17T12:00:00.000Z'), [['mg-s', '2026-03-12', 2, 'pair']]);
  });

  it('reads the days in the blocked person’s zone, whatever the machine’s zone', () => {
    // 20:00 UTC on Friday 13 March is Saturday 09:00 in Auckland: Monday and Tuesday there make 2 working days;
    // read in UTC it would be Friday, and Monday 16 March 20:00 UTC only 1.
    const state = built(blocked(team('Pacific/Auckland'), 'c1', '2026-03-13T20:00:00.000Z'));
    for (const host of ['UTC', 'Pacific/Chatham', 'America/Santiago'])
      withHostTimeZone(host, () => assert.deepEqual(steps(state, '2026-03-16T20:00:00.000Z'), [['mg-s', '2026-03-14', 2, 'pair']], host));
  });

  it('stops when the block ends, the micro-goal is done, or nobody wrote a path', () => {
    const base = blocked(team(), 'c1', '2026-03-13T10:00:00.000Z');
    const now = '2026-03-18T12:00:00.000Z';
    assert.deepEqual(steps(built(base.checkIn('c2', 'sam', '2026-03-17T09:00:00.000Z', { status: 'on-track' })), now), []);
    assert.deepEqual(steps(built(base.put('sam', 'mg-s', 'microGoal', { done: true, doneAt: '2026-03-17T09:00:00.000Z' })), now), []);
    assert.deepEqual(escalations(built(blocked(team(), 'c1', '2026-03-13T10:00:00.000Z')), readCovenantRules('# no blocks'), new Date(now)), []);
  });
});

describe('agreements: decision rights for renegotiations', () => {
  const RIGHTS = rulesOf(
    'roles:',
    '  mentor: alex',
    '  mentee: [sam]',
    'decisions:',
    '  renegotiations:',
    '    - accepts: mentor',
    '      for: mentee',
    '      changes: [due]',
  );
  const state = () =>
    built(
      teamBuilder()
        .member('alex')
        .member('sam')
        .member('kim')
        .micro('mg-s', { owner: 'sam', title: 'Link commits', due: '2026-03-20' })
        .renegotiation('due', { microGoal: 'mg-s', proposer: 'sam', change: { due: '2026-03-27' } })
        .renegotiation('scope', { microGoal: 'mg-s', proposer: 'sam', change: { scope: 'Only the parser' } })
        .renegotiation('hand', { microGoal: 'mg-s', proposer: 'sam', change: { owner: 'kim', due: '2026-03-27' } })
        .renegotiation('kims', { microGoal: 'mg-s', proposer: 'kim', change: { due: '2026-03-27' } }),
    );
  const who = (s: TeamState, rules: CovenantRules, id: string) =>
    ['alex', 'sam', 'kim'].filter((m) => mayAcceptRenegotiation(s, rules, m, s.entities.renegotiation.get(id)!));

  it('the mentor accepts the mentee’s date changes; other changes, hand-overs and a partner’s proposal keep today’s rule', () => {
    const s = state();
    const none = readCovenantRules('');
    assert.deepEqual(who(s, none, 'due'), ['alex', 'kim'], 'today: anyone but the proposer answers the owner’s own proposal');
    assert.deepEqual(who(s, RIGHTS, 'due'), ['alex']);
    assert.deepEqual(who(s, RIGHTS, 'scope'), ['alex', 'kim'], 'the rule is about dates only');
    assert.deepEqual(who(s, RIGHTS, 'hand'), ['kim'], 'only the new owner accepts a hand-over');
    assert.deepEqual(who(s, RIGHTS, 'kims'), ['sam'], 'a partner’s proposal is the owner’s to answer');
    assert.deepEqual(whoMayAccept(s, RIGHTS, s.entities.renegotiation.get('due')!), {
      members: ['alex'],
      words: 'Alex may accept: the covenant says mentor accepts the date changes of mentee (covenant.md line 7)',
    });
    assert.equal(whoMayAccept(s, RIGHTS, s.entities.renegotiation.get('kims')!).words, 'Sam may accept (the owner)');
    assert.equal(whoMayAccept(s, none, s.entities.renegotiation.get('due')!).words, 'Alex or Kim may accept');
  });

  it('a teammate who copies the mentor’s email and name into their own profile does not become the mentor', () => {
    const rights = rulesOf(
      'roles:',
      '  mentor: alex@example.com',
      '  mentee: [Sam]',
      'decisions:',
      '  renegotiations:',
      '    - accepts: mentor',
      '      for: mentee',
      '      changes: [due]',
    );
    const s = built(
      teamBuilder()
        .member('alex-example.com', { name: 'Alex' })
        .member('sam-example.com', { name: 'Sam' })
        .member('kim-example.com', { name: 'Kim' })
        // Kim's own file: she writes Alex's email (another case) and name into her profile.
        .put('kim-example.com', memberEntityId('kim-example.com'), 'member', { email: 'Alex@Example.com', name: 'Alex' })
        .micro('mg-s', { owner: 'sam-example.com', due: '2026-03-20' })
        .renegotiation('due', { microGoal: 'mg-s', proposer: 'sam-example.com', change: { due: '2026-03-27' } }),
    );
    const r = s.entities.renegotiation.get('due')!;
    assert.deepEqual(whoMayAccept(s, rights, r).members, ['alex-example.com'], 'the email stands for the member whose id it makes');
    assert.equal(mayAcceptRenegotiation(s, rights, 'kim-example.com', r), false);
    // A name two members now hold ("Alex") names nobody, rather than both.
    assert.deepEqual(membersNamed(s, rights, ['Alex']), { members: [], unknown: ['Alex'] });
    assert.deepEqual(membersNamed(s, rights, ['Kim', 'kim-example.com']).members, ['kim-example.com'], 'by id she is still herself');
  });

  it('names a role without regard to case: "MENTOR" and "Mentee" in a rule are the roles mentor and mentee', () => {
    const capitals = rulesOf(
      'roles:',
      '  mentor: alex',
      '  mentee: [sam]',
      'decisions:',
      '  renegotiations:',
      '    - accepts: MENTOR',
      '      for: Mentee',
      '      changes: [due]',
    );
    assert.deepEqual(who(state(), capitals, 'due'), ['alex']);
  });

  it('a rule that names only the proposer leaves today’s rule, and an answered renegotiation waits on nobody', () => {
    const self = rulesOf('decisions:', '  renegotiations:', '    - accepts: sam', '      for: sam');
    const s = state();
    assert.deepEqual(who(s, self, 'due'), ['alex', 'kim']);
    const answered = built(
      teamBuilder()
        .member('alex')
        .member('sam')
        .micro('mg-s', { owner: 'sam' })
        .renegotiation('r', { microGoal: 'mg-s', proposer: 'sam', change: { due: '2026-03-27' } })
        .put('alex', 'r', 'renegotiation', { state: 'accepted', respondedBy: 'alex', respondedAt: '2026-03-02T09:00:00.000Z' }),
    );
    assert.deepEqual(whoMayAccept(answered, RIGHTS, answered.entities.renegotiation.get('r')!), { members: [], words: 'Nobody needs to answer now' });
  });

  it('names, on its line, a decision right whose names match nobody, and reads a name with doubled spaces', () => {
    const rights = rulesOf(
      'roles:',
      '  mentor: [Alex  Rivera]', // two spaces, as a hand can type it
      'decisions:',
      '  renegotiations:',
      '    - accepts: mentor',
      '      for: [Sam Okafor, Jo]',
    );
    const s = built(
      teamBuilder()
        .member('alex', { name: 'Alex Rivera' })
        .member('sam', { name: 'Sam\u00a0Okafor' }) // a non-breaking space
        .member('kim', { name: 'Kim' }),
    );
    assert.deepEqual(membersNamed(s, rights, ['mentor']).members, ['alex']);
    assert.deepEqual(membersNamed(s, rights, ['Sam Okafor']).members, ['sam']);
    assert.deepEqual(decisionRightProblems(s, rights), [
      {
        line: 6,
        message:
          '"for" names nobody on the team now ("Jo"): write a member id or an email, or a name only one member has; until then this rule counts only the names it matches',
      },
    ]);
    // A teammate who takes Sam's name makes it match nobody, and that is said too.
    const twice = built(teamBuilder().member('alex', { name: 'Alex Rivera' }).member('sam', { name: 'Sam Okafor' }).member('kim', { name: 'sam okafor' }));
    assert.match(decisionRightProblems(twice, rights)[0]!.message, /^"for" names nobody on the team now \("Sam Okafor", "Jo"\)/);
  });

  it('judges an answer by who owned the micro-goal when it was proposed, not after a later hand-over', () => {
    const team = () =>
      teamBuilder()
        .member('alex', { name: 'Alex' })
        .member('sam', { name: 'Sam' })
        .member('kim', { name: 'Kim' })
        .micro('mg-s', { owner: 'sam', title: 'Link commits', due: '2026-03-20' })
        .micro('mg-a', { owner: 'alex', title: 'Review the parser', due: '2026-03-20' });
    const handOver = (t: TeamBuilder, id: string, microGoal: string, from: string, to: string) =>
      t.renegotiation(id, { microGoal, proposer: from, change: { owner: to }, at: '2026-03-19T09:00:00.000Z' }).putTogether(to, [
        [id, 'renegotiation', { state: 'accepted', respondedBy: to, respondedAt: '2026-03-19T10:00:00.000Z' }],
        [microGoal, 'microGoal', { owner: to }],
      ]);
    // Kim accepts Sam's own date change (the mentor's to accept), then Sam hands the micro-goal to Kim.
    const hidden = built(
      handOver(
        team()
          .renegotiation('due', { microGoal: 'mg-s', proposer: 'sam', change: { due: '2026-03-27' }, at: '2026-03-16T09:00:00.000Z' })
          .put('kim', 'due', 'renegotiation', { state: 'accepted', respondedBy: 'kim', respondedAt: '2026-03-17T09:00:00.000Z' }),
        'ho',
        'mg-s',
        'sam',
        'kim',
      ),
    );
    assert.equal(hidden.entities.microGoal.get('mg-s')!.owner, 'kim', 'the hand-over took');
    assert.deepEqual(
      answersGivenToOthers(hidden, RIGHTS).map((a) => [a.renegotiation.id, a.responder]),
      [['due', 'kim']],
    );
    // Sam proposes a date for Alex's micro-goal and Alex, its owner, accepts; later Alex hands it to Sam.
    const rightful = built(
      handOver(
        team()
          .renegotiation('due', { microGoal: 'mg-a', proposer: 'sam', change: { due: '2026-03-27' }, at: '2026-03-16T09:00:00.000Z' })
          .put('alex', 'due', 'renegotiation', { state: 'accepted', respondedBy: 'alex', respondedAt: '2026-03-17T09:00:00.000Z' }),
        'ho',
        'mg-a',
        'alex',
        'sam',
      ),
    );
    assert.equal(rightful.entities.microGoal.get('mg-a')!.owner, 'sam', 'the hand-over took');
    assert.deepEqual(answersGivenToOthers(rightful, RIGHTS), [], 'the owner answered a partner’s proposal: no rule applied then');
  });

  it('finds the answers the covenant gives to someone else, which the merge still keeps (for accord check)', () => {
    const answered = (t: TeamBuilder) => built(t);
    // Kim accepts Sam's date change herself: the merge keeps it, the covenant gave it to the mentor.
    const byKim = answered(
      teamBuilder()
        .member('alex', { name: 'Alex' })
        .member('sam', { name: 'Sam' })
        .member('kim', { name: 'Kim' })
        .micro('mg-s', { owner: 'sam', title: 'Link commits', due: '2026-03-20' })
        .renegotiation('due', { microGoal: 'mg-s', proposer: 'sam', change: { due: '2026-03-27' } })
        .put('kim', 'due', 'renegotiation', { state: 'accepted', respondedBy: 'kim', respondedAt: '2026-03-18T09:00:00.000Z' })
        .renegotiation('scope', { microGoal: 'mg-s', proposer: 'sam', change: { scope: 'Only the parser' } })
        .put('kim', 'scope', 'renegotiation', { state: 'accepted', respondedBy: 'kim', respondedAt: '2026-03-18T09:00:00.000Z' })
        .renegotiation('late', { microGoal: 'mg-s', proposer: 'sam', change: { due: '2026-04-03' } })
        .put('kim', 'late', 'renegotiation', {
          state: 'countered',
          counter: { due: '2026-03-30' },
          respondedBy: 'kim',
          respondedAt: '2026-03-18T09:00:00.000Z',
        })
        .renegotiation('ok', { microGoal: 'mg-s', proposer: 'sam', change: { due: '2026-04-10' } })
        .put('alex', 'ok', 'renegotiation', { state: 'accepted', respondedBy: 'alex', respondedAt: '2026-03-18T09:00:00.000Z' }),
    );
    assert.equal(byKim.entities.renegotiation.get('due')!.state, 'accepted', 'the merge keeps the answer: it does not read the covenant');
    const found = answersGivenToOthers(byKim, RIGHTS);
    assert.deepEqual(
      found.map((a) => [a.renegotiation.id, a.responder, a.accepters]),
      [
        ['due', 'kim', ['alex']],
        ['late', 'kim', ['alex']],
      ],
      'the scope change is anyone’s to answer; the mentor’s own answer is the covenant’s',
    );
    assert.deepEqual(answerGivenToOthersWords(byKim, found[0]!), {
      reason:
        'Kim accepted the change to “Link commits” (due 2026-03-27), but the covenant says mentor accepts the date changes of mentee (covenant.md line 7).',
      fix: 'It counts in the record all the same. To keep the covenant, Kim takes the answer out of their file (restore it with git) and Alex answers in Accord; or, if the team sees it differently now, change the covenant.',
    });
    assert.match(answerGivenToOthersWords(byKim, found[1]!).reason, /^Kim countered the change to “Link commits” \(due 2026-04-03\)/);
    assert.deepEqual(answersGivenToOthers(byKim, readCovenantRules('')), [], 'no rules, nothing to report');
  });
});
