import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Digest } from '../../src/core/digest';
import { accord, ROOT, snapshot } from '../helpers/cli';
import { AccordStore } from '../../src/store';

/**
 * `accord digest` (issue 17 §3, §6) as a person runs it: the built dist/cli.js as a child
 * process, on a copy of the sample workspace (its dates are as of 2026-11-24, sample/README.md,
 * so every run pins the day with --today). The model and the escaping are tested in
 * digest.test.ts; here: the wiring of options to periods and formats, real content from the
 * sample, the usage errors (exit 2), -o, and that nothing but the -o file is ever written.
 */
const SAMPLE = join(ROOT, 'sample');
const run = promisify(execFile);
const TODAY = ['--today', '2026-11-24'];

describe('accord digest (the command line, run as a child process)', function () {
  this.timeout(120_000);
  let base: string;
  let team: string;

  before(async () => {
    await run(process.execPath, ['esbuild.mjs', '--cli'], { cwd: ROOT });
    base = await mkdtemp(join(tmpdir(), 'accord-digest-'));
    team = join(base, 'team');
    await cp(SAMPLE, team, { recursive: true });
    // The sample has nobody blocked: Sam checks in blocked on the sample's today, through the store as the extension would.
    const store = new AccordStore({ root: team, me: 'sam-example.com' });
    await store.loadAll();
    await store.update((edit) =>
      edit.create('checkIn', 'ci', {
        member: 'sam-example.com',
        at: '2026-11-24T15:00:00.000Z',
        microGoals: ['mg-vmq5ym7wl4fn'],
        status: 'blocked',
        note: 'Waiting for the third sample file from support',
      }),
    );
  });

  after(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('tells the sample team’s month in markdown: each person, a done micro-goal, who is blocked, kudos and a lesson', async () => {
    const result = await accord(team, ['digest', '--since', '2026-11-01', ...TODAY]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, '');
    const md = result.stdout;
    assert.match(md, /^# Accord digest: Sun 1 Nov 2026 to Tue 24 Nov 2026\n/);
    assert.deepEqual(
      [...md.matchAll(/^## (.*)$/gm)].map((m) => m[1]),
      ['Maya Chen', 'Sam Okafor'],
    );
    const sam = md.slice(md.indexOf('## Sam Okafor'));
    assert.match(
      sam,
      /\*\*Blocked\*\*\n\n- Blocked since Tue 24 Nov: “Waiting for the third sample file from support” · micro-goal “Import the three sample files”/,
    );
    assert.match(sam, /- Map CSV columns to fields · renegotiated before it was due · Wed 18 Nov · goal: Ship the CSV import/);
    assert.match(sam, /- Explain the tokenizer back to Maya · on time · Sat 7 Nov/);
    assert.match(
      sam,
      /- Kudos from Maya Chen: “Column mapping is done — and the renegotiation made the new date easy to plan around\.” · about Map CSV columns to fields · Wed 18 Nov/,
    );
    assert.match(sam, /lesson: Read the code I will touch before estimating: twenty minutes of reading saves a day\./);
    assert.match(sam, /the lesson comes at the follow-up on Thu 26 Nov/);
    const maya = md.slice(md.indexOf('## Maya Chen'), md.indexOf('## Sam Okafor'));
    assert.match(maya, /- Draft the setup section · done after its due day · Thu 5 Nov · goal: Write the onboarding guide/);
    assert.doesNotMatch(md, /\b(fail\w*|missed|late|overdue|blame)\b/i);
  });

  it('covers the last 7 days by default, the same as --since 7d and --since the day a week before', async () => {
    const byDefault = await accord(team, ['digest', ...TODAY]);
    assert.equal(byDefault.code, 0);
    assert.match(byDefault.stdout, /^# Accord digest: Tue 17 Nov 2026 to Tue 24 Nov 2026\n\nThe last 7 days: since Tue 17 Nov 2026/);
    assert.doesNotMatch(byDefault.stdout, /Explain the tokenizer/, 'done on the 7th: before the period');
    const seven = await accord(team, ['digest', '--since', '7d', ...TODAY]);
    assert.equal(seven.stdout, byDefault.stdout);
    const since = await accord(team, ['digest', '--since', '2026-11-17', ...TODAY]);
    assert.equal(since.stdout.split('\n').slice(3).join('\n'), byDefault.stdout.split('\n').slice(3).join('\n'));
  });

  it('gives the same digest whatever the machine’s time zone', async () => {
    const outputs = await Promise.all(['UTC', 'Pacific/Chatham', 'America/Adak'].map((TZ) => accord(team, ['digest', '--format', 'json', ...TODAY], { TZ })));
    for (const output of outputs) assert.equal(output.stdout, outputs[0]!.stdout);
    // Sam's check-in at 2026-11-17T14:28Z is the 17th in New York: in the period on every machine.
    const digest = JSON.parse(outputs[0]!.stdout) as Digest;
    assert.deepEqual(digest.people.find((p) => p.name === 'Sam Okafor')?.checkIns.at(-1)?.day, '2026-11-17');
  });

  it('covers the current planning cycle with --cycle', async () => {
    const result = await accord(team, ['digest', '--cycle', '--format', 'json', ...TODAY]);
    assert.equal(result.code, 0);
    const digest = JSON.parse(result.stdout) as Digest;
    assert.deepEqual(digest.period, {
      kind: 'cycle',
      from: '2026-11-11',
      to: '2026-11-24',
      days: 14,
      cycle: { start: '2026-11-11', end: '2026-11-24', fromSession: true },
    });
  });

  it('writes json with a version, and the same people and entries as the markdown', async () => {
    const result = await accord(team, ['digest', '--format', 'json', '--since', '2026-11-01', ...TODAY]);
    assert.equal(result.code, 0);
    const digest = JSON.parse(result.stdout) as Digest;
    assert.equal(digest.version, 1);
    const sam = digest.people.find((p) => p.member === 'sam-example.com')!;
    assert.equal(sam.name, 'Sam Okafor');
    assert.equal(sam.timeZone, 'America/New_York');
    assert.equal(sam.blocked?.note, 'Waiting for the third sample file from support');
    assert.deepEqual(
      sam.done.map((d) => [d.title, d.outcome]).find(([title]) => title === 'Map CSV columns to fields'),
      ['Map CSV columns to fields', 'renegotiated'],
    );
    assert.equal(sam.kudos.filter((k) => k.type === 'kudos').length, 1);
  });

  it('writes one html page with no script and a strict policy, to a file with -o, and nothing to standard output', async () => {
    const file = join(base, 'digest.html');
    const result = await accord(team, ['digest', '--format', 'html', '-o', file, ...TODAY]);
    assert.deepEqual(result, { code: 0, stdout: '', stderr: '' });
    const html = await readFile(file, 'utf8');
    assert.match(html, /^<!doctype html>\n<html lang="en">/);
    assert.match(html, /content="default-src 'none'; style-src 'unsafe-inline'"/);
    assert.doesNotMatch(html, /<script|<link|<img|src=|href=/i);
    assert.match(html, /<h2 id="person-2">Sam Okafor<\/h2>/);
  });

  it('refuses to write inside the data folder, and writes nothing else, ever', async () => {
    const before = await snapshot(join(team, '.accord'));
    for (const target of ['.accord/digest.md', '.accord/people/x.json', join(team, '.accord', 'covenant.md')]) {
      const result = await accord(team, ['digest', '-o', target, ...TODAY]);
      assert.equal(result.code, 2, target);
      assert.match(result.stderr, /is inside \.accord\/, which holds only the team's record\. Write the digest somewhere else\./);
    }
    assert.deepEqual(await snapshot(join(team, '.accord')), before);
  });

  it('ends with exit code 2 and the accepted forms on a usage error', async () => {
    const cases: [string[], RegExp][] = [
      [['--since', '2w'], /--since takes 1d, 7d, <N>d \(N from 1 to 366\) or a date like 2026-11-17, not "2w"/],
      [['--since', '7d', '--cycle'], /cannot be used with/],
      [['--today', '24/11/2026'], /'--today <YYYY-MM-DD>' argument '24\/11\/2026' is invalid\. Give a day that exists, as YYYY-MM-DD/],
      [['--since', '2026-12-01', ...TODAY], /2026-12-01 is after today \(2026-11-24\)/],
      [['--format', 'pdf'], /Allowed choices are markdown, json, html/],
      [['-o', join(base, 'no-such-folder', 'd.md')], /does not exist/],
    ];
    for (const [args, message] of cases) {
      const result = await accord(team, ['digest', ...args]);
      assert.equal(result.code, 2, args.join(' '));
      assert.equal(result.stdout, '', args.join(' '));
      assert.match(result.stderr, message, args.join(' '));
    }
  });

  it('names data problems on standard error in accord check’s words, and still gives the digest of what it could read', async () => {
    const broken = join(base, 'broken');
    await cp(team, broken, { recursive: true });
    await writeFile(join(broken, '.accord', 'people', 'pat.json'), '{ "schema": 1,\n');
    const check = await accord(broken, ['check']);
    assert.equal(check.code, 1);
    const result = await accord(broken, ['digest', ...TODAY]);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /## Sam Okafor/);
    const problem = check.stdout.split('\n')[0]!;
    assert.match(problem, /^\.accord\/people\/pat\.json/);
    assert.ok(result.stderr.includes(problem), result.stderr);
    assert.match(result.stderr, /The digest is built from what Accord could read\./);
  });

  it('says what each option does in --help, with the zone rule', async () => {
    const help = await accord(team, ['digest', '--help']);
    assert.equal(help.code, 0);
    for (const words of ['--since <period>', '--cycle', '--today <YYYY-MM-DD>', '--format <format>', '--output <file>', "member's clock", 'never counts'])
      assert.ok(help.stdout.includes(words), words);
  });
});
