/** The schema's own words for a bad value, shared by member files, covenant agreements and practice exercises. */
import { strict as assert } from 'node:assert';
import * as v from 'valibot';
import { readCovenantRules } from '../../src/core/agreements';
import { expectedWords } from '../../src/core/schemaWords';

const issueOf = (schema: v.GenericSchema, value: unknown) => {
  const parsed = v.safeParse(schema, value);
  assert.ok(!parsed.success);
  return parsed.issues[0];
};

describe('expectedWords: a bad value in the schema’s own words', () => {
  it('uses the words a check was written with', () => {
    const day = v.pipe(
      v.string(),
      v.check((s) => /^\d{4}-\d{2}-\d{2}$/.test(s), 'a date like 2026-03-14'),
    );
    assert.equal(expectedWords(issueOf(day, '14/03')), 'expected a date like 2026-03-14, got "14/03"');
  });

  it('falls back to what valibot expected, never its own default sentence', () => {
    assert.equal(expectedWords(issueOf(v.number(), 'four')), 'expected number, got "four"');
    assert.equal(expectedWords(issueOf(v.pipe(v.string(), v.maxLength(3)), 'abcdef')), 'expected <=3, got 6');
  });

  it('says a required value is missing, not that it expected the key’s own name', () => {
    assert.equal(expectedWords(issueOf(v.object({ situation: v.string() }), {})), 'expected a value, got none');
  });

  it('says a blank text is blank, not that it got 0', () => {
    assert.equal(expectedWords(issueOf(v.pipe(v.string(), v.trim(), v.minLength(1, 'some text')), '   ')), 'expected some text, got nothing');
  });

  it('cuts a long value to 60 characters', () => {
    const words = expectedWords(issueOf(v.number(), 'x'.repeat(500)));
    assert.ok(words.endsWith('…'));
    assert.ok(words.length < 100, words);
  });

  it('an agreement with a word where a number goes is named in those words, not valibot’s', () => {
    const rules = readCovenantRules(['# Covenant', '', '```accord', 'agreements:', '  - kind: check-ins-per-week', '    target: four', '```', ''].join('\n'));
    const problem = [...rules.notMeasured.map((n) => n.reason), ...rules.problems.map((p) => p.message)].join(' | ');
    assert.match(problem, /got "four"/);
    assert.doesNotMatch(problem, /Invalid type/);
  });
});
