import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { appendFile, cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { followUpsFor, instantAt, memberEntityId, readCovenantRules, timeZoneOf } from '../../src/core';
import { covenantHash } from '../../src/core/covenant';
import { AccordStore } from '../../src/store';
import { accord, ROOT } from '../helpers/cli';

/**
 * `accord status` with a covenant that has an escalation path and decision rights (issue 19
 * §2–3): the command line reads the covenant's rules as the extension does, so its follow-ups are
 * the Follow-ups view's, escalation steps included. Run as a child process on a copy of the
 * sample team (dates as of 2026-11-24) with a third member, Kim, blocked since Thursday.
 */
const SAMPLE_TODAY = '2026-11-24';
const KIM = 'kim-example.com';
const run = promisify(execFile);

const BLOCK = [
  '',
  '```accord',
  'roles:',
  '  mentor: maya@example.com',
  '  mentee: [kim-example.com]',
  'escalation:',
  '  - after: 2',
  '    step: pair',
  '    say: Pair on it for an hour.',
  'decisions:',
  '  renegotiations:',
  '    - accepts: mentor',
  '      for: mentee',
  '      changes: [due]',
  '```',
  '',
].join('\n');

describe('accord status follows the covenant: escalation steps and decision rights', function () {
  this.timeout(120_000);
  let base: string;
  let team: string;

  before(async () => {
    await run(process.execPath, ['esbuild.mjs', '--cli'], { cwd: ROOT });
    base = await mkdtemp(join(tmpdir(), 'accord-status-escalation-'));
    team = join(base, 'team');
    await cp(join(ROOT, 'sample'), team, { recursive: true });
    await appendFile(join(team, '.accord', 'covenant.md'), BLOCK);
    const kim = new AccordStore({ root: team, me: KIM });
    await kim.loadAll();
    await kim.update((edit) => {
      edit.set(memberEntityId(KIM), 'member', { name: 'Kim Lee', timeZone: 'UTC', capacityHours: 10 });
      edit.set('mg-kim-webhook', 'microGoal', { title: 'Wire the webhook', owner: KIM, done: false, createdAt: '2026-11-10T09:00:00.000Z', due: '2026-11-28' });
      // Thursday 19 November: Friday, Monday and Tuesday make 3 working days blocked.
      edit.set('ci-kim-blocked', 'checkIn', { member: KIM, at: '2026-11-19T10:00:00.000Z', microGoals: ['mg-kim-webhook'], status: 'blocked' });
      edit.set('rn-kim-later', 'renegotiation', {
        microGoal: 'mg-kim-webhook',
        proposer: KIM,
        change: { due: '2026-12-04' },
        reason: 'The vendor answers next week',
        state: 'proposed',
        at: '2026-11-18T09:00:00.000Z',
        beforeDue: true,
      });
      return true;
    });
  });

  after(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it("gives Sam Kim's escalation step and leaves her date change to the mentor, as the extension computes them", async () => {
    const result = await accord(team, ['status', '--me', 'sam@example.com', '--today', SAMPLE_TODAY, '--format', 'json']);
    assert.equal(result.code, 0, result.stderr);
    const day = JSON.parse(result.stdout) as { followUps: { id: string; kind: string; label: string; mine: boolean; detail?: string }[] };
    const escalation = day.followUps.filter((f) => f.kind === 'escalation');
    assert.deepEqual(
      escalation.map((f) => [f.id, f.label, f.mine]),
      [['ci-kim-blocked:mg-kim-webhook', 'Kim Lee has been blocked for 3 working days on “Wire the webhook”: Pair on it for an hour.', true]],
    );
    assert.ok(!day.followUps.some((f) => f.id === 'rn-kim-later'), "Kim's date change is the mentor's to answer, not Sam's");

    // The extension's own list for the same state, instant and covenant.
    const store = new AccordStore({ root: team, readOnly: true });
    await store.loadAll();
    const text = await readFile(join(team, '.accord', 'covenant.md'), 'utf8');
    const now = instantAt(SAMPLE_TODAY, '12:00', timeZoneOf(store.state, 'sam-example.com'));
    const expected = followUpsFor(store.state, 'sam-example.com', now, covenantHash(text), [], readCovenantRules(text));
    assert.deepEqual(day.followUps, JSON.parse(JSON.stringify(expected)));
  });

  it("shows Maya, the mentor, the date change with the covenant's words, and the step in text", async () => {
    const result = await accord(team, ['status', '--me', 'maya@example.com', '--today', SAMPLE_TODAY]);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.split('\n');
    assert.ok(lines.includes('  • Kim Lee has been blocked for 3 working days on “Wire the webhook”: Pair on it for an hour.'), result.stdout);
    assert.ok(lines.includes('  • Kim Lee proposes: “Wire the webhook” → due 2026-12-04'), result.stdout);
    assert.ok(
      lines.some((line) => /^ {4}Maya Chen may accept: the covenant says mentor accepts the date changes of mentee \(covenant\.md line \d+\)$/.test(line)),
      result.stdout,
    );
  });
});
