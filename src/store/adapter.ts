/**
 * Our lowdb adapter for a member file. lowdb's own TextFile writer uses one fixed temp name
 * and no fsync, which loses updates when two processes write; this one reads and validates
 * untrusted bytes and writes canonical JSON through write-file-atomic (a unique temp file in
 * the same folder, fsync, rename), so the file is always the old or the new state.
 */
import { readFile, stat } from 'node:fs/promises';
import type { Adapter } from 'lowdb';
import writeFileAtomic from 'write-file-atomic';
import { EntityTextCache } from './canonical';
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
  /** The bytes last read or written. */
  bytes?: Buffer;
  data?: MemberFileData;
  /** The serialized text of each entity record written before. */
  entityTexts?: EntityTextCache;
}

export class MemberFileAdapter implements Adapter<MemberFileData> {
  /** Whether the last read found and resolved conflict markers. */
  lastReadResolvedConflict = false;

  constructor(private readonly options: MemberFileAdapterOptions) {}

  async read(): Promise<MemberFileData | null> {
    const { path, displayPath, member, own } = this.options;
    let bytes: Buffer;
    try {
      const info = await stat(path);
      if (info.size > MAX_FILE_BYTES) {
        throw new AccordFileError(displayPath, 'too-large', `The file is ${(info.size / 1024 / 1024).toFixed(1)} MB, more than the ${MAX_FILE_BYTES / 1024 / 1024} MB Accord reads.`, 'Check whether something other than Accord wrote to it; restore it with git if so.');
      }
      bytes = await readFile(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      if (error instanceof AccordFileError) throw error;
      throw new AccordFileError(displayPath, 'unreadable', `The file could not be read (${(error as Error).message}).`, 'Check its permissions.');
    }
    const cache = this.options.cache;
    if (cache?.data && cache.bytes?.equals(bytes)) return cache.data;
    const parsed = parseMemberFile(bytes.toString('utf8'), { file: displayPath, member, resolveConflicts: own });
    this.lastReadResolvedConflict = parsed.resolvedConflict;
    if (cache) {
      cache.bytes = parsed.resolvedConflict ? undefined : bytes;
      cache.data = parsed.data;
    }
    return parsed.data;
  }

  async write(data: MemberFileData): Promise<void> {
    const cache = this.options.cache;
    if (cache) cache.entityTexts ??= new EntityTextCache();
    const bytes = cache?.entityTexts ? cache.entityTexts.serializeBytes(data) : Buffer.from(serializeMemberFile(data));
    if (cache) cache.bytes = undefined;
    await writeFileAtomic(this.options.path, bytes, { fsync: true });
    if (cache) {
      cache.bytes = bytes;
      cache.data = data;
    }
  }
}
