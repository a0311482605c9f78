import { strict as assert } from 'node:assert';
import { AGREEMENT_KINDS, AGREEMENT_LIMITS, readCovenantRules } from '../../src/core/agreements';
import { coach } from '../../src/core/coach';
import { starterCovenant } from '../../src/core/covenant';

/** A covenant as a person might leave it after editing by hand: lines joined with `eol`. */
const covenant = (lines: readonly string[], eol = '\n') => lines.join(eol);
const fence = '```';

describe('agreements: reading the covenant’s ```accord blocks', () => {
  it('reads a hand-edited block with a BOM, CRLF, comments and odd spacing, naming each agreement’s line', () => {
    const text =
      '\uFEFF' +
      covenant(
        [
          '# Our covenant', // 1
          '', // 2
          `${fence}accord`, // 3
          '# what Accord measures', // 4
          'agreements:', // 5
          '  -   kind:    check-ins-per-week   # four a week', // 6
          '      target:  4', // 7
          '  - kind: renegotiations-answered-within', // 8
          '    target: 2', // 9
          '    who: [ sam , "Alex Doe" ]', // 10
          '    label: Answer within two days', // 11
          '', // 12
          '  - kind: renegotiate-before-due', // 13
          fence, // 14
        ],
        '\r\n',
      );
    const rules = readCovenantRules(text);
    assert.deepEqual(rules.problems, []);
    assert.deepEqual(rules.notMeasured, []);
    assert.deepEqual(rules.agreements, [
      { kind: 'check-ins-per-week', target: 4, who: 'everyone', line: 6 },
      { kind: 'renegotiations-answered-within', target: 2, who: ['sam', 'Alex Doe'], label: 'Answer within two days', line: 8 },
      { kind: 'renegotiate-before-due', who: 'everyone', line: 13 },
    ]);
    assert.equal(rules.blocks, 1);
  });

  it('lists an unknown kind, a missing or wrong target, a target a kind does not take and a typo as not measured, each with its line and fix', () => {
    const rules = readCovenantRules(
      covenant([
        `${fence}accord`, // 1
        'agreements:', // 2
        '  - kind: pairing-hours', // 3
        '  - kind: check-ins-per-week', // 4
        '    target: four', // 5
        '  - kind: kudos-per-cycle', // 6
        '    label: Thanks', // 7
        '  - kind: renegotiate-before-due', // 8
        '    target: 1', // 9
        '  - kind: setbacks-reviewed-by-follow-up', // 10
        '    wh0: sam', // 11
        '  - target: 3', // 12
        '  - just a sentence', // 13
        '  - kind: feedback-per-cycle', // 14
        '    target: 2.5', // 15
        fence,
      ]),
    );
    assert.deepEqual(rules.agreements, []);
    assert.deepEqual(
      rules.notMeasured.map((n) => [n.line, n.kind, n.reason]),
      [
        [3, 'pairing-hours', `Accord does not know kind "pairing-hours" (known: ${AGREEMENT_KINDS.join(', ')})`],
        [5, 'check-ins-per-week', 'target: expected a whole number of check-ins in a full working week from 1 to 35, got "four"'],
        [6, 'kudos-per-cycle', '"target" is missing: add the number of kudos in a cycle, like "target: 1"'],
        [9, 'renegotiate-before-due', 'renegotiate-before-due counts each one and takes no target: remove "target"'],
        [11, 'setbacks-reviewed-by-follow-up', 'Accord does not know "wh0" in a setbacks-reviewed-by-follow-up agreement (known: kind, who, label)'],
        [12, undefined, `it has no kind: add one, like "kind: check-ins-per-week" (known: ${AGREEMENT_KINDS.join(', ')})`],
        [13, undefined, 'an agreement is a set of keys, like "- kind: check-ins-per-week" with "target: 4" on the next line'],
        [15, 'feedback-per-cycle', 'target: expected a whole number of pieces of feedback or kudos in a cycle from 1 to 100, got 2.5'],
      ],
    );
    assert.equal(rules.notMeasured[2]!.label, 'Thanks');
  });

  it('joins several blocks in order, reads ~~~accord, and skips an example inside another fenced block', () => {
    const rules = readCovenantRules(
      covenant([
        '## Expected behaviours', // 1
        `${fence}accord`, // 2
        'agreements:', // 3
        '  - kind: check-ins-per-week', // 4
        '    target: 3', // 5
        fence, // 6
        '````markdown', // 7
        `${fence}accord`, // 8
        'agreements: [oops', // 9
        fence, // 10
        '````', // 11
        '~~~ accord', // 12
        'agreements:', // 13
        '  - kind: kudos-per-cycle', // 14
        '    target: 1', // 15
        'escalation:', // 16
        '  - {after: 5, step: planning}', // 17
        '  - after: 2', // 18
        '    step: pair', // 19
        '~~~', // 20
      ]),
    );
    assert.deepEqual(rules.problems, []);
    assert.deepEqual(
      rules.agreements.map((a) => [a.kind, a.line]),
      [
        ['check-ins-per-week', 4],
        ['kudos-per-cycle', 14],
      ],
    );
    assert.deepEqual(
      rules.escalation.map((s) => [s.after, s.step, s.line]),
      [
        [2, 'pair', 18],
        [5, 'planning', 17],
      ],
      'earliest step first',
    );
    assert.equal(rules.blocks, 2);
  });

  it('skips a block inside an HTML comment, which markdown hides, and reads the one after it', () => {
    const rules = readCovenantRules(
      [
        '# Covenant',
        '<!-- we paused this one:',
        '```accord',
        'agreements:',
        '  - kind: check-ins-per-week',
        '    target: 4',
        '```',
        '-->',
        '<!-- one line -->',
        '```accord',
        'agreements:',
        '  - kind: kudos-per-cycle',
        '    target: 1',
        '```',
      ].join('\n'),
    );
    assert.deepEqual(
      rules.agreements.map((a) => [a.kind, a.line]),
      [['kudos-per-cycle', 12]],
    );
    assert.equal(rules.blocks, 1);
  });

  it('names a tab, a duplicate key, a second document, an unclosed block and an unknown section, and reads nothing from that block', () => {
    const rules = readCovenantRules(
      covenant([
        `${fence}accord`, // 1
        'agreements:', // 2
        '\t- kind: check-ins-per-week', // 3
        fence, // 4
        `${fence}accord`, // 5
        'escalation: []', // 6
        'escalation: []', // 7
        fence, // 8
        `${fence}accord`, // 9
        'roles: {}', // 10
        '---', // 11
        'roles: {}', // 12
        fence, // 13
        `${fence}accord`, // 14
        'agreement:', // 15
        '  - kind: check-ins-per-week', // 16
        fence, // 17
        `${fence}accord`, // 18
        'agreements: []', // 19
      ]),
    );
    assert.deepEqual(rules.agreements, []);
    assert.deepEqual(
      rules.problems.map((p) => p.line),
      [3, 7, 11, 15, 18],
    );
    assert.match(rules.problems[0]!.message, /tab indents this line.*replace the tab with spaces/);
    assert.match(rules.problems[1]!.message, /written twice/);
    assert.match(rules.problems[2]!.message, /"---" starts a second YAML document/);
    assert.equal(rules.problems[3]!.message, 'Accord does not know "agreement" in an ```accord block (known: roles, agreements, escalation, decisions)');
    assert.match(rules.problems[4]!.message, /not closed: add a line with ```/);
  });

  it('refuses an alias bomb, tags, deep nesting, huge blocks and too many agreements, naming where', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      ...Array.from({ length: 8 }, (_, i) => `${'bcdefghi'[i]}: &${'bcdefghi'[i]} [*${'abcdefgh'[i]},*${'abcdefgh'[i]},*${'abcdefgh'[i]}]`),
    ];
    const rules = readCovenantRules(
      covenant([
        `${fence}accord`, // 1
        ...bomb, // 2–10
        fence, // 11
        `${fence}accord`, // 12
        'agreements: !!js/function "return 1"', // 13
        fence, // 14
        `${fence}accord`, // 15
        `agreements: ${'['.repeat(500)}${']'.repeat(500)}`, // 16
        fence, // 17
        `${fence}accord`, // 18
        `# ${'x'.repeat(AGREEMENT_LIMITS.blockChars)}`, // 19
        fence, // 20
        `${fence}accord`, // 21
        'agreements:', // 22
        ...Array.from({ length: AGREEMENT_LIMITS.agreements + 1 }, () => '  - kind: renegotiate-before-due'),
        fence,
      ]),
    );
    assert.deepEqual(rules.agreements, []);
    assert.deepEqual(
      rules.problems.map((p) => [p.line, p.message.slice(0, 40)]),
      [
        [3, 'Accord does not follow YAML aliases (*a)'],
        [13, 'Accord reads plain values only: remove t'],
        [15, 'this ```accord block nests brackets more'],
        [18, 'this ```accord block is longer than 32 K'],
        [22, `agreements: expected at most ${AGREEMENT_LIMITS.agreements} agreements`.slice(0, 40)],
      ],
    );
  });

  it('reads a section with nothing under it yet as absent, and one bad role without losing the block', () => {
    const drafting = readCovenantRules(
      covenant([
        `${fence}accord`, // 1
        'roles: # to do', // 2
        'agreements:', // 3
        '  - kind: check-ins-per-week', // 4
        '    target: 3', // 5
        'escalation:', // 6
        'decisions:', // 7
        '  # who accepts what: next week', // 8
        fence, // 9
      ]),
    );
    assert.deepEqual([drafting.problems, drafting.agreements.map((a) => [a.kind, a.target])], [[], [['check-ins-per-week', 3]]]);
    const roles = readCovenantRules(
      covenant([
        `${fence}accord`, // 1
        'roles:', // 2
        '  Mentor: alex', // 3
        '  tech_lead: kim', // 4
        '  "two words": sam', // 5
        '  mentee: 3', // 6
        'agreements:', // 7
        '  - kind: check-ins-per-week', // 8
        '    target: 3', // 9
        fence,
      ]),
    );
    assert.deepEqual(
      [...roles.roles],
      [
        ['mentor', ['alex']],
        ['tech_lead', ['kim']],
      ],
    );
    assert.deepEqual(
      roles.problems.map((p) => [p.line, p.message]),
      [
        [5, '"two words" is not a role name: use a word like mentor or tech-lead (letters, digits, - or _)'],
        [6, 'expected everyone, a name or role, or a list like [alex, sam], got 3'],
      ],
    );
    assert.equal(roles.agreements.length, 1, 'the block’s agreements are still read');
  });

  it('names blocks past the limit once, and reads changes: [due, due, due] as a rule about dates', () => {
    const flood = readCovenantRules(covenant(Array.from({ length: 2000 }, () => [`${fence}accord`, fence]).flat()));
    assert.deepEqual(
      flood.problems.map((p) => p.message),
      [
        `a covenant holds at most ${AGREEMENT_LIMITS.blocks} \`\`\`accord blocks; this one and the ${2000 - AGREEMENT_LIMITS.blocks - 1} after it are not read: join them into earlier blocks`,
      ],
    );
    const rights = readCovenantRules(
      covenant([`${fence}accord`, 'decisions:', '  renegotiations:', '    - accepts: alex', '      for: sam', '      changes: [due, due, due]', fence]),
    );
    assert.deepEqual(
      rights.renegotiationRights.map((r) => r.changes),
      [['due']],
    );
  });

  it('reads a block filled to every limit, and names one with thousands of keys before YAML parses it', () => {
    const full = readCovenantRules(
      covenant([
        `${fence}accord`,
        'roles:',
        ...Array.from({ length: AGREEMENT_LIMITS.roles }, (_, i) => `  role${i}: [alex, sam]`),
        'agreements:',
        ...Array.from({ length: AGREEMENT_LIMITS.agreements }, (_, i) => [
          `  - kind: check-ins-per-week`,
          `    target: ${(i % 7) + 1}`,
          '    who: [alex, sam]',
          `    label: "Check in: ${i}"`,
        ]).flat(),
        'escalation:',
        ...Array.from({ length: AGREEMENT_LIMITS.escalationSteps }, (_, i) => [
          `  - after: ${i + 1}`,
          '    step: pair',
          '    say: "Pair on it: together"',
        ]).flat(),
        'decisions:',
        '  renegotiations:',
        ...Array.from({ length: AGREEMENT_LIMITS.renegotiationRules }, () => ['    - accepts: alex', '      for: sam', '      changes: [due]']).flat(),
        fence,
      ]),
    );
    assert.deepEqual(full.problems, []);
    assert.equal(full.agreements.length, AGREEMENT_LIMITS.agreements);
    const keys = readCovenantRules(covenant([`${fence}accord`, `roles: {${Array.from({ length: 3000 }, (_, i) => `r${i}: x`).join(', ')}}`, fence]));
    assert.deepEqual(
      keys.problems.map((p) => [p.line, p.message]),
      [[1, `this \`\`\`accord block holds 3001 colons (keys), more than the ${AGREEMENT_LIMITS.colons} a covenant needs: split it, or move prose out of it`]],
    );
  });

  it('reads numbers only in plain digits: 0x4, 0o4, 4e0 and +4 are named, not read as 4', () => {
    for (const written of ['0x4', '0o4', '4e0', '+4']) {
      const rules = readCovenantRules(covenant([`${fence}accord`, 'agreements:', '  - kind: check-ins-per-week', `    target: ${written}`, fence]));
      assert.deepEqual(rules.agreements, [], written);
      assert.deepEqual(
        rules.problems.map((p) => [p.line, p.message]),
        [[4, `write the number ${written} in plain digits, like 4`]],
        written,
      );
    }
    const plain = readCovenantRules(covenant([`${fence}accord`, 'agreements:', '  - kind: check-ins-per-week', '    target: 4', fence]));
    assert.deepEqual([plain.problems, plain.agreements.map((a) => a.target)], [[], [4]]);
  });

  it('reads roles and renegotiation rights, and names a wrong change and a reserved role', () => {
    const rules = readCovenantRules(
      covenant([
        `${fence}accord`, // 1
        'roles:', // 2
        '  mentor: alex@example.com', // 3
        '  mentee: [sam, kim]', // 4
        '  everyone: [alex]', // 5
        'decisions:', // 6
        '  renegotiations:', // 7
        '    - accepts: mentor', // 8
        '      for: mentee', // 9
        '      changes: [due]', // 10
        '    - accepts: mentee', // 11
        '      for: mentor', // 12
        '      changes: [date]', // 13
        fence,
      ]),
    );
    assert.deepEqual(
      [...rules.roles],
      [
        ['mentor', ['alex@example.com']],
        ['mentee', ['sam', 'kim']],
      ],
    );
    assert.deepEqual(rules.renegotiationRights, [{ accepts: ['mentor'], for: ['mentee'], changes: ['due'], line: 8 }]);
    assert.deepEqual(
      rules.problems.map((p) => [p.line, p.message]),
      [
        [5, 'the role "everyone" is a word Accord keeps for everyone: give it another name'],
        [13, 'changes: expected due, owner, scope, got "date"'],
      ],
    );
  });

  it('gives a new team a starter covenant whose blocks read cleanly and which the coach has nothing to say about', () => {
    const text = starterCovenant(['Alex', 'Sam']);
    const rules = readCovenantRules(text);
    assert.deepEqual(rules.problems, []);
    assert.deepEqual(rules.notMeasured, []);
    assert.deepEqual(
      rules.agreements.map((a) => [a.kind, a.target]),
      [
        ['check-ins-per-week', 4],
        ['renegotiations-answered-within', 2],
        ['renegotiate-before-due', undefined],
        ['kudos-per-cycle', 1],
        ['setbacks-reviewed-by-follow-up', undefined],
      ],
    );
    assert.deepEqual(
      rules.escalation.map((s) => [s.after, s.step]),
      [
        [2, 'pair'],
        [5, 'planning'],
      ],
    );
    assert.deepEqual(rules.renegotiationRights, [], 'the decision-rights example is commented out');
    assert.deepEqual(
      coach(text).map((n) => n.words),
      [],
    );
  });

  it('reads a covenant without blocks as no rules', () => {
    const rules = readCovenantRules('# Covenant\n\nWe check in daily.\n\n```js\nconst x = 1;\n```\n');
    assert.deepEqual([rules.agreements, rules.problems, rules.escalation, rules.blocks], [[], [], [], 0]);
  });
});
