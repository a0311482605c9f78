import { randomBytes } from 'node:crypto';

/** Member ids name files (`.accord/people/<id>.json`), so they are kept filename-safe. */
export const MEMBER_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
/** Entity ids: a short kind prefix, a dash and random characters, or a fixed id such as `team`. */
export const ENTITY_ID_PATTERN = /^[a-z0-9][a-z0-9._:-]{0,99}$/;

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A random, stable id such as `mg-3k9x0q2m7c1z` (about 62 bits of randomness). */
export function newId(prefix: string): string {
  const bytes = randomBytes(12);
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length];
  return `${prefix}-${out}`;
}

/**
 * Turns an email or a chosen handle into a member id: lower case, and anything that is not
 * a letter, digit, dot, dash or underscore becomes a dash (`Sam.Lee@Example.com` → `sam.lee-example.com`).
 * Returns undefined when nothing usable is left.
 */
export function memberIdFrom(emailOrHandle: string): string | undefined {
  const slug = emailOrHandle
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return MEMBER_ID_PATTERN.test(slug) ? slug : undefined;
}

/** The entity id of a member's profile. */
export function memberEntityId(memberId: string): string {
  return `member:${memberId}`;
}

/** The one team-settings entity every member may edit. */
export const TEAM_ENTITY_ID = 'team';
