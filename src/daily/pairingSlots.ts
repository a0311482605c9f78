/**
 * Pairing times for an escalation's "pair on it" step (issue 19 §2): moments when everyone
 * involved is at work (core availability.ts: each person's working days, hours and zone, their
 * away days and holidays), and the .ics invitation for the one picked. Pure: no vscode, no host
 * time zone or locale.
 */
import { displayName, nextWorkingMoment, pairingOnClock, timeZoneOf, type TeamState } from '../core';
import { escapeText, foldLine, utcStamp } from '../core/calendar';

/** How long a proposed pairing lasts, in minutes: every slot offered fits inside everyone's working hours. */
export const PAIRING_MINUTES = 60;
/** Slots offered are at least this far apart, in minutes, so the list spans more than one morning. */
const SLOT_GAP_MINUTES = 120;
const MINUTE_MS = 60_000;
/** Every zone in use today is offset by whole quarter hours: a slot on a quarter hour in UTC is on one in every zone. */
const QUARTER_MS = 15 * MINUTE_MS;
/** A bound on the search; each step moves at least a quarter hour, usually to someone's next working period. */
const MAX_STEPS = 2000;

/** Whether `member` is at work from `at` for the whole of a pairing. */
function atWorkThroughout(state: TeamState, member: string, at: Date): boolean {
  const last = new Date(at.getTime() + (PAIRING_MINUTES - 1) * MINUTE_MS);
  return nextWorkingMoment(state, member, at)?.getTime() === at.getTime() && nextWorkingMoment(state, member, last)?.getTime() === last.getTime();
}

/**
 * Up to `count` instants, earliest first, when every one of `members` is at work for
 * {@link PAIRING_MINUTES} (availability.ts `nextWorkingMoment` in each one's zone and hours): the
 * first at or after `from` rounded up to the next quarter hour, each next at least two hours
 * after the one before. Fewer (or none) when the members' working times do not meet within
 * availability.ts's look-ahead.
 */
export function pairingSlots(state: TeamState, members: readonly string[], from: Date, count: number): Date[] {
  const slots: Date[] = [];
  let at = Math.ceil(from.getTime() / QUARTER_MS) * QUARTER_MS;
  for (let step = 0; step < MAX_STEPS && slots.length < count; step++) {
    // The latest of everyone's next working moment: when that is everyone's, it is a slot.
    let latest = at;
    for (const member of members) {
      const next = nextWorkingMoment(state, member, new Date(at));
      if (!next) return slots;
      latest = Math.max(latest, Math.ceil(next.getTime() / QUARTER_MS) * QUARTER_MS);
    }
    if (latest === at && members.every((member) => atWorkThroughout(state, member, new Date(at)))) {
      slots.push(new Date(at));
      at += SLOT_GAP_MINUTES * MINUTE_MS;
    } else {
      at = latest === at ? at + QUARTER_MS : latest;
    }
  }
  return slots;
}

/** A slot as each person reads it: "2026-03-12 14:00 your time · 2026-03-12 09:00 for Sam" (names safe, from displayName). */
export function slotWords(state: TeamState, me: string, others: readonly string[], slot: Date): string {
  const at = slot.toISOString();
  return [
    `${pairingOnClock(at, timeZoneOf(state, me))} your time`,
    ...others.map((m) => `${pairingOnClock(at, timeZoneOf(state, m))} for ${displayName(state, m)}`),
  ].join(' · ');
}

/** What the invitation says: its title and description, as plain text (escaped for iCalendar by {@link pairingInvitation}). */
export interface PairingInvitation {
  /** Stable for one block and slot, so importing the file twice updates one event. */
  readonly uid: string;
  readonly start: Date;
  readonly summary: string;
  readonly description: string;
  /** When the file was made (DTSTAMP). */
  readonly stamp: Date;
}

/**
 * A one-event iCalendar file (RFC 5545) for a proposed pairing: a VEVENT of
 * {@link PAIRING_MINUTES} from `start`, times in UTC, text escaped (calendar.ts escapeText) and
 * lines folded (foldLine), CRLF line ends. No METHOD and no attendees: it is a file for one's
 * own calendar, and Accord sends nothing anywhere.
 */
export function pairingInvitation(invitation: PairingInvitation): string {
  const end = new Date(invitation.start.getTime() + PAIRING_MINUTES * MINUTE_MS);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Accord//Accord for VS Code//EN',
    'CALSCALE:GREGORIAN',
    'BEGIN:VEVENT',
    `UID:${escapeText(invitation.uid)}`,
    `DTSTAMP:${utcStamp(invitation.stamp)}`,
    `DTSTART:${utcStamp(invitation.start)}`,
    `DTEND:${utcStamp(end)}`,
    `SUMMARY:${escapeText(invitation.summary)}`,
    `DESCRIPTION:${escapeText(invitation.description)}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
