/** Reading a one-line check-in. */
import type { CheckInStatus } from './entities';

const QUICK_PREFIXES: [RegExp, CheckInStatus][] = [
  [/^blocked\s*[:-]\s*/i, 'blocked'],
  [/^at[ -]?risk\s*[:-]\s*/i, 'at-risk'],
  [/^done\s*[:-]\s*/i, 'done'],
];

/** "blocked: waiting for review" → status blocked, note "waiting for review". */
export function parseQuickCheckIn(line: string): { status: CheckInStatus; note: string } {
  const text = line.trim();
  for (const [pattern, status] of QUICK_PREFIXES) if (pattern.test(text)) return { status, note: text.replace(pattern, '').trim() };
  return { status: 'on-track', note: text };
}
