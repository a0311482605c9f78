import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { ESLint } from 'eslint';

/**
 * The lint wall of issue 12 §1 (eslint.config.mjs, NO_HOST_ZONE_DATES): no host-local date API
 * in src/core or src/store, so no result there can depend on the machine's own time zone.
 * Each wrong-way line below is refused; the UTC forms and zone-explicit formatting pass.
 * That the code as it is passes is `npm run lint`, which CI runs before the unit suite.
 */
const ROOT = join(__dirname, '..', '..');
const eslint = new ESLint({ cwd: ROOT });

/** Messages of the host-zone rule for `code` linted as if it were the file `path` (relative to the repository). */
async function hostZoneProblems(code: string, path = 'src/core/example.ts'): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, path) });
  return result!.messages.filter((message) => message.ruleId === 'no-restricted-syntax').map((message) => message.message);
}

const WRONG_WAY: readonly string[] = [
  'export const hour = (at: Date) => at.getHours();',
  'export const minute = (at: Date) => at.getMinutes();',
  'export const weekday = (at: Date) => at.getDay();',
  'export const dayOfMonth = (at: Date) => at.getDate();',
  'export const month = (at: Date) => at.getMonth();',
  'export const year = (at: Date) => at.getFullYear();',
  'export const offset = (at: Date) => at.getTimezoneOffset();',
  'export const atNine = (at: Date) => at.setHours(9, 0, 0, 0);',
  'export const atMinute = (at: Date) => at.setMinutes(30);',
  'export const nextDay = (at: Date) => at.setDate(at.getUTCDate() + 1);',
  'export const nextMonth = (at: Date) => at.setMonth(1);',
  'export const nextYear = (at: Date) => at.setFullYear(2027);',
  'export const shown = (at: Date) => at.toLocaleString();',
  "export const shownDay = (at: Date) => at.toLocaleDateString('en-GB');",
  "export const shownTime = (at: Date) => at.toLocaleTimeString([], { hour: '2-digit' });",
  'export const asText = (at: Date) => at.toDateString();',
  'export const start = new Date(2026, 2, 29);',
  'export const startAt = new Date(2026, 2, 29, 2, 30);',
  'export const now = Date();',
  "export const format = new Intl.DateTimeFormat('en-GB', { hour: 'numeric' });",
  'export const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;',
  'export const hourOf = Date.prototype.getHours;',
];

describe('lint: no host-local dates in src/core and src/store', function () {
  this.timeout(60_000);

  for (const line of WRONG_WAY) {
    it(`refuses \`${line}\``, async () => {
      const problems = await hostZoneProblems(line);
      assert.ok(problems.length >= 1, `no problem reported for ${line}`);
      assert.match(problems[0]!, /machine's own time zone/);
    });
  }

  it('refuses the same lines in src/store', async () => {
    assert.equal((await hostZoneProblems('export const hour = (at: Date) => at.getHours();', 'src/store/example.ts')).length, 1);
  });

  it('passes the UTC forms and formatting with an explicit zone', async () => {
    const code = [
      'export const weekday = (at: Date) => at.getUTCDay() + at.getUTCHours() + at.getUTCDate() + at.getUTCMonth() + at.getUTCFullYear();',
      'export const atNine = (at: Date) => at.setUTCHours(9, 0, 0, 0);',
      'export const start = new Date(Date.UTC(2026, 2, 29));',
      'export const fromMs = new Date(1_774_747_800_000);',
      "export const fromIso = new Date('2026-03-29T00:30:00Z').toISOString();",
      'export const now = new Date().getTime() + Date.now();',
      "export const shown = (at: Date) => at.toLocaleString('en-GB', { timeZone: 'Europe/Berlin' });",
      "export const format = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Berlin', hour: 'numeric' });",
    ].join('\n');
    assert.deepEqual(await hostZoneProblems(code), []);
  });
});
