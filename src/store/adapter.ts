/**
 * One member file on disk: reading untrusted bytes (a regular file only, under the size cap)
 * into validated data, and writing canonical JSON atomically, refusing to publish a write
 * when the file changed since it was read.
 */
import { AccordFileError } from './errors';
import { EntityTextCache } from './canonical';
import { parseAgainst } from './incremental';
import { MAX_FILE_BYTES, type MemberFileData, serializeMemberFile } from './format';
import { type MemberFileParser, parseInThread } from './parser';
import { currentVersion, type FileVersion, readRegularFile, sameVersion, UnsafeFileError, writeFileAtomically } from './safeFile';

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
  /** Who parses a file read whole (parser.ts); parseInThread unless given. */
  parser?: MemberFileParser;
}

export interface FileCache {
  /** The bytes last read or written. */
  bytes?: Buffer;
  data?: MemberFileData;
  /** The serialized text of each entity record written before. */
  entityTexts?: EntityTextCache;
}

const texts = new WeakMap<Buffer, string>();

/** The UTF-8 text of bytes read before, decoded once. */
export function textOf(bytes: Buffer): string {
  let text = texts.get(bytes);
  if (text === undefined) {
    text = bytes.toString('utf8');
    texts.set(bytes, text);
  }
  return text;
}

/** The file changed on disk between the read and the write (another window, a git pull): read, merge and write again. */
export class FileChangedError extends Error {
  constructor(readonly path: string) {
    super(`${path} changed on disk while Accord was writing it.`);
    this.name = 'FileChangedError';
  }
}

/**
 * A failed read of a data file from the repository, told as an AccordFileError that names
 * `file`: a link, device, pipe or folder (`not-a-file`, `outside-workspace`) or a file over
 * its cap (`too-large`) with the fix given for it, any other errno as `unreadable` with a
 * permission or disk fix. EMFILE and ENFILE say nothing about the file, so they come back as
 * they are, for the caller to retry.
 */
export function readFailure(error: unknown, file: string, fixes: { tooLarge: string; notAFile: string }): unknown {
  if (error instanceof UnsafeFileError)
    return new AccordFileError(file, error.kind, error.message, error.kind === 'too-large' ? fixes.tooLarge : fixes.notAFile);
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EMFILE' || code === 'ENFILE') return error;
  return new AccordFileError(
    file,
    'unreadable',
    `The file could not be read (${code ?? (error as Error).message}).`,
    code === 'EACCES' || code === 'EPERM' ? 'Give your user account permission to read it.' : "Check the disk and the file's permissions.",
  );
}

export class MemberFileAdapter {
  /** Whether the last read found and resolved conflict markers. */
  lastReadResolvedConflict = false;
  /** The version of the file the last read saw (undefined: there was no file). */
  private readVersion: FileVersion | undefined;

  constructor(private readonly options: MemberFileAdapterOptions) {}

  /** The file's validated data, or null when there is no file. Throws AccordFileError for a file that cannot be used. */
  async read(): Promise<MemberFileData | null> {
    const { path, displayPath, member, own } = this.options;
    let read;
    try {
      read = await readRegularFile(path, MAX_FILE_BYTES);
    } catch (error) {
      throw readFailure(error, displayPath, {
        tooLarge: 'Check whether something other than Accord wrote to it; restore it with git if so.',
        notAFile: "Replace it with the member's real file (restore it with git), or remove it.",
      });
    }
    this.readVersion = read?.version;
    if (!read) return null;
    const { bytes } = read;
    const cache = this.options.cache;
    if (cache?.data && cache.bytes?.equals(bytes)) return cache.data;
    const text = bytes.toString('utf8');
    const options = { file: displayPath, member, resolveConflicts: own };
    // A partner's file after a pull usually differs in a few entities: read against the last version.
    const previous = !own && cache?.data && cache.bytes ? { text: textOf(cache.bytes), data: cache.data } : undefined;
    const parsed = previous
      ? { data: parseAgainst(text, previous, options), resolvedConflict: false }
      : await (this.options.parser ?? parseInThread)(text, options);
    this.lastReadResolvedConflict = parsed.resolvedConflict;
    if (cache) {
      cache.bytes = parsed.resolvedConflict ? undefined : bytes;
      cache.data = parsed.data;
    }
    return parsed.data;
  }

  /**
   * Writes the data as canonical JSON, atomically. `beforeRename` runs after the new bytes are
   * on disk and before they replace the file (the lock's last check); then the file must still
   * be the version this adapter last read, else FileChangedError and nothing changes.
   */
  async write(data: MemberFileData, beforeRename?: () => Promise<void>): Promise<void> {
    const cache = this.options.cache;
    if (cache) cache.entityTexts ??= new EntityTextCache();
    const bytes = cache?.entityTexts ? cache.entityTexts.serializeBytes(data) : Buffer.from(serializeMemberFile(data));
    if (cache) cache.bytes = undefined;
    await writeFileAtomically(this.options.path, bytes, async () => {
      await beforeRename?.();
      if (!sameVersion(await currentVersion(this.options.path), this.readVersion)) throw new FileChangedError(this.options.displayPath);
    });
    this.readVersion = await currentVersion(this.options.path);
    if (cache) {
      cache.bytes = bytes;
      cache.data = data;
    }
  }
}
