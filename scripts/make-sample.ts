/**
 * Writes the committed Accord data through the store API, so every file is valid, canonical
 * and merges like real use: the sample workspace (`sample/`, two partners with four weeks of
 * history, for the demo) and the test fixture (`test/fixtures/workspace/`, for the VS Code
 * suites). Ids come from a seeded generator, so running it again changes only what changed.
 *
 *   npx tsx scripts/make-sample.ts [--today YYYY-MM-DD]   write sample/ and the fixture
 *   npx tsx scripts/make-sample.ts --rebase <folder>      move a copy of sample/ to today
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { TZDate } from '@date-fns/tz';
import {
  addDaysToDay,
  daysBetween,
  DEFAULT_TEAM_SETTINGS,
  dayIn,
  type EntityFields,
  type EntityKind,
  memberEntityId,
  memberIdFrom,
  TEAM_ENTITY_ID,
} from '../src/core';
import { AccordStore, type Edit, parseMemberFile, serializeMemberFile } from '../src/store';

const root = resolve(__dirname, '..');
const SAMPLE_MARKER = /<!-- sample-today: (\d{4}-\d{2}-\d{2}) -->/;

interface Person {
  email: string;
  name: string;
  timeZone: string;
  capacityHours: number;
}

/** One write by one person at one moment of the story. */
interface Event {
  at: string;
  by: Person;
  apply(edit: Edit): void;
}

/** Collects the story's events, then writes them in time order through each person's store. */
class Story {
  private readonly events: Event[] = [];
  private seed: number;

  constructor(
    readonly today: string,
    seed: number,
  ) {
    this.seed = seed;
  }

  /** A deterministic pseudo-random number in [0, 1) (mulberry32). */
  random(): number {
    let t = (this.seed = (this.seed + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An id shaped like the store's own (`mg-3k9x0q2m7c1z`), from the seeded generator. */
  id(prefix: string): string {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
    let out = '';
    for (let i = 0; i < 12; i++) out += alphabet[Math.floor(this.random() * alphabet.length)];
    return `${prefix}-${out}`;
  }

  day(offset: number): string {
    return addDaysToDay(this.today, offset);
  }

  /** The instant of a local time, `offset` days from today, in the person's time zone. */
  at(person: Person, offset: number, time: string): string {
    const [y, m, d] = this.day(offset).split('-').map(Number) as [number, number, number];
    const [hh, mm] = time.split(':').map(Number) as [number, number];
    return new Date(new TZDate(y, m - 1, d, hh, mm, person.timeZone).getTime()).toISOString();
  }

  /** Whether the day `offset` from today is a working day (Mon–Fri). */
  isWorkingDay(offset: number): boolean {
    const weekday = new Date(`${this.day(offset)}T12:00:00Z`).getUTCDay();
    return weekday >= 1 && weekday <= 5;
  }

  add(by: Person, at: string, apply: (edit: Edit) => void): void {
    this.events.push({ by, at, apply });
  }

  create<K extends EntityKind>(by: Person, at: string, kind: K, prefix: string, fields: EntityFields<K>): string {
    const id = this.id(prefix);
    this.add(by, at, (edit) => edit.set(id, kind, fields));
    return id;
  }

  async write(folder: string): Promise<void> {
    const stores = new Map<string, AccordStore>();
    const ordered = this.events
      .map((event, index) => ({ event, index }))
      .sort((a, b) => (a.event.at < b.event.at ? -1 : a.event.at > b.event.at ? 1 : a.index - b.index));
    for (const { event } of ordered) {
      const me = memberIdFrom(event.by.email)!;
      let store = stores.get(me);
      if (!store) stores.set(me, (store = new AccordStore({ root: folder, me })));
      await store.loadAll(); // sees the partner's clock, as a git pull would
      await store.update((edit) => event.apply(edit));
    }
  }
}

function setUp(story: Story, person: Person, at: string, withTeam: boolean): void {
  story.add(person, at, (edit) => {
    edit.set(memberEntityId(memberIdFrom(person.email)!), 'member', {
      name: person.name,
      timeZone: person.timeZone,
      capacityHours: person.capacityHours,
      email: person.email,
    });
    if (withTeam) edit.set(TEAM_ENTITY_ID, 'team', DEFAULT_TEAM_SETTINGS);
  });
}

async function resetPeople(folder: string): Promise<void> {
  await rm(join(folder, '.accord', 'people'), { recursive: true, force: true });
  await mkdir(join(folder, '.accord', 'people'), { recursive: true });
}

// ---------------------------------------------------------------------------------------------
// The test fixture: two partners, fixed dates far from any "today", so tests never age.

const FIXTURE = {
  alex: { email: 'alex@example.com', name: 'Alex Rivera', timeZone: 'Europe/Berlin', capacityHours: 10 },
  sam: { email: 'sam@example.com', name: 'Sam Okafor', timeZone: 'America/New_York', capacityHours: 12 },
} satisfies Record<string, Person>;

async function makeFixture(folder: string): Promise<void> {
  const story = new Story('2026-01-05', 7);
  const { alex, sam } = FIXTURE;
  const at = (person: Person, offset: number, time = '10:00') => story.at(person, offset, time);
  setUp(story, alex, at(alex, 0, '09:00'), true);
  setUp(story, sam, at(sam, 0, '09:00'), false);
  const reviews = story.create(alex, at(alex, 0), 'goal', 'g', {
    title: 'Review pull requests within a day',
    owner: memberIdFrom(alex.email)!,
    yardstick: { target: 10, unit: 'reviews' },
    why: 'Sam stays unblocked and learns while the code is fresh.',
    state: 'active',
    createdAt: at(alex, 0),
    order: 1,
  });
  const csv = story.create(sam, at(sam, 0), 'goal', 'g', {
    title: 'Ship the CSV import',
    owner: memberIdFrom(sam.email)!,
    yardstick: { doneWhen: ['the three sample files import cleanly'] },
    why: 'Customers move their data in without a support ticket.',
    state: 'active',
    createdAt: at(sam, 0),
    order: 2,
  });
  const micro = (by: Person, goal: string | undefined, title: string, due: string | undefined, order: number) =>
    story.create(by, at(by, 1), 'microGoal', 'mg', {
      title,
      owner: memberIdFrom(by.email)!,
      ...(goal ? { goal } : {}),
      ...(due ? { due } : {}),
      estimateHours: 1,
      done: false,
      createdAt: at(by, 1),
      order,
    });
  micro(alex, reviews, 'Review the parser PR', '2030-03-14', 1);
  micro(alex, reviews, 'Write a review checklist', undefined, 2);
  micro(sam, csv, 'Write error messages that name the row', '2030-03-15', 1);
  micro(sam, undefined, 'Pair on the tokenizer', undefined, 1);
  // Done long ago: the tree no longer lists it.
  const cache = micro(sam, csv, 'Set up the CI cache', '2026-01-06', 2);
  story.add(sam, at(sam, 1, '16:00'), (edit) => edit.set(cache, 'microGoal', { done: true, doneAt: at(sam, 1, '16:00') }));
  await resetPeople(folder);
  await writeFile(
    join(folder, 'README.md'),
    '# Accord test fixture\n\nTwo partners, Alex and Sam, for the VS Code suites. Generated by `scripts/make-sample.ts`.\n',
  );
  await story.write(folder);
}

// ---------------------------------------------------------------------------------------------
// The sample: Maya mentors Sam; four weeks, two planning cycles, check-ins most working days.

const MAYA: Person = { email: 'maya@example.com', name: 'Maya Chen', timeZone: 'Europe/Berlin', capacityHours: 8 };
const SAM: Person = { email: 'sam@example.com', name: 'Sam Okafor', timeZone: 'America/New_York', capacityHours: 12 };

const COVENANT = `# Our covenant

Maya (mentor) and Sam (mentee) agree on how we work together.

## Expected behaviours
- We check in on working days, morning and late afternoon, in our own time zones.
- Reviews come back within one working day; a review that will be late is said out loud.
- Feedback names a situation, a behaviour and its impact — never a person's character.

## Decision rights
- Sam decides how to build what he owns; Maya decides what "done" means for reviews.
- Due dates move only by renegotiation, agreed by both of us.

## Escalation
- Blocked for more than half a day: say so in a check-in and ping the other.
- Still stuck after a day: we pair on it.

## Success metrics
- Most micro-goals done on time or renegotiated before they are due.
- Every setback gets a lesson we both can read.
`;

interface MicroSpec {
  by: Person;
  goal?: string;
  title: string;
  created: number;
  due: number;
  done?: number;
  hours: number;
}

async function makeSample(folder: string, today: string): Promise<void> {
  const story = new Story(today, 42);
  const day = (offset: number) => story.day(offset);
  const at = (person: Person, offset: number, time: string) => story.at(person, offset, time);
  const id = (person: Person) => memberIdFrom(person.email)!;
  const start = -27;

  setUp(story, MAYA, at(MAYA, start, '09:00'), true);
  setUp(story, SAM, at(SAM, start, '08:45'), false);
  const covenantHash = createHash('sha256').update(COVENANT).digest('hex');
  for (const person of [MAYA, SAM])
    story.create(person, at(person, start, '11:00'), 'covenantAck', 'ack', { member: id(person), hash: covenantHash, at: at(person, start, '11:00') });

  const goal = (by: Person, offset: number, fields: Pick<EntityFields<'goal'>, 'title' | 'why' | 'yardstick' | 'due' | 'state' | 'order'>) =>
    story.create(by, at(by, offset, '10:30'), 'goal', 'g', { ...fields, owner: id(by), createdAt: at(by, offset, '10:30') });
  const reviews = goal(MAYA, start, {
    title: 'Review pull requests within a day',
    yardstick: { target: 10, unit: 'reviews within 24 h' },
    why: 'Sam stays unblocked and learns from feedback while the code is fresh.',
    due: day(14),
    state: 'active',
    order: 1,
  });
  const csv = goal(SAM, start, {
    title: 'Ship the CSV import',
    yardstick: { doneWhen: ['the three sample files import cleanly', 'every error names the row and column'] },
    why: 'Customers can move their data in without a support ticket.',
    due: day(7),
    state: 'active',
    order: 2,
  });
  const parser = goal(SAM, start, {
    title: 'Find my way around the parser',
    yardstick: { target: 5, unit: 'parser areas explained back to Maya' },
    why: 'Fewer questions, more confident changes.',
    state: 'active',
    order: 3,
  });
  const guide = goal(MAYA, start, {
    title: 'Write the onboarding guide',
    yardstick: { doneWhen: ['a new person runs the project in under an hour'] },
    why: 'The next person starts faster than Sam had to.',
    due: day(-14),
    state: 'active',
    order: 4,
  });
  story.add(MAYA, at(MAYA, -14, '17:00'), (edit) => edit.set(guide, 'goal', { state: 'achieved' }));

  const specs: Record<string, MicroSpec> = {
    sketch: { by: SAM, goal: csv, title: 'Sketch the import flow with Maya', created: start, due: -25, done: -25, hours: 1 },
    header: { by: SAM, goal: csv, title: 'Parse the header row', created: start, due: -22, done: -21, hours: 3 },
    tokenizer: { by: SAM, goal: parser, title: 'Read the tokenizer and write down three questions', created: start, due: -24, done: -24, hours: 2 },
    slot: { by: MAYA, goal: reviews, title: 'Set a daily review slot at 14:00', created: start, due: -26, done: -26, hours: 0.5 },
    setupSection: { by: MAYA, goal: guide, title: 'Draft the setup section', created: start, due: -20, done: -19, hours: 3 },
    cleanMachine: { by: MAYA, goal: guide, title: 'Ask Sam to follow the guide on a clean machine', created: -20, due: -15, done: -14, hours: 1 },
    explain: { by: SAM, goal: parser, title: 'Explain the tokenizer back to Maya', created: -22, due: -17, done: -17, hours: 1 },
    mapping: { by: SAM, goal: csv, title: 'Map CSV columns to fields', created: -13, due: -10, done: -6, hours: 4 },
    mappingReview: { by: MAYA, goal: reviews, title: 'Review the column-mapping PR', created: -13, due: -5, done: -5, hours: 1 },
    errors: { by: SAM, goal: csv, title: 'Write error messages that name the row', created: -13, due: -2, hours: 3 },
    readme: { by: SAM, title: 'Update the README badges', created: -13, due: -1, hours: 0.5 },
    samples: { by: SAM, goal: csv, title: 'Import the three sample files', created: -13, due: 0, hours: 2 },
    errorsReview: { by: MAYA, goal: reviews, title: 'Review the error-message PR', created: -13, due: 0, hours: 1 },
    quoted: { by: SAM, goal: csv, title: 'Add a test for quoted commas', created: -3, due: 1, hours: 1 },
    nextSession: { by: MAYA, title: 'Prepare the next planning session', created: -2, due: 1, hours: 1 },
    recovery: { by: SAM, goal: parser, title: 'Trace how the parser recovers from errors', created: -13, due: 2, hours: 2 },
    checklist: { by: MAYA, goal: reviews, title: 'Write a review checklist', created: -6, due: 3, hours: 2 },
    pairing: { by: SAM, goal: parser, title: "Pair on the parser's error recovery", created: -6, due: 8, hours: 2 },
  };
  const micro: Record<string, string> = {};
  let order = 0;
  for (const [key, spec] of Object.entries(specs)) {
    const created = at(spec.by, spec.created, '10:45');
    // "mapping" was first due 4 days earlier; the renegotiation below moved it.
    const due = key === 'mapping' ? day(-10) : day(spec.due);
    micro[key] = story.create(spec.by, created, 'microGoal', 'mg', {
      title: spec.title,
      owner: id(spec.by),
      ...(spec.goal ? { goal: spec.goal } : {}),
      due,
      estimateHours: spec.hours,
      done: false,
      createdAt: created,
      order: ++order,
    });
    if (spec.done !== undefined) {
      const doneAt = at(spec.by, spec.done, '15:20');
      story.add(spec.by, doneAt, (edit) => edit.set(micro[key]!, 'microGoal', { done: true, doneAt }));
    }
  }

  // Planning sessions, run by Maya at the start of each 14-day cycle.
  const session = (offset: number, committed: string[], summary: string) =>
    story.create(MAYA, at(MAYA, offset, '16:00'), 'session', 's', {
      at: at(MAYA, offset, '16:00'),
      cycleStart: day(offset),
      cycleEnd: day(offset + 13),
      participants: [id(MAYA), id(SAM)],
      committed: committed.map((k) => micro[k]!),
      summary,
    });
  session(
    start,
    ['sketch', 'header', 'tokenizer', 'slot', 'setupSection', 'cleanMachine', 'explain'],
    'First cycle: get Sam productive in the parser and the import flow; Maya sets a daily review slot.',
  );
  session(
    -13,
    ['mapping', 'mappingReview', 'errors', 'readme', 'samples', 'errorsReview', 'recovery'],
    'Second cycle: the CSV import end to end. Lesson carried over: read the code before estimating.',
  );

  // A renegotiation agreed before the due date, and one waiting for Maya.
  const reneg1 = story.create(SAM, at(SAM, -11, '09:50'), 'renegotiation', 'rn', {
    microGoal: micro.mapping!,
    proposer: id(SAM),
    change: { due: day(-8) },
    reason: "The mapping needs the header parser's new API, which lands on Thursday.",
    state: 'proposed',
    at: at(SAM, -11, '09:50'),
    beforeDue: true,
  });
  story.add(MAYA, at(MAYA, -11, '16:10'), (edit) =>
    edit.set(reneg1, 'renegotiation', { state: 'accepted', respondedBy: id(MAYA), respondedAt: at(MAYA, -11, '16:10') }),
  );
  story.add(SAM, at(SAM, -11, '10:40'), (edit) => edit.set(micro.mapping!, 'microGoal', { due: day(-8) }));
  story.create(SAM, at(SAM, -1, '17:05'), 'renegotiation', 'rn', {
    microGoal: micro.errors!,
    proposer: id(SAM),
    change: { due: day(2) },
    reason: 'The quoted-comma fix comes first; the messages build on it.',
    state: 'proposed',
    at: at(SAM, -1, '17:05'),
    beforeDue: false,
  });

  // Setbacks: one reviewed with its lesson, one with a follow-up still ahead.
  const slowHeader = story.create(SAM, at(SAM, -22, '17:00'), 'setback', 'sb', {
    member: id(SAM),
    about: micro.header!,
    whatHappened: 'Parsing the header row took a day longer than planned.',
    rootCause: 'I estimated before reading the existing tokenizer.',
    actions: [micro.tokenizer!],
    followUp: day(-18),
    at: at(SAM, -22, '17:00'),
  });
  story.add(SAM, at(SAM, -18, '10:00'), (edit) =>
    edit.set(slowHeader, 'setback', {
      lesson: 'Read the code I will touch before estimating: twenty minutes of reading saves a day.',
      reviewedAt: at(SAM, -18, '10:00'),
    }),
  );
  story.create(SAM, at(SAM, -3, '16:30'), 'setback', 'sb', {
    member: id(SAM),
    about: csv,
    whatHappened: 'Quoted commas in the sample files split fields in the wrong place, so the error-message work stalled.',
    rootCause: 'The parser splits on commas before it looks at quotes; quoted fields had no test.',
    actions: [micro.quoted!],
    followUp: day(2),
    at: at(SAM, -3, '16:30'),
  });

  // Feedback: specific and observable, both ways.
  const feedback = (
    from: Person,
    to: Person,
    offset: number,
    fields: Pick<EntityFields<'feedback'>, 'type' | 'situation' | 'behaviour' | 'impact' | 'request' | 'about'>,
  ) => story.create(from, at(from, offset, '17:30'), 'feedback', 'fb', { ...fields, from: id(from), to: id(to), at: at(from, offset, '17:30') });
  feedback(MAYA, SAM, -24, {
    type: 'appreciation',
    situation: "In Tuesday's pairing session",
    behaviour: 'you wrote down three questions about the tokenizer before we started',
    impact: 'we spent the hour on the hard parts instead of on orientation',
  });
  feedback(SAM, MAYA, -19, {
    type: 'appreciation',
    situation: 'When my header PR went up at 17:00',
    behaviour: 'you reviewed it the same evening with two concrete suggestions',
    impact: 'I merged it the next morning and kept my momentum',
  });
  feedback(MAYA, SAM, -6, {
    type: 'kudos',
    behaviour: 'Column mapping is done — and the renegotiation made the new date easy to plan around.',
    about: micro.mapping!,
  });
  const late = feedback(SAM, MAYA, -4, {
    type: 'observation',
    situation: 'In the last two reviews',
    behaviour: 'comments arrived after I had started the next task',
    impact: 'I had to switch back and lost the thread',
    request: 'Could reviews land before noon my time?',
  });
  story.add(MAYA, at(MAYA, -3, '08:50'), (edit) => edit.set(late, 'feedback', { acknowledgedAt: at(MAYA, -3, '08:50') }));
  feedback(MAYA, SAM, -1, {
    type: 'appreciation',
    situation: 'When the quoted commas broke the import',
    behaviour: 'you logged the setback with a root cause and a test to write first',
    impact: 'I knew exactly how to help without asking',
  });

  // Check-ins on most working days, mornings in each person's time zone.
  const notes = {
    helped: [
      'Pairing for twenty minutes first thing',
      'The review slot at 14:00',
      'Writing the questions down before starting',
      'A quiet morning without meetings',
    ],
    hindered: ['Context switching between two PRs', 'Flaky CI in the afternoon', 'Unclear error in the tokenizer', 'Too many meetings'],
    next: ['Finish the open PR', 'Ask Maya about the quoting rules', 'Write the failing test first', 'Review before lunch'],
  };
  const pick = <T>(list: readonly T[]) => list[Math.floor(story.random() * list.length)]!;
  for (let offset = start; offset < 0; offset++) {
    if (!story.isWorkingDay(offset)) continue;
    for (const person of [MAYA, SAM]) {
      if (story.random() < 0.15) continue; // a missed day now and then: streaks are realistic
      const moved = Object.entries(specs)
        .filter(([, s]) => s.by === person && s.created <= offset && (s.done === undefined || s.done >= offset) && s.due >= offset - 3)
        .map(([key]) => micro[key]!)
        .slice(0, 3);
      const struggling = person === SAM && offset >= -4 && offset <= -2;
      const status = struggling ? (offset === -3 ? 'blocked' : 'at-risk') : story.random() < 0.12 ? 'at-risk' : 'on-track';
      const time = `09:${String(20 + Math.floor(story.random() * 30)).padStart(2, '0')}`;
      story.create(person, at(person, offset, time), 'checkIn', 'ci', {
        member: id(person),
        at: at(person, offset, time),
        microGoals: moved,
        status,
        energy: struggling ? 2 : 3 + Math.floor(story.random() * 3),
        ...(story.random() < 0.6 ? { helped: pick(notes.helped) } : {}),
        ...(status !== 'on-track' || story.random() < 0.3
          ? { hindered: struggling ? 'Quoted commas split fields in the wrong place' : pick(notes.hindered) }
          : {}),
        ...(story.random() < 0.5 ? { next: pick(notes.next) } : {}),
      });
    }
  }

  await resetPeople(folder);
  await writeFile(join(folder, '.accord', 'covenant.md'), COVENANT);
  await writeFile(
    join(folder, 'README.md'),
    `<!-- sample-today: ${today} -->\n# Accord sample workspace\n\nMaya Chen mentors Sam Okafor. Four weeks of Accord data: two planning cycles, goals with yardsticks,\nmicro-goals (some done, some due today or overdue), check-ins, feedback, setbacks and renegotiations,\nin \`.accord/people/\`, one file per person.\n\nGenerated by \`scripts/make-sample.ts\`; dates are as of ${today}. \`npm run demo\` opens a copy moved to today.\n`,
  );
  await story.write(folder);
}

// ---------------------------------------------------------------------------------------------
// Rebase: shift every date of a copy of the sample so its "today" is the real today.

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;

function shiftDates(value: unknown, days: number): unknown {
  if (typeof value === 'string') {
    if (DAY.test(value)) return addDaysToDay(value, days);
    if (INSTANT.test(value)) return new Date(Date.parse(value) + days * 86_400_000).toISOString();
    return value;
  }
  if (Array.isArray(value)) return value.map((item) => shiftDates(item, days));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, shiftDates(item, days)]));
  return value;
}

async function rebase(folder: string): Promise<void> {
  const readme = join(folder, 'README.md');
  const text = await readFile(readme, 'utf8');
  const anchor = SAMPLE_MARKER.exec(text)?.[1];
  if (!anchor) throw new Error(`${readme} has no "sample-today" marker: is ${folder} a copy of sample/?`);
  const today = dayIn(new Date(), Intl.DateTimeFormat().resolvedOptions().timeZone);
  const days = daysBetween(anchor, today);
  if (days === 0) return;
  const people = join(folder, '.accord', 'people');
  for (const name of await readdir(people)) {
    if (!name.endsWith('.json')) continue;
    const path = join(people, name);
    const { data } = parseMemberFile(await readFile(path, 'utf8'), { file: name, member: name.slice(0, -5) });
    for (const record of Object.values(data.entities)) record.fields = shiftDates(record.fields, days) as typeof record.fields;
    // Validates the shifted file the same way Accord will.
    const out = serializeMemberFile(data);
    parseMemberFile(out, { file: name, member: name.slice(0, -5) });
    await writeFile(path, out);
  }
  await writeFile(readme, text.replace(SAMPLE_MARKER, `<!-- sample-today: ${today} -->`).replace(`dates are as of ${anchor}`, `dates are as of ${today}`));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const rebaseAt = args.indexOf('--rebase');
  if (rebaseAt >= 0) {
    const folder = args[rebaseAt + 1];
    if (!folder) throw new Error('--rebase needs a folder');
    await rebase(resolve(folder));
    return;
  }
  const todayAt = args.indexOf('--today');
  const today = todayAt >= 0 ? args[todayAt + 1] : dayIn(new Date(), 'UTC');
  if (!today || !DAY.test(today)) throw new Error('--today needs a date like 2026-03-14');
  await makeSample(join(root, 'sample'), today);
  await makeFixture(join(root, 'test/fixtures/workspace'));
  console.log(`make-sample: wrote sample/ (as of ${today}) and test/fixtures/workspace/`);
}

main().catch((error: unknown) => {
  console.error(`make-sample: ${(error as Error).message}`);
  process.exitCode = 1;
});
