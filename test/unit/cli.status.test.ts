import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { AWAY_ID_PREFIX, computeStatus, followUpsFor, instantAt, timeZoneOf } from '../../src/core';
import { buildCalendar, calendarName, teamCalendarKey } from '../../src/core/calendar';
import { covenantHash } from '../../src/core/covenant';
import { accord, NO_HOST_GIT, ROOT } from '../helpers/cli';
import { AccordStore } from '../../src/store';

/**
 * `accord status` and `accord calendar` (issue 17 §4) as a person runs them: the built
 * dist/cli.js as a child process, on copies of the sample workspace (its dates are as of
 * 2026-11-24, sample/README.md), read with --today so the runs repeat exactly. What they print
 * must be what the extension computes for the same state: the status bar's summary, the
 * Follow-ups list, Export Calendar's bytes.
 */
const SAMPLE = join(ROOT, 'sample');
const SAMPLE_TODAY = '2026-11-24';
const run = promisify(execFile);

/** `git …args` in `cwd`, with no host settings, as a fixed author. */
async function git(cwd: string, ...args: string[]): Promise<string> {
  const env = { ...process.env, ...NO_HOST_GIT, GIT_AUTHOR_DATE: '2026-11-01T10:00:00Z', GIT_COMMITTER_DATE: '2026-11-01T10:00:00Z' };
  const { stdout } = await run('git', ['-c', 'user.name=Sam Okafor', '-c', 'user.email=sam@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd, env });
  return stdout;
}

interface StatusJson {
  me: { id: string; name: string; timeZone: string };
  today: string;
  summary: string;
  overdue: { id: string; title: string; due?: string; when: string; goal?: string }[];
  dueToday: { id: string; title: string; due?: string; when: string; goal?: string }[];
  followUps: { id: string; kind: string; label: string; mine: boolean }[];
}

/** The sample team as the extension reads it, and the instant `--today` reads it at for `member`: 12:00 that day in their zone. */
async function sampleState(folder: string, member: string) {
  const store = new AccordStore({ root: folder, readOnly: true });
  await store.loadAll();
  const state = store.state;
  const zone = timeZoneOf(state, member);
  return { state, zone, now: instantAt(SAMPLE_TODAY, '12:00', zone) };
}

describe('accord status and accord calendar (the command line, run as a child process)', function () {
  this.timeout(120_000);
  let base: string;
  /** A copy of the sample team, outside any repository. */
  let team: string;
  /** A copy of the sample team in a git repository with one commit, user.email Sam's. */
  let repo: string;

  before(async () => {
    await run(process.execPath, ['esbuild.mjs', '--cli'], { cwd: ROOT });
    base = await mkdtemp(join(tmpdir(), 'accord-status-'));
    team = join(base, 'team');
    await cp(SAMPLE, team, { recursive: true });
    repo = join(base, 'repo');
    await cp(SAMPLE, repo, { recursive: true });
    await mkdir(join(repo, 'src', 'deep'), { recursive: true });
    await writeFile(join(repo, 'src', 'deep', 'main.txt'), 'code\n');
    await git(repo, 'init', '-q', '-b', 'main');
    await git(repo, 'add', '-A');
    await git(repo, 'commit', '-q', '-m', 'The team starts');
    await run('git', ['config', 'user.email', 'Sam@Example.com'], { cwd: repo });
  });

  after(async () => {
    await rm(base, { recursive: true, force: true });
  });

  describe('accord status', () => {
    it("lists Sam's overdue and today's micro-goals and his follow-ups, as the status bar and Follow-ups count them", async () => {
      const result = await accord(team, ['status', '--me', 'sam@example.com', '--today', SAMPLE_TODAY, '--format', 'json']);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stderr, '');
      const day = JSON.parse(result.stdout) as StatusJson;
      assert.deepEqual(day.me, { id: 'sam-example.com', name: 'Sam Okafor', timeZone: 'America/New_York' });
      assert.equal(day.today, SAMPLE_TODAY);
      assert.deepEqual(
        day.overdue.map((m) => [m.title, m.when, m.goal]),
        [
          ['Write error messages that name the row', 'was due 2 days ago', 'Ship the CSV import'],
          ['Update the README badges', 'was due yesterday', undefined],
        ],
      );
      assert.deepEqual(
        day.dueToday.map((m) => [m.title, m.due, m.when]),
        [['Import the three sample files', SAMPLE_TODAY, 'due today']],
      );
      // The extension's own computations for the same state and instant.
      const { state, zone, now } = await sampleState(team, 'sam-example.com');
      const hash = covenantHash(await readFile(join(team, '.accord', 'covenant.md'), 'utf8'));
      const expected = followUpsFor(state, 'sam-example.com', now, hash);
      assert.deepEqual(day.followUps, JSON.parse(JSON.stringify(expected)));
      const bar = computeStatus({
        state,
        me: 'sam-example.com',
        now,
        timeZone: zone,
        cadence: { times: state.team.checkInTimes, workingDays: state.team.workingDays },
        followUps: expected.filter((f) => f.mine).length,
        unshared: 0,
        nudges: 'off',
      });
      assert.equal(`$(checklist) ${day.summary}`, bar.text);
      assert.equal(day.summary, '1 today · 2 overdue · 3 to answer');
    });

    it('prints the day as text under the views’ headings, without colour on a pipe, and without the summary line with --quiet', async () => {
      const result = await accord(team, ['status', '--me', 'sam@example.com', '--today', SAMPLE_TODAY]);
      assert.equal(result.code, 0);
      const lines = result.stdout.trimEnd().split('\n');
      assert.equal(lines[0], 'Sam Okafor, 2026-11-24: 1 today · 2 overdue · 3 to answer');
      assert.deepEqual(lines.filter((line) => /^\S/.test(line)).slice(1), ['Overdue', 'Today', 'Waiting for you', 'Due back to you']);
      assert.ok(lines.includes('  • Write error messages that name the row · was due 2 days ago'));
      assert.ok(lines.includes('    Goal: Ship the CSV import'));
      // A feedback's situation, behaviour and impact each on a line, never as an escaped newline.
      assert.ok(lines.includes("    Situation: In Tuesday's pairing session"));
      assert.doesNotMatch(result.stdout, /\\u\{a\}|\u001b\[/);
      const quiet = await accord(team, ['status', '-q', '--me', 'sam@example.com', '--today', SAMPLE_TODAY]);
      assert.deepEqual(quiet.stdout.split('\n'), result.stdout.split('\n').slice(2));
    });

    it('says when I am away, in the status bar’s words, before the day’s summary', async () => {
      const away = join(base, 'away');
      await cp(SAMPLE, away, { recursive: true });
      const sam = new AccordStore({ root: away, me: 'sam-example.com' });
      await sam.loadAll();
      await sam.update((edit) =>
        edit.create('away', AWAY_ID_PREFIX, { member: 'sam-example.com', from: '2026-11-23', to: '2026-11-26', at: '2026-11-20T09:00:00.000Z' }),
      );
      const text = await accord(away, ['status', '--me', 'sam@example.com', '--today', SAMPLE_TODAY]);
      assert.equal(text.stdout.split('\n')[0], 'Sam Okafor, 2026-11-24: Away until Thu 26 Nov · 1 today · 2 overdue · 3 to answer');
      const json = await accord(away, ['status', '--me', 'sam@example.com', '--today', SAMPLE_TODAY, '--format', 'json']);
      assert.equal((JSON.parse(json.stdout) as { dayOff?: string }).dayOff, 'Away until Thu 26 Nov');
      const working = await accord(away, ['status', '--me', 'sam@example.com', '--today', '2026-11-27', '--format', 'json']);
      assert.equal((JSON.parse(working.stdout) as { dayOff?: string }).dayOff, undefined, 'back on Friday');
    });

    it('exits 1 with --fail-on-overdue only for someone with an overdue micro-goal', async () => {
      assert.equal((await accord(team, ['status', '--fail-on-overdue', '--me', 'sam@example.com', '--today', SAMPLE_TODAY])).code, 1);
      const maya = await accord(team, ['status', '--fail-on-overdue', '--me', 'maya@example.com', '--today', SAMPLE_TODAY, '--format', 'json']);
      assert.equal(maya.code, 0);
      assert.deepEqual((JSON.parse(maya.stdout) as StatusJson).overdue, []);
      // Without the flag, overdue work is news, not a failure.
      assert.equal((await accord(team, ['status', '--me', 'sam@example.com', '--today', SAMPLE_TODAY])).code, 0);
    });

    it('knows me from --me (email, any case, or member id), ACCORD_ME, or git user.email, --me first', async () => {
      const who = async (cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) => {
        const result = await accord(cwd, ['status', '--format', 'json', '--today', SAMPLE_TODAY, ...args], env);
        assert.equal(result.code, 0, result.stderr);
        return (JSON.parse(result.stdout) as StatusJson).me.id;
      };
      assert.equal(await who(team, ['--me', 'MAYA@example.com']), 'maya-example.com');
      assert.equal(await who(team, ['--me', 'maya-example.com']), 'maya-example.com');
      assert.equal(await who(team, [], { ACCORD_ME: 'maya@example.com' }), 'maya-example.com');
      // The repository's user.email (Sam@Example.com), from a folder deep inside it.
      assert.equal(await who(join(repo, 'src', 'deep'), []), 'sam-example.com');
      assert.equal(await who(repo, [], { ACCORD_ME: 'maya@example.com' }), 'maya-example.com');
      assert.equal(await who(repo, ['--me', 'sam@example.com'], { ACCORD_ME: 'maya@example.com' }), 'sam-example.com');
      const verbose = await accord(repo, ['-v', 'status', '--today', SAMPLE_TODAY]);
      assert.match(verbose.stderr, /You are sam-example\.com \(from git's user\.email\)/);
    });

    it('exits 2 for a --me that names no member, saying how to name one and naming nobody else', async () => {
      for (const [args, env, source] of [
        [['--me', 'nobody@example.com'], {}, '--me'],
        [['--me', 'maya'], {}, '--me'],
        [[], { ACCORD_ME: 'nobody@example.com' }, 'ACCORD_ME'],
      ] as const) {
        const result = await accord(repo, ['status', ...args], env);
        assert.equal(result.code, 2, args.join(' '));
        assert.equal(result.stdout, '');
        assert.match(result.stderr, new RegExp(`^accord: ${source} ".*" names no member of this team\\. Name yourself with --me`));
        assert.doesNotMatch(result.stderr, /sam@example|maya@example|sam-example|maya-example/i);
      }
      // Outside a repository and without ACCORD_ME, nothing says who I am.
      const nobody = await accord(team, ['status']);
      assert.equal(nobody.code, 2);
      assert.match(nobody.stderr, /Accord does not know who you are: git has no user\.email here\. Name yourself with --me/);
      // A git email that is no member's.
      const stranger = await accord(repo, ['status'], { GIT_CONFIG_PARAMETERS: "'user.email'='kim@example.com'" });
      assert.equal(stranger.code, 2);
      assert.match(stranger.stderr, /git's user\.email "kim@example\.com" names no member of this team/);
    });

    it('exits 2 for a day that does not exist, and reads as today without --today', async () => {
      for (const day of ['2026-02-30', 'tomorrow', '24.11.2026']) {
        const result = await accord(team, ['status', '--me', 'sam@example.com', '--today', day]);
        assert.equal(result.code, 2, day);
        assert.match(result.stderr, /Give a day that exists, as YYYY-MM-DD/);
      }
      const now = await accord(team, ['status', '--me', 'sam@example.com', '--format', 'json']);
      assert.equal(now.code, 0);
      const today = (JSON.parse(now.stdout) as StatusJson).today;
      const { dayIn } = await import('../../src/core');
      // Sam's day now, in New York: one of the two days the clock may show around this run.
      assert.ok([dayIn(new Date(Date.now() - 60_000), 'America/New_York'), dayIn(new Date(), 'America/New_York')].includes(today));
    });
  });

  describe('accord calendar', () => {
    /** What the extension's Export Calendar writes for `folder`'s team on the sample's day, as Sam, with `teamKey`. */
    const exported = async (folder: string, teamKey: string) => {
      const { state, now } = await sampleState(folder, 'sam-example.com');
      return buildCalendar(state, { now, today: SAMPLE_TODAY, name: calendarName(basename(folder)), teamKey });
    };

    it('writes, byte for byte, the calendar Export Calendar makes, keyed by the root commit', async () => {
      const out = join(base, 'team.ics');
      const result = await accord(join(repo, 'src'), ['calendar', '-o', out, '--today', SAMPLE_TODAY]);
      assert.equal(result.code, 0, result.stderr);
      const root = (await git(repo, 'rev-list', '--max-parents=0', 'HEAD')).trim();
      const expected = await exported(repo, teamCalendarKey(root));
      const written = await readFile(out);
      assert.ok(written.equals(Buffer.from(expected, 'utf8')), 'the bytes differ');
      const events = expected.split('\r\nBEGIN:VEVENT').length - 1;
      assert.ok(events > 5);
      assert.equal(
        result.stdout,
        `Calendar saved with ${events} entries: ${out}. Import it into your calendar app; export again after planning and the entries update in place.\n`,
      );
      // A valid iCalendar file: one calendar, CRLF lines of at most 75 octets (RFC 5545 §3.1).
      const text = written.toString('utf8');
      assert.match(text, /^BEGIN:VCALENDAR\r\n[^]*\r\nEND:VCALENDAR\r\n$/);
      for (const line of text.slice(0, -2).split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, line);
      assert.doesNotMatch(text.replace(/\r\n/g, ''), /[\r\n]/);
      // To standard output, the same bytes and nothing else: with no -o, and with -o -.
      for (const args of [[], ['-o', '-']]) assert.equal((await accord(repo, ['calendar', ...args, '--today', SAMPLE_TODAY])).stdout, expected);
    });

    it('gives the same status and calendar whatever time zone the machine is in', async () => {
      const runs = [];
      for (const TZ of ['UTC', 'Pacific/Kiritimati', 'America/Anchorage', 'Asia/Kolkata']) {
        const status = await accord(repo, ['status', '--today', SAMPLE_TODAY], { TZ });
        const calendar = await accord(repo, ['calendar', '--today', SAMPLE_TODAY], { TZ });
        assert.equal(status.code + calendar.code, 0);
        runs.push([status.stdout, calendar.stdout]);
      }
      for (const other of runs.slice(1)) assert.deepEqual(other, runs[0]);
    });

    it('refuses to write inside the data folder, also through a link, and writes nothing there', async () => {
      const data = join(repo, '.accord');
      const before = (await readdir(data, { recursive: true })).sort();
      await symlink(join(data, 'people'), join(base, 'people-link'));
      for (const [cwd, out] of [
        [repo, '.accord/team.ics'],
        [join(repo, '.accord', 'people'), 'team.ics'],
        [repo, join(base, 'people-link', 'team.ics')],
        [repo, '.accord'],
      ] as const) {
        const result = await accord(cwd, ['calendar', '-o', out, '--today', SAMPLE_TODAY]);
        assert.equal(result.code, 2, out);
        assert.match(result.stderr, /^accord: -o: .* is inside \.accord\/, which holds only the team's record\. Write the calendar somewhere else\./, out);
      }
      assert.deepEqual((await readdir(data, { recursive: true })).sort(), before);
    });

    it('without a root commit, refuses unless --team-key names the key, then keys every entry by it', async () => {
      const none = await accord(team, ['calendar', '--today', SAMPLE_TODAY]);
      assert.equal(none.code, 2);
      assert.equal(none.stdout, '');
      assert.match(none.stderr, /no team key that every clone shares\. Pass --team-key/);
      const key = '0123456789abcdef0123456789abcdef';
      const keyed = await accord(team, ['calendar', '--team-key', key, '--me', 'sam@example.com', '--today', SAMPLE_TODAY]);
      assert.equal(keyed.code, 0, keyed.stderr);
      assert.equal(keyed.stdout, await exported(team, key));
      for (const bad of ['XYZ', '0123', `${key}${key}0`]) assert.equal((await accord(team, ['calendar', '--team-key', bad])).code, 2, bad);
    });

    it('exits 2 for a --me that names no member, and a file it cannot write', async () => {
      assert.equal((await accord(repo, ['calendar', '--me', 'nobody@example.com'])).code, 2);
      const result = await accord(repo, ['calendar', '-o', join(base, 'no-such-folder', 'team.ics')]);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /^accord: -o: the folder .*no-such-folder does not exist\./);
    });
  });

  it('has --help for both commands, with their exit codes', async () => {
    for (const [command, words] of [
      ['status', /--fail-on-overdue[^]*1 {2}with --fail-on-overdue/],
      ['calendar', /--team-key[^]*no root commit for the team key/],
    ] as const) {
      const result = await accord(team, [command, '--help']);
      assert.equal(result.code, 0);
      assert.match(result.stdout, new RegExp(`^Usage: accord ${command}`));
      assert.match(result.stdout, /--today <YYYY-MM-DD>/);
      assert.match(result.stdout, words);
    }
  });
});
