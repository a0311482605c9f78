/**
 * The joint calendar as an iCalendar file (RFC 5545): due dates of micro-goals and goals as
 * all-day events, planning sessions, setback follow-ups, and the team's check-in rhythm as
 * weekly recurring events at floating local times (each person's calendar shows them in
 * their own time zone, as the nudges do). Pure: the same state and clock give the same bytes.
 */
import { addDaysToDay } from './dates';
import { compareText } from './queries';
import { memberName, type TeamState } from './team';

export interface CalendarOptions {
  /** The export's timestamp (DTSTAMP). */
  readonly now: Date;
  /** Today, in the exporter's time zone: the check-in rhythm starts on the first working day from here. */
  readonly today: string;
  /** Shown by calendar apps as the calendar's name. */
  readonly name?: string;
}

/** Where our UIDs live: UIDs are `<what>-<entity id>@accord`, so re-importing updates events in place. */
const UID_DOMAIN = 'accord';
const BYDAY = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;

/** TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon, comma and newline. */
export function escapeText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    // Control characters other than tab are not allowed in TEXT.
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\n/g, '\\n');
}

/**
 * Folds a content line so that no line is longer than 75 octets (RFC 5545 §3.1): the rest
 * continues on lines that start with one space. A UTF-8 character is never split.
 */
export function foldLine(line: string): string {
  const encoder = new TextEncoder();
  if (encoder.encode(line).length <= 75) return line;
  const out: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const char of line) {
    const size = encoder.encode(char).length;
    if (octets + size > limit) {
      out.push(current);
      current = ' ';
      octets = 1;
      limit = 75;
    }
    current += char;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n');
}

function compactDay(day: string): string {
  return day.replace(/-/g, '');
}

/** `20260314T093000Z` */
export function utcStamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

interface CalendarEvent {
  readonly uid: string;
  /** For sorting: the day or instant it starts. */
  readonly sortKey: string;
  readonly lines: readonly string[];
}

function allDay(uid: string, day: string, summary: string, description: string | undefined): CalendarEvent {
  return {
    uid,
    sortKey: day,
    lines: [
      `DTSTART;VALUE=DATE:${compactDay(day)}`,
      `DTEND;VALUE=DATE:${compactDay(addDaysToDay(day, 1))}`,
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
    if (workingDays.includes(new Date(`${day}T12:00:00Z`).getUTCDay())) return day;
  }
  return today;
}

function events(state: TeamState, options: CalendarOptions): CalendarEvent[] {
  const out: CalendarEvent[] = [];
  const goals = state.entities.goal;
  for (const micro of state.entities.microGoal.values()) {
    if (micro.done || !micro.due) continue;
    const goal = micro.goal ? goals.get(micro.goal) : undefined;
    const description = [goal && `Step towards “${goal.title}”.`, `Owner: ${memberName(state, micro.owner)}.`, micro.scope].filter(Boolean).join('\n');
    out.push(allDay(`due-${micro.id}@${UID_DOMAIN}`, micro.due, `${micro.title} (${memberName(state, micro.owner)})`, description));
  }
  for (const goal of goals.values()) {
    if (goal.state !== 'active' || !goal.due) continue;
    const description = [goal.why && `Why it matters: ${goal.why}`, `Owner: ${memberName(state, goal.owner)}.`].filter(Boolean).join('\n');
    out.push(allDay(`goal-${goal.id}@${UID_DOMAIN}`, goal.due, `Goal: ${goal.title}`, description));
  }
  let latest: { id: string; ms: number; cycleEnd: string } | undefined;
  for (const session of state.entities.session.values()) {
    const start = new Date(session.at);
    const ms = start.getTime();
    if (Number.isNaN(ms)) continue;
    const names = session.participants.map((m) => memberName(state, m)).join(', ');
    out.push({
      uid: `session-${session.id}@${UID_DOMAIN}`,
      // In UTC, so that sessions written with different offsets sort by when they happen.
      sortKey: start.toISOString(),
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
    out.push(allDay(`session-${latest.id}-next@${UID_DOMAIN}`, latest.cycleEnd, 'Next planning session', 'The cycle ends: review it together and plan the next one.'));
  }
  for (const setback of state.entities.setback.values()) {
    if (!setback.followUp || setback.reviewedAt) continue;
    const description = `Look back at what happened and record what you learned.${setback.rootCause ? `\nRoot cause: ${setback.rootCause}` : ''}`;
    out.push(allDay(`followup-${setback.id}@${UID_DOMAIN}`, setback.followUp, `Follow-up: ${setback.whatHappened} (${memberName(state, setback.member)})`, description));
  }
  const { checkInTimes, workingDays } = state.team;
  const days = [...new Set(workingDays)].sort((a, b) => a - b);
  if (days.length > 0) {
    const first = compactDay(firstWorkingDay(options.today, days));
    for (const time of [...new Set(checkInTimes)].sort()) {
      const hhmm = time.replace(':', '');
      out.push({
        uid: `checkin-${hhmm}@${UID_DOMAIN}`,
        sortKey: `0000-check-in-${hhmm}`,
        lines: [
          // Floating local time (no Z, no TZID): 09:30 wherever each of us is.
          `DTSTART:${first}T${hhmm}00`,
          'DURATION:PT15M',
          `RRULE:FREQ=WEEKLY;BYDAY=${days.map((d) => BYDAY[d]).join(',')}`,
          'SUMMARY:Accord check-in',
          `DESCRIPTION:${escapeText('A short check-in: what moved, how it is going, what would help.')}`,
          'TRANSP:TRANSPARENT',
        ],
      });
    }
  }
  // Code-unit order: the same bytes on every machine, whatever its locale.
  return out.sort((a, b) => compareText(a.sortKey, b.sortKey) || compareText(a.uid, b.uid));
}

/** The whole `.ics` text: CRLF line endings, folded lines, one VEVENT per date. */
export function buildCalendar(state: TeamState, options: CalendarOptions): string {
  const stamp = utcStamp(options.now);
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Accord//Accord for VS Code//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', `X-WR-CALNAME:${escapeText(options.name ?? 'Accord')}`];
  for (const event of events(state, options)) {
    lines.push('BEGIN:VEVENT', `UID:${event.uid}`, `DTSTAMP:${stamp}`, ...event.lines, 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
