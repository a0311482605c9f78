/**
 * The team's data on disk: one file per member under `<root>/.accord/people/`, each written
 * only by its member. Reading merges every file; writing re-reads one's own file under a
 * cross-process lock, applies the edit with a fresh Lamport clock and writes it atomically.
 */
import type { BigIntStats } from 'node:fs';
import { lstat, mkdir, readdir } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import {
  ARCHIVE_PERIOD_PATTERN,
  closedPeriods,
  compareText,
  ENTITY_KINDS,
  isWholeRecord,
  planReturn,
  type EntityRecord,
  isPortableMemberId,
  mergeMemberFiles,
  planArchive,
  withoutMoved,
  materializeSources,
  materializeSteps,
  type RecordSource,
  MAX_CLOCK,
  MAX_TRUSTED_CLOCK,
  MEMBER_ID_PATTERN,
  type TeamState,
} from '../core';
import type { BranchRead, MemberCopy, WorkingCopy } from './branchRead';
import { BranchCopies } from './copies';
import { blobId } from './gitProcess';
import { type FileCache, FileChangedError, MemberFileAdapter, readFailure, textOf } from './adapter';
import type { ReadVersion } from './incremental';
import { AccordFileError, AccordWriteError, describeWriteError } from './errors';
import { emptyMemberFile, highestClock, MAX_FILE_BYTES, type MemberFileData } from './format';
import { LockLostError, withFileLock } from './lock';
import {
  assertInside,
  createFileAtomically,
  currentVersion,
  type FileVersion,
  readRegularFile,
  removeStaleTempFiles,
  retryOnDescriptorShortage,
  sameVersion,
  UnsafeFileError,
  writeFileAtomically,
} from './safeFile';
import { mapBounded, nextTurn } from './concurrency';
import type { MemberFileParser } from './parser';
import { Edit } from './edit';

export { Edit };

/** The most bytes of member files one load reads in all (files beyond it are named, not read). */
export const MAX_TEAM_BYTES = 256 * 1024 * 1024;
/** Temp files of killed writes are removed once older than this (milliseconds). */
const STALE_TEMP_MS = 5 * 60_000;
/** How many times a write is redone after the file changed under it or the lock was lost. */
const WRITE_ATTEMPTS = 5;

export interface StoreOptions {
  /** The workspace folder. */
  root: string;
  /** The data folder inside it; `.accord` unless the user chose another. */
  dataFolder?: string;
  /** This person's member id, once known. */
  me?: string;
  /** Restricted Mode: read, never write. */
  readOnly?: boolean;
  /** The most bytes of member files one load reads in all; MAX_TEAM_BYTES unless a test sets less. */
  maxTeamBytes?: number;
  /** Test seam, see AccordStore.beforeWrite. */
  beforeWrite?: BeforeWrite;
  /**
   * Who parses a member file read whole: parseInThread (the default) or a WorkerParser's
   * `parse`, so that reading a large team never blocks the extension host (parser.ts).
   */
  parser?: MemberFileParser;
  /**
   * Whether `state` holds the closed periods while they are used (the `accord` command, which
   * reads everything). Otherwise, in the extension, `state` is always the live files' (what the
   * views read) and `historyState` the whole record.
   */
  historyInState?: boolean;
}

/**
 * Test seam: awaited with a member id after the store has read that member's file and before
 * it takes what it read. It exists so a test can land a write in the gap a slow read leaves
 * (a reload that began before one of this store's own writes), which timing alone cannot
 * produce on demand.
 */
export type AfterRead = (member: string) => Promise<void>;

/**
 * Test seam: called with the absolute path of each file the store is about to write (the
 * member file, `.accord/.gitignore`, `.accord/.gitattributes`) just before it is written. An
 * error it throws takes the path of a write the disk refused, e.g. `Object.assign(new
 * Error('read-only'), { code: 'EROFS' })` becomes an AccordWriteError naming that file. It
 * exists because the extension-host tests run as root, where chmod cannot cause EACCES, and
 * cannot mount a read-only or full disk.
 */
export type BeforeWrite = (path: string) => void;

export class ReadOnlyError extends Error {
  constructor() {
    super('Accord is read-only in Restricted Mode. Trust the workspace to check in or edit.');
    this.name = 'ReadOnlyError';
  }
}

type Listener = () => void;

/** Tells the person that a write waits for another window's lock; the result is disposed when it ends. */
export type LockWaitListener = (file: string) => { dispose(): void } | void;

export class AccordStore {
  readonly root: string;
  readonly dataFolder: string;
  me: string | undefined;
  readOnly: boolean;
  /** The last good data of each member file, kept when a newer version of it cannot be read. */
  private readonly files = new Map<string, MemberFileData>();
  private readonly fileErrors = new Map<string, AccordFileError>();
  /** Problems with the folder or with entries that are not member files, by path. */
  private readonly folderErrors = new Map<string, AccordFileError>();
  private readonly caches = new Map<string, FileCache>();
  private teamClock = 0;
  private cachedState: TeamState | undefined;
  /** The sources `cachedState` was merged from: each member and their records (see sameSources). */
  private cachedFrom: RecordSource[] | undefined;
  /** What the listeners were last told of (see changed). */
  private lastInputs: StoreInputs | undefined;
  /** Counts the changes of the files held: a state computed in steps across a change is dropped. */
  private generation = 0;
  /** The merge in steps under way (settledState). */
  private settling: Promise<TeamState> | undefined;
  private readonly listeners = new Set<Listener>();
  private readonly writeListeners = new Set<Listener>();
  private lockWaitListener: LockWaitListener | undefined;
  private lastTempCleanup = 0;
  /** The version of each git file this store last found (or made) right: unchanged, it is not read again. */
  private readonly gitFilesChecked = new Map<string, FileVersion | undefined>();
  private readonly maxTeamBytes: number;
  /** Copies of member files that git holds on branches (see TeamBranches), by member. */
  private readonly copies = new BranchCopies();
  private readonly blobIds = new WeakMap<Buffer, string>();
  /** Each member file's size, change time and inode as last read or written (see changedOnDisk). */
  private seenOnDisk: Map<string, string> | undefined;
  /** Test seam (see BeforeWrite); undefined in use. Settable so a test can reach the extension's own store. */
  beforeWrite: BeforeWrite | undefined;
  /** Test seam (see AfterRead); undefined in use. */
  afterRead: AfterRead | undefined;
  /**
   * How many writes of this store have landed, by member. A read that began before a write and
   * ends after it holds older bytes than the write: it must not put them back (see readMember).
   */
  private readonly writesLanded = new Map<string, number>();
  /** Who parses a member file read whole (StoreOptions.parser). */
  private readonly parser: MemberFileParser | undefined;
  private readonly historyInState: boolean;
  /** The whole record's state (historyState) and the sources it was merged from. */
  private history: { from: RecordSource[]; state: TeamState } | undefined;
  private historySettling: Promise<TeamState> | undefined;
  private readonly historyListeners = new Set<Listener>();
  /** Counts reads of the closed periods: one that began before the last user let go is dropped. */
  private archiveEpoch = 0;
  /**
   * My own closed periods' records, merged, always read (they are a small part of the team's):
   * a copy of my live file from before a move (on a branch, from my other machine) must not put
   * back what moved (core withoutMoved).
   */
  private ownClosed: Record<string, EntityRecord> = Object.create(null);
  /** The read of my closed periods under way (loadAll may leave it for later); a write waits for it. */
  private ownClosedRead: Promise<void> = Promise.resolve();
  /** Starts a read of my closed periods that loadAll left for later at once (a write cannot wait). */
  private readOwnClosedNow: (() => void) | undefined;
  /** Counts the times ownClosed was set: a read that began before the last of them keeps nothing. */
  private ownClosedSets = 0;
  /** The members whose folder of closed periods the last load saw (see hasClosedHistory). */
  private withHistory = new Set<string>();
  private readonly withoutMovedOf = new Map<
    string,
    { base: Record<string, EntityRecord>; closed: Record<string, EntityRecord>; entities: Record<string, EntityRecord> }
  >();
  /** Each member's closed periods as last read, by member then period (`2024`); empty unless someone uses them (useArchives). */
  private readonly archives = new Map<string, Map<string, MemberFileData>>();
  private readonly archiveCaches = new Map<string, FileCache>();
  /** Closed periods, and archive folders, that could not be read, by path. */
  private readonly archiveErrors = new Map<string, AccordFileError>();
  /** Each member's records with their closed periods merged in, remembered until either changes. */
  private readonly withArchives = new Map<string, { base: Record<string, EntityRecord>; periods: MemberFileData[]; entities: Record<string, EntityRecord> }>();
  /** How many users hold the closed periods (useArchives); they are dropped when the last lets go. */
  private archiveUsers = 0;
  /** The read of every closed period under way or done, while someone uses them. */
  private archivesRead: Promise<void> | undefined;
  /** Copies of closed periods on branches (ClosedPeriodSource), by member, while someone uses them. */
  private archiveCopies = new Map<string, MemberCopy[]>();
  private archiveCopyProblems: readonly AccordFileError[] = [];
  /**
   * Where copies of closed periods on branches come from (TeamBranches.readClosedPeriods), set
   * once git is known; read with the closed periods themselves, and again on refreshClosedPeriodCopies.
   */
  closedPeriodSource: ClosedPeriodSource | undefined;

  constructor(options: StoreOptions) {
    this.maxTeamBytes = options.maxTeamBytes ?? MAX_TEAM_BYTES;
    this.beforeWrite = options.beforeWrite;
    this.afterRead = undefined;
    this.root = options.root;
    this.dataFolder = options.dataFolder ?? '.accord';
    this.me = options.me;
    this.readOnly = options.readOnly ?? false;
    this.parser = options.parser;
    this.historyInState = options.historyInState ?? false;
  }

  get peopleDir(): string {
    return join(this.root, this.dataFolder, 'people');
  }

  fileOf(member: string): string {
    return join(this.peopleDir, `${member}.json`);
  }

  /**
   * The file that holds a member's record of an entity, for pointing at it: their live file
   * when it is there, else the closed period that holds it (while the closed periods are read),
   * else their live file.
   */
  fileHolding(member: string, id: string): string {
    const live = this.files.get(member)?.entities;
    if (live && Object.hasOwn(live, id)) return this.fileOf(member);
    for (const [period, data] of this.archives.get(member) ?? []) if (Object.hasOwn(data.entities, id)) return this.archiveFileOf(member, period);
    return this.fileOf(member);
  }

  /** The file of one of a member's closed periods: `people/<member>/<period>.json`. */
  archiveFileOf(member: string, period: string): string {
    return join(this.peopleDir, member, `${period}.json`);
  }

  displayPath(path: string): string {
    return relative(this.root, path).split('\\').join('/');
  }

  /** The merged team state; computed on first use after a change. */
  get state(): TeamState {
    if (!this.cachedState) {
      const from = this.sources();
      this.cachedState = materializeSources(from);
      this.cachedFrom = from;
    }
    return this.cachedState;
  }

  /**
   * The merged team state, computed in steps (core materializeSteps) that give the thread back
   * between them, so a large team never holds the extension host for long; afterwards `state`
   * is that same state at once. A change during the steps starts them again, so what resolves is
   * the state of the files as they are when it resolves.
   */
  settledState(): Promise<TeamState> {
    // One merge in steps at a time, whoever asks: two callers must not each merge the team.
    this.settling ??= this.settle().finally(() => (this.settling = undefined));
    return this.settling;
  }

  private async settle(): Promise<TeamState> {
    for (;;) {
      if (this.cachedState) return this.cachedState;
      const generation = this.generation;
      const from = this.sources();
      const steps = materializeSteps(from);
      let step = steps.next();
      while (!step.done && generation === this.generation) {
        await nextTurn();
        step = steps.next();
      }
      // Kept only when the files are still the ones it was merged from: a load under way
      // changes them without telling until it ends (a file gone for a moment, then back).
      if (step.done && generation === this.generation && !this.cachedState && sameSources(from, this.sources())) {
        this.cachedState = step.value;
        this.cachedFrom = from;
      }
    }
  }

  /**
   * Whether `member` had a folder of closed periods (`people/<id>/`) at the last load: their
   * records before the live window may be there. Read from the listing the load makes anyway.
   */
  hasClosedHistory(member: string): boolean {
    return this.withHistory.has(member);
  }

  /** Whether `state` is merged already (reading it costs nothing now). */
  get settled(): boolean {
    return this.cachedState !== undefined;
  }

  private sources(): RecordSource[] {
    return this.members.map((member) => ({ member, entities: this.recordsOf(member) }));
  }

  private historySources(): RecordSource[] {
    return this.members.map((member) => ({ member, entities: this.historyRecordsOf(member) }));
  }

  /**
   * The team's whole record, closed periods included, while someone uses them (useArchives),
   * for what reads history (the dashboard, the Timeline's Everything); otherwise `state`. Merged at once when
   * asked before settledHistoryState has merged it in steps.
   */
  get historyState(): TeamState {
    if (this.historyInState || !this.archiveUsers || this.noHistory) return this.state;
    const from = this.historySources();
    if (this.history && sameSources(this.history.from, from)) return this.history.state;
    this.history = { from, state: materializeSources(from) };
    return this.history.state;
  }

  /** Whether historyState is merged already (reading it costs nothing now). */
  get historySettled(): boolean {
    return this.historyInState || !this.archiveUsers || this.noHistory
      ? this.settled
      : this.history !== undefined && sameSources(this.history.from, this.historySources());
  }

  /** historyState, merged in steps that give the thread back between them (see settledState). */
  settledHistoryState(): Promise<TeamState> {
    if (this.historyInState || !this.archiveUsers || this.noHistory) return this.settledState();
    // Cleared once settled, never from inside (a merge with nothing to do ends at once).
    this.historySettling ??= this.settleHistory().finally(() => (this.historySettling = undefined));
    return this.historySettling;
  }

  private async settleHistory(): Promise<TeamState> {
    for (;;) {
      const from = this.historySources();
      if (this.history && sameSources(this.history.from, from)) return this.history.state;
      const steps = materializeSteps(from);
      let step = steps.next();
      while (!step.done) {
        await nextTurn();
        step = steps.next();
      }
      // Kept only if nothing changed meanwhile; else merged again from what is there now.
      if (sameSources(from, this.historySources())) this.history = { from, state: step.value };
    }
  }

  /** Whether no closed period is held, here or on a branch: the whole record is then the live one. */
  private get noHistory(): boolean {
    return this.archives.size === 0 && this.archiveCopies.size === 0;
  }

  /** Whether historyState holds anything beyond the live files: some closed period is read and used. */
  get holdsHistory(): boolean {
    return !this.historyInState && this.archiveUsers > 0 && !this.noHistory;
  }

  /** Called when the whole record may have changed: closed periods read or dropped, or a live file changed while they are used. */
  onDidChangeHistory(listener: Listener): { dispose(): void } {
    this.historyListeners.add(listener);
    return { dispose: () => this.historyListeners.delete(listener) };
  }

  private historyChanged(): void {
    for (const listener of this.historyListeners) listener();
  }

  /**
   * A member's records: their working file merged with every copy git holds of it that the
   * working file may lack. Remembered until the file or the copies change.
   */
  recordsOf(member: string): Record<string, EntityRecord> {
    return this.historyInState ? this.historyRecordsOf(member) : this.liveRecordsWithCopiesOf(member);
  }

  /** A member's live records: their working file merged with the copies of it on branches. */
  private liveRecordsWithCopiesOf(member: string): Record<string, EntityRecord> {
    const base = this.copies.recordsOf(member, this.files.get(member), this.me);
    if (member !== this.me) return base;
    // My records that my closed periods hold already (a copy from before they moved) are not live.
    const known = this.withoutMovedOf.get(member);
    if (known && known.base === base && known.closed === this.ownClosed) return known.entities;
    const entities = withoutMoved(member, base, this.ownClosed);
    this.withoutMovedOf.set(member, { base, closed: this.ownClosed, entities });
    return entities;
  }

  /**
   * Reads my closed periods after a load that left them for later (loadAll's `ownClosedAfter`),
   * then rebuilds: the state, and what the views are told, change only when they take something
   * out of my live records (rebuild compares the records merged).
   */
  private async readOwnClosedAfterLoad(): Promise<void> {
    await this.readOwnClosed();
    this.rebuild();
  }

  /**
   * Reads my closed periods (see ownClosed); a file that cannot be read adds nothing here (the
   * history read names it). What a read finds is dropped when "me" changed meanwhile, or a newer
   * read or a move (archiveClosed) set ownClosed first.
   */
  private async readOwnClosed(): Promise<void> {
    const sets = this.ownClosedSets;
    const me = this.me;
    const files = new Map<string, Record<string, EntityRecord>>();
    const periods = me ? await this.periodsOnDisk(me) : [];
    await mapBounded(periods, 4, async (period) => {
      const data = await this.archiveAdapter(me!, period)
        .read()
        .catch(() => undefined);
      if (data) files.set(period, data.entities);
    });
    // In the periods' order, whichever file was read first.
    const merged = mergeMemberFiles(
      me ?? '',
      periods.flatMap((period) => (files.has(period) ? [files.get(period)!] : [])),
    );
    if (this.me !== me || this.ownClosedSets !== sets) return;
    if (Object.keys(merged).length || Object.keys(this.ownClosed).length) {
      this.ownClosed = merged;
      this.ownClosedSets++;
    }
  }

  /**
   * A member's whole record: their live records (recordsOf) merged with their closed periods
   * and the copies of those on branches, while someone uses them (useArchives); else the live
   * records alone. Remembered until any of them changes.
   */
  historyRecordsOf(member: string): Record<string, EntityRecord> {
    const base = this.liveRecordsWithCopiesOf(member);
    const periods = this.archives.get(member);
    const copies = this.archiveCopies.get(member);
    if (!periods?.size && !copies?.length) return base;
    const datas = [...(periods?.values() ?? []), ...(copies ?? []).map((copy) => copy.data)];
    const known = this.withArchives.get(member);
    if (known && known.base === base && known.periods.length === datas.length && known.periods.every((d, i) => d === datas[i])) return known.entities;
    const entities = mergeMemberFiles(member, [base, ...datas.map((d) => d.entities)]);
    this.withArchives.set(member, { base, periods: datas, entities });
    return entities;
  }

  /** A member's closed periods as last read, by period (`2024`): empty unless someone uses them (useArchives). */
  closedRecordsOf(member: string): Map<string, Readonly<Record<string, EntityRecord>>> {
    return new Map([...(this.archives.get(member) ?? [])].map(([period, data]) => [period, data.entities]));
  }

  /**
   * How many records of my live file archiveClosed would move today (`today`, the UTC day), as
   * far as the live files tell (no closed period is read): what decides whether to move them
   * unasked. Parts of others' entries that must wait (see planArchive) are not counted.
   */
  movableInLiveFile(today: string): number {
    const me = this.me;
    const mine = me === undefined ? undefined : this.files.get(me)?.entities;
    if (!me || !mine) return 0;
    return planArchive(mine, closedPeriods(this.state, today), this.wholeElsewhere(me)).moved;
  }

  /** Whether a live file other than `me`'s (or a copy of one on a branch) holds the whole record of an entity (core isWholeRecord). */
  private wholeElsewhere(me: string): (id: string) => boolean {
    return (id) =>
      this.members.some((member) => {
        if (member === me) return false;
        const records = this.liveRecordsWithCopiesOf(member);
        const record = Object.hasOwn(records, id) ? records[id] : undefined;
        return record !== undefined && record.deleted === undefined && isWholeRecord(record);
      });
  }

  /**
   * The bytes of a member's closed periods on disk, by period (`2024`), for recording them on
   * the data branch: regular files inside the workspace only, each at most MAX_FILE_BYTES;
   * empty when there are none. Files that cannot be read are left out (the store names them).
   */
  async closedPeriodBytes(member: string): Promise<Map<string, Buffer>> {
    const out = new Map<string, Buffer>();
    for (const period of await this.periodsOnDisk(member)) {
      const read = await readRegularFile(this.archiveFileOf(member, period), MAX_FILE_BYTES).catch(() => undefined);
      if (read) out.set(period, read.bytes);
    }
    return out;
  }

  /** The closed periods (`2024`) in a member's folder on disk, sorted; none when there is no folder or it leads out of the workspace. */
  private async periodsOnDisk(member: string): Promise<string[]> {
    const folder = join(this.peopleDir, member);
    const names = await assertInside(this.root, folder)
      .then(() => retryOnDescriptorShortage(() => readdir(folder)))
      .catch(() => [] as string[]);
    return names
      .filter((name) => name.endsWith('.json') && ARCHIVE_PERIOD_PATTERN.test(name.slice(0, -5)))
      .map((name) => name.slice(0, -5))
      .sort();
  }

  /**
   * Reads every member's closed periods (`people/<id>/<year>.json`) and keeps them in
   * `historyState` (in `state` too with StoreOptions.historyInState) until the result is
   * disposed; the last user to let go drops them. For what reads history (the dashboard, the Timeline's Everything, the CLI, data
   * problems): the views read the live files only. Resolves once they are read and taken in.
   */
  async useArchives(): Promise<{ dispose(): void }> {
    this.archiveUsers++;
    let held = true;
    const release = {
      dispose: () => {
        if (!held) return;
        held = false;
        if (--this.archiveUsers > 0) return;
        this.archiveEpoch++;
        this.history = undefined;
        this.archivesRead = undefined;
        this.archives.clear();
        this.archiveCopies = new Map();
        this.archiveCopyProblems = [];
        this.archiveCaches.clear();
        this.archiveErrors.clear();
        this.withArchives.clear();
        this.rebuild();
        this.historyChanged();
      },
    };
    try {
      await (this.archivesRead ??= this.readArchives()
        .then(() => this.readClosedPeriodCopies())
        .then(() => this.rebuild()));
    } catch (error) {
      release.dispose();
      throw error;
    }
    return release;
  }

  /**
   * Reads the closed periods of every member with a folder in `people/` (or of `only`), when
   * someone uses them. What it finds is taken only if they are still used by then, and by the
   * same users (see archiveEpoch): a read that the last user let go of keeps nothing.
   */
  private async readArchives(only?: string): Promise<void> {
    if (!this.archiveUsers) return;
    const epoch = this.archiveEpoch;
    let entries: Dirent[];
    try {
      await assertInside(this.root, this.peopleDir);
      entries = await retryOnDescriptorShortage(() => readdir(this.peopleDir, { withFileTypes: true }));
    } catch {
      entries = []; // The live load names a folder that cannot be read.
    }
    const found = new Map<string, Map<string, MemberFileData>>();
    const problems = new Map<string, AccordFileError>();
    const folders: string[] = [];
    for (const entry of entries) {
      // A member's folder is named by their id; the live files, temp files and lock folders beside it are not folders of history.
      if (!MEMBER_ID_PATTERN.test(entry.name) || /\.json(\.|$)|\.lock$/.test(entry.name) || (only !== undefined && entry.name !== only)) continue;
      if (entry.isDirectory()) folders.push(entry.name);
      else {
        const path = join(this.peopleDir, entry.name);
        problems.set(
          path,
          new AccordFileError(
            this.displayPath(path),
            'not-a-file',
            `It is ${entry.isSymbolicLink() ? 'a link' : 'not a folder'}, where Accord keeps ${entry.name}'s closed history (a folder of files named like 2024.json), so Accord does not read it.`,
            `Restore the folder with git, or remove ${entry.isSymbolicLink() ? 'the link' : 'it'}.`,
          ),
        );
      }
    }
    let budget = this.maxTeamBytes;
    await mapBounded(folders.sort(), 4, async (member) => {
      const folder = join(this.peopleDir, member);
      let names: string[];
      try {
        await assertInside(this.root, folder);
        names = await retryOnDescriptorShortage(() => readdir(folder));
      } catch (error) {
        problems.set(
          folder,
          error instanceof UnsafeFileError ? this.unsafeFolderError(error) : (readFailure(error, this.displayPath(folder), ARCHIVE_FIXES) as AccordFileError),
        );
        return;
      }
      const periods = new Map<string, MemberFileData>();
      for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
        const path = join(folder, name);
        const period = name.slice(0, -5);
        if (!ARCHIVE_PERIOD_PATTERN.test(period)) {
          problems.set(
            path,
            new AccordFileError(
              this.displayPath(path),
              'not-a-member-file',
              `Its name is not a year, so Accord does not read it: ${member}'s closed history is kept in files named like 2024.json.`,
              'Move it out of this folder, or restore the folder with git.',
            ),
          );
          continue;
        }
        const info = await lstat(path).catch(() => undefined);
        if (info && (budget -= info.size) < 0) {
          problems.set(
            path,
            new AccordFileError(
              this.displayPath(path),
              'over-team-budget',
              `The team's closed history holds more than ${Math.round(this.maxTeamBytes / 1024 / 1024)} MB in all, the most Accord reads; this file was left out.`,
              'Check whether something other than Accord wrote these files; remove or restore the largest with git.',
            ),
          );
          continue;
        }
        try {
          const data = await retryOnDescriptorShortage(() => this.archiveAdapter(member, period).read());
          if (data) periods.set(period, data);
        } catch (error) {
          if (!(error instanceof AccordFileError)) throw error;
          // The last good version is kept: a closed period that cannot be read loses nothing.
          const last = this.archives.get(member)?.get(period);
          if (last) periods.set(period, last);
          problems.set(path, error);
        }
      }
      if (periods.size) found.set(member, periods);
    });
    if (!this.archiveUsers || epoch !== this.archiveEpoch) {
      // Let go meanwhile: the bytes this read cached go too.
      if (!this.archiveUsers) this.archiveCaches.clear();
      return;
    }
    const mine = (path: string) => only === undefined || path === join(this.peopleDir, only) || path.startsWith(join(this.peopleDir, only) + sep);
    for (const path of [...this.archiveErrors.keys()]) if (mine(path)) this.archiveErrors.delete(path);
    for (const [path, problem] of problems) this.archiveErrors.set(path, problem);
    for (const member of only === undefined ? [...this.archives.keys()] : [only]) if (!found.has(member)) this.archives.delete(member);
    for (const [member, periods] of found) this.archives.set(member, periods);
  }

  /**
   * Reads the copies of closed periods on branches again (after a fetch or a pull moved a
   * branch), when someone uses the closed history; the state changes only if they did.
   */
  async refreshClosedPeriodCopies(): Promise<void> {
    if (!this.archiveUsers || !this.closedPeriodSource) return;
    await this.readClosedPeriodCopies();
    this.rebuild();
  }

  private async readClosedPeriodCopies(): Promise<void> {
    const source = this.closedPeriodSource;
    if (!this.archiveUsers || !source) return;
    const read = await source((hexLength) => this.workingClosedPeriodIds(hexLength)).catch((error: unknown) => {
      console.warn(`Accord could not read closed history on branches: ${String(error)}`);
      return undefined;
    });
    if (!read || !this.archiveUsers) return;
    this.archiveCopies = read.copies;
    this.archiveCopyProblems = read.problems;
  }

  /** The git blob id of each closed period as last read, by `<member>/<year>` (see workingBlobIds). */
  private workingClosedPeriodIds(hexLength: number): Map<string, string> {
    return this.blobIdsOf(this.archiveCaches, hexLength);
  }

  private archiveAdapter(member: string, period: string): MemberFileAdapter {
    const path = this.archiveFileOf(member, period);
    const key = `${member}/${period}`;
    let cache = this.archiveCaches.get(key);
    if (!cache) this.archiveCaches.set(key, (cache = {}));
    return new MemberFileAdapter({ path, displayPath: this.displayPath(path), member, own: member === this.me, cache, parser: this.parser });
  }

  /** Files that could not be read, each with what is wrong, where, and the fix. */
  get errors(): AccordFileError[] {
    return [...this.folderErrors.values(), ...this.fileErrors.values(), ...this.archiveErrors.values(), ...this.copies.problems, ...this.archiveCopyProblems];
  }

  /** Members with a working file or a copy on some branch, sorted. */
  get members(): string[] {
    return [...new Set([...this.files.keys(), ...this.copies.members(), ...this.archives.keys(), ...this.archiveCopies.keys()])].sort();
  }

  /**
   * Each member's working file's git blob id as last read (hex digits: 40 for SHA-1, 64 for
   * SHA-256): a copy with that id holds nothing new and need not be read.
   */
  workingBlobIds(hexLength: number): Map<string, string> {
    return this.blobIdsOf(this.caches, hexLength);
  }

  /** The blob id of each cached file's bytes as last read, by the caches' keys; remembered per bytes. */
  private blobIdsOf(caches: ReadonlyMap<string, FileCache>, hexLength: number): Map<string, string> {
    const ids = new Map<string, string>();
    for (const [key, cache] of caches) {
      if (!cache.bytes) continue;
      let id = this.blobIds.get(cache.bytes);
      if (!id || id.length !== hexLength) {
        id = blobId(cache.bytes, hexLength);
        this.blobIds.set(cache.bytes, id);
      }
      ids.set(key, id);
    }
    return ids;
  }

  /**
   * The working copy as TeamBranches.read needs it. `loaded` is the load in progress, if any:
   * blob ids are taken once it is done, and the sizes of the files now let copies that differ
   * be fetched meanwhile.
   */
  async workingCopy(loaded?: Promise<unknown>): Promise<WorkingCopy> {
    const sizes = new Map<string, number>();
    for (const [name, entry] of await this.scanDisk()) if (entry.file) sizes.set(name.slice(0, -5), entry.size);
    return {
      blobIds: async (hexLength) => {
        await loaded?.catch(() => undefined);
        return this.workingBlobIds(hexLength);
      },
      sizes,
      versionOf: this.versionOf,
    };
  }

  /**
   * A member's working file as last read (its text and data), for reading their copies on
   * branches against it (store/incremental.ts); undefined when there is none.
   */
  readonly versionOf = (member: string): ReadVersion | undefined => {
    const cache = this.caches.get(member);
    return cache?.bytes && cache.data ? { text: textOf(cache.bytes), data: cache.data } : undefined;
  };

  /**
   * Takes in what TeamBranches.read found: every member's copies on branches, and the copies
   * that could not be used. A copy of my own file with a clock near the ceiling is named and
   * never folded into my file (anyone who can push a branch could otherwise stop my writes).
   * Nothing changes, and no listener is told, when the copies are the ones already held.
   */
  setCopies(read: Pick<BranchRead, 'copies' | 'problems'>): void {
    if (this.copies.set(read, this.me)) this.rebuild();
  }

  onDidChange(listener: Listener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Called after each write of my own file succeeded (the data branch records it). */
  onDidWrite(listener: Listener): { dispose(): void } {
    this.writeListeners.add(listener);
    return { dispose: () => this.writeListeners.delete(listener) };
  }

  /** Called when a write has waited a moment for another window's lock (one listener). */
  onLockWait(listener: LockWaitListener | undefined): void {
    this.lockWaitListener = listener;
  }

  /**
   * Reads every member file, a few at a time (a folder of thousands of files must not use up
   * the process's file descriptors). A file that cannot be read keeps its last good data. An
   * entry that is not a regular file, a data folder that leads out of the workspace, and files
   * beyond MAX_TEAM_BYTES in all are named as problems and not read. `meKnown`, when given, is
   * awaited before anything that depends on `me` (which files fit the budget, my closed periods):
   * the folder is listed meanwhile, while "me" is still being worked out. Rejects with its error.
   *
   * My closed periods are read with the live files, or, given `ownClosedAfter`, once it settles
   * (the first view drawn at start-up), or at once when I write first: they only keep a copy of my
   * file from before a move from putting back what moved (core withoutMoved), and the state
   * changes when they do. A write of mine waits for them.
   */
  async loadAll(meKnown?: Promise<unknown>, ownClosedAfter?: Promise<unknown>): Promise<void> {
    const writesAtStart = new Map(this.writesLanded);
    const writtenSince = (member: string) => (this.writesLanded.get(member) ?? 0) !== (writesAtStart.get(member) ?? 0);
    // Taken before reading: a change made during the load shows in the next changedOnDisk().
    const listing = await this.scanDisk();
    const seen = new Map([...listing].map(([name, entry]) => [name, entry.signature]));
    this.folderErrors.clear();
    let names: string[] = [];
    try {
      await assertInside(this.root, this.peopleDir);
      names = await retryOnDescriptorShortage(() => readdir(this.peopleDir));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (error instanceof UnsafeFileError) this.folderErrors.set(this.peopleDir, this.unsafeFolderError(error));
      else if (code === 'ENOTDIR')
        this.folderErrors.set(
          this.peopleDir,
          new AccordFileError(
            this.displayPath(this.peopleDir),
            'not-a-file',
            'It is a file, where Accord keeps a folder of member files.',
            'Move that file away (or restore the folder with git).',
          ),
        );
      else if (code !== 'ENOENT') {
        // A link loop, no permission, a broken disk: named, never a raw errno that stops the load.
        this.folderErrors.set(
          this.peopleDir,
          new AccordFileError(
            this.displayPath(this.peopleDir),
            'unreadable',
            `The folder could not be read (${code ?? (error as Error).message}${code === 'ELOOP' ? ': a link that leads in a circle' : ''}).`,
            code === 'EACCES' || code === 'EPERM'
              ? 'Give your user account permission to read it.'
              : 'Make it a real folder inside the workspace (restore it with git).',
          ),
        );
      }
    }
    const jsonNames = names.filter((n) => n.endsWith('.json'));
    // A member's closed periods are a folder named by their id (people/<id>/<year>.json).
    this.withHistory = new Set(names.filter((n) => !n.endsWith('.json') && MEMBER_ID_PATTERN.test(n)));
    const candidates = jsonNames.map((n) => n.slice(0, -5)).filter((m) => MEMBER_ID_PATTERN.test(m));
    // A file that is not named by a member id (Alice.json, café.json) is never read as one; say so
    // rather than let a teammate's data vanish without a word.
    for (const name of jsonNames) {
      if (MEMBER_ID_PATTERN.test(name.slice(0, -5))) continue;
      const path = join(this.peopleDir, name);
      this.folderErrors.set(
        path,
        new AccordFileError(
          this.displayPath(path),
          'not-a-member-file',
          'Its name is not a member id (lower-case letters, digits, dot, dash or underscore), so Accord does not read it.',
          `If it is a member's file, rename it to the id in its "member" field, in lower case, and commit the rename.`,
        ),
      );
    }
    const sizes = new Map<string, number>();
    await mapBounded(candidates, 16, async (member) => {
      // The listing of a moment ago has it, unless the file came since.
      const listed = listing.get(`${member}.json`);
      if (listed) return void sizes.set(member, listed.file ? listed.size : 0);
      const info = await retryOnDescriptorShortage(() => lstat(this.fileOf(member))).catch(() => undefined);
      if (info) sizes.set(member, info.isFile() ? info.size : 0);
    });
    await meKnown;
    const members = this.withinBudget(
      candidates.filter((m) => sizes.has(m)),
      sizes,
    );
    for (const member of members) if (!isPortableMemberId(member)) this.folderErrors.set(this.fileOf(member), this.notPortable(member));
    // My own write that lands during this load is newer than anything the load saw.
    const gone = (m: string) => !members.includes(m) && !writtenSince(m);
    for (const m of [...this.files.keys()].filter(gone)) this.files.delete(m);
    for (const m of [...this.fileErrors.keys()].filter(gone)) this.fileErrors.delete(m);
    for (const m of [...this.caches.keys()].filter(gone)) this.caches.delete(m);
    // My closed periods are read alongside the live files (the parser works on both at once), or later.
    let ownClosed: Promise<void>;
    if (ownClosedAfter) {
      const now = new Promise<void>((resolve) => (this.readOwnClosedNow = resolve));
      ownClosed = Promise.race([ownClosedAfter.catch(() => undefined), now]).then(() => this.readOwnClosedAfterLoad());
    } else ownClosed = this.readOwnClosed();
    this.ownClosedRead = ownClosed.catch(() => undefined);
    await Promise.all([mapBounded(members, 16, async (member) => void (await this.readMember(member))), ownClosedAfter ? undefined : ownClosed]);
    await this.readArchives();
    for (const member of this.writesLanded.keys()) {
      if (!writtenSince(member)) continue;
      // What the write recorded; before the first load it could record nothing, so look now.
      const written = this.seenOnDisk?.get(`${member}.json`) ?? (await signatureOnDisk(this.fileOf(member)));
      if (written) seen.set(`${member}.json`, written);
    }
    this.seenOnDisk = seen;
    this.rebuild();
  }

  /** Each `*.json` in the people folder: whether it is a regular file, its size, and its signature (see diskSignature); empty when there is no folder. */
  private async scanDisk(): Promise<Map<string, { file: boolean; size: number; signature: string }>> {
    const seen = new Map<string, { file: boolean; size: number; signature: string }>();
    const names = await retryOnDescriptorShortage(() => readdir(this.peopleDir)).catch(() => [] as string[]);
    await mapBounded(
      names.filter((n) => n.endsWith('.json')),
      16,
      async (name) => {
        const info = await retryOnDescriptorShortage(() => lstat(join(this.peopleDir, name), { bigint: true })).catch(() => undefined);
        if (info) seen.set(name, { file: info.isFile(), size: Number(info.size), signature: diskSignature(info) });
      },
    );
    return seen;
  }

  /** Records what a member file is on disk now, after this store wrote it. */
  private async sawOnDisk(member: string): Promise<void> {
    if (!this.seenOnDisk) return;
    const signature = await signatureOnDisk(this.fileOf(member));
    if (signature) this.seenOnDisk.set(`${member}.json`, signature);
    else this.seenOnDisk.delete(`${member}.json`);
  }

  /**
   * Whether a member file appeared, went away or changed (size, modification time or inode)
   * since the last load or write: a listing and one lstat per file, no reading. For when the
   * file watcher reports nothing (`files.watcherExclude` covering the data folder, a folder
   * created after the window opened).
   */
  async changedOnDisk(): Promise<boolean> {
    const now = await this.scanDisk();
    const seen = this.seenOnDisk ?? new Map<string, string>();
    if (now.size !== seen.size) return true;
    for (const [name, { signature }] of now) if (seen.get(name) !== signature) return true;
    return false;
  }

  /**
   * The members whose files fit in MAX_TEAM_BYTES: my own file always, then the others from the
   * smallest up (ties by id), so one oversized file cannot push many others out. The rest are
   * named as problems. Depends only on the files, so every machine picks the same ones.
   */
  private withinBudget(members: string[], sizes: ReadonlyMap<string, number>): string[] {
    const order = [...members].sort((a, b) => Number(b === this.me) - Number(a === this.me) || sizes.get(a)! - sizes.get(b)! || compareText(a, b));
    const kept: string[] = [];
    let total = 0;
    for (const member of order) {
      const size = Math.min(sizes.get(member)!, MAX_FILE_BYTES);
      if (member !== this.me && total + size > this.maxTeamBytes) {
        const path = this.fileOf(member);
        this.folderErrors.set(
          path,
          new AccordFileError(
            this.displayPath(path),
            'over-team-budget',
            `The team's files hold more than ${Math.round(this.maxTeamBytes / 1024 / 1024)} MB in all, the most Accord reads; this file is one of the largest and was left out.`,
            'Check whether something other than Accord wrote these files; remove or restore the largest with git.',
          ),
        );
        continue;
      }
      total += size;
      kept.push(member);
    }
    return kept.sort();
  }

  /** A file that loads here but that Git for Windows cannot check out (`aux.json`, `sam..json`): named, still read. */
  private notPortable(member: string): AccordFileError {
    return new AccordFileError(
      this.displayPath(this.fileOf(member)),
      'not-portable',
      `Windows cannot have a file named "${member}.json" (a reserved device name, a trailing dot or too long), so teammates on Windows cannot check it out. Its data is still read here.`,
      `Its owner sets accord.me to their email or another handle and runs Accord: Set Up, then removes this file with git.`,
    );
  }

  private unsafeFolderError(error: UnsafeFileError): AccordFileError {
    return new AccordFileError(
      this.displayPath(error.path) || this.dataFolder,
      error.kind,
      error.message,
      'Make the data folder a real folder inside the workspace (not a link to elsewhere), or change the accord.dataFolder setting.',
    );
  }

  /** Re-reads one member's file after it changed on disk (git pull, another window). */
  async reloadMember(member: string): Promise<void> {
    if (!MEMBER_ID_PATTERN.test(member)) return;
    try {
      await assertInside(this.root, this.peopleDir);
    } catch (error) {
      if (error instanceof UnsafeFileError) {
        this.folderErrors.set(this.peopleDir, this.unsafeFolderError(error));
        this.rebuild();
        return;
      }
      throw error;
    }
    // Taken before reading, as loadAll does: a change during the read shows next time. A read
    // that one of my own writes overtook keeps the signature that write recorded.
    const before = signatureOnDisk(this.fileOf(member));
    const taken = await this.readMember(member);
    // A member's closed periods change with their live file (an archiving moves records from it).
    if (member === this.me) await this.readOwnClosed();
    await this.readArchives(member);
    const signature = await before;
    if (taken && this.seenOnDisk) {
      if (signature) this.seenOnDisk.set(`${member}.json`, signature);
      else this.seenOnDisk.delete(`${member}.json`);
    }
    this.rebuild();
  }

  /**
   * Reads a member's file and takes it as theirs, unless one of this store's own writes to it
   * landed while it was being read: that write holds everything the read could have seen plus
   * the edit, so the read is dropped rather than put back over it. Resolves to whether the
   * read was taken.
   */
  private async readMember(member: string): Promise<boolean> {
    const adapter = this.adapterFor(member);
    const writesBefore = this.writesLanded.get(member) ?? 0;
    const overtaken = () => (this.writesLanded.get(member) ?? 0) !== writesBefore;
    try {
      const data = await retryOnDescriptorShortage(() => adapter.read());
      await this.afterRead?.(member);
      if (overtaken()) return false;
      // My file replaced from outside (a checkout, a restore): copies it held may be missing again.
      if (member === this.me && data !== this.files.get(member)) this.copies.forgetAbsorbed();
      if (data) this.files.set(member, data);
      else this.files.delete(member);
      this.fileErrors.delete(member);
      return true;
    } catch (error) {
      if (!(error instanceof AccordFileError)) throw error;
      if (overtaken()) return false;
      this.fileErrors.set(member, error);
      return true;
    }
  }

  private adapterFor(member: string): MemberFileAdapter {
    const path = this.fileOf(member);
    let cache = this.caches.get(member);
    if (!cache) {
      cache = {};
      this.caches.set(member, cache);
    }
    return new MemberFileAdapter({ path, displayPath: this.displayPath(path), member, own: member === this.me, cache, parser: this.parser });
  }

  private rebuild(): void {
    // Above every clock merged, field clocks and tombstones included. Another member's clocks
    // count up to MAX_TRUSTED_CLOCK: a file at the ceiling must not push my writes past it.
    let clock = 0;
    for (const [member, data] of this.files) {
      const highest = highestClock(data);
      const path = this.fileOf(member);
      if (member !== this.me && highest > MAX_TRUSTED_CLOCK) {
        this.folderErrors.set(
          path,
          new AccordFileError(
            this.displayPath(path),
            'clock-ceiling',
            `It holds a clock of ${highest}, within ${MAX_CLOCK - MAX_TRUSTED_CLOCK} of Accord's ceiling (${MAX_CLOCK}), which no honest file reaches; its data is still read, but later edits by others may not win over it.`,
            'Restore the file with git (git log -p on it shows the change), or ask its owner to.',
          ),
        );
        clock = Math.max(clock, MAX_TRUSTED_CLOCK);
      } else {
        if (this.folderErrors.get(path)?.problem === 'clock-ceiling') this.folderErrors.delete(path);
        clock = Math.max(clock, highest);
      }
    }
    // Copies on branches count the same way (a copy at the ceiling raises mine only so far), and
    // so do closed periods (their owner's live file keeps the clock of what moved, too).
    clock = Math.max(clock, this.copies.highestClock());
    for (const periods of this.archives.values()) for (const data of periods.values()) clock = Math.max(clock, Math.min(highestClock(data), MAX_TRUSTED_CLOCK));
    for (const copies of this.archiveCopies.values()) for (const copy of copies) clock = Math.max(clock, Math.min(highestClock(copy.data), MAX_TRUSTED_CLOCK));
    this.teamClock = clock;
    this.changed();
    if (this.archiveUsers && !this.historyInState) this.historyChanged();
  }

  /**
   * Says the team changed, unless nothing the state, the problems or who I am are made of did:
   * a reload that reads the very bytes it holds (a watcher's echo of a pull already read, a look
   * on focus) keeps the merged state and tells no one, so no one merges the whole team again for
   * nothing. The merged state is kept only when it was merged from the records there are now
   * (compared by identity: the file cache gives the same records for the same bytes). `edited`:
   * records were changed in place (my own write), which their identity cannot show.
   */
  private changed(edited = false): void {
    const inputs = this.inputs();
    const keepState = !edited && this.cachedFrom !== undefined && sameSources(this.cachedFrom, inputs.sources);
    const told = this.lastInputs;
    const sameAsTold = !edited && told !== undefined && told.who === inputs.who && told.errors === inputs.errors && sameSources(told.sources, inputs.sources);
    this.lastInputs = inputs;
    if (!keepState) {
      this.cachedState = undefined;
      this.cachedFrom = undefined;
    }
    // Nothing merged since the views were told, and nothing new since (the watcher's echo of a
    // write or pull, landing while the merge in steps runs): let that merge go on. It keeps its
    // result only if the records are still the ones it began with (settle).
    if (sameAsTold && (keepState || this.cachedState === undefined)) return;
    this.generation++;
    for (const listener of this.listeners) listener();
  }

  /** What the state, the problems and the views are made of (see changed). */
  private inputs(): StoreInputs {
    return {
      sources: this.sources(),
      errors: this.errors.map((e) => `${e.file}\u0000${e.problem}\u0000${e.line}:${e.column}\u0000${e.message}`).join('\n'),
      // Who I am and whether I may write: the views draw "mine" and read-only from them.
      who: `${this.me ?? ''}\u0000${this.readOnly}`,
    };
  }

  /**
   * Makes sure the data folder's `.gitignore` keeps temp files and lock folders out of commits
   * (its lines added when missing, the person's own lines kept) and that `.gitattributes`
   * exists, so git on Windows checks the files out with LF (created only when absent). Both are
   * written atomically: a full disk leaves the old file, never an empty one.
   */
  private async ensureGitFiles(): Promise<void> {
    const folder = join(this.root, this.dataFolder);
    await this.ensureLines(
      join(folder, '.gitignore'),
      '# Accord: temporary files of atomic writes and locks',
      ['people/*.json.*', 'people/*.lock', 'people/*/*.json.*', '*.tmp'],
      true,
    );
    await this.ensureLines(
      join(folder, '.gitattributes'),
      '# Accord: member files are JSON with LF line endings on every machine (git on Windows converts to CRLF otherwise)',
      ['* text eol=lf'],
      false,
    );
  }

  private async ensureLines(path: string, header: string, lines: readonly string[], repair: boolean): Promise<void> {
    const file = this.displayPath(path);
    const version = await currentVersion(path).catch(() => undefined);
    if (version && sameVersion(version, this.gitFilesChecked.get(path))) return;
    let existing: string | undefined;
    try {
      existing = (await readRegularFile(path, 1024 * 1024))?.bytes.toString('utf8');
    } catch (error) {
      // Not a regular file, too large or unreadable: it is the person's; leave it alone.
      if (error instanceof UnsafeFileError || (error as NodeJS.ErrnoException).code) return;
      throw error;
    }
    if (existing !== undefined && !repair) return this.rememberGitFile(path);
    const present = new Set((existing ?? '').split(/\r?\n/).map((line) => line.trim()));
    const missing = lines.filter((line) => !present.has(line));
    if (existing !== undefined && missing.length === 0) return this.rememberGitFile(path);
    const before = existing === undefined || existing.trim() === '' ? '' : existing.endsWith('\n') ? existing : `${existing}\n`;
    const text = `${before}${before ? '\n' : ''}${header}\n${missing.join('\n')}\n`;
    try {
      this.beforeWrite?.(path);
      await writeFileAtomically(path, Buffer.from(text));
    } catch (error) {
      throw describeWriteError(error, file, this.displayPath(dirname(path)) || '.');
    }
    await this.rememberGitFile(path);
  }

  private async rememberGitFile(path: string): Promise<void> {
    this.gitFilesChecked.set(path, await currentVersion(path).catch(() => undefined));
  }

  /**
   * The text of a shared file of the data folder other than a member file (`covenant.md`), or
   * undefined when there is none. Read as untrusted: a regular file inside the workspace, at
   * most `maxBytes` bytes. Throws AccordFileError naming the file otherwise.
   */
  async readDataFile(name: string, maxBytes: number): Promise<string | undefined> {
    const path = join(this.root, this.dataFolder, name);
    const file = this.displayPath(path);
    try {
      await assertInside(this.root, path);
      const read = await retryOnDescriptorShortage(() => readRegularFile(path, maxBytes));
      return read?.bytes.toString('utf8');
    } catch (error) {
      throw readFailure(error, file, {
        tooLarge: 'Shorten it, or restore it with git.',
        notAFile: 'Replace it with a real file inside the workspace (restore it with git), or remove it.',
      });
    }
  }

  /**
   * Creates a shared file of the data folder (`covenant.md`) when nothing is there yet,
   * atomically and only inside the workspace. Resolves to false when one already exists (it is
   * never replaced). Throws ReadOnlyError in Restricted Mode, AccordFileError when the data
   * folder leads out of the workspace, AccordWriteError when the disk refuses.
   */
  async createDataFile(name: string, text: string): Promise<boolean> {
    return this.writeDataFile(name, (path) => createFileAtomically(path, Buffer.from(text)));
  }

  /** Runs `write` on the path of a data folder file, inside the workspace; errors as createDataFile tells. */
  private async writeDataFile(name: string, write: (path: string) => Promise<boolean>): Promise<boolean> {
    if (this.readOnly) throw new ReadOnlyError();
    const folder = join(this.root, this.dataFolder);
    const path = join(folder, name);
    try {
      await assertInside(this.root, path);
      await mkdir(folder, { recursive: true });
      return await write(path);
    } catch (error) {
      if (error instanceof UnsafeFileError) throw this.unsafeFolderError(error);
      throw describeWriteError(error, this.displayPath(path), this.displayPath(folder));
    }
  }

  /**
   * Replaces a shared file of the data folder (`covenant.md`) with the version the data branch
   * holds, atomically and only inside the workspace, and only while it still holds `expected`
   * (undefined: absent), so an edit made meanwhile is never overwritten. Resolves to whether it
   * was written. Throws like createDataFile.
   */
  async replaceDataFile(name: string, expected: string | undefined, text: string): Promise<boolean> {
    return this.writeDataFile(name, async (path) => {
      const current = (await readRegularFile(path, MAX_FILE_BYTES))?.bytes.toString('utf8');
      if (current !== expected) return false;
      this.beforeWrite?.(path);
      await writeFileAtomically(path, Buffer.from(text));
      return true;
    });
  }

  /**
   * Applies an edit to this member's own file: under a cross-process lock, re-reads the file
   * (merging whatever another window or a git pull wrote), stamps the edit with a Lamport
   * clock above every clock seen, and writes atomically. When the file changed between that
   * read and the rename, or the lock was lost meanwhile, nothing is published and the whole
   * read-apply-write is done again (`apply` may run more than once). A file that cannot be
   * read is never overwritten: its AccordFileError is thrown. A write the disk refuses throws
   * AccordWriteError naming the file and the fix.
   */
  async update<T>(apply: (edit: Edit) => T): Promise<T> {
    if (this.readOnly) throw new ReadOnlyError();
    // What my closed periods hold must not come back with a copy of my file (see updateOnce):
    // read now if the load left them for later.
    this.readOwnClosedNow?.();
    await this.ownClosedRead;
    const me = this.me;
    if (!me) throw new Error('Accord does not know who you are yet: run "Accord: Set Up".');
    const path = this.fileOf(me);
    const file = this.displayPath(path);
    const folder = this.displayPath(this.peopleDir);
    try {
      await assertInside(this.root, this.peopleDir);
    } catch (error) {
      if (error instanceof UnsafeFileError) {
        const problem = this.unsafeFolderError(error);
        this.folderErrors.set(this.peopleDir, problem);
        throw problem;
      }
      throw describeWriteError(error, file, folder);
    }
    try {
      await mkdir(this.peopleDir, { recursive: true });
    } catch (error) {
      throw describeWriteError(error, file, folder);
    }
    // An existing file under an id Windows cannot hold keeps working; a new one is never made.
    if (!isPortableMemberId(me) && !(await lstat(path).catch(() => undefined))) {
      throw new AccordWriteError(
        file,
        'EINVAL',
        `Windows cannot have a file with that name ("${me}" is a reserved device name, ends with a dot or is too long), so your teammates on Windows could not check it out.`,
        'Set accord.me to your email or another handle, then run Accord: Set Up.',
      );
    }
    await this.ensureGitFiles();
    // Clean-up, not correctness: at most once a minute.
    if (Date.now() - this.lastTempCleanup > 60_000) {
      this.lastTempCleanup = Date.now();
      void removeStaleTempFiles(this.peopleDir, STALE_TEMP_MS);
      void removeStaleTempFiles(join(this.peopleDir, me), STALE_TEMP_MS);
      void removeStaleTempFiles(join(this.root, this.dataFolder), STALE_TEMP_MS);
    }
    for (let attempt = 1; ; attempt++) {
      try {
        // Out of file descriptors anywhere in the read or the write: waited out, as reads are.
        return await retryOnDescriptorShortage(() => this.updateOnce(me, apply));
      } catch (error) {
        const again = error instanceof FileChangedError || error instanceof LockLostError;
        if (!again || attempt >= WRITE_ATTEMPTS) {
          if (error instanceof AccordFileError || error instanceof AccordWriteError) throw error;
          throw describeWriteError(again ? Object.assign(new Error((error as Error).message), { code: 'ELOST' }) : error, file, folder);
        }
      }
    }
  }

  /**
   * Moves my records of entities closed before the live window (core closedPeriods, for the
   * team's whole record, closed periods included, and `today`, the UTC day as `YYYY-MM-DD`)
   * from my live file into my closed periods, `people/<me>/<year>.json`, and brings back to my
   * live file the records of my closed periods whose entity is open again (core planReturn: a
   * later write reopened it). A part of a partner's entry waits until their whole record has
   * left the live files (core planArchive). Under my live file's lock: each period is read,
   * merged with what moves and written atomically first, then the live file, so a crash between
   * leaves a record in both, which merges to the same state, and the next run finishes the
   * move. Deterministic: two machines that run it at once write the same files. Resolves to the
   * number of records moved and brought back, and the periods written. Throws like update; a
   * closed period that cannot be read is never overwritten (its AccordFileError is thrown, the
   * live file untouched).
   */
  async archiveClosed(today: string): Promise<{ moved: number; returned: number; periods: string[] }> {
    if (this.readOnly) throw new ReadOnlyError();
    const me = this.me;
    if (!me) throw new Error('Accord does not know who you are yet: run "Accord: Set Up".');
    const path = this.fileOf(me);
    const folder = join(this.peopleDir, me);
    const nothing = { moved: 0, returned: 0, periods: [] as string[] };
    const archives = await this.useArchives();
    try {
      for (let attempt = 1; ; attempt++) {
        const state = await this.settledHistoryState();
        const known = this.files.get(me);
        const mine = this.archives.get(me) ?? new Map<string, MemberFileData>();
        const unreadable = [...this.archiveErrors.entries()].find(([at]) => at === folder || at.startsWith(folder + sep));
        if (unreadable) throw unreadable[1];
        try {
          await assertInside(this.root, folder);
          return await withFileLock(path, async (held) => {
            const adapter = this.adapterFor(me);
            const data = await adapter.read();
            // Planned on the state of the file as read: if it changed since, read it in and plan again.
            if (data !== known) throw new FileChangedError(this.displayPath(path));
            if (!data) return nothing;
            const closed = closedPeriods(state, today);
            const plan = planArchive(data.entities, closed, this.wholeElsewhere(me));
            const shown = (id: string) => ENTITY_KINDS.some((kind) => state.entities[kind].has(id));
            const back = planReturn(me, new Map([...mine].map(([period, file]) => [period, file.entities])), closed, shown);
            if (plan.moved === 0 && back.returned === 0) return nothing;
            await this.ensureGitFiles();
            await mkdir(folder, { recursive: true });
            // Each period's records after the move: what it keeps of its own, with what moves in.
            const periods = new Map<string, Record<string, EntityRecord>>();
            for (const [period, kept] of back.periods) periods.set(period, kept);
            for (const [period, records] of plan.periods) {
              const before = periods.get(period) ?? mine.get(period)?.entities;
              periods.set(period, before ? mergeMemberFiles(me, [before, records]) : records);
            }
            const written = new Map<string, MemberFileData>();
            for (const period of [...periods.keys()].sort(compareText)) {
              const target = this.archiveAdapter(me, period);
              const existing = await target.read();
              // Written only over the version read into `mine`: another window's move waits for the lock, and is read again here.
              if ((existing ?? undefined) !== mine.get(period)) throw new FileChangedError(this.displayPath(this.archiveFileOf(me, period)));
              const archive: MemberFileData = { ...(existing ?? emptyMemberFile(me)), entities: sortedRecords(periods.get(period)!) };
              archive.clock = Math.max(archive.clock, highestClock({ ...archive, clock: 0 }));
              this.beforeWrite?.(this.archiveFileOf(me, period));
              await target.write(archive, () => held.confirm());
              written.set(period, archive);
            }
            const live: MemberFileData = { ...data, entities: sortedRecords(mergeMemberFiles(me, [plan.live, back.back])) };
            this.beforeWrite?.(path);
            await adapter.write(live, () => held.confirm());
            this.files.set(me, live);
            this.writesLanded.set(me, (this.writesLanded.get(me) ?? 0) + 1);
            for (const [period, archive] of written) mine.set(period, archive);
            this.archives.set(me, new Map([...mine].sort(([a], [b]) => compareText(a, b))));
            this.ownClosedSets++;
            this.ownClosed = mergeMemberFiles(
              me,
              [...mine.values()].map((file) => file.entities),
            );
            await this.sawOnDisk(me);
            this.changed(true);
            this.historyChanged();
            for (const listener of this.writeListeners) listener();
            return { moved: plan.moved, returned: back.returned, periods: [...written.keys()] };
          });
        } catch (error) {
          const again = error instanceof FileChangedError || error instanceof LockLostError;
          if (again && attempt < WRITE_ATTEMPTS) {
            await this.reloadMember(me);
            continue;
          }
          if (error instanceof AccordFileError || error instanceof AccordWriteError) throw error;
          if (error instanceof UnsafeFileError) throw this.unsafeFolderError(error);
          throw describeWriteError(
            again ? Object.assign(new Error((error as Error).message), { code: 'ELOST' }) : error,
            this.displayPath(path),
            this.displayPath(folder),
          );
        }
      }
    } finally {
      archives.dispose();
    }
  }

  private async updateOnce<T>(me: string, apply: (edit: Edit) => T): Promise<T> {
    const path = this.fileOf(me);
    const onWait = this.lockWaitListener && (() => this.lockWaitListener?.(this.displayPath(path)));
    return withFileLock(
      path,
      async (held) => {
        const adapter = this.adapterFor(me);
        let data: MemberFileData;
        try {
          data = (await adapter.read()) ?? emptyMemberFile(me);
        } catch (error) {
          if (error instanceof AccordFileError) this.fileErrors.set(me, error);
          throw error;
        }
        if (data !== this.files.get(me)) this.copies.forgetAbsorbed();
        // Copies of my file on branches (a check-in from another branch or machine), without
        // what my closed periods hold already: a copy from before a move puts nothing back.
        const folded = this.copies.foldInto(data, me);
        data.entities = withoutMoved(me, data.entities, this.ownClosed);
        const clock = Math.max(highestClock(data), this.teamClock) + 1;
        if (clock > MAX_CLOCK)
          throw new AccordWriteError(
            this.displayPath(path),
            'ECLOCK',
            `your file's clock has reached Accord's ceiling (${MAX_CLOCK}), so no edit could be newer.`,
            'Restore your file with git to a version before the clock jumped.',
          );
        let result: T;
        try {
          result = apply(new Edit(data.entities, clock));
          data.clock = clock;
          this.beforeWrite?.(path);
          await adapter.write(data, () => held.confirm());
        } catch (error) {
          // The edit was applied to the cached data in place, maybe only in part (a field that
          // failed validation, or a failed write): drop it and read the file again.
          this.caches.delete(me);
          await this.readMember(me);
          this.rebuild();
          throw error;
        }
        this.files.set(me, data);
        this.writesLanded.set(me, (this.writesLanded.get(me) ?? 0) + 1);
        this.copies.absorb(folded);
        await this.sawOnDisk(me);
        this.fileErrors.delete(me);
        this.teamClock = Math.max(this.teamClock, clock);
        // The edit changed my records in place: the same objects, new contents.
        this.changed(true);
        this.withArchives.delete(me);
        this.history = undefined;
        if (this.archiveUsers && !this.historyInState) this.historyChanged();
        for (const listener of this.writeListeners) listener();
        return result;
      },
      { onWait },
    );
  }
}

const ARCHIVE_FIXES = {
  tooLarge: 'Check whether something other than Accord wrote to it; restore it with git if so.',
  notAFile: "Replace it with the member's real folder of closed history (restore it with git), or remove it.",
};

/** Copies of closed periods on branches (TeamBranches.readClosedPeriods), given the working ones' blob ids by `<member>/<year>`. */
export type ClosedPeriodSource = (working: (hexLength: number) => ReadonlyMap<string, string>) => Promise<Pick<BranchRead, 'copies' | 'problems'>>;

/** Records in id order, as a file keeps them. */
function sortedRecords(records: Record<string, EntityRecord>): Record<string, EntityRecord> {
  const out: Record<string, EntityRecord> = Object.create(null);
  for (const id of Object.keys(records).sort(compareText)) out[id] = records[id]!;
  return out;
}

/** What AccordStore.changed compares: each member and their records (by identity), the problems' words, and who I am. */
interface StoreInputs {
  readonly sources: RecordSource[];
  readonly errors: string;
  readonly who: string;
}

/** Whether two lists of sources hold the same members with the same records (the same objects: the file cache gives the same records for the same bytes). */
function sameSources(a: readonly RecordSource[], b: readonly RecordSource[]): boolean {
  return a.length === b.length && a.every((source, i) => source.member === b[i]!.member && source.entities === b[i]!.entities);
}

/** What tells a file's versions apart without reading it: size, modification time (ns) and inode. */
function diskSignature(info: BigIntStats): string {
  return `${info.size}:${info.mtimeNs}:${info.ino}`;
}

/** The signature (see diskSignature) of the file at `path`, or undefined when there is none. */
async function signatureOnDisk(path: string): Promise<string | undefined> {
  const info = await lstat(path, { bigint: true }).catch(() => undefined);
  return info && diskSignature(info);
}
