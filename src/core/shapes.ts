/**
 * The shapes the core and the webview protocol (src/panels/protocol.ts) share: the id and
 * day patterns, the check that a day exists, and the form of a new id. One definition, used
 * by the core's schemas and by the protocol's parser of webview messages.
 *
 * KEEP THIS FILE IMPORT-FREE. The webview bundle (esbuild.mjs, platform `browser`) imports it
 * through the protocol, and webview/tsconfig.json checks it without Node types: an import of
 * `node:*`, valibot or any other core file would pull it into the browser, or fail there.
 * Only plain constants, pure functions of strings, and types of plain data belong here.
 */

/**
 * Member ids name files (`.accord/people/<id>.json`), so they are kept filename-safe. Every file
 * that matches loads, including ids made before `isPortableMemberId` (ids.ts) existed; new ids
 * must also pass that check.
 */
export const MEMBER_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
/** Entity ids: a short kind prefix, a dash and random characters, or a fixed id such as `team`. */
export const ENTITY_ID_PATTERN = /^[a-z0-9][a-z0-9._:-]{0,99}$/;

/** The characters of the random part of a new id (`newId` in ids.ts). */
export const NEW_ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** How many random characters a new id has: 36^12, about 62 bits. */
export const NEW_ID_LENGTH = 12;

/**
 * The ids `newId(prefix)` makes, and only those: `<prefix>-` and {@link NEW_ID_LENGTH}
 * characters of {@link NEW_ID_ALPHABET} (`newIdPattern('mg')` matches `mg-3k9x0q2m7c1z`).
 * Throws for a prefix that is not lower-case ASCII letters, which could not be put into a
 * pattern as it is.
 */
export function newIdPattern(prefix: string): RegExp {
  if (!/^[a-z]+$/.test(prefix)) throw new Error(`an id prefix is lower-case letters, not ${JSON.stringify(prefix)}`);
  return new RegExp(`^${prefix}-[${NEW_ID_ALPHABET}]{${NEW_ID_LENGTH}}$`);
}

/** A calendar day's form, `YYYY-MM-DD` with a month 01–12 and a day 01–31; {@link isDay} also checks that it exists. */
export const DAY_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/**
 * Whether the first ten characters of `text` are a day that exists in the proleptic Gregorian
 * calendar (ISO 8601): `2024-02-29` is one, `2026-02-29` and `2026-02-30` are not. What
 * follows them is not looked at, so an ISO timestamp passes on its day. Runs per field when a
 * team's files load, so it allocates nothing for a ten-character text.
 */
export function startsWithDay(text: string): boolean {
  if (!DAY_PATTERN.test(text.length === 10 ? text : text.slice(0, 10))) return false;
  const digit = (i: number) => text.charCodeAt(i) - 48;
  const year = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3);
  const month = digit(5) * 10 + digit(6);
  const day = digit(8) * 10 + digit(9);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31);
}

/** Whether `text` is exactly a day like `2026-03-14` that exists (see {@link startsWithDay}); `2026-03-14T00:00` is not. */
export function isDay(text: string): boolean {
  return text.length === 10 && startsWithDay(text);
}
