/**
 * Our lowdb adapter for a member file. lowdb's own TextFile writer uses one fixed temp name
 * and no fsync, which loses updates when two processes write; this one reads and validates
 * untrusted bytes and writes canonical JSON through write-file-atomic (a unique temp file in
 * the same folder, fsync, rename), so the file is always the old or the new state.
 */
import { readFile, stat } from 'node:fs/promises';
import type { Adapter } from 'lowdb';
import writeFileAtomic from 'write-file-atomic';
import { AccordFileError } from './errors';
import { MAX_FILE_BYTES, type MemberFileData, parseMemberFile, serializeMemberFile } from './format';

export interface MemberFileAdapterOptions {
  /** Absolute path of the file. */
  path: string;
  /** How the file is named in messages (relative to the workspace). */
  displayPath: string;
  member: string;
  /** Resolve git conflict markers by merging both sides (only for one's own file). */
  own: boolean;
  /** The text last read or written and its data: unchanged bytes are not parsed again. */
  cache?: FileCache;
}

export interface FileCache {
  text?: string;
  data?: MemberFileData;
}

export class MemberFileAdapter implements Adapter<MemberFileData> {
  /** Whether the last read found and resolved conflict markers. */
  lastReadResolvedConflict = false;

  constructor(private readonly options: MemberFileAdapterOptions) {}

  async read(): Promise<MemberFileData | null> {
    const { path, displayPath, member, own } = this.options;
    let text: string;
    try {
      const info = await stat(path);
      if (info.size > MAX_FILE_BYTES) {
        throw new AccordFileError(displayPath, 'too-large', `The file is ${(info.size / 1024 / 1024).toFixed(1)} MB, more than the ${MAX_FILE_BYTES / 1024 / 1024} MB Accord reads.`, 'Check whether something other than Accord wrote to it; restore it with git if so.');
      }
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      if (error instanceof AccordFileError) throw error;
      throw new AccordFileError(displayPath, 'unreadable', `The file could not be read (${(error as Error).message}).`, 'Check its permissions.');
    }
    const cache = this.options.cache;
    if (cache?.data && cache.text === text) return cache.data;
    const parsed = parseMemberFile(text, { file: displayPath, member, resolveConflicts: own });
    this.lastReadResolvedConflict = parsed.resolvedConflict;
    if (cache) {
      cache.text = parsed.resolvedConflict ? undefined : text;
      cache.data = parsed.data;
    }
    return parsed.data;
  }

  async write(data: MemberFileData): Promise<void> {
    const cache = this.options.cache;
    const text = serializeMemberFile(data);
    if (cache) cache.text = undefined;
    await writeFileAtomic(this.options.path, text, { encoding: 'utf8', fsync: true });
    if (cache) {
      cache.text = text;
      cache.data = data;
    }
  }
}
