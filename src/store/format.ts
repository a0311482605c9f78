/**
 * The member file, `.accord/people/<member-id>.json`: parsing and validating untrusted bytes,
 * and writing canonical JSON. Nothing here touches the disk.
 */
import * as v from 'valibot';
import type { EntityKind } from '../core';
import {
  ENTITY_ID_PATTERN,
  FIELD_CHECKS,
  FIELD_SCHEMAS,
  isEntityKind,
  MAX_CLOCK,
  maxClock,
  MEMBER_ID_PATTERN,
  mergeOwnRecords,
  type EntityRecord,
} from '../core';
import { expectedWords } from '../core/schemaWords';
import { canonicalJson } from './canonical';
import { AccordFileError, lineOfPath, positionAt, syntaxErrorPosition } from './errors';
import { CURRENT_SCHEMA, migrate, type Migration, MIGRATIONS } from './migrations';

export const MAX_FILE_BYTES = 20 * 1024 * 1024;
/**
 * The deepest nesting of arrays and objects a member file may hold. Accord's own format is 6
 * deep (file → entities → record → fields → yardstick → doneWhen); the rest is room for fields
 * of a newer Accord. Deeper values would overflow the stack when the file is written back.
 */
export const MAX_DEPTH = 64;
/**
 * The most arrays and objects one member file may hold: about three times what a 20 MB file
 * of check-ins holds. A file of nothing but brackets is refused before JSON.parse builds it.
 */
export const MAX_CONTAINERS = 1_000_000;

export interface MemberFileData {
  schema: number;
  member: string;
  /** The highest Lamport clock this member has written or seen. */
  clock: number;
  entities: Record<string, EntityRecord>;
  [unknown: string]: unknown;
}

export function emptyMemberFile(member: string): MemberFileData {
  return { schema: CURRENT_SCHEMA, member, clock: 0, entities: Object.create(null) };
}

export function serializeMemberFile(data: MemberFileData): string {
  return canonicalJson(data);
}

const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const RECORD_KEYS = new Set(['kind', 'fields', 'clocks', 'deleted']);
const KIND_PATTERN = /^[A-Za-z][A-Za-z0-9]{0,40}$/;
// Marker lines as git writes them, with LF or CRLF endings (core.autocrlf=true writes CRLF).
const CONFLICT_START = /^<{7}(?: |\r?$)/;
const CONFLICT_BASE = /^\|{7}(?: |\r?$)/;
const CONFLICT_MIDDLE = /^={7}\r?$/;
const CONFLICT_END = /^>{7}(?: |\r?$)/;

export interface ParseOptions {
  /** The path shown in errors, relative to the workspace when possible. */
  file: string;
  /** The member the file name says it belongs to. */
  member: string;
  /** For one's own file: git conflict markers are resolved by merging both sides. */
  resolveConflicts?: boolean;
  migrations?: readonly Migration[];
}

export interface ParsedMemberFile {
  data: MemberFileData;
  /** True when the text carried conflict markers that were resolved by merging both sides. */
  resolvedConflict: boolean;
}

/** Parses and validates one member file; throws AccordFileError with the place and the fix. */
export function parseMemberFile(input: string, options: ParseOptions): ParsedMemberFile {
  const { file } = options;
  if (Buffer.byteLength(input, 'utf8') > MAX_FILE_BYTES) {
    throw new AccordFileError(
      file,
      'too-large',
      `The file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB, the most Accord reads.`,
      'Check whether something other than Accord wrote to it; restore it with git if so.',
    );
  }
  // Some Windows editors save a byte-order mark. It is not part of the JSON, and editors do not
  // count it as a column, so every line and column below is of the text after it.
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const conflictLine = findConflictMarker(text);
  if (conflictLine !== undefined) {
    const sides = splitConflict(text);
    if (!options.resolveConflicts || !sides) {
      throw new AccordFileError(
        file,
        'conflict',
        'The file has git conflict markers (<<<<<<< ======= >>>>>>>) from a merge.',
        sides
          ? `Ask ${options.member} to open the workspace with Accord: it merges both sides of their own file, or resolve it by hand and commit.`
          : "Remove the markers by hand, keeping both sides' entities, then commit.",
        conflictLine,
      );
    }
    const ours = parseSide(sides.ours, sides.oursLines, options);
    const theirs = parseSide(sides.theirs, sides.theirsLines, options);
    const data: MemberFileData = {
      ...theirs,
      ...ours,
      clock: Math.max(ours.clock, theirs.clock),
      entities: mergeOwnRecords(options.member, ours.entities, theirs.entities),
    };
    rememberHighestClock(data, Math.max(highestClock(ours), highestClock(theirs)));
    return { data, resolvedConflict: true };
  }
  return { data: parseClean(text, options), resolvedConflict: false };
}

/** One side of a conflict; an error in it names the line of the conflicted file, not of the side. */
function parseSide(text: string, lines: readonly number[], options: ParseOptions): MemberFileData {
  try {
    return parseClean(text, options);
  } catch (error) {
    if (!(error instanceof AccordFileError) || error.line === undefined) throw error;
    const line = lines[error.line - 1] ?? (lines[lines.length - 1] ?? 0) + 1;
    throw new AccordFileError(error.file, error.problem, error.reason, error.fix, line, error.column);
  }
}

function parseClean(text: string, options: ParseOptions): MemberFileData {
  const { file } = options;
  checkNesting(text, file);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const where = syntaxErrorPosition(text, message);
    throw new AccordFileError(
      file,
      'not-json',
      `The file is not valid JSON (${message
        .replace(/ in JSON at position \d+.*$/, '')
        .replace(/, (?:\.\.\.)?".*is not valid JSON$/s, '')
        .replace(/^JSON\.parse: /, '')}).`,
      'Fix the JSON by hand or restore the file with git (git checkout -- <file>).',
      where?.line,
      where?.column,
    );
  }
  if (!isPlainObject(raw)) throw schemaError(text, options, [], 'The file must hold a JSON object.');
  const schema = raw.schema;
  if (typeof schema !== 'number' || !Number.isInteger(schema) || schema < 1) {
    throw schemaError(text, options, ['schema'], '"schema" must be a whole number, the data format version.');
  }
  if (schema > CURRENT_SCHEMA) {
    throw new AccordFileError(
      file,
      'newer-schema',
      `The file uses data format ${schema}, newer than this Accord understands (${CURRENT_SCHEMA}).`,
      'Update the Accord extension; the file is left untouched until then.',
      lineOfPath(text, ['schema']),
    );
  }
  const data = migrate(raw, options.migrations ?? MIGRATIONS);
  rememberHighestClock(data, validateMemberFile(data, text, options));
  return data as MemberFileData;
}

/**
 * Refuses, before JSON.parse builds it, a text nested deeper than MAX_DEPTH or holding more
 * than MAX_CONTAINERS arrays and objects. Counting brackets with String.indexOf is cheap (a
 * few ms for 20 MB); only a text with unusually many brackets is scanned character by character.
 */
export function checkNesting(text: string, file: string): void {
  let brackets = 0;
  for (const open of ['{', '[']) for (let i = text.indexOf(open); i !== -1; i = text.indexOf(open, i + 1)) brackets++;
  // Accord's own files hold about one bracket per 100 characters.
  if (brackets * 32 < text.length && brackets <= MAX_CONTAINERS) return;
  let depth = 0;
  let containers = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip the string: to the next quote that is not escaped.
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x7b || c === 0x5b) {
      containers++;
      if (++depth > MAX_DEPTH) {
        const at = positionAt(text, i);
        throw new AccordFileError(
          file,
          'too-deep',
          `A value is nested more than ${MAX_DEPTH} levels deep, deeper than anything Accord writes.`,
          'Remove that value by hand or restore the file with git.',
          at.line,
          at.column,
        );
      }
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  if (containers > MAX_CONTAINERS) {
    throw new AccordFileError(
      file,
      'too-large',
      `The file holds ${containers} arrays and objects, more than the ${MAX_CONTAINERS} Accord reads from one file.`,
      'Check whether something other than Accord wrote to it; restore it with git if so.',
    );
  }
}

/** The highest Lamport clock in each file read, field clocks and tombstones included (found while validating it). */
const highestClocks = new WeakMap<object, number>();

function rememberHighestClock(data: object, clock: number): void {
  highestClocks.set(data, clock);
}

/**
 * The highest Lamport clock a member file holds: its "clock", every field clock and every
 * tombstone. A writer's next clock must be above this for every file it merges. At most
 * MAX_CLOCK for any file that was read; computed (and remembered) for data built in memory.
 */
export function highestClock(data: MemberFileData): number {
  let clock = highestClocks.get(data);
  if (clock === undefined) {
    clock = Math.max(data.clock, maxClock(data.entities));
    highestClocks.set(data, clock);
  }
  // A write edits its data in place and sets "clock" to the clock of the edit, the highest in it.
  return Math.max(clock, data.clock);
}

/** Validates a migrated file in place and returns its highest clock. */
function validateMemberFile(data: Record<string, unknown>, text: string, options: ParseOptions): number {
  const fail = (path: string[], reason: string) => schemaError(text, options, path, reason);
  const clockFail = (path: string[], what: string) => fail(path, `${what} must be a whole number from 0 to ${MAX_CLOCK} (Accord's ceiling for clocks).`);
  if (typeof data.member !== 'string' || !MEMBER_ID_PATTERN.test(data.member)) throw fail(['member'], '"member" must be a member id.');
  if (data.member !== options.member) throw fail(['member'], `"member" says "${data.member}", but the file is named for "${options.member}".`);
  if (!isClock(data.clock)) throw clockFail(['clock'], '"clock"');
  let highest = data.clock;
  // Depths below count the levels above each value: the file, "entities", the record, "fields".
  for (const key of Object.keys(data)) {
    const problem = TOP_KEYS.has(key) ? undefined : unwritable(data[key], MAX_DEPTH - 1);
    if (problem) throw fail([key], describeUnwritable(problem, `"${truncate(key)}"`));
  }
  const entities = data.entities;
  if (!isPlainObject(entities)) throw fail(['entities'], '"entities" must be an object keyed by entity id.');
  for (const id of Object.keys(entities)) {
    if (!ENTITY_ID_PATTERN.test(id)) throw fail(['entities', id], `"${truncate(id)}" is not a valid entity id.`);
    const record = entities[id];
    const at = ['entities', id];
    if (!isPlainObject(record)) throw fail(at, `Entity "${id}" must be an object.`);
    if (typeof record.kind !== 'string' || !KIND_PATTERN.test(record.kind)) throw fail([...at, 'kind'], `Entity "${id}" needs a "kind".`);
    if (!isPlainObject(record.fields)) throw fail([...at, 'fields'], `Entity "${id}" needs a "fields" object.`);
    if (!isPlainObject(record.clocks)) throw fail([...at, 'clocks'], `Entity "${id}" needs a "clocks" object.`);
    if (record.deleted !== undefined) {
      if (!isClock(record.deleted)) throw clockFail([...at, 'deleted'], `"deleted" of "${id}"`);
      if (record.deleted > highest) highest = record.deleted;
    }
    for (const key in record) {
      if (RECORD_KEYS.has(key)) continue;
      if (!NAME_PATTERN.test(key)) throw fail([...at, key], `"${truncate(key)}" is not a valid key.`);
      const problem = unwritable(record[key], MAX_DEPTH - 3);
      if (problem) throw fail([...at, key], describeUnwritable(problem, `"${truncate(key)}" of "${id}"`));
    }
    const known = isEntityKind(record.kind);
    const schemas = known ? FIELD_SCHEMAS[record.kind as EntityKind] : undefined;
    const checks = known ? FIELD_CHECKS[record.kind as EntityKind] : undefined;
    const fields = record.fields;
    const clocks = record.clocks;
    for (const name of Object.keys(fields)) {
      const fieldSchema = schemas?.[name];
      if (!fieldSchema && !NAME_PATTERN.test(name)) throw fail([...at, 'fields', name], `"${truncate(name)}" is not a valid field name.`);
      // Own clocks only: a field named "constructor" must not find Object.prototype's.
      const clock = Object.hasOwn(clocks, name) ? clocks[name] : undefined;
      if (clock === undefined) throw fail([...at, 'clocks', name], `Field "${name}" of "${id}" has no clock.`);
      if (!isClock(clock)) throw clockFail([...at, 'clocks', name], `The clock of "${name}" of "${id}"`);
      if (clock > highest) highest = clock;
      const value = fields[name];
      if ((typeof value === 'object' && value !== null) || typeof value === 'number') {
        const problem = unwritable(value, MAX_DEPTH - 4);
        if (problem) throw fail([...at, 'fields', name], describeUnwritable(problem, `Field "${name}" of ${record.kind} "${id}"`));
      }
      // null clears an optional field; unknown fields (from a newer Accord) are kept as they are.
      if (fieldSchema && value !== null && !checks?.[name]?.(value)) {
        const result = v.safeParse(fieldSchema, value);
        if (!result.success) throw fail([...at, 'fields', name], `Field "${name}" of ${record.kind} "${id}": ${describeIssue(result.issues[0])}.`);
      }
    }
    for (const name of Object.keys(clocks)) {
      // Own fields only: `in` would let a clock named "__proto__" or "valueOf" through.
      if (!Object.hasOwn(fields, name)) throw fail([...at, 'clocks', name], `Clock "${name}" of "${id}" has no field.`);
    }
  }
  return highest;
}

const TOP_KEYS = new Set(['schema', 'member', 'clock', 'entities']);

/**
 * What is wrong with a value of a member file beyond its schema, or undefined: nesting deeper
 * than `levels` arrays or objects (a string or number is 0 deep), or a number JSON cannot
 * write back (1e400 reads as Infinity). Stops at the limit, so a hostile value costs no more
 * than its first `levels` levels.
 */
function unwritable(value: unknown, levels: number): 'too deep' | 'not finite' | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : 'not finite';
  if (typeof value !== 'object' || value === null) return undefined;
  if (levels <= 0) return 'too deep';
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = unwritable(value[i], levels - 1);
      if (problem) return problem;
    }
    return undefined;
  }
  for (const key in value) {
    const problem = unwritable((value as Record<string, unknown>)[key], levels - 1);
    if (problem) return problem;
  }
  return undefined;
}

function describeUnwritable(problem: 'too deep' | 'not finite', what: string): string {
  return problem === 'too deep' ? `${what} is nested more than ${MAX_DEPTH} levels deep.` : `${what} holds a number too large for JSON (like 1e400).`;
}

function describeIssue(issue: v.BaseIssue<unknown> | undefined): string {
  if (!issue) return 'invalid value';
  const path = issue.path?.map((p) => String(p.key)).join('.');
  return `${path ? `${path}: ` : ''}${expectedWords(issue)}`;
}

function schemaError(text: string, options: ParseOptions, path: string[], reason: string): AccordFileError {
  return new AccordFileError(
    options.file,
    'schema',
    reason,
    'Fix that value by hand or restore the file with git; Accord keeps the last good data meanwhile and will not overwrite the file.',
    lineOfPath(text, path) ?? 1,
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isClock(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_CLOCK;
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function findConflictMarker(text: string): number | undefined {
  // Cheap scan first: the markers are rare and files can be large.
  if (!text.includes('<<<<<<<') && !text.includes('>>>>>>>')) return undefined;
  const lines = text.split('\n');
  const index = lines.findIndex((line) => CONFLICT_START.test(line) || CONFLICT_END.test(line));
  return index < 0 ? undefined : index + 1;
}

/**
 * Both sides of a conflicted file, or undefined when the markers are malformed. `oursLines[i]`
 * is the line of the file that line i + 1 of `ours` came from (and so for `theirs`).
 */
export function splitConflict(text: string): { ours: string; theirs: string; oursLines: number[]; theirsLines: number[] } | undefined {
  const ours: string[] = [];
  const theirs: string[] = [];
  const oursLines: number[] = [];
  const theirsLines: number[] = [];
  let section: 'both' | 'ours' | 'base' | 'theirs' = 'both';
  let number = 0;
  for (const line of text.split('\n')) {
    number++;
    if (CONFLICT_START.test(line)) {
      if (section !== 'both') return undefined;
      section = 'ours';
    } else if (CONFLICT_BASE.test(line) && section === 'ours') {
      section = 'base';
    } else if (CONFLICT_MIDDLE.test(line) && (section === 'ours' || section === 'base')) {
      section = 'theirs';
    } else if (CONFLICT_END.test(line)) {
      if (section !== 'theirs') return undefined;
      section = 'both';
    } else if (section === 'both') {
      ours.push(line);
      theirs.push(line);
      oursLines.push(number);
      theirsLines.push(number);
    } else if (section === 'ours') {
      ours.push(line);
      oursLines.push(number);
    } else if (section === 'theirs') {
      theirs.push(line);
      theirsLines.push(number);
    }
  }
  return section === 'both' ? { ours: ours.join('\n'), theirs: theirs.join('\n'), oursLines, theirsLines } : undefined;
}
