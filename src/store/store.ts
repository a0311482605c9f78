/**
 * The team's data on disk: one file per member under `<root>/.accord/people/`, each written
 * only by its member. Reading merges every file; writing re-reads one's own file under a
 * cross-process lock, applies the edit with a fresh Lamport clock and writes it atomically.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { Low } from 'lowdb';
import * as v from 'valibot';
import {
  type EntityFields,
  type EntityKind,
  type EntityRecord,
  FIELD_SCHEMAS,
  materializeSources,
  maxClock,
  ENTITY_ID_PATTERN,
  MEMBER_ID_PATTERN,
  newId,
  OPTIONAL_FIELDS,
  type TeamState,
} from '../core';
import { type FileCache, MemberFileAdapter } from './adapter';
import { AccordFileError } from './errors';
import { emptyMemberFile, type MemberFileData } from './format';
import { withFileLock } from './lock';

export interface StoreOptions {
  /** The workspace folder. */
  root: string;
  /** The data folder inside it; `.accord` unless the user chose another. */
  dataFolder?: string;
  /** This person's member id, once known. */
  me?: string;
  /** Restricted Mode: read, never write. */
  readOnly?: boolean;
}

export class ReadOnlyError extends Error {
  constructor() {
    super('Accord is read-only in Restricted Mode. Trust the workspace to check in or edit.');
    this.name = 'ReadOnlyError';
  }
}

/** What one edit may do; every field it sets is validated before anything is written. */
export class Edit {
  readonly touched = new Set<string>();

  constructor(
    private readonly records: Record<string, EntityRecord>,
    private readonly clock: number,
  ) {}

  /** Creates an entity with a new random id and returns the id. */
  create<K extends EntityKind>(kind: K, prefix: string, fields: EntityFields<K>): string {
    const id = newId(prefix);
    this.set(id, kind, fields);
    return id;
  }

  /** Sets some fields of an entity (creating this member's record of it if needed); null clears an optional field. */
  set<K extends EntityKind>(id: string, kind: K, fields: { [F in keyof EntityFields<K>]?: EntityFields<K>[F] | null }): void {
    const schemas = FIELD_SCHEMAS[kind];
    // Copy on write: the record that was read stays as it was, so the serializer can reuse
    // the text of every record it has seen before and an edit that fails leaves no trace.
    const existing = this.records[id];
    const record: EntityRecord = existing ? { ...existing, fields: { ...existing.fields }, clocks: { ...existing.clocks } } : { kind, fields: {}, clocks: {} };
    if (!ENTITY_ID_PATTERN.test(id)) throw new Error(`Invalid ${kind} id "${id}"`);
    for (const [name, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      // Only fields the schema knows, and null only to clear an optional one: values that
      // came from a partner's file (a renegotiation's change, say) cannot smuggle in more.
      const schema = schemas[name];
      if (!schema) throw new Error(`A ${kind} has no field "${name}"`);
      if (value === null) {
        if (!OPTIONAL_FIELDS[kind].has(name)) throw new Error(`The ${kind} field "${name}" cannot be cleared`);
        record.fields[name] = null;
      } else {
        const result = v.safeParse(schema, value);
        if (!result.success) throw new Error(`Invalid ${kind} ${name}: ${result.issues[0]?.message ?? 'invalid value'}`);
        record.fields[name] = result.output;
      }
      record.clocks[name] = this.clock;
    }
    this.records[id] = record;
    this.touched.add(id);
  }

  /** Deletes an entity for the whole team: a tombstone, so it stays deleted after any merge. */
  delete(id: string, kind: EntityKind): void {
    const existing = this.records[id];
    const record: EntityRecord = existing ? { ...existing } : { kind, fields: {}, clocks: {} };
    record.deleted = this.clock;
    this.records[id] = record;
    this.touched.add(id);
  }
}

type Listener = () => void;

export class AccordStore {
  readonly root: string;
  readonly dataFolder: string;
  me: string | undefined;
  readOnly: boolean;
  /** The last good data of each member file, kept when a newer version of it cannot be read. */
  private readonly files = new Map<string, MemberFileData>();
  private readonly fileErrors = new Map<string, AccordFileError>();
  private readonly caches = new Map<string, FileCache>();
  private teamClock = 0;
  private cachedState: TeamState | undefined;
  private readonly listeners = new Set<Listener>();

  constructor(options: StoreOptions) {
    this.root = options.root;
    this.dataFolder = options.dataFolder ?? '.accord';
    this.me = options.me;
    this.readOnly = options.readOnly ?? false;
  }

  get peopleDir(): string {
    return join(this.root, this.dataFolder, 'people');
  }

  fileOf(member: string): string {
    return join(this.peopleDir, `${member}.json`);
  }

  displayPath(path: string): string {
    return relative(this.root, path).split('\\').join('/');
  }

  /** The merged team state; computed on first use after a change. */
  get state(): TeamState {
    this.cachedState ??= materializeSources([...this.files].map(([member, data]) => ({ member, entities: data.entities })));
    return this.cachedState;
  }

  /** Files that could not be read, each with what is wrong, where, and the fix. */
  get errors(): AccordFileError[] {
    return [...this.fileErrors.values()];
  }

  get members(): string[] {
    return [...this.files.keys()].sort();
  }

  onDidChange(listener: Listener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Reads every member file. A file that cannot be read keeps its last good data. */
  async loadAll(): Promise<void> {
    let names: string[] = [];
    try {
      names = await readdir(this.peopleDir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const members = names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -5)).filter((m) => MEMBER_ID_PATTERN.test(m));
    for (const gone of [...this.files.keys()].filter((m) => !members.includes(m))) this.files.delete(gone);
    for (const gone of [...this.fileErrors.keys()].filter((m) => !members.includes(m))) this.fileErrors.delete(gone);
    for (const gone of [...this.caches.keys()].filter((m) => !members.includes(m))) this.caches.delete(gone);
    await Promise.all(members.map((member) => this.readMember(member)));
    this.rebuild();
  }

  /** Re-reads one member's file after it changed on disk (git pull, another window). */
  async reloadMember(member: string): Promise<void> {
    if (!MEMBER_ID_PATTERN.test(member)) return;
    await this.readMember(member);
    this.rebuild();
  }

  private async readMember(member: string): Promise<void> {
    const adapter = this.adapterFor(member);
    try {
      const data = await adapter.read();
      if (data) this.files.set(member, data);
      else this.files.delete(member);
      this.fileErrors.delete(member);
    } catch (error) {
      if (!(error instanceof AccordFileError)) throw error;
      this.fileErrors.set(member, error);
    }
  }

  private adapterFor(member: string): MemberFileAdapter {
    const path = this.fileOf(member);
    let cache = this.caches.get(member);
    if (!cache) {
      cache = {};
      this.caches.set(member, cache);
    }
    return new MemberFileAdapter({ path, displayPath: this.displayPath(path), member, own: member === this.me, cache });
  }

  private rebuild(): void {
    let clock = 0;
    for (const data of this.files.values()) clock = Math.max(clock, data.clock);
    this.teamClock = clock;
    this.changed();
  }

  private changed(): void {
    this.cachedState = undefined;
    for (const listener of this.listeners) listener();
  }

  /** Keeps the atomic writer's temp files and the lock folders out of commits (written once, never overwritten). */
  private async ensureGitignore(): Promise<void> {
    const text = '# Accord: temporary files of atomic writes and locks\npeople/*.json.*\npeople/*.lock\n';
    try {
      await writeFile(join(this.root, this.dataFolder, '.gitignore'), text, { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }

  /**
   * Applies an edit to this member's own file: under a cross-process lock, re-reads the file
   * (merging whatever another window or a git pull wrote), stamps the edit with a Lamport
   * clock above everything seen, and writes atomically. A file that cannot be read is never
   * overwritten: the AccordFileError is thrown instead.
   */
  async update<T>(apply: (edit: Edit) => T): Promise<T> {
    if (this.readOnly) throw new ReadOnlyError();
    const me = this.me;
    if (!me) throw new Error('Accord does not know who you are yet: run "Accord: Set Up".');
    const path = this.fileOf(me);
    await mkdir(this.peopleDir, { recursive: true });
    await this.ensureGitignore();
    return withFileLock(path, async () => {
      const db = new Low(this.adapterFor(me), emptyMemberFile(me));
      try {
        await db.read();
      } catch (error) {
        if (error instanceof AccordFileError) this.fileErrors.set(me, error);
        throw error;
      }
      const data = db.data;
      const clock = Math.max(data.clock, maxClock(data.entities), this.teamClock) + 1;
      let result: T;
      try {
        result = apply(new Edit(data.entities, clock));
        data.clock = clock;
        await db.write();
      } catch (error) {
        // The edit was applied to the cached data in place, maybe only in part (a field that
        // failed validation, or a failed write): drop it and read the file again.
        this.caches.delete(me);
        await this.readMember(me);
        this.changed();
        throw error;
      }
      this.files.set(me, data);
      this.fileErrors.delete(me);
      this.teamClock = clock;
      this.changed();
      return result;
    });
  }
}
