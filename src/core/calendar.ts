/**
 * The joint calendar as an iCalendar file (RFC 5545): due dates of micro-goals and goals as
 * all-day events, planning sessions, setback follow-ups, away periods and holidays (from the
 * export's day on), and the team's check-in rhythm as
 * weekly recurring events at floating local times (each person's calendar shows them in
 * their own time zone, as the nudges do). Pure: the same state and clock give the same bytes.
 */
import { createHash } from 'node:crypto';
import { addDaysToDay } from './dates';
import { memberEntityId, TEAM_ENTITY_ID } from './ids';
import { dayNumber, teamWeekStart, weekdayOf, workingWeekdays } from './localDays';
import { compareText } from './queries';
import { memberName, type TeamState } from './team';

export interface CalendarOptions {
  /** The export's timestamp: DTSTAMP and LAST-MODIFIED of every event. */
  readonly now: Date;
  /**
   * What makes this team's UIDs its own: {@link teamCalendarKey} of the repository's root
   * commit, or, where there is no commit to read, a random key the exporting machine keeps
   * for the folder. 16 to 64 lowercase hex digits; anything else throws a RangeError.
   */
  readonly teamKey: string;
  /** Today, in the exporter's time zone: the check-in rhythm starts on the first working day from here. */
  readonly today: string;
  /** Shown by calendar apps as the calendar's name. */
  readonly name?: string;
}

/**
 * Where our UIDs live: `<what>-<entity id>.<team key>@accord`. The entity id keeps an event's
 * UID across exports (re-importing updates it in place); the team key keeps two teams' events
 * apart in one calendar, even where both have a check-in at 09:30 (RFC 5545 §3.8.4.7: a UID is
 * globally unique).
 */
const UID_DOMAIN = 'accord';
const TEAM_KEY = /^[0-9a-f]{16,64}$/;
/** SEQUENCE is an INTEGER (RFC 5545 §3.3.8): a hand-edited clock near 2^40 stops here. */
const MAX_SEQUENCE = 2 ** 31 - 1;
const BYDAY = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;

/** TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon, comma and newline. */
export function escapeText(text: string): string {
  return (
    text
      .replace(/\r\n?/g, '\n')
      // Control characters other than tab are not allowed in TEXT.
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
      .replace(/\\/g, '\\\\')
      .replace(/;/g, '\\;')
      .replace(/,/g, '\\,')
      .replace(/\n/g, '\\n')
  );
}

/**
 * Folds a content line so that no line is longer than 75 octets (RFC 5545 §3.1): the rest
 * continues on lines that start with one space. A fold never splits a UTF-8 character, nor a
 * TEXT escape pair (`\\` `\;` `\,` `\n`, §3.3.11): RFC 5545 allows a fold between
 * the backslash and its character, but Google Calendar and Outlook then read a stray
 * backslash and lose the character. Returns the folded line joined with CRLF.
 */
export function foldLine(line: string): string {
  const encoder = new TextEncoder();
  if (encoder.encode(line).length <= 75) return line;
  const out: string[] = [];
  let current = '';
  let octets = 0;
  // Units that must stay on one line: an escape pair, or one code point.
  for (const unit of line.match(/\\[^]|[^]/gu) ?? []) {
    const size = encoder.encode(unit).length;
    if (octets + size > 75) {
      out.push(current);
      current = ' ';
      octets = 1;
    }
    current += unit;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n');
}

/**
 * The team key of a repository, for {@link CalendarOptions.teamKey}: the first 32 hex digits
 * of SHA-256 over a label and the root commit reached by first parents from HEAD
 * (`git rev-list --first-parent --max-parents=0 HEAD`).
 *
 * Why the root commit: every clone of the team's repository has it, on every branch, without
 * any write to the shared files, and it never changes unless the team rewrites its whole
 * history; another repository has another root commit (its hash covers the first tree, author
 * and time). The team's data cannot serve: the `team` entity's id is the fixed string `team`,
 * and two teams started by the same person hold the same first member record. A random id in
 * the team settings would need a write on first export, and two members exporting before a
 * pull would each make one, so one calendar's UIDs would change once. Hashed, so that the
 * file shows nothing of a private repository's history. Limit: a fork shares its upstream's
 * root commit (and, when the upstream used Accord, its entity ids too).
 *
 * @param rootCommit a SHA-1 (40) or SHA-256 (64) commit id in hex; anything else throws a RangeError.
 */
export function teamCalendarKey(rootCommit: string): string {
  const commit = rootCommit.trim().toLowerCase();
  if (!/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(commit)) throw new RangeError(`not a commit id: ${JSON.stringify(rootCommit.slice(0, 80))}`);
  return createHash('sha256').update(`accord-calendar\0${commit}`).digest('hex').slice(0, 32);
}

/**
 * The calendar's name as calendar apps show it (X-WR-CALNAME): "Accord — <folder>", where
 * `folderName` is the name of the folder that holds the data folder (the VS Code workspace
 * folder's name; the command line's team folder). The same in the extension and the `accord`
 * command line, so both exports make the same file.
 */
export function calendarName(folderName: string): string {
  return `Accord — ${folderName}`;
}

/**
 * What an export says once the file is written: "Calendar saved with 12 entries: <path>. …",
 * counting the events (VEVENT) of `calendar` (buildCalendar's text). `shownPath` is the path as
 * the caller shows it, already made safe for where it is shown (safeText in VS Code,
 * terminalText in a terminal).
 */
export function calendarSavedMessage(calendar: string, shownPath: string): string {
  const events = calendar.split('\r\nBEGIN:VEVENT').length - 1;
  return `Calendar saved with ${events} ${events === 1 ? 'entry' : 'entries'}: ${shownPath}. Import it into your calendar app; export again after planning and the entries update in place.`;
}

function compactDay(day: string): string {
  return day.replace(/-/g, '');
}

/** `20260314T093000Z` */
export function utcStamp(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

interface CalendarEvent {
  /** `<what>-<entity id>`: the UID before the team key. */
  readonly name: string;
  /** For sorting: the day or instant it starts. */
  readonly sortKey: string;
  /** The data's version of what the event shows: see {@link Versions}. */
  readonly sequence: number;
  readonly lines: readonly string[];
}

/**
 * SEQUENCE from the data, so every machine computes the same (RFC 5545 §3.8.7.4: raised on
 * every revision). It is the sum of the Lamport clocks of the fields an event shows: each
 * change of one of them stamps it with a higher clock, so the sum rises, whatever else
 * changed meanwhile. A field shown through a reference (the owner's name, the goal's title)
 * counts as the larger of the reference's clock and the shown field's: pointing at another
 * member or goal is written with a clock above every clock its writer had seen, so moving a
 * micro-goal to someone whose name was written long ago still raises the sum.
 */
class Versions {
  constructor(private readonly state: TeamState) {}

  /** The Lamport clock of an entity's field, 0 when it was never written. */
  clock(id: string, field: string): number {
    return this.state.merged.get(id)?.fields.get(field)?.clock ?? 0;
  }

  /** The sum of `fields` of `id`. */
  own(id: string, fields: readonly string[]): number {
    return fields.reduce((sum, field) => sum + this.clock(id, field), 0);
  }

  /**
   * The highest clock of any entity of `kind`, its tombstone included: raised by each entity
   * added, edited or removed, since each such write carries a clock above all its writer saw.
   */
  latestOf(kind: string): number {
    let latest = 0;
    for (const entity of this.state.merged.values()) {
      if (entity.kind !== kind) continue;
      latest = Math.max(latest, entity.deleted?.clock ?? 0);
      for (const field of entity.fields.values()) latest = Math.max(latest, field.clock);
    }
    return latest;
  }

  /** A member's name, shown because `id`'s `field` names them. */
  memberName(id: string, field: string, member: string): number {
    return Math.max(this.clock(id, field), this.clock(memberEntityId(member), 'name'));
  }
}

/** An all-day event from `day` to `last` (both included; one day when `last` is left out). */
function allDay(name: string, day: string, summary: string, description: string | undefined, sequence: number, last = day): CalendarEvent {
  return {
    name,
    sortKey: day,
    sequence,
    lines: [
      `DTSTART;VALUE=DATE:${compactDay(day)}`,
      // DTEND of an all-day event is the day after the last (RFC 5545 §3.6.1).
      `DTEND;VALUE=DATE:${compactDay(addDaysToDay(last, 1))}`,
      `SUMMARY:${escapeText(summary)}`,
      ...(description ? [`DESCRIPTION:${escapeText(description)}`] : []),
      'TRANSP:TRANSPARENT',
    ],
  };
}

/** The first day on or after `today` that is one of `workingDays` (0 = Sunday). */
function firstWorkingDay(today: string, workingDays: readonly number[]): string {
  for (let i = 0; i < 7; i++) {
    const day = addDaysToDay(today, i);
    if (workingDays.includes(weekdayOf(dayNumber(day)))) return day;
  }
  return today;
}

function events(state: TeamState, options: CalendarOptions): CalendarEvent[] {
  const out: CalendarEvent[] = [];
  const versions = new Versions(state);
  const goals = state.entities.goal;
  for (const micro of state.entities.microGoal.values()) {
    if (micro.done || !micro.due) continue;
    const goal = micro.goal ? goals.get(micro.goal) : undefined;
    const description = [goal && `Step towards “${goal.title}”.`, `Owner: ${memberName(state, micro.owner)}.`, micro.scope].filter(Boolean).join('\n');
    const sequence =
      versions.own(micro.id, ['title', 'due', 'scope']) +
      versions.memberName(micro.id, 'owner', micro.owner) +
      Math.max(versions.clock(micro.id, 'goal'), goal ? versions.clock(goal.id, 'title') : 0);
    out.push(allDay(`due-${micro.id}`, micro.due, `${micro.title} (${memberName(state, micro.owner)})`, description, sequence));
  }
  for (const goal of goals.values()) {
    if (goal.state !== 'active' || !goal.due) continue;
    const description = [goal.why && `Why it matters: ${goal.why}`, `Owner: ${memberName(state, goal.owner)}.`].filter(Boolean).join('\n');
    const sequence = versions.own(goal.id, ['title', 'due', 'why']) + versions.memberName(goal.id, 'owner', goal.owner);
    out.push(allDay(`goal-${goal.id}`, goal.due, `Goal: ${goal.title}`, description, sequence));
  }
  let latest: { id: string; ms: number; cycleEnd: string } | undefined;
  for (const session of state.entities.session.values()) {
    const start = new Date(session.at);
    const ms = start.getTime();
    if (Number.isNaN(ms)) continue;
    const names = session.participants.map((m) => memberName(state, m)).join(', ');
    out.push({
      name: `session-${session.id}`,
      // In UTC, so that sessions written with different offsets sort by when they happen.
      sortKey: start.toISOString(),
      sequence:
        versions.own(session.id, ['at', 'cycleStart', 'cycleEnd']) +
        session.participants.reduce((sum, m) => sum + versions.memberName(session.id, 'participants', m), 0),
      lines: [
        `DTSTART:${utcStamp(start)}`,
        'DURATION:PT1H',
        'SUMMARY:Planning session',
        `DESCRIPTION:${escapeText(`Cycle ${session.cycleStart} to ${session.cycleEnd}.${names ? ` With ${names}.` : ''}`)}`,
      ],
    });
    // The latest by instant, the larger id between equal instants: never the order the files were read in.
    if (!latest || ms > latest.ms || (ms === latest.ms && session.id > latest.id)) latest = { id: session.id, ms, cycleEnd: session.cycleEnd };
  }
  if (latest && latest.cycleEnd >= options.today) {
    out.push(
      allDay(
        `session-${latest.id}-next`,
        latest.cycleEnd,
        'Next planning session',
        'The cycle ends: review it together and plan the next one.',
        versions.clock(latest.id, 'cycleEnd'),
      ),
    );
  }
  for (const setback of state.entities.setback.values()) {
    if (!setback.followUp || setback.reviewedAt) continue;
    const description = `Look back at what happened and record what you learned.${setback.rootCause ? `\nRoot cause: ${setback.rootCause}` : ''}`;
    const sequence = versions.own(setback.id, ['followUp', 'whatHappened', 'rootCause']) + versions.memberName(setback.id, 'member', setback.member);
    out.push(
      allDay(`followup-${setback.id}`, setback.followUp, `Follow-up: ${setback.whatHappened} (${memberName(state, setback.member)})`, description, sequence),
    );
  }
  // Away periods and holidays (issue 18 §4): from today on, each as all-day events, so the
  // calendar shows who is off. An away note is left out: it is for the team's eyes, and a
  // calendar file travels further.
  for (const away of state.entities.away.values()) {
    if (away.to < away.from || away.to < options.today) continue;
    const who = memberName(state, away.member);
    const sequence = versions.own(away.id, ['from', 'to']) + versions.memberName(away.id, 'member', away.member);
    out.push(
      allDay(`away-${away.id}`, away.from, `${who} away`, `${who} is away; Accord sends no nudges and counts no streak on these days.`, sequence, away.to),
    );
  }
  for (const holiday of state.entities.holiday.values()) {
    if (holiday.day < options.today) continue;
    const sequence = versions.own(holiday.id, ['day', 'name']);
    out.push(allDay(`holiday-${holiday.id}`, holiday.day, `Holiday: ${holiday.name}`, 'A team holiday: nobody is expected to work.', sequence));
  }
  for (const holiday of state.entities.regionalHoliday.values()) {
    if (holiday.day < options.today) continue;
    const who = memberName(state, holiday.member);
    const sequence = versions.own(holiday.id, ['day', 'name']) + versions.memberName(holiday.id, 'member', holiday.member);
    out.push(allDay(`holiday-${holiday.id}`, holiday.day, `Holiday: ${holiday.name} (${who})`, `A regional holiday of ${who}'s.`, sequence));
  }
  const { checkInTimes, workingDays } = state.team;
  const days = [...workingWeekdays({ workingDays })].sort((a, b) => a - b);
  const firstDay = firstWorkingDay(options.today, days);
  const first = compactDay(firstDay);
  // Team holidays from the series' start on that fall on a working day: nobody checks in (issue 18 §4).
  const holidays = [...new Set([...state.entities.holiday.values()].map((h) => h.day))]
    .filter((day) => day >= firstDay && days.includes(weekdayOf(dayNumber(day))))
    .sort(compareText);
  // The start day moves with `today`, but only to the next occurrence of the same series.
  const seriesSequence = versions.own(TEAM_ENTITY_ID, ['checkInTimes', 'workingDays', 'weekStart']) + versions.latestOf('holiday');
  for (const time of [...new Set(checkInTimes)].sort()) {
    const hhmm = time.replace(':', '');
    out.push({
      name: `checkin-${hhmm}`,
      sortKey: `0000-check-in-${hhmm}`,
      sequence: seriesSequence,
      lines: [
        // Floating local time (no Z, no TZID): 09:30 wherever each of us is.
        `DTSTART:${first}T${hhmm}00`,
        'DURATION:PT15M',
        // WKST: the team's week (RFC 5545 §3.3.10), so an app that counts weeks counts the team's.
        `RRULE:FREQ=WEEKLY;WKST=${BYDAY[teamWeekStart(state.team)]};BYDAY=${days.map((d) => BYDAY[d]).join(',')}`,
        // EXDATE in DTSTART's own form, floating (RFC 5545 §3.8.5.1), one per line.
        ...holidays.map((day) => `EXDATE:${compactDay(day)}T${hhmm}00`),
        'SUMMARY:Accord check-in',
        `DESCRIPTION:${escapeText('A short check-in: what moved, how it is going, what would help.')}`,
        'TRANSP:TRANSPARENT',
      ],
    });
  }
  // Code-unit order: the same bytes on every machine, whatever its locale.
  return out.sort((a, b) => compareText(a.sortKey, b.sortKey) || compareText(a.name, b.name));
}

/**
 * The whole `.ics` text: CRLF line endings, folded lines (see {@link foldLine}), one VEVENT per
 * date, each with a UID of its entity and the team (`due-<id>.<team key>@accord`), a SEQUENCE
 * from the data's Lamport clocks (the same on every machine, raised by every change of what
 * the event shows), and DTSTAMP and LAST-MODIFIED at `options.now` (RFC 5545 §3.8.7.2-3;
 * the data keeps no wall-clock time per change, design §2). Pure: the same state and options
 * give the same bytes. Throws a RangeError when `options.teamKey` is not 16 to 64 lowercase
 * hex digits.
 */
export function buildCalendar(state: TeamState, options: CalendarOptions): string {
  if (!TEAM_KEY.test(options.teamKey)) throw new RangeError('the calendar needs a team key of 16 to 64 lowercase hex digits');
  const stamp = utcStamp(options.now);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Accord//Accord for VS Code//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(options.name ?? 'Accord')}`,
  ];
  for (const event of events(state, options)) {
    lines.push(
      'BEGIN:VEVENT',
      // Entity ids come from teammates' files: escaped like any TEXT.
      `UID:${escapeText(`${event.name}.${options.teamKey}@${UID_DOMAIN}`)}`,
      `DTSTAMP:${stamp}`,
      `LAST-MODIFIED:${stamp}`,
      `SEQUENCE:${Math.min(event.sequence, MAX_SEQUENCE)}`,
      ...event.lines,
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
