import { strict as assert } from 'node:assert';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { buildDigest, type Digest, DigestPeriodError, digestToday, parseSince, resolvePeriod } from '../../src/core/digest';
import { htmlDigest, jsonDigest, markdownDigest } from '../../src/core/digestFormat';
import { escapeHtml, escapeMarkdown } from '../../src/core/markup';
import type { TeamState } from '../../src/core';
import { AccordStore } from '../../src/store';
import { teamBuilder, withHostTimeZone } from './helpers/teamBuilder';

/**
 * `accord digest`'s model and renderers (issue 17 §3): the period and its days in each member's
 * own zone (never the host's), on time vs renegotiated vs done after the due day, setbacks with
 * their lessons, blocked as of the period's end, kudos, and text from hostile files that stays
 * text in markdown and HTML.
 */

/** markdown-it, as GitHub-flavoured as it gets (raw HTML on, bare links linked): what a reader's renderer would make of our markdown. */
interface MarkdownIt {
  render(text: string): string;
}
const markdownIt = createRequire(__filename)('markdown-it') as (options: object) => MarkdownIt;
const renderer = markdownIt({ html: true, linkify: true });

/** Maya in Berlin, Sam in New York: the sample's pair. */
function pair() {
  return teamBuilder()
    .member('maya', { name: 'Maya Chen', timeZone: 'Europe/Berlin' })
    .member('sam', { name: 'Sam Okafor', timeZone: 'America/New_York' })
    .team({ cycleDays: 14 }, 'maya');
}

function digestOf(state: TeamState, since: string, today: string): Digest {
  return buildDigest(state, resolvePeriod(state, parseSince(since)!, today));
}

function personOf(digest: Digest, member: string) {
  const person = digest.people.find((p) => p.member === member);
  assert.ok(person, `${member} is in the digest`);
  return person;
}

/** Words Accord never uses about people's work (design.md: learning, not punishment). */
const BLAME = /\b(fail\w*|missed|late|overdue|blame\w*|fault|behind)\b/i;

describe('digest: periods', () => {
  it('reads --since as <N>d or a real day, and nothing else', () => {
    assert.deepEqual(parseSince('7d'), { kind: 'days', days: 7 });
    assert.deepEqual(parseSince('1d'), { kind: 'days', days: 1 });
    assert.deepEqual(parseSince('30D'), { kind: 'days', days: 30 });
    assert.deepEqual(parseSince('2026-11-17'), { kind: 'since', day: '2026-11-17' });
    for (const bad of ['0d', '367d', '7', 'd', '1w', 'yesterday', '2026-02-30', '2026-13-01', '17/11/2026', '-7d', ''])
      assert.equal(parseSince(bad), undefined, bad);
  });

  it('starts <N>d on the day N days before today, as --since that day does', () => {
    const state = pair().build();
    const seven = resolvePeriod(state, { kind: 'days', days: 7 }, '2026-11-24');
    assert.deepEqual({ from: seven.from, to: seven.to, days: seven.days }, { from: '2026-11-17', to: '2026-11-24', days: 8 });
    const since = resolvePeriod(state, { kind: 'since', day: '2026-11-17' }, '2026-11-24');
    assert.deepEqual([since.from, since.to, since.days], [seven.from, seven.to, seven.days]);
    const one = resolvePeriod(state, { kind: 'days', days: 1 }, '2026-03-01');
    assert.deepEqual([one.from, one.to], ['2026-02-28', '2026-03-01'], 'across the end of February');
  });

  it('refuses a --since day after today', () => {
    assert.throws(() => resolvePeriod(pair().build(), { kind: 'since', day: '2026-11-25' }, '2026-11-24'), DigestPeriodError);
  });

  it('takes --cycle from the planning session that covers today, or the cycle one would start today', () => {
    const withSession = pair()
      .put('maya', 'ss-1', 'session', {
        at: '2026-11-11T15:00:00.000Z',
        cycleStart: '2026-11-11',
        cycleEnd: '2026-11-24',
        participants: ['maya', 'sam'],
        committed: [],
      })
      .build();
    const cycle = resolvePeriod(withSession, { kind: 'cycle' }, '2026-11-20');
    assert.deepEqual(
      { from: cycle.from, to: cycle.to, days: cycle.days, cycle: cycle.cycle },
      { from: '2026-11-11', to: '2026-11-20', days: 10, cycle: { start: '2026-11-11', end: '2026-11-24', fromSession: true } },
    );
    const none = resolvePeriod(pair().build(), { kind: 'cycle' }, '2026-11-20');
    assert.deepEqual([none.from, none.to, none.cycle?.fromSession], ['2026-11-20', '2026-11-20', false]);
    assert.match(markdownDigest(buildDigest(withSession, cycle)), /The current planning cycle, Wed 11 Nov 2026 to Tue 24 Nov 2026, up to today/);
  });
});

describe('digest: days in each member’s own zone, never the host’s', () => {
  it('takes today as the latest day any member’s clock shows', () => {
    const state = teamBuilder().member('kiri', { timeZone: 'Pacific/Kiritimati' }).member('adak', { timeZone: 'America/Adak' }).build();
    // 11:00 UTC: already the 25th on Kiritimati (UTC+14), still the 24th on Adak (UTC−10).
    const now = new Date('2026-11-24T11:00:00Z');
    for (const zone of ['UTC', 'Pacific/Chatham', 'America/Santiago', 'Asia/Kolkata'])
      withHostTimeZone(zone, () => assert.equal(digestToday(state, now), '2026-11-25', zone));
    assert.equal(digestToday(teamBuilder().build(), new Date('2026-11-24T23:30:00Z')), '2026-11-24', 'UTC with nobody set up');
  });

  it('places a check-in on its writer’s day: the same instant is in the period for Berlin and not for New York', () => {
    // 02:00 UTC on the 17th: 03:00 in Berlin on the 17th, 21:00 in New York on the 16th.
    const state = pair()
      .checkIn('ci-maya', 'maya', '2026-11-17T02:00:00.000Z', { note: 'early start' })
      .checkIn('ci-sam', 'sam', '2026-11-17T02:00:00.000Z', { note: 'late night' })
      .build();
    const digests = ['UTC', 'Pacific/Chatham', 'America/Santiago', 'Europe/London'].map((zone) =>
      withHostTimeZone(zone, () => digestOf(state, '2026-11-17', '2026-11-24')),
    );
    for (const digest of digests.slice(1)) assert.deepEqual(digest, digests[0], 'the same digest whatever the host’s zone');
    assert.deepEqual(
      personOf(digests[0]!, 'maya').checkIns.map((c) => [c.id, c.day]),
      [['ci-maya', '2026-11-17']],
    );
    assert.deepEqual(personOf(digests[0]!, 'sam').checkIns, []);
    assert.deepEqual(
      personOf(digestOf(state, '2026-11-16', '2026-11-24'), 'sam').checkIns.map((c) => c.day),
      ['2026-11-16'],
    );
  });

  it('leaves out what was written after today, when today is given', () => {
    const state = pair().checkIn('ci-1', 'sam', '2026-11-20T15:00:00.000Z').checkIn('ci-2', 'sam', '2026-11-25T15:00:00.000Z').build();
    assert.deepEqual(
      personOf(digestOf(state, '7d', '2026-11-24'), 'sam').checkIns.map((c) => c.id),
      ['ci-1'],
    );
  });
});

describe('digest: what happened, per person', () => {
  const state = () =>
    pair()
      .goal('g-csv', { owner: 'sam', title: 'Ship the CSV import' })
      .micro('mg-on-time', { owner: 'sam', title: 'Parse the header row', due: '2026-11-20', done: true, doneAt: '2026-11-20T21:00:00.000Z', goal: 'g-csv' })
      .micro('mg-reneg', { owner: 'sam', title: 'Map CSV columns', due: '2026-11-18', done: true, doneAt: '2026-11-19T15:00:00.000Z' })
      .renegotiation('rn-1', {
        microGoal: 'mg-reneg',
        proposer: 'sam',
        change: { due: '2026-11-18' },
        state: 'accepted',
        beforeDue: true,
        at: '2026-11-14T15:00:00.000Z',
      })
      .micro('mg-after', { owner: 'maya', title: 'Write the checklist', due: '2026-11-18', done: true, doneAt: '2026-11-21T09:00:00.000Z' })
      .micro('mg-open', { owner: 'sam', title: 'Import the sample files', due: '2026-11-26' })
      .checkIn('ci-a', 'sam', '2026-11-21T14:00:00.000Z', {
        status: 'at-risk',
        helped: 'Pairing first thing',
        hindered: 'Flaky CI',
        next: 'Write the failing test',
      })
      .checkIn('ci-b', 'sam', '2026-11-23T14:00:00.000Z', {
        status: 'blocked',
        note: 'waiting for the sample files',
        microGoals: ['mg-open'],
        next: 'write the failing test ',
      })
      .put('maya', 'fb-k', 'feedback', {
        from: 'maya',
        to: 'sam',
        type: 'kudos',
        behaviour: 'Well done on the header row',
        about: 'mg-on-time',
        at: '2026-11-20T22:00:00.000Z',
      })
      .put('maya', 'fb-o', 'feedback', {
        from: 'maya',
        to: 'sam',
        type: 'observation',
        behaviour: 'reviews came in after noon',
        at: '2026-11-20T22:00:00.000Z',
      })
      .put('sam', 'sb-1', 'setback', {
        member: 'sam',
        about: 'g-csv',
        whatHappened: 'Quoted commas split fields',
        rootCause: 'No test for quoted fields',
        actions: [],
        followUp: '2026-11-26',
        at: '2026-11-21T21:30:00.000Z',
      })
      .put('sam', 'sb-2', 'setback', {
        member: 'sam',
        about: 'mg-on-time',
        whatHappened: 'The estimate was a guess',
        actions: [],
        lesson: 'Read the code before estimating',
        at: '2026-11-02T22:00:00.000Z',
        reviewedAt: '2026-11-18T15:00:00.000Z',
      })
      .build();

  it('tells done micro-goals apart: on time, renegotiated before due, done after the due day', () => {
    const digest = digestOf(state(), '7d', '2026-11-24');
    const outcomes = (member: string) => personOf(digest, member).done.map((d) => [d.title, d.outcome]);
    assert.deepEqual(outcomes('sam'), [
      ['Parse the header row', 'onTime'],
      ['Map CSV columns', 'renegotiated'],
    ]);
    assert.deepEqual(outcomes('maya'), [['Write the checklist', 'doneLate']]);
    const markdown = markdownDigest(digest);
    assert.match(markdown, /- Parse the header row · on time · Fri 20 Nov · goal: Ship the CSV import/);
    assert.match(markdown, /- Map CSV columns · renegotiated before it was due · Thu 19 Nov/);
    assert.match(markdown, /- Write the checklist · done after its due day · Sat 21 Nov/);
  });

  it('shows setbacks with their lesson, or the follow-up day the lesson is due on', () => {
    const sam = personOf(digestOf(state(), '7d', '2026-11-24'), 'sam');
    assert.deepEqual(
      sam.setbacks.map((s) => [s.id, s.lesson, s.followUp]),
      [
        ['sb-1', undefined, '2026-11-26'],
        // Logged before the period, reviewed in it: its lesson is news.
        ['sb-2', 'Read the code before estimating', undefined],
      ],
    );
    const markdown = markdownDigest(digestOf(state(), '7d', '2026-11-24'));
    assert.match(
      markdown,
      /on Ship the CSV import: Quoted commas split fields · root cause: No test for quoted fields · the lesson comes at the follow-up on Thu 26 Nov/,
    );
    assert.match(markdown, /The estimate was a guess · lesson: Read the code before estimating/);
  });

  it('names who is blocked as of the period’s end, with the micro-goals waiting', () => {
    const sam = personOf(digestOf(state(), '7d', '2026-11-24'), 'sam');
    assert.deepEqual(sam.blocked, {
      checkIn: 'ci-b',
      since: '2026-11-23',
      note: 'waiting for the sample files',
      microGoals: [{ id: 'mg-open', title: 'Import the sample files' }],
    });
    assert.match(
      markdownDigest(digestOf(state(), '7d', '2026-11-24')),
      /\*\*Blocked\*\*\n\n- Blocked since Mon 23 Nov: “waiting for the sample files” · micro-goal “Import the sample files”/,
    );
    // On the 22nd the blocked check-in had not been written yet.
    assert.equal(personOf(digestOf(state(), '7d', '2026-11-22'), 'sam').blocked, undefined);
  });

  it('lists check-ins newest first with what helped and what got in the way, and each next step once', () => {
    const sam = personOf(digestOf(state(), '7d', '2026-11-24'), 'sam');
    assert.deepEqual(
      sam.checkIns.map((c) => [c.id, c.status]),
      [
        ['ci-b', 'blocked'],
        ['ci-a', 'at-risk'],
      ],
    );
    assert.deepEqual(sam.nextSteps, ['write the failing test']);
    assert.match(markdownDigest(digestOf(state(), '7d', '2026-11-24')), /- Sat 21 Nov · at risk · helped: Pairing first thing · got in the way: Flaky CI/);
  });

  it('gives kudos and appreciations to whom they were sent, and keeps observations between the partners', () => {
    const digest = digestOf(state(), '7d', '2026-11-24');
    assert.deepEqual(
      personOf(digest, 'sam').kudos.map((k) => [k.id, k.fromName, k.text, k.about]),
      [['fb-k', 'Maya Chen', 'Well done on the header row', 'Parse the header row']],
    );
    assert.doesNotMatch(markdownDigest(digest), /reviews came in after noon/);
  });

  it('says a calm line for a person with nothing in the period, and uses no blame words anywhere', () => {
    const quiet = digestOf(state(), '1d', '2026-12-20');
    assert.match(markdownDigest(quiet), /## Maya Chen\n\nNothing recorded in this period\./);
    for (const digest of [digestOf(state(), '7d', '2026-11-24'), digestOf(state(), '30d', '2026-11-30'), quiet]) {
      const words = [markdownDigest(digest), htmlDigest(digest)]
        .join('\n')
        .replace(/Flaky CI|Quoted commas split fields|No test for quoted fields|write the failing test/gi, '');
      assert.doesNotMatch(words, BLAME);
    }
  });

  it('writes json with a version and the same content', () => {
    const digest = digestOf(state(), '7d', '2026-11-24');
    const json = JSON.parse(jsonDigest(digest)) as Digest;
    assert.equal(json.version, 1);
    assert.deepEqual(json, JSON.parse(JSON.stringify(digest)));
    assert.deepEqual(Object.keys(json.people[0]!), ['member', 'name', 'timeZone', 'checkIns', 'done', 'nextSteps', 'kudos', 'setbacks']);
  });
});

describe('digest: hostile text stays text', () => {
  const HOSTILE = '@everyone [click](https://evil.example) ![x](https://evil.example/x.png) <b>bold</b> www.evil.example #1 \u202Egnp.exe';
  const hostile = () =>
    pair()
      .member('eve', { name: `# ${HOSTILE}`, timeZone: 'UTC' })
      .checkIn('ci-eve', 'eve', '2026-11-23T10:00:00.000Z', {
        note: `- ${HOSTILE}`,
        helped: '1. first\n# heading\n> quote',
        hindered: '`code` *em* _em_ ~~x~~ | a | &amp; $x$ \\',
      })
      .build();

  async function xssDigest(): Promise<Digest> {
    const store = new AccordStore({ root: join(__dirname, '..', 'fixtures', 'xss'), readOnly: true });
    await store.loadAll();
    return buildDigest(store.state, resolvePeriod(store.state, { kind: 'since', day: '2026-01-01' }, '2026-01-20'));
  }

  it('keeps the XSS fixture’s markup out of the rendered markdown, and its words in', async () => {
    const digest = await xssDigest();
    const mallory = personOf(digest, 'mallory-example.com');
    assert.equal(mallory.checkIns.length, 5);
    assert.equal(mallory.done.length, 1);
    assert.equal(mallory.setbacks[0]!.lesson?.includes('lesson'), true);
    const markdown = markdownDigest(digest);
    assert.ok(!/(?<!\\)</.test(markdown), 'every < is escaped');
    const html = renderer.render(markdown);
    assert.doesNotMatch(html, /<(img|script|a)\b/i);
    assert.match(html, /&lt;img src=x onerror=&quot;window.__accordXss=\(window.__accordXss\|\|0\)\+1&quot;&gt; Mallory &lt;script&gt;/);
    assert.match(html, /lesson &lt;script&gt;/);
  });

  it('keeps links, images, HTML, headings, lists, mentions and bidi overrides out of the markdown', () => {
    const markdown = markdownDigest(digestOf(hostile(), '7d', '2026-11-24'));
    const html = renderer.render(markdown);
    assert.doesNotMatch(html, /<(a|img|b|code|em|s|del|blockquote|ol|table)\b/i, 'no element from the data');
    assert.equal((html.match(/<h2>/g) ?? []).length, 3, 'one heading per person, none from the data');
    assert.equal((html.match(/<h[1-6]>/g) ?? []).length, 4, 'and the title');
    assert.doesNotMatch(markdown, /@everyone/, 'a mention cannot ping anyone');
    assert.doesNotMatch(markdown, /https:\/\/|www\./, 'a bare link cannot form');
    assert.doesNotMatch(markdown, /\u202E/, 'no raw override');
    assert.match(markdown, /\\<U\+202E\\>gnp\.exe/, 'shown by its code point');
    // Each check-in stays one bullet line, whatever line breaks its text held.
    assert.match(markdown, /- Mon 23 Nov · on track · \\- @\u200Beveryone .* · helped: 1\\\. first \\# heading \\> quote · got in the way: /);
  });

  it('keeps the XSS fixture’s markup out of the html page, which has no script and only Accord’s elements', async () => {
    for (const page of [htmlDigest(await xssDigest()), htmlDigest(digestOf(hostile(), '7d', '2026-11-24'))]) {
      const tags = new Set([...page.matchAll(/<\/?([a-z0-9!]+)/gi)].map((m) => m[1]!.toLowerCase()));
      assert.deepEqual(
        [...tags].filter(
          (tag) =>
            !['!doctype', 'html', 'head', 'meta', 'title', 'style', 'body', 'main', 'h1', 'p', 'section', 'h2', 'h3', 'span', 'ul', 'li', 'footer'].includes(
              tag,
            ),
        ),
        [],
      );
      for (const [tag] of page.matchAll(/<[a-z][^>]*>/gi)) assert.doesNotMatch(tag, /\son[a-z]+\s*=/i, 'no event handler attribute');
      assert.match(page, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">/);
      assert.match(page, /<html lang="en">/);
      assert.doesNotMatch(page, /\u202E/, 'no raw override');
    }
    assert.match(htmlDigest(await xssDigest()), /&lt;img src=x onerror=&quot;window\.__accordXss/);
  });

  it('escapes each character markdown and HTML would read', () => {
    assert.equal(escapeMarkdown('a*b_c`d[e]f<g>h|i~j#k&l!m$n\\o'), 'a\\*b\\_c\\`d\\[e\\]f\\<g\\>h\\|i\\~j\\#k\\&l\\!m\\$n\\\\o');
    assert.equal(escapeMarkdown('+ item'), '\\+ item');
    assert.equal(escapeMarkdown('12) item'), '12\\) item');
    assert.equal(escapeMarkdown('one\ntwo\r\n\nthree\u2028four'), 'one two three four');
    assert.equal(escapeMarkdown('bell\u0007'), 'bell\\<U+0007\\>');
    assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    // Right-to-left text is isolated, so the words after it keep their order.
    assert.equal(escapeHtml('שלום'), '\u2068שלום\u2069');
  });
});
