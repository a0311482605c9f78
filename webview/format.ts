/** Words and numbers as the panels show them: plain, short, the same everywhere. */
import { safeText } from '../src/core/safeText';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function utc(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

/** "Mon 24 Nov". */
export function shortDay(day: string): string {
  const date = utc(day);
  return Number.isNaN(date.getTime()) ? day : `${WEEKDAYS[date.getUTCDay()]} ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]}`;
}

/** "24 Nov". */
export function dayMonth(day: string): string {
  const date = utc(day);
  return Number.isNaN(date.getTime()) ? day : `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]}`;
}

export function monthName(day: string): string {
  return MONTHS[utc(day).getUTCMonth()] ?? '';
}

export function addDays(day: string, days: number): string {
  return new Date(utc(day).getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

/** "1 micro-goal", "3 micro-goals". */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** "6 h", "1.5 h". */
export function hours(h: number): string {
  return `${Math.round(h * 10) / 10} h`;
}

/** A member's name (or id) made safe to show: see webview/dataText.ts. */
export function nameOf(members: readonly { id: string; name: string }[], id: string): string {
  return safeText(members.find((m) => m.id === id)?.name ?? id);
}
