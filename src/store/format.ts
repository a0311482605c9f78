/**
 * The member file, `.accord/people/<member-id>.json`: parsing and validating untrusted bytes,
 * and writing canonical JSON. Nothing here touches the disk.
 */
import * as v from 'valibot';
import type { EntityKind } from '../core';
import { ENTITY_ID_PATTERN, FIELD_CHECKS, FIELD_SCHEMAS, isEntityKind, MEMBER_ID_PATTERN, mergeOwnRecords, type EntityRecord } from '../core';
import { canonicalJson } from './canonical';
import { AccordFileError, lineOfPath, syntaxErrorPosition } from './errors';
import { CURRENT_SCHEMA, migrate, type Migration, MIGRATIONS } from './migrations';

export const MAX_FILE_BYTES = 20 * 1024 * 1024;

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
const CONFLICT_START = /^<{7}(?: |$)/;
const CONFLICT_BASE = /^\|{7}(?: |$)/;
const CONFLICT_MIDDLE = /^={7}$/;
const CONFLICT_END = /^>{7}(?: |$)/;

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
export function parseMemberFile(text: string, options: ParseOptions): ParsedMemberFile {
  const { file } = options;
  if (Buffer.byteLength(text, 'utf8') > MAX_FILE_BYTES) {
    throw new AccordFileError(file, 'too-large', `The file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB, the most Accord reads.`, 'Check whether something other than Accord wrote to it; restore it with git if so.');
  }
  const conflictLine = findConflictMarker(text);
  if (conflictLine !== undefined) {
    const sides = splitConflict(text);
    if (!options.resolveConflicts || !sides) {
      throw new AccordFileError(
        file,
        'conflict',
        'The file has git conflict markers (<<<<<<< ======= >>>>>>>) from a merge.',
        sides ? `Ask ${options.member} to open the workspace with Accord: it merges both sides of their own file, or resolve it by hand and commit.` : 'Remove the markers by hand, keeping both sides\' entities, then commit.',
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
  let raw: unknown;
  try {
    // Some Windows editors save a byte-order mark; it is not part of the JSON.
    raw = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    const message = (error as Error).message;
    const where = syntaxErrorPosition(text, message);
    throw new AccordFileError(file, 'not-json', `The file is not valid JSON (${message.replace(/ in JSON at position \d+.*$/, '').replace(/, (?:\.\.\.)?".*is not valid JSON$/s, '').replace(/^JSON\.parse: /, '')}).`, 'Fix the JSON by hand or restore the file with git (git checkout -- <file>).', where?.line, where?.column);
  }
  if (!isPlainObject(raw)) throw schemaError(text, options, [], 'The file must hold a JSON object.');
  const schema = raw.schema;
  if (typeof schema !== 'number' || !Number.isInteger(schema) || schema < 1) {
    throw schemaError(text, options, ['schema'], '"schema" must be a whole number, the data format version.');
  }
  if (schema > CURRENT_SCHEMA) {
    throw new AccordFileError(file, 'newer-schema', `The file uses data format ${schema}, newer than this Accord understands (${CURRENT_SCHEMA}).`, 'Update the Accord extension; the file is left untouched until then.', lineOfPath(text, ['schema']));
  }
  const data = migrate(raw, options.migrations ?? MIGRATIONS);
  validateMemberFile(data, text, options);
  return data as MemberFileData;
}

function validateMemberFile(data: Record<string, unknown>, text: string, options: ParseOptions): void {
  const fail = (path: string[], reason: string) => schemaError(text, options, path, reason);
  if (typeof data.member !== 'string' || !MEMBER_ID_PATTERN.test(data.member)) throw fail(['member'], '"member" must be a member id.');
  if (data.member !== options.member) throw fail(['member'], `"member" says "${data.member}", but the file is named for "${options.member}".`);
  if (!isClock(data.clock)) throw fail(['clock'], '"clock" must be a whole number of 0 or more.');
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
    if (record.deleted !== undefined && !isClock(record.deleted)) throw fail([...at, 'deleted'], `"deleted" of "${id}" must be a whole number.`);
    for (const key in record) if (!RECORD_KEYS.has(key) && !NAME_PATTERN.test(key)) throw fail([...at, key], `"${truncate(key)}" is not a valid key.`);
    const known = isEntityKind(record.kind);
    const schemas = known ? FIELD_SCHEMAS[record.kind as EntityKind] : undefined;
    const checks = known ? FIELD_CHECKS[record.kind as EntityKind] : undefined;
    const fields = record.fields;
    const clocks = record.clocks;
    for (const name of Object.keys(fields)) {
      const fieldSchema = schemas?.[name];
      if (!fieldSchema && !NAME_PATTERN.test(name)) throw fail([...at, 'fields', name], `"${truncate(name)}" is not a valid field name.`);
      if (!isClock(clocks[name])) throw fail([...at, 'clocks', name], `Field "${name}" of "${id}" has no clock.`);
      const value = fields[name];
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
}

function describeIssue(issue: v.BaseIssue<unknown> | undefined): string {
  if (!issue) return 'invalid value';
  const path = issue.path?.map((p) => String(p.key)).join('.');
  return `${path ? `${path}: ` : ''}expected ${issue.expected ?? 'a valid value'}, got ${truncate(String(issue.received))}`;
}

function schemaError(text: string, options: ParseOptions, path: string[], reason: string): AccordFileError {
  return new AccordFileError(options.file, 'schema', reason, 'Fix that value by hand or restore the file with git; Accord keeps the last good data meanwhile and will not overwrite the file.', lineOfPath(text, path) ?? 1);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isClock(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
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
