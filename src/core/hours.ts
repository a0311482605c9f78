/**
 * Hours as Accord shows them: rounded to one decimal, so sums of estimates and capacities read
 * cleanly. Its own file so that capacity.ts and availability.ts both use it without importing
 * each other.
 */

/** Hours to one decimal, so that 0.1 + 0.2 reads as 0.3. */
export function roundHours(hours: number): number {
  return Math.round(hours * 10) / 10;
}

/** "6 h", "1.5 h". */
export function formatHours(hours: number): string {
  return `${roundHours(hours)} h`;
}
