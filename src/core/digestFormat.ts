/**
 * The digest (digest.ts) as people and scripts read it: markdown (for a pull request or a chat),
 * json (a stable, versioned shape) and one self-contained HTML page. Markdown and HTML are drawn
 * from one outline, so both say the same things in the same words; every piece of data goes
 * through markup.ts (escapeMarkdown, escapeHtml) and nothing else from the data reaches them.
 * The words are calm and blame-free, as everywhere in Accord: "done after its due day", never
 * "late" or "missed"; a setback comes with its lesson.
 */
import type { Digest, DigestPeriod, DigestPerson, DoneOutcome } from './digest';
import { escapeHtml, escapeMarkdown, htmlCharacters, longDay, shortDay } from './markup';
import { CHECK_IN_STATUS_WORDS } from './timeline';

export const DIGEST_FORMATS = ['markdown', 'json', 'html'] as const;
export type DigestFormat = (typeof DIGEST_FORMATS)[number];

/** How a finished micro-goal went, in words (the metrics' outcomes; renegotiated counts apart from the rest). */
export const OUTCOME_WORDS: Readonly<Record<DoneOutcome, string>> = {
  onTime: 'on time',
  renegotiated: 'renegotiated before it was due',
  doneLate: 'done after its due day',
};

/** A piece of a line: Accord's own words, a day or count (shown quieter), or text from the data files (always escaped). */
type Segment = { readonly words: string } | { readonly meta: string } | { readonly data: string };
type Line = readonly Segment[];

interface Section {
  readonly title: string;
  readonly count?: number;
  readonly lines: readonly Line[];
}

interface PersonOutline {
  readonly name: string;
  readonly sections: readonly Section[];
}

const SEP: Segment = { words: ' · ' };

/** The period in words: "Mon 17 Nov 2026 to Mon 24 Nov 2026". */
export function periodRange(period: DigestPeriod): string {
  return period.from === period.to ? longDay(period.to) : `${longDay(period.from)} to ${longDay(period.to)}`;
}

/** What the period is, in a sentence, and how days are counted. */
export function periodNote(period: DigestPeriod): string {
  const days = `${period.days} calendar day${period.days === 1 ? '' : 's'}, today included`;
  const what =
    period.kind === 'days'
      ? `The last ${period.sinceDays} day${period.sinceDays === 1 ? '' : 's'}: since ${longDay(period.from)} (${days}).`
      : period.kind === 'since'
        ? `Since ${longDay(period.from)} (${days}).`
        : `The current planning cycle, ${longDay(period.cycle!.start)} to ${longDay(period.cycle!.end)}${
            period.cycle!.fromSession ? '' : ' (no planning session covers today: the cycle one started today would plan)'
          }, up to today (${days}).`;
  return `${what} Each person's days are in their own time zone.`;
}

/** One person's sections, in the order a reader looks: blocked first (someone may help), then what was done. */
function personOutline(person: DigestPerson): PersonOutline {
  const sections: Section[] = [];
  if (person.blocked) {
    const b = person.blocked;
    const line: Segment[] = [{ words: 'Blocked since ' }, { meta: shortDay(b.since) }];
    if (b.note !== undefined) line.push({ words: ': “' }, { data: b.note }, { words: '”' });
    const titles = b.microGoals.map((m) => m.title ?? m.id);
    if (titles.length) line.push(SEP, { words: titles.length === 1 ? 'micro-goal ' : 'micro-goals ' }, ...quotedList(titles));
    sections.push({ title: 'Blocked', lines: [line] });
  }
  if (person.done.length) {
    sections.push({
      title: 'Done',
      count: person.done.length,
      lines: person.done.map((d) => {
        const line: Segment[] = [{ data: d.title }, SEP, { words: OUTCOME_WORDS[d.outcome] }, SEP, { meta: shortDay(d.day) }];
        if (d.goal !== undefined) line.push(SEP, { words: 'goal: ' }, { data: d.goal });
        return line;
      }),
    });
  }
  if (person.checkIns.length) {
    sections.push({
      title: 'Check-ins',
      count: person.checkIns.length,
      lines: person.checkIns.map((c) => {
        const line: Segment[] = [{ meta: shortDay(c.day) }, SEP, { words: CHECK_IN_STATUS_WORDS[c.status] }];
        if (c.note !== undefined) line.push(SEP, { data: c.note });
        if (c.helped !== undefined) line.push(SEP, { words: 'helped: ' }, { data: c.helped });
        if (c.hindered !== undefined) line.push(SEP, { words: 'got in the way: ' }, { data: c.hindered });
        return line;
      }),
    });
  }
  if (person.nextSteps.length) sections.push({ title: 'Next steps', lines: person.nextSteps.map((step) => [{ data: step }]) });
  if (person.kudos.length) {
    sections.push({
      title: 'Kudos',
      count: person.kudos.length,
      lines: person.kudos.map((k) => {
        const line: Segment[] = [{ words: k.type === 'kudos' ? 'Kudos from ' : 'Appreciation from ' }, { data: k.fromName }, { words: ': “' }];
        line.push({ data: k.text }, { words: '”' });
        if (k.about !== undefined) line.push(SEP, { words: 'about ' }, { data: k.about });
        line.push(SEP, { meta: shortDay(k.day) });
        return line;
      }),
    });
  }
  if (person.setbacks.length) {
    sections.push({
      title: 'Setbacks and lessons',
      lines: person.setbacks.map((s) => {
        const line: Segment[] = [{ meta: shortDay(s.day) }, SEP];
        if (s.about !== undefined) line.push({ words: 'on ' }, { data: s.about }, { words: ': ' });
        line.push({ data: s.whatHappened });
        if (s.rootCause !== undefined) line.push(SEP, { words: 'root cause: ' }, { data: s.rootCause });
        if (s.lesson !== undefined) line.push(SEP, { words: 'lesson: ' }, { data: s.lesson });
        else if (s.followUp !== undefined) line.push(SEP, { words: 'the lesson comes at the follow-up on ' }, { meta: shortDay(s.followUp) });
        else line.push(SEP, { words: 'the lesson is still to be written' });
        return line;
      }),
    });
  }
  return { name: person.name, sections };
}

function quotedList(titles: readonly string[]): Segment[] {
  return titles.flatMap((title, i): Segment[] => [{ words: i === 0 ? '“' : ', “' }, { data: title }, { words: '”' }]);
}

const NOTHING = 'Nothing recorded in this period.';

function markdownLine(line: Line): string {
  return line.map((s) => ('data' in s ? escapeMarkdown(s.data) : 'meta' in s ? s.meta : s.words)).join('');
}

/**
 * The digest as markdown: a title with the period, then one `##` heading per person (their name,
 * escaped) with short bullet lists: Blocked, Done, Check-ins, Next steps, Kudos, Setbacks and
 * lessons; a person with nothing in the period gets one calm line. Data is escaped by
 * escapeMarkdown: no link, image, HTML, heading or mention can come from it. Ends with a newline.
 */
export function markdownDigest(digest: Digest): string {
  const out = [`# Accord digest: ${periodRange(digest.period)}`, '', periodNote(digest.period), ''];
  if (digest.people.length === 0) out.push('Nobody has set up Accord in this folder yet.', '');
  for (const person of digest.people.map(personOutline)) {
    out.push(`## ${escapeMarkdown(person.name) || '(no name)'}`, '');
    if (person.sections.length === 0) out.push(NOTHING, '');
    for (const section of person.sections) {
      out.push(`**${section.title}**${section.count !== undefined ? ` (${section.count})` : ''}`, '');
      for (const line of section.lines) out.push(`- ${markdownLine(line)}`);
      out.push('');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/**
 * The digest as json: the Digest object of digest.ts, version {@link DIGEST_VERSION}, with 2-space
 * indentation. Its shape (every field documented on the interfaces in digest.ts):
 * `{ version, period: { kind, from, to, days, sinceDays?, cycle? }, people: [{ member, name,
 * timeZone, checkIns: [{ id, day, at, status, note?, helped?, hindered?, next?, energy? }],
 * done: [{ id, title, day, due?, outcome, goal? }], blocked?: { checkIn, since, note?,
 * microGoals: [{ id, title? }] }, nextSteps: [text], kudos: [{ id, type, from, fromName, text,
 * day, about? }], setbacks: [{ id, day, reviewedDay?, whatHappened, rootCause?, about?, lesson?,
 * followUp? }] }] }`. Strings are the data as written; `<`, `>`, `&`, U+2028 and U+2029 are
 * written as `\u` escapes, so the text stays inert if someone pastes it into a page or a script.
 */
export function jsonDigest(digest: Digest): string {
  return `${JSON.stringify(digest, null, 2).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}

function htmlLine(line: Line): string {
  return line
    .map((s) => ('data' in s ? escapeHtml(s.data) : 'meta' in s ? `<span class="meta">${htmlCharacters(s.meta)}</span>` : htmlCharacters(s.words)))
    .join('');
}

/** The page's only style: system colours (Canvas, CanvasText, GrayText), so it follows the reader's light or dark scheme. */
const STYLE = `
:root { color-scheme: light dark; }
body { margin: 0; background: Canvas; color: CanvasText; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 48rem; margin: 0 auto; padding: 2rem 1.25rem 3rem; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0 0 .5rem; }
.period, .meta, footer, .nothing { color: GrayText; }
.period { margin: 0 0 1.75rem; }
section { border: 1px solid GrayText; border-radius: .5rem; padding: .25rem 1.25rem 1rem; margin: 0 0 1.25rem; }
h2 { font-size: 1.3rem; margin: .75rem 0 .25rem; }
h3 { font-size: .95rem; margin: 1rem 0 .25rem; }
h3 .count { font-weight: normal; color: GrayText; }
ul { margin: 0; padding-left: 1.25rem; }
li { margin: .2rem 0; overflow-wrap: anywhere; }
.nothing { font-style: italic; margin: .5rem 0; }
footer { font-size: .85rem; margin-top: 2rem; }
`;

/**
 * The digest as one self-contained HTML page: no script, no external resource, a Content
 * Security Policy of `default-src 'none'; style-src 'unsafe-inline'` (nothing but the inline
 * style may load or run, even if markup slipped in), `lang="en"`, one `h1`, an `h2` section
 * per person (labelled by it) and an `h3` and list per kind of entry, for screen readers. Every
 * string from the data goes through escapeHtml (characters escaped, bidi controls neutralised).
 */
export function htmlDigest(digest: Digest): string {
  const range = periodRange(digest.period);
  const out = [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    '<meta name="referrer" content="no-referrer">',
    `<title>Accord digest: ${htmlCharacters(range)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<h1>Accord digest: ${htmlCharacters(range)}</h1>`,
    `<p class="period">${htmlCharacters(periodNote(digest.period))}</p>`,
  ];
  if (digest.people.length === 0) out.push('<p class="nothing">Nobody has set up Accord in this folder yet.</p>');
  digest.people.map(personOutline).forEach((person, i) => {
    out.push(`<section aria-labelledby="person-${i + 1}">`, `<h2 id="person-${i + 1}">${escapeHtml(person.name) || '(no name)'}</h2>`);
    if (person.sections.length === 0) out.push(`<p class="nothing">${NOTHING}</p>`);
    for (const section of person.sections) {
      out.push(`<h3>${htmlCharacters(section.title)}${section.count !== undefined ? ` <span class="count">(${section.count})</span>` : ''}</h3>`, '<ul>');
      for (const line of section.lines) out.push(`<li>${htmlLine(line)}</li>`);
      out.push('</ul>');
    }
    out.push('</section>');
  });
  out.push(
    '<footer>Written by accord digest from the shared files in the repository. Private drafts are never part of it.</footer>',
    '</main>',
    '</body>',
    '</html>',
  );
  return `${out.join('\n')}\n`;
}

/** The digest in `format`. */
export function renderDigest(digest: Digest, format: DigestFormat): string {
  return format === 'json' ? jsonDigest(digest) : format === 'html' ? htmlDigest(digest) : markdownDigest(digest);
}
