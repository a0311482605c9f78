/**
 * Git trailers (`Key: value` lines at the end of a commit message) read the way git reads
 * them, and the two trailers that link a commit to a micro-goal: `Accord: <id>` and
 * `Accord-Done: <id>` (issue 15 §1).
 *
 * The rules are git's own, from `git interpret-trailers --parse` as git 2.39 implements it
 * (trailer.c `trailer_info_get`, `find_patch_start`, `find_trailer_start`, `find_separator`,
 * `parse_trailer`, `unfold_value`; commit.c `ignore_non_trailer`; wt-status.c
 * `wt_status_locate_end`) and as git-interpret-trailers(1) describes them, with git's default
 * configuration: the separator is `:` (`trailer.separators`), the comment character is `#`
 * (`core.commentChar`), and no `trailer.<token>.key` is configured. test/unit/trailers.test.ts
 * runs git itself as the oracle on messages git wrote and on generated ones.
 *
 * Commit messages come from anyone, so everything is bounded ({@link TRAILER_LIMITS}) and
 * nothing here throws on any string.
 */
import { ENTITY_ID_PATTERN } from './shapes';

/** One trailer as `git interpret-trailers --parse` prints it: the key as written, the value trimmed and unfolded. */
export interface Trailer {
  readonly key: string;
  readonly value: string;
}

/** How to read a message. */
export interface TrailerOptions {
  /**
   * Whether a line starting with `---` and a whitespace character starts a patch part that is
   * not read (git's default, as `git interpret-trailers --parse`); `false` is `--no-divider`,
   * which is also how `git log --format=%(trailers)` reads a commit. Default `true`: `git
   * commit --trailer` puts its trailer *above* such a line (it runs interpret-trailers with the
   * divider), so only this reading finds every trailer git itself wrote.
   */
  readonly divider?: boolean;
}

/**
 * The bounds on untrusted messages:
 * - `messageChars`: a longer message (in UTF-16 code units) is not read at all and has no
 *   trailers; git's own messages are far below it (a squash of hundreds of commits is a few
 *   hundred kilobytes at most).
 * - `trailers`: at most this many trailers of one message are returned, the first ones.
 * - `linksPerCommit`: at most this many micro-goal ids are taken from one commit.
 */
export const TRAILER_LIMITS = { messageChars: 1_000_000, trailers: 200, linksPerCommit: 50 } as const;

/** The trailer that links a commit to a micro-goal it works on (compared case-insensitively, as git compares keys). */
export const ACCORD_TRAILER = 'Accord';
/** The trailer that says a commit finishes a micro-goal. */
export const ACCORD_DONE_TRAILER = 'Accord-Done';
const ACCORD_KEY = ACCORD_TRAILER.toLowerCase();
const ACCORD_DONE_KEY = ACCORD_DONE_TRAILER.toLowerCase();

const NL = 10;
const CR = 13;
const TAB = 9;
const SPACE = 32;
const HASH = 35;
const DASH = 45;
const COLON = 58;

/** Git's `isspace` (git-compat-util.h, sane_ctype): space, tab, LF and CR; not VT or FF. */
function isGitSpace(code: number): boolean {
  return code === SPACE || code === TAB || code === NL || code === CR;
}

/** Git's `isalnum`: ASCII letters and digits only, whatever the locale. */
function isAlnum(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** trailer.c `next_line`: the start of the line after the one at `at`, or the end of the text. */
function nextLine(text: string, at: number): number {
  const nl = text.indexOf('\n', at);
  return nl === -1 ? text.length : nl + 1;
}

/** trailer.c `last_line`: the start of the last line of `text[0, len)` (a final LF belongs to it); -1 when len is 0. */
function lastLine(text: string, len: number): number {
  if (len === 0) return -1;
  if (len === 1) return 0;
  return text.lastIndexOf('\n', len - 2) + 1;
}

/** trailer.c `is_blank_line`: the line at `at` holds only git whitespace. */
function isBlankLine(text: string, at: number): boolean {
  let i = at;
  while (i < text.length && text.charCodeAt(i) !== NL && isGitSpace(text.charCodeAt(i))) i++;
  return i === text.length || text.charCodeAt(i) === NL;
}

/**
 * trailer.c `find_separator`: the offset of the `:` in `<token><spaces or tabs>:` at `at`, 0
 * when the line starts with `:`, -1 when the line has no such form. The token is ASCII
 * letters, digits and `-`; blanks may sit only between the token and the separator.
 */
function findSeparator(text: string, at: number): number {
  let whitespaceFound = false;
  for (let i = at; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === COLON) return i - at;
    if (!whitespaceFound && (isAlnum(code) || code === DASH)) continue;
    if (i !== at && (code === SPACE || code === TAB)) {
      whitespaceFound = true;
      continue;
    }
    break;
  }
  return -1;
}

/** git's `strbuf_trim`: git whitespace off both ends. */
function trimGit(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isGitSpace(text.charCodeAt(start))) start++;
  while (end > start && isGitSpace(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}

/** trailer.c `unfold_value`: each LF and the whitespace after it become one space, then the ends are trimmed. */
function unfold(value: string): string {
  if (!value.includes('\n')) return value;
  let out = '';
  let i = 0;
  while (i < value.length) {
    const code = value.charCodeAt(i++);
    if (code === NL) {
      while (i < value.length && isGitSpace(value.charCodeAt(i))) i++;
      out += ' ';
    } else out += value[i - 1];
  }
  return trimGit(out);
}

/** trailer.c `find_patch_start`: the first line that starts with `---` and a git whitespace character. */
function findPatchStart(text: string): number {
  for (let s = 0; s < text.length; s = nextLine(text, s)) {
    if (text.startsWith('---', s) && isGitSpace(text.charCodeAt(s + 3))) return s;
  }
  return text.length;
}

/** wt-status.c `cut_line` after the comment character: the scissors line of `git commit -v`. */
const SCISSORS = `\n# ------------------------ >8 ------------------------\n`;

/**
 * wt-status.c `wt_status_locate_end`: where a scissors line starts, or `len`. Git searches the
 * whole message, so a scissors line below a `---` divider gives a cut-off past `len`, and git
 * 2.39's `ignore_non_trailer` then never returns (`git interpret-trailers --parse` hangs on
 * such a message); here the cut-off is never past `len`, so the text above the divider is read.
 */
function locateEnd(text: string, len: number): number {
  if (text.startsWith(SCISSORS.slice(1))) return 0;
  const at = text.indexOf(SCISSORS);
  return at === -1 ? len : Math.min(at + 1, len);
}

/**
 * commit.c `ignore_non_trailer`: the end of the message proper within `text[0, len)`, before
 * trailing comment lines, empty lines and an old `Conflicts:` block (with its tab-indented
 * paths), and before a scissors line. Like git, a run that starts on the very first line is
 * not recorded as one (`boc` 0 means unset there too).
 */
function endOfMessage(text: string, len: number): number {
  const cutoff = locateEnd(text, len);
  let boc = 0;
  let bol = 0;
  let inConflicts = false;
  while (bol < cutoff) {
    const nl = text.indexOf('\n', bol);
    const next = nl === -1 || nl >= len ? len : nl + 1;
    const code = text.charCodeAt(bol);
    if (code === HASH || code === NL) {
      if (!boc) boc = bol;
    } else if (text.startsWith('Conflicts:\n', bol)) {
      inConflicts = true;
      if (!boc) boc = bol;
    } else if (inConflicts && code === TAB) {
      // a path in the conflicts block
    } else if (boc) {
      boc = 0;
      inConflicts = false;
    }
    bol = next;
  }
  return boc ? boc : cutoff;
}

/** trailer.c `git_generated_prefixes`: lines git writes, which make a block with 25% trailers count. */
const GIT_GENERATED_PREFIXES = ['Signed-off-by: ', '(cherry picked from commit '];

/**
 * trailer.c `find_trailer_start`: the start of the trailer block in `text[0, len)`, or `len`
 * when there is none. The first paragraph (the title) never holds trailers. Reading up from
 * the end, the block is the lines after the last blank line, and counts only when (i) all of
 * them are trailers, or (ii) at least one is git-generated and trailers are at least a quarter
 * of them (`trailers * 3 >= others`). Comment lines are skipped; lines starting with
 * whitespace count with the line above them when that is a trailer, else as other lines.
 */
function findTrailerStart(text: string, len: number): number {
  let s = 0;
  for (; s < len; s = nextLine(text, s)) {
    if (text.charCodeAt(s) === HASH) continue;
    if (isBlankLine(text, s)) break;
  }
  const endOfTitle = s;
  let onlySpaces = true;
  let recognizedPrefix = false;
  let trailerLines = 0;
  let nonTrailerLines = 0;
  let possibleContinuationLines = 0;
  for (let l = lastLine(text, len); l >= endOfTitle; l = lastLine(text, l)) {
    const first = text.charCodeAt(l);
    if (first === HASH) {
      nonTrailerLines += possibleContinuationLines;
      possibleContinuationLines = 0;
      continue;
    }
    if (isBlankLine(text, l)) {
      if (onlySpaces) continue;
      nonTrailerLines += possibleContinuationLines;
      if (recognizedPrefix && trailerLines * 3 >= nonTrailerLines) return nextLine(text, l);
      if (trailerLines && !nonTrailerLines) return nextLine(text, l);
      return len;
    }
    onlySpaces = false;
    if (GIT_GENERATED_PREFIXES.some((prefix) => text.startsWith(prefix, l))) {
      trailerLines++;
      possibleContinuationLines = 0;
      recognizedPrefix = true;
      continue;
    }
    if (findSeparator(text, l) >= 1 && !isGitSpace(first)) {
      trailerLines++;
      possibleContinuationLines = 0;
    } else if (isGitSpace(first)) possibleContinuationLines++;
    else {
      nonTrailerLines += 1 + possibleContinuationLines;
      possibleContinuationLines = 0;
    }
  }
  return len;
}

/**
 * The trailers of a commit message, in order, as `git interpret-trailers --parse` (or, with
 * `{ divider: false }`, `--parse --no-divider`) prints them with git's default configuration:
 * `[{ key: 'Accord', value: 'mg-3k9x0q2m7c1z' }, { key: 'Signed-off-by', value: 'Sam <s@x.org>' }]`.
 *
 * Git's rules (git-interpret-trailers(1), trailer.c of git 2.39; see the module comment):
 * - The message ends at the first NUL (git reads it as a C string), at a patch part (a line
 *   starting with `---` and a space, tab, CR or LF; unless `divider` is false), at a scissors
 *   line (`# ------------------------ >8 ------------------------`), and before trailing
 *   comment lines (`#`), empty lines and an old `Conflicts:` block.
 * - Only the last paragraph can be the trailer block, never the first (the title). It counts
 *   when all of its lines are trailers, or when one is git-generated (`Signed-off-by: `,
 *   `(cherry picked from commit `) and at least 25% are trailers; otherwise there are none.
 * - A trailer line is `<token><blanks>:<value>`: the token is ASCII letters, digits and `-`,
 *   starts the line, and is followed only by spaces or tabs before the `:`. Keys are returned
 *   as written: compare them case-insensitively, as git does.
 * - A line starting with whitespace continues the trailer above it; the value is trimmed and
 *   unfolded (each line break and the whitespace after it become one space).
 * - Comment lines inside the block and lines that are not trailers are left out. CRLF line
 *   ends work: CR is whitespace to git, so it is trimmed off values and CRLF-only lines are blank.
 *
 * Bounded: a message over {@link TRAILER_LIMITS}.messageChars has none, and at most
 * `TRAILER_LIMITS.trailers` are returned. Linear in the message's length; never throws.
 */
export function parseTrailers(message: string, options: TrailerOptions = {}): Trailer[] {
  if (typeof message !== 'string' || message.length > TRAILER_LIMITS.messageChars || !message.includes(':')) return [];
  const nul = message.indexOf('\0');
  const text = nul === -1 ? message : message.slice(0, nul);
  const patchStart = options.divider === false ? text.length : findPatchStart(text);
  const end = endOfMessage(text, patchStart);
  const start = findTrailerStart(text, end);
  if (start >= end) return [];
  // trailer.c `trailer_info_get`: split the block into lines, joining continuation lines to a trailer above them.
  const entries: string[] = [];
  let lastIsTrailer = false;
  for (let at = start; at < end;) {
    const nl = text.indexOf('\n', at);
    const next = nl === -1 || nl >= end ? end : nl + 1;
    const line = text.slice(at, next);
    if (lastIsTrailer && isGitSpace(line.charCodeAt(0))) entries[entries.length - 1] += line;
    else {
      entries.push(line);
      lastIsTrailer = findSeparator(line, 0) >= 1;
    }
    at = next;
  }
  // trailer.c `parse_trailers` with --only-trailers --unfold.
  const trailers: Trailer[] = [];
  for (const entry of entries) {
    if (trailers.length >= TRAILER_LIMITS.trailers) break;
    if (entry.charCodeAt(0) === HASH) continue;
    const separator = findSeparator(entry, 0);
    if (separator < 1) continue;
    trailers.push({ key: trimGit(entry.slice(0, separator)), value: unfold(trimGit(entry.slice(separator + 1))) });
  }
  return trailers;
}

/** The micro-goal ids a commit names, each once, in the order they first appear. */
export interface AccordLinks {
  /** Every id named by `Accord:` or `Accord-Done:`. */
  readonly links: string[];
  /** The ids named by `Accord-Done:`: the commit says it finishes them. Each is also in `links`. */
  readonly done: string[];
}

/**
 * Whether a trailer value can name a micro-goal: a whole entity id ({@link ENTITY_ID_PATTERN},
 * at most 100 characters, lower-case), which is what a micro-goal's id is in the files. The
 * ids Accord makes are `newIdPattern('mg')` (`mg-3k9x0q2m7c1z`); whether an id is a micro-goal
 * of the team is the state's business (evidence.ts).
 */
export function isMicroGoalRef(value: string): boolean {
  return value.length <= 100 && ENTITY_ID_PATTERN.test(value);
}

/**
 * The micro-goals a commit message links, from its trailers ({@link parseTrailers}, git's
 * rules): `Accord: <id>` links the commit to a micro-goal, `Accord-Done: <id>` links it and
 * says the commit finishes it. Keys match case-insensitively (`accord-done:` counts, as git
 * matches keys). A trailer carries one id: a value that is not exactly one id
 * ({@link isMicroGoalRef}: `mg-1 mg-2`, `MG-1`, `#mg-1`) is ignored, never an error.
 * At most `TRAILER_LIMITS.linksPerCommit` ids are taken.
 *
 * `accordLinks('Parser\n\nAccord: mg-a\nAccord-Done: mg-b')` → `{ links: ['mg-a', 'mg-b'], done: ['mg-b'] }`.
 */
export function accordLinks(message: string): AccordLinks {
  const links: string[] = [];
  const done: string[] = [];
  if (!mayLinkMicroGoals(message)) return { links, done };
  for (const { key, value } of parseTrailers(message)) {
    const name = key.toLowerCase();
    const isDone = name === ACCORD_DONE_KEY;
    if (!isDone && name !== ACCORD_KEY) continue;
    if (!isMicroGoalRef(value)) continue;
    if (!links.includes(value)) {
      if (links.length >= TRAILER_LIMITS.linksPerCommit) continue;
      links.push(value);
    }
    if (isDone && !done.includes(value)) done.push(value);
  }
  return { links, done };
}

/**
 * Whether {@link accordLinks} could find an id in `message`: `false` means it finds none, so a
 * caller reading thousands of commits can pass over most of them without building anything.
 * The test is only for the word "accord" in any case (every Accord trailer key holds it);
 * `true` says nothing more. Never throws; `false` for anything that is not a string.
 */
export function mayLinkMicroGoals(message: unknown): boolean {
  return typeof message === 'string' && ACCORD_WORD.test(message);
}

const ACCORD_WORD = /accord/i;
