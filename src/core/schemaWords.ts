/**
 * A schema problem in the schema's own words, for every reader of untrusted data (member files,
 * the covenant's `accord` blocks, a team's practice exercises): "expected a date like
 * 2026-03-14, got "14/03"", never valibot's "Invalid type: Expected … but received …".
 */
import type * as v from 'valibot';

/** The longest part of a bad value quoted back; longer ones end in "…". */
const MAX_RECEIVED = 60;

/**
 * "expected <words>, got <value>" for one valibot issue. The words are the message the schema
 * wrote for the check (`v.check(…, 'a date like 2026-03-14')`), else valibot's `expected`
 * ("string", "<=120"), else "a valid value"; a missing value is "expected a value, got none". Valibot's own default messages (they begin
 * "Invalid ") are never used: they repeat the value and read as a verdict. The value is quoted
 * as valibot received it, cut to 60 characters.
 */
export function expectedWords(issue: v.BaseIssue<unknown>): string {
  // A required key that is not there: valibot's `expected` is the key's own name in quotes.
  if (issue.received === 'undefined') return 'expected a value, got none';
  // A blank text: valibot reports its length, which would read as the number 0.
  if (issue.type === 'min_length' && issue.input === '')
    return `expected ${issue.message && !issue.message.startsWith('Invalid ') ? issue.message : 'some text'}, got nothing`;
  const own = issue.message && !issue.message.startsWith('Invalid ') ? issue.message : undefined;
  const received = String(issue.received);
  return `expected ${own ?? issue.expected ?? 'a valid value'}, got ${received.length > MAX_RECEIVED ? `${received.slice(0, MAX_RECEIVED - 3)}…` : received}`;
}
