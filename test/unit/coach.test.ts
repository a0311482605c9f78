import { strict as assert } from 'node:assert';
import { coach, coachMessage, COACH_RULES } from '../../src/core/coach';

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
});
