import { createHash, randomBytes } from 'node:crypto';
import { MEMBER_ID_PATTERN, NEW_ID_ALPHABET, NEW_ID_LENGTH } from './shapes';

// The id patterns live in shapes.ts, which the webview's protocol imports too.
export { ENTITY_ID_PATTERN, MEMBER_ID_PATTERN } from './shapes';

/** A random, stable id such as `mg-3k9x0q2m7c1z` (about 62 bits of randomness); `newIdPattern(prefix)` in shapes.ts matches it. */
export function newId(prefix: string): string {
  const bytes = randomBytes(NEW_ID_LENGTH);
  let out = '';
  for (const byte of bytes) out += NEW_ID_ALPHABET[byte % NEW_ID_ALPHABET.length];
  return `${prefix}-${out}`;
}

/**
 * The longest member id, in characters (ids are ASCII, so also bytes): the file name
 * `<id>.json` stays at 69 bytes, far inside the 255-byte name limit of NTFS, APFS, ext4 and
 * the other file systems a clone lands on, and leaves room under Windows' 260-character
 * MAX_PATH for the folders above it.
 */
export const MEMBER_ID_MAX_LENGTH = 64;

/**
 * Windows device names, from Microsoft's "Naming Files, Paths, and Namespaces" (Win32 file
 * I/O documentation): CON, PRN, AUX, NUL, COM1–COM9, COM¹–COM³, LPT1–LPT9, LPT¹–LPT³; CONIN$
 * and CONOUT$ from CreateFile's "Consoles" section. COM0 and LPT0 are listed by some versions
 * of that page, so they count too: a stricter rule costs a new id nothing.
 */
const WINDOWS_DEVICE_NAME = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3])$/i;

/**
 * Whether Windows reserves `name` (a file name, without folders) for a device, so that Git for
 * Windows refuses to check it out ("invalid path"). Microsoft's "Naming Files, Paths, and
 * Namespaces": the names are reserved in any case and "followed immediately by an extension"
 * (`NUL.txt`, `nul.tar.gz`), so the part before the first dot counts; trailing spaces before
 * that dot are ignored, as Windows ignores them.
 */
export function isWindowsReservedName(name: string): boolean {
  const dot = name.indexOf('.');
  const base = (dot === -1 ? name : name.slice(0, dot)).replace(/ +$/, '');
  return WINDOWS_DEVICE_NAME.test(base);
}

/**
 * Whether a member id is safe to create: it matches {@link MEMBER_ID_PATTERN} (lower-case
 * ASCII, so no two ids differ only in case on a case-insensitive file system, and no Unicode
 * normalization by macOS), is at most {@link MEMBER_ID_MAX_LENGTH} characters, is not a
 * Windows device name ({@link isWindowsReservedName}) and does not end in a dot (Microsoft's
 * "Naming Files, Paths, and Namespaces": "Do not end a file or directory name with a space or
 * a period"; Windows drops it, so `sam.` and `sam` would be one file). Every id
 * {@link memberIdFrom} makes passes; files under older ids still load (see MEMBER_ID_PATTERN).
 */
export function isPortableMemberId(id: string): boolean {
  return MEMBER_ID_PATTERN.test(id) && id.length <= MEMBER_ID_MAX_LENGTH && !id.endsWith('.') && !isWindowsReservedName(id);
}

/**
 * An email (or handle) folded for comparison, so two spellings that differ only in case or
 * Unicode normalization fold to one string (`José`, `JOSÉ`, `Jose\u0301`; `ΟΔΟΣ`, `οδος`):
 * trimmed, then Unicode's canonical caseless matching (The Unicode Standard §3.13, D145:
 * NFD, case fold, and here NFC to finish) with *simple* case folding, CaseFolding.txt status
 * C+S: one code point to one, so `ß` stays apart from `ss` and two different addresses are
 * never joined; `ı` stays apart from `i` (status T, Turkic only, is not used). Each code point
 * is folded with the locale-independent `toUpperCase`/`toLowerCase`: the lower case of its
 * upper case when both are one code point (`ς` → `Σ` → `σ`, `ſ` → `s`), else its lower case
 * when that is one code point, else itself. Local parts compare case-insensitively, as the
 * common mail providers do (RFC 5321 §2.4 leaves it to the receiving server).
 */
export function foldEmail(email: string): string {
  let folded = '';
  for (const char of email.trim().normalize('NFD')) folded += simpleCaseFold(char);
  return folded.normalize('NFC');
}

function simpleCaseFold(char: string): string {
  if (char === '\u0131') return char;
  const upper = char.toUpperCase();
  if (isOneCodePoint(upper)) {
    const lower = upper.toLowerCase();
    if (isOneCodePoint(lower)) return lower;
  }
  const lower = char.toLowerCase();
  return isOneCodePoint(lower) ? lower : char;
}

function isOneCodePoint(text: string): boolean {
  return text.length === 1 || (text.length === 2 && text.codePointAt(0)! > 0xffff);
}

/** Whether two emails are the same address, ignoring case and Unicode normalization ({@link foldEmail}). */
export function sameEmail(a: string, b: string): boolean {
  return foldEmail(a) === foldEmail(b);
}

/**
 * Whether a typed value is an email rather than a handle: text, an `@`, and text after the
 * last `@` (`sam@example.com`; not `@sam` or `sam@`).
 */
export function looksLikeEmail(value: string): boolean {
  const trimmed = value.trim();
  const at = trimmed.lastIndexOf('@');
  return at > 0 && at < trimmed.length - 1;
}

/**
 * A plain email, whose id is `local-domain`: the local part has no dash, so the first dash
 * splits the id back; both ends are a letter or digit, so the id is also a handle's own slug.
 */
const PLAIN_EMAIL = /^([a-z0-9][a-z0-9._]*)@([a-z0-9.-]*[a-z0-9])$/;
const HASH_LENGTH = 12;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** 60 bits of SHA-256 of the folded text, as 12 RFC 4648 base32 letters (lower case). */
function shortHash(folded: string): string {
  const digest = createHash('sha256').update(folded, 'utf8').digest();
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of digest) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < HASH_LENGTH) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
    if (out.length === HASH_LENGTH) break;
  }
  return out;
}

/**
 * A readable ASCII slug of folded text: accents dropped (NFD, then the Combining Diacritical
 * Marks block U+0300–U+036F removed: a fixed range, so the same on every runtime), runs of
 * anything but `a-z 0-9 . _ -` turned into one dash, no leading or trailing punctuation.
 */
function slug(folded: string, maxLength: number): string {
  return folded
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, maxLength)
    .replace(/[._-]+$/, '');
}

/**
 * `<slug>_<hash>`: a readable slug of the folded text, an underscore and 12 base32 letters of
 * its SHA-256 (60 bits: two different emails share one with odds of about n²/2^61 for n
 * emails, one in 10^12 for a thousand people). Portable by construction: it ends in a hash
 * letter and, when the slug's first dot-separated part is a device name, that dot becomes a dash.
 * It never equals a readable `local-domain` id: it has no dash at all, or an underscore after
 * its first dash, and a readable id has a dash and no underscore after its first dash.
 */
function hashedId(folded: string): string {
  let readable = slug(folded, MEMBER_ID_MAX_LENGTH - HASH_LENGTH - 1) || 'member';
  if (isWindowsReservedName(readable)) readable = readable.replace('.', '-');
  return `${readable}_${shortHash(folded)}`;
}

/**
 * The member id that an email would get as a new member, always `<slug>_<hash>` (see
 * {@link memberIdFrom}): the distinct id Set Up offers when the readable id is taken.
 * Returns undefined for a value that is not an email.
 */
export function hashedMemberIdFrom(email: string): string | undefined {
  return looksLikeEmail(email) ? hashedId(foldEmail(email)) : undefined;
}

/**
 * Turns an email or a chosen handle into a new member id that is portable
 * ({@link isPortableMemberId}) and the same for the same text in any case or Unicode
 * normalization ({@link foldEmail}).
 *
 * - A plain email (after folding: `a-z 0-9 . _` before the `@`, starting with a letter or
 *   digit; `a-z 0-9 . -` after it, ending with a letter or digit) keeps the readable `local-domain` id
 *   (`Sam.Lee@Example.com` → `sam.lee-example.com`) when that id is portable; it is lossless,
 *   since the first dash is the `@`.
 * - Any other email gets `<slug>_<hash>` (`dev+accord@x.com` → `dev-accord-x.com_…`,
 *   `café@x.com` → `cafe-x.com_…`).
 * So two different emails never get one id: the readable ids decode back to their email, the
 * hashed ids differ by hash, and the two forms never meet (see `hashedId`).
 * - A handle (no `@` with text on both sides): an ASCII handle becomes a slug (`Ana Bell` →
 *   `ana-bell`, at most 64 characters); a handle with other letters gets `<slug>_<hash>`
 *   (`José` → `jose_…`). Handles are chosen by people, so Set Up checks that a handle's id is
 *   not someone else's.
 *
 * Returns undefined when no portable id can be made (an empty handle, or a Windows device name
 * such as `aux` or `prn.dev`). Feeding an id back in gives the same id.
 */
export function memberIdFrom(emailOrHandle: string): string | undefined {
  const folded = foldEmail(emailOrHandle);
  if (looksLikeEmail(folded)) {
    const plain = PLAIN_EMAIL.exec(folded);
    const readable = plain ? `${plain[1]}-${plain[2]}` : undefined;
    return readable && isPortableMemberId(readable) ? readable : hashedId(folded);
  }
  if (/[\u0080-\u{10ffff}]/u.test(folded)) return hashedId(folded);
  const handle = slug(folded, MEMBER_ID_MAX_LENGTH);
  return handle && isPortableMemberId(handle) ? handle : undefined;
}

/**
 * The member id Accord made before ids were portable and injective: lower case, and runs of
 * anything but `a-z 0-9 . _ -` became one dash. Only for finding the files of people who set
 * up under it (see {@link resolveMemberId}); never for a new id.
 */
export function legacyMemberIdFrom(emailOrHandle: string): string | undefined {
  const slugged = emailOrHandle
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return MEMBER_ID_PATTERN.test(slugged) ? slugged : undefined;
}

/** What a member file holds about its owner: that it exists, and the profile's `email` if stored. */
export interface StoredProfile {
  email?: string;
}

/**
 * Looks up the member file of an id: undefined when there is none, else its stored profile
 * (a file that exists but cannot be read counts as one without an email).
 */
export type ProfileLookup = (member: string) => Promise<StoredProfile | undefined>;

/**
 * The member id of a person, given their email or handle and the member files that exist:
 * 1. an id among the new one, the hashed one and the legacy one ({@link legacyMemberIdFrom})
 *    whose file stores this email (in any case or normalization);
 * 2. else the new or the legacy id whose file stores no email: a profile made before Accord
 *    stored emails, so people keep the file they have (Set Up then asks whether it is theirs);
 * 3. else the new id ({@link memberIdFrom}) if no file has it;
 * 4. else, for an email, the hashed id ({@link hashedMemberIdFrom}), which no readable id equals.
 * Returns undefined when none is free (a handle someone else's email already uses).
 */
export async function resolveMemberId(emailOrHandle: string, profiles: ProfileLookup): Promise<string | undefined> {
  const fresh = memberIdFrom(emailOrHandle);
  const email = looksLikeEmail(emailOrHandle) ? emailOrHandle : undefined;
  const hashed = email ? hashedMemberIdFrom(email) : undefined;
  const legacy = legacyMemberIdFrom(emailOrHandle);
  const found = new Map<string, StoredProfile | undefined>();
  for (const id of [fresh, hashed, legacy]) if (id !== undefined && !found.has(id)) found.set(id, await profiles(id));
  if (email) {
    for (const [id, profile] of found) if (profile?.email !== undefined && sameEmail(profile.email, email)) return id;
  }
  for (const id of [fresh, legacy]) if (id !== undefined && found.get(id) && found.get(id)?.email === undefined) return id;
  if (fresh !== undefined && !found.get(fresh)) return fresh;
  if (hashed !== undefined && !found.get(hashed)) return hashed;
  return undefined;
}

/** The prefix of every member profile's entity id: `member:<member id>`. */
export const MEMBER_ENTITY_PREFIX = 'member:';

/** The entity id of a member's profile: `member:<memberId>`. */
export function memberEntityId(memberId: string): string {
  return `${MEMBER_ENTITY_PREFIX}${memberId}`;
}

/**
 * The member id in a profile's entity id (`member:sam` → `sam`), the inverse of
 * {@link memberEntityId}; the id unchanged when it has no `member:` prefix (an argument that
 * already names a member). Shape only: whether the member id is valid is checked elsewhere.
 */
export function memberIdOf(entityId: string): string {
  return entityId.startsWith(MEMBER_ENTITY_PREFIX) ? entityId.slice(MEMBER_ENTITY_PREFIX.length) : entityId;
}

/** The member ids of everyone with a profile in `profiles` (the keys of `state.entities.member`), in the map's order. */
export function memberIdsOf(profiles: ReadonlyMap<string, unknown>): string[] {
  return [...profiles.keys()].map(memberIdOf);
}

/** The one team-settings entity every member may edit. */
export const TEAM_ENTITY_ID = 'team';

/** The prefix of every covenant acknowledgment's id: an id `ack:<m>` is m's, whatever any other file claims (authority.ts `idOwner`). */
export const COVENANT_ACK_PREFIX = 'ack:';
