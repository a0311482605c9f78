/** Problems with a data file, told so a person can fix them: which file, where, why, and how. */

export type FileProblem =
  | 'not-json'
  | 'schema'
  | 'too-large'
  | 'too-deep'
  | 'conflict'
  | 'newer-schema'
  | 'unreadable'
  | 'not-a-file'
  | 'outside-workspace'
  | 'over-team-budget'
  | 'not-portable'
  | 'not-a-member-file'
  | 'clock-ceiling';

export class AccordFileError extends Error {
  constructor(
    readonly file: string,
    readonly problem: FileProblem,
    readonly reason: string,
    readonly fix: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(`${file}${line !== undefined ? `:${line}${column !== undefined ? `:${column}` : ''}` : ''}: ${reason} ${fix}`);
    this.name = 'AccordFileError';
  }
}

/** 1-based line and column of a character offset. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * The line where a JSON path (object keys from the root) starts. The keys are looked up in the
 * object they belong to, not anywhere in the text: a check-in's "member" field is not the
 * file's "member". When the path stops short (a missing key), it is the line of the deepest
 * key found, e.g. the entity that lacks "fields". For text that parses as JSON.
 */
export function lineOfPath(text: string, path: readonly string[]): number | undefined {
  let offset: number | undefined;
  let at = skipSpace(text, 0);
  for (const key of path) {
    if (text.charCodeAt(at) !== 123 /* { */) break;
    const member = findMember(text, at, key);
    if (!member) break;
    offset = member.keyAt;
    at = member.valueAt;
  }
  return offset === undefined ? undefined : positionAt(text, offset).line;
}

function skipSpace(text: string, i: number): number {
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
  }
  return i;
}

/** The offset just past the string whose opening quote is at `i`, or -1 if it does not end. */
function stringEnd(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 92 /* \ */) j++;
    else if (c === 34 /* " */) return j + 1;
  }
  return -1;
}

/** The offset just past the value that starts at `i`, or -1. */
function valueEnd(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 34) return stringEnd(text, i);
  if (c !== 123 && c !== 91) {
    let j = i;
    while (j < text.length && !/[\s,\]}]/.test(text[j]!)) j++;
    return j;
  }
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const ch = text.charCodeAt(j);
    if (ch === 34) {
      j = stringEnd(text, j) - 1;
      if (j < 0) return -1;
    } else if (ch === 123 || ch === 91) depth++;
    else if (ch === 125 || ch === 93) {
      depth--;
      if (depth === 0) return j + 1;
    }
  }
  return -1;
}

/** Where the key and the value of member `key` of the object at `start` are (the last one, as JSON.parse keeps it). */
function findMember(text: string, start: number, key: string): { keyAt: number; valueAt: number } | undefined {
  let found: { keyAt: number; valueAt: number } | undefined;
  let i = skipSpace(text, start + 1);
  while (text.charCodeAt(i) === 34) {
    const end = stringEnd(text, i);
    if (end < 0) break;
    let name: unknown;
    try {
      name = JSON.parse(text.slice(i, end));
    } catch {
      break;
    }
    let j = skipSpace(text, end);
    if (text.charCodeAt(j) !== 58 /* : */) break;
    j = skipSpace(text, j + 1);
    if (name === key) found = { keyAt: i, valueAt: j };
    const after = valueEnd(text, j);
    if (after < 0) break;
    i = skipSpace(text, after);
    if (text.charCodeAt(i) !== 44 /* , */) break;
    i = skipSpace(text, i + 1);
  }
  return found;
}

/**
 * Where a JSON syntax error is: the position V8 reports ("… at position 42" or "(line 3
 * column 5)"), or, for messages without one ("Unexpected token 'x', "…" is not valid JSON"),
 * the first offset where the text stops being JSON.
 */
export function syntaxErrorPosition(text: string, message: string): { line: number; column: number } | undefined {
  const lineCol = /line (\d+) column (\d+)/.exec(message);
  if (lineCol) return { line: Number(lineCol[1]), column: Number(lineCol[2]) };
  const pos = /position (\d+)/.exec(message);
  if (pos) return positionAt(text, Number(pos[1]));
  if (/Unexpected end of JSON input/.test(message)) return positionAt(text, text.length);
  const offset = firstSyntaxError(text);
  return offset === undefined ? undefined : positionAt(text, offset);
}

const JSON_LITERAL = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

/** The offset of the first character that makes `text` invalid JSON, or undefined if it is valid. */
export function firstSyntaxError(text: string): number | undefined {
  const open: number[] = []; // the brackets ({ or [) we are inside
  let expect: 'value' | 'valueOrEnd' | 'key' | 'keyOrEnd' | 'colon' | 'after' = 'value';
  let i = 0;
  for (;;) {
    i = skipSpace(text, i);
    if (i >= text.length) return expect === 'after' && open.length === 0 ? undefined : i;
    const c = text.charCodeAt(i);
    if ((expect === 'valueOrEnd' && c === 93) || (expect === 'keyOrEnd' && c === 125)) {
      open.pop();
      i++;
      expect = 'after';
    } else if (expect === 'value' || expect === 'valueOrEnd') {
      if (c === 123 || c === 91) {
        open.push(c);
        i++;
        expect = c === 123 ? 'keyOrEnd' : 'valueOrEnd';
      } else if (c === 34) {
        const end = validStringEnd(text, i);
        if (end.error !== undefined) return end.error;
        i = end.end;
        expect = 'after';
      } else {
        JSON_LITERAL.lastIndex = i;
        const literal = JSON_LITERAL.exec(text);
        if (!literal) return i;
        i += literal[0].length;
        expect = 'after';
      }
    } else if (expect === 'key' || expect === 'keyOrEnd') {
      if (c !== 34) return i;
      const end = validStringEnd(text, i);
      if (end.error !== undefined) return end.error;
      i = end.end;
      expect = 'colon';
    } else if (expect === 'colon') {
      if (c !== 58) return i;
      i++;
      expect = 'value';
    } else {
      const inside = open[open.length - 1];
      if (inside === undefined) return i;
      if (c === 44) {
        i++;
        expect = inside === 123 ? 'key' : 'value';
      } else if (c === inside + 2 /* { → }, [ → ] */) {
        open.pop();
        i++;
      } else return i;
    }
  }
}

function validStringEnd(text: string, i: number): { end: number; error?: undefined } | { end?: undefined; error: number } {
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 34) return { end: j + 1 };
    if (c < 32) return { error: j };
    if (c === 92) {
      const next = text[j + 1];
      if (next === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) return { error: j };
        j += 5;
      } else if (next !== undefined && '"\\/bfnrt'.includes(next)) j++;
      else return { error: j };
    }
  }
  return { error: text.length };
}

/**
 * A write that the disk refused. Names the file the person would look at (their member file,
 * `.accord/.gitignore`, …, never the `.lock` folder or a temp file), what went wrong in words,
 * and the fix. `code` is the Node errno code (EACCES, EROFS, ENOSPC, …) or ELOCKED.
 */
export class AccordWriteError extends Error {
  constructor(
    readonly file: string,
    readonly code: string,
    readonly reason: string,
    readonly fix: string,
  ) {
    super(`Accord could not save to ${file}: ${reason} ${fix}`);
    this.name = 'AccordWriteError';
  }
}

/**
 * Turns an errno error from writing `file` (shown as `file`, in the folder `folder`) into an
 * AccordWriteError with words and a fix; errors that are not errno errors are returned as they are.
 * Codes from POSIX (EACCES, EPERM, EROFS, ENOSPC, EDQUOT, EMFILE, EIO, EBUSY, ENAMETOOLONG),
 * proper-lockfile's ELOCKED, and ELOST for a write redone too often because the file kept changing.
 */
export function describeWriteError(error: unknown, file: string, folder: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (!code || !/^E[A-Z]+$/.test(code)) return error;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return new AccordWriteError(
        file,
        code,
        `you do not have permission to write in ${folder}.`,
        `Give your user account write permission to ${folder} and ${file}, then try again.`,
      );
    case 'EROFS':
      return new AccordWriteError(
        file,
        code,
        'the disk that holds it is read-only.',
        'Open the workspace from a writable disk (or remount it writable), then try again.',
      );
    case 'ENOSPC':
    case 'EDQUOT':
      return new AccordWriteError(
        file,
        code,
        code === 'EDQUOT' ? 'your disk quota is used up.' : 'the disk is full.',
        'Free some disk space, then try again. Nothing was changed.',
      );
    case 'ELOCKED':
      return new AccordWriteError(
        file,
        code,
        'another Accord window (or the accord command) kept it busy for about a minute.',
        `Close other VS Code windows of this folder and try again; if none is open, delete the folder ${file}.lock.`,
      );
    case 'ELOOP':
      return new AccordWriteError(
        file,
        code,
        `a symbolic link on the way to ${folder} leads in a circle.`,
        `Make ${folder} a real folder inside the workspace (restore it with git), then try again.`,
      );
    case 'ELOCKPATH':
      return new AccordWriteError(
        file,
        code,
        `${file}.lock, where Accord keeps its lock while writing, is a file or a link, not Accord's lock folder.`,
        `Remove ${file}.lock (git rm it if it was committed), then try again.`,
      );
    case 'EMFILE':
    case 'ENFILE':
      return new AccordWriteError(
        file,
        code,
        'VS Code has too many files open right now.',
        'Close some editors or windows (or raise the open-files limit), then try again. Nothing was changed.',
      );
    case 'ELOST':
      return new AccordWriteError(
        file,
        code,
        'another Accord window (or the accord command) kept changing it while Accord wrote.',
        'Try again in a moment; nothing was lost.',
      );
    case 'ENAMETOOLONG':
      return new AccordWriteError(file, code, 'its path is too long for this system.', 'Move the workspace to a shorter path, then try again.');
    default:
      return new AccordWriteError(file, code, `the system answered ${code}.`, 'Check the disk and the permissions of the folder, then try again.');
  }
}
