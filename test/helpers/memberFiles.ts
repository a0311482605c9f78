/** Shared helpers for the store tests: temp workspaces and member files built by hand. */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EntityRecord } from '../../src/core';
import { CURRENT_SCHEMA, type MemberFileData, serializeMemberFile } from '../../src/store';

export interface TempWorkspace {
  root: string;
  peopleDir: string;
  fileOf(member: string): string;
  /** The path as AccordFileError names it. */
  displayPathOf(member: string): string;
  write(member: string, text: string | Buffer): Promise<void>;
  read(member: string): Promise<string>;
  readBytes(member: string): Promise<Buffer>;
  /** Whether a lock left by proper-lockfile is still there. */
  lockExists(member: string): boolean;
  cleanup(): Promise<void>;
}

export async function tempWorkspace(prefix = 'accord-store-'): Promise<TempWorkspace> {
  const root = await mkdtemp(join(tmpdir(), prefix));
  const peopleDir = join(root, '.accord', 'people');
  await mkdir(peopleDir, { recursive: true });
  const fileOf = (member: string) => join(peopleDir, `${member}.json`);
  return {
    root,
    peopleDir,
    fileOf,
    displayPathOf: (member) => `.accord/people/${member}.json`,
    write: (member, text) => writeFile(fileOf(member), text),
    read: (member) => readFile(fileOf(member), 'utf8'),
    readBytes: (member) => readFile(fileOf(member)),
    lockExists: (member) => existsSync(`${fileOf(member)}.lock`),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

/** A record whose fields were all written at `clock`. */
export function record(kind: string, fields: Record<string, unknown>, clock: number, extra: Record<string, unknown> = {}): EntityRecord {
  const clocks: Record<string, number> = {};
  for (const name of Object.keys(fields)) clocks[name] = clock;
  return { ...extra, kind, fields, clocks };
}

/** A member file holding `entities`, its clock the highest one in them. */
export function memberFile(member: string, entities: Record<string, EntityRecord>, extra: Record<string, unknown> = {}): MemberFileData {
  let clock = 0;
  for (const entity of Object.values(entities)) {
    for (const value of Object.values(entity.clocks)) clock = Math.max(clock, value);
    if (entity.deleted !== undefined) clock = Math.max(clock, entity.deleted);
  }
  return { ...extra, schema: CURRENT_SCHEMA, member, clock, entities };
}

export function memberFileText(member: string, entities: Record<string, EntityRecord>, extra: Record<string, unknown> = {}): string {
  return serializeMemberFile(memberFile(member, entities, extra));
}

export function goalFields(owner: string, title: string): Record<string, unknown> {
  return { title, owner, state: 'active', createdAt: '2026-03-02T09:00:00.000Z' };
}

export function microGoalFields(owner: string, title: string, goal?: string): Record<string, unknown> {
  return { title, owner, done: false, createdAt: '2026-03-02T09:05:00.000Z', ...(goal ? { goal } : {}) };
}

/** The id of the k-th check-in a test writer makes; zero-padded so ids sort in write order. */
export function checkInId(prefix: string, k: number): string {
  return `ci-${prefix}-${String(k).padStart(6, '0')}`;
}

/** The fields of the k-th check-in: deterministic, so a test knows every state a writer goes through. */
export function checkInFields(member: string, k: number): { member: string; at: string; microGoals: string[]; status: 'on-track' | 'at-risk'; note: string } {
  return {
    member,
    at: new Date(Date.UTC(2026, 2, 2, 9, 30) + k * 60_000).toISOString(),
    microGoals: [],
    status: k % 2 === 0 ? 'on-track' : 'at-risk',
    note: `check-in number ${k}`,
  };
}

/** The 1-based number of the only line of `text` that contains `needle`. */
export function lineOf(text: string, needle: string): number {
  const lines = text.split('\n');
  const found = lines.flatMap((line, i) => (line.includes(needle) ? [i + 1] : []));
  if (found.length !== 1) throw new Error(`expected exactly one line with ${JSON.stringify(needle)}, found ${found.length}`);
  return found[0]!;
}
