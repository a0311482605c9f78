import { strict as assert } from 'node:assert';
import { coach, coachMessage, COACH_RULES, coachText } from '../../src/core/coach';

const flagged = (text: string) => coach(text).map((n) => n.words.toLowerCase());

describe('feedback coach', () => {
  it('flags absolute words with a suggestion of observable phrasing', () => {
    assert.deepEqual(flagged('You always push without running the tests'), ['always']);
    assert.deepEqual(flagged('The build never passes'), ['never']);
    assert.deepEqual(flagged('This happens every single time'), ['every single time']);
    assert.deepEqual(flagged('Nobody reviews my PRs'), ['nobody']);
    const message = coachMessage('You always push without running the tests');
    assert.equal(message?.severity, 'info');
    assert.match(message!.message, /"always".*specific time/);
  });

  it('flags judgments of a person as a warning', () => {
    assert.deepEqual(flagged('That was lazy'), ['lazy']);
    assert.deepEqual(flagged('a careless merge'), ['careless']);
    assert.deepEqual(flagged('Sloppy work on the parser'), ['sloppy']);
    assert.equal(coachMessage('That was lazy')?.severity, 'warning');
  });

  it('flags "you are …" and guesses at intent', () => {
    assert.deepEqual(flagged('you are unhelpful in reviews'), ['you are unhelpful']);
    assert.deepEqual(flagged("you're so slow"), ["you're so slow"]);
    assert.deepEqual(flagged("you don't care about tests"), ["you don't care"]);
    assert.deepEqual(flagged('you did it on purpose'), ['on purpose']);
    assert.deepEqual(flagged('you make me repeat myself'), ['you make me']);
  });

  it('keeps both an identity and an absolute in one sentence, leftmost first', () => {
    assert.deepEqual(flagged("you're always late and lazy"), ["you're always", 'always', 'lazy']);
    const message = coachMessage("you're always late and lazy");
    assert.equal(message?.severity, 'warning');
    assert.match(message!.message, /^Coach: "lazy" judges rather than describes\. .* \(2 more: "you're always", "always"\)$/);
  });

  it('leaves observable, specific feedback alone', () => {
    for (const text of [
      'In Tuesday’s review, the PR went in without tests, and I spent an hour bisecting.',
      'You are right about the cache key.',
      'You are welcome to pair on it.',
      'We switched the images to lazy loading and the page got faster.',
      'TypeScript infers the never type here.',
      'Could you add a test next time?',
    ]) {
      assert.deepEqual(coach(text), [], text);
    }
  });

  it('reads thanks and a moment as what they are, not as a label', () => {
    for (const text of [
      'Thank you so much for the review',
      'Thank you so many times over',
      'Let me know when you are done',
      'Ping me once you’re free',
      'I’ll wait until you are finished',
      'Could we talk when you are available?',
    ]) {
      assert.deepEqual(coach(text), [], text);
    }
    // The label is still read, before and after the moment.
    assert.deepEqual(flagged("When you are done, you're so slow to answer"), ["you're so slow"]);
    assert.deepEqual(flagged("you're so much slower than the others"), ["you're so"]);
  });

  it('matches whole words only', () => {
    assert.deepEqual(flagged('Neverland and hallways'), []);
    assert.deepEqual(flagged('the rudest'), []);
  });

  it('has one documented table with a suggestion for every rule', () => {
    const ids = COACH_RULES.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length, 'rule ids are unique');
    for (const rule of COACH_RULES) {
      assert.ok(rule.suggestion.length > 10 && rule.suggestion.length < 120, rule.id);
      assert.ok(!rule.pattern.global, `${rule.id} must not be global (exec would keep state)`);
    }
  });

  describe('reads text as people type and paste it', () => {
    /** One sentence per rule, written with ASCII apostrophes and quotes. */
    const EXAMPLES: Record<string, string> = {
      always: "You're late, it's always the same",
      never: "You never answer the team's questions",
      'every-time': "It's like this every time, isn't it",
      'all-the-time': "We're waiting on it all the time",
      constantly: "You're constantly interrupting, aren't you",
      'nobody-everyone': 'Nobody\'s reading the "release notes"',
      lazy: "That's a lazy fix",
      careless: "It's careless work",
      garbage: 'You pushed garbage again',
      'grow-up': 'Act like an adult',
      incompetent: "That's a stupid plan",
      unreliable: "It's unreliable of you",
      rude: "That's rude, and I didn't like it",
      terrible: 'The "plan" was a terrible one',
      'should-have': "You should've asked first.",
      'you-are': "You're a slacker.",
      'you-so': "you're such a know-it-all",
      'dont-care': "you don't care about the tests",
      'on-purpose': "You didn't do it on purpose, I'm sure",
      'you-make-me': "you make me redo the team's work",
    };
    /** The same sentence as a word processor or phone writes it: ’ for ', “ ” for ". */
    const typographic = (text: string) => text.replace(/'/g, '\u2019').replace(/"([^"]*)"/g, '\u201c$1\u201d');
    /** The same sentence in full-width forms (an East Asian input method): ＹＯＵ＇ＲＥ. */
    const fullWidth = (text: string) => text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/ /g, '\u3000');
    const ruleIds = (text: string) => coach(text).map((n) => n.rule.id);

    it('has an example for every rule', () => {
      assert.deepEqual(Object.keys(EXAMPLES).sort(), COACH_RULES.map((r) => r.id).sort());
    });

    for (const rule of COACH_RULES) {
      it(`${rule.id}: the same note with typographic apostrophes, quotes, full-width forms and capitals`, () => {
        const ascii = EXAMPLES[rule.id]!;
        const expected = ruleIds(ascii);
        assert.ok(expected.includes(rule.id), `${rule.id} flags ${JSON.stringify(ascii)}`);
        for (const variant of [typographic(ascii), fullWidth(ascii), typographic(ascii).toUpperCase(), fullWidth(typographic(ascii))]) {
          assert.deepEqual(ruleIds(variant), expected, variant);
          const note = coach(variant).find((n) => n.rule.id === rule.id)!;
          assert.equal(variant.slice(note.index, note.index + note.words.length), note.words, 'the words are quoted as typed');
        }
      });
    }

    it('quotes the words as typed, curly apostrophe and all', () => {
      assert.deepEqual(
        coach('Honestly, you\u2019re a slacker.').map((n) => [n.words, n.index]),
        [['you\u2019re a', 10]],
      );
      assert.deepEqual(flagged('ｔｈａｔ ｗａｓ ｌａｚｙ'), ['ｌａｚｙ']);
      assert.match(coachMessage('You should\u2019ve asked first.')!.message, /^Coach: "should\u2019ve" judges rather than describes/);
    });

    it('sees through invisible characters and no-break spaces inside the words', () => {
      assert.deepEqual(flagged('la\u00adzy'), ['la\u00adzy']);
      assert.deepEqual(flagged('you\u00a0don\u2019t\u00a0care'), ['you\u00a0don\u2019t\u00a0care']);
    });

    it('still leaves technical phrases alone when typed in other forms', () => {
      assert.deepEqual(coach('We use ＬＡＺＹ ＬＯＡＤＩＮＧ now'), []);
      assert.deepEqual(coach('You\u2019re right about the cache key.'), []);
    });

    it('maps every unit of the normalised text back into the original', () => {
      const original = 'ﬁne, you\u2019re \u00adok';
      const read = coachText(original);
      assert.equal(read.text, "fine, you're ok");
      assert.equal(read.start.length, read.text.length);
      assert.deepEqual([read.start[0], read.end[1]], [0, 1], 'both letters of the ligature come from its one character');
    });
  });
});
