/**
 * Reading and writing files of the data folder as untrusted places: regular files only, never
 * through a symbolic link, with a byte cap that holds for devices and pipes too, and writes
 * that are atomic (a unique temp file in the same folder, fsync, rename) with a last check
 * before the rename. Nothing here knows what the files hold.
 */
import { randomBytes } from 'node:crypto';
import { constants, type BigIntStats } from 'node:fs';
import { link, lstat, open, readdir, realpath, rename, unlink } from 'node:fs/promises';
import { dirname, isAbsolute, relative, sep } from 'node:path';

/** Why a path could not be read as a data file; `code` is a Node errno when there was one. */
export class UnsafeFileError extends Error {
  constructor(
    readonly path: string,
    readonly kind: 'not-a-file' | 'too-large' | 'outside-workspace',
    message: string,
  ) {
    super(message);
    this.name = 'UnsafeFileError';
  }
}

/** What identifies the version of a file that was read: a rename or rewrite changes it. */
export interface FileVersion {
  readonly ino: bigint;
  readonly size: bigint;
  readonly mtimeNs: bigint;
}

export function versionOf(info: BigIntStats): FileVersion {
  return { ino: info.ino, size: info.size, mtimeNs: info.mtimeNs };
}

export function sameVersion(a: FileVersion | undefined, b: FileVersion | undefined): boolean {
  return a === b || (!!a && !!b && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs);
}

// O_NOFOLLOW: a link is refused by open() itself, with no window between a check and the open
// (0 where the platform has none: Windows, where lstat below still refuses links). O_NONBLOCK:
// opening a FIFO does not wait for a writer; fstat then refuses it.
const READ_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/**
 * Reads a regular file of at most `maxBytes` bytes. Returns undefined when it does not exist.
 * Throws UnsafeFileError for a symbolic link, a device, a FIFO, a folder or a file over the cap
 * (the cap is enforced while reading, so a device that reports size 0 still stops there), and
 * the errno error of open/read otherwise (EACCES, EMFILE, …).
 */
export async function readRegularFile(path: string, maxBytes: number): Promise<{ bytes: Buffer; version: FileVersion } | undefined> {
  let link;
  try {
    link = await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (!link.isFile()) throw notAFile(path, link.isSymbolicLink() ? 'a symbolic link' : describeKind(link));
  let handle;
  try {
    handle = await open(path, READ_FLAGS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ELOOP' || code === 'EMLINK') throw notAFile(path, 'a symbolic link');
    throw error;
  }
  try {
    const info = await handle.stat({ bigint: true });
    if (!info.isFile()) throw notAFile(path, describeKind(info));
    if (info.size > BigInt(maxBytes)) throw tooLarge(path, Number(info.size), maxBytes);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      // The size fstat gave, plus one byte to see the end, in one read for a regular file; then
      // one byte to be sure of the end (a buffer of 1 MB here for every file read kept the
      // garbage collector busy with memory outside the heap); a file that grows meanwhile is
      // read on in 1 MB steps, never past the cap.
      const size = Number(info.size);
      const chunk = Buffer.allocUnsafe(Math.min(total < size ? size - total + 1 : total === size ? 1 : 1 << 20, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) throw tooLarge(path, total, maxBytes);
      chunks.push(bytesRead === chunk.length ? chunk : chunk.subarray(0, bytesRead));
    }
    return { bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total), version: versionOf(info) };
  } finally {
    await handle.close();
  }
}

function notAFile(path: string, what: string): UnsafeFileError {
  return new UnsafeFileError(path, 'not-a-file', `It is ${what}, not a regular file, so Accord does not read or write it.`);
}

function tooLarge(path: string, bytes: number, maxBytes: number): UnsafeFileError {
  return new UnsafeFileError(
    path,
    'too-large',
    `It holds ${bytes > maxBytes ? 'more than' : ''} ${(Math.max(bytes, maxBytes) / 1024 / 1024).toFixed(1)} MB, more than the ${maxBytes / 1024 / 1024} MB Accord reads.`.replace(
      '  ',
      ' ',
    ),
  );
}

function describeKind(info: {
  isDirectory(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
}): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a pipe (FIFO)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'something other than a file';
}

/** The version of the file at `path` now, or undefined when there is none. Never follows a link. */
export async function currentVersion(path: string): Promise<FileVersion | undefined> {
  try {
    return versionOf(await lstat(path, { bigint: true }));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Writes `bytes` to `path` atomically: a temp file `<name>.<random>.tmp` beside it (so
 * `.gitignore`'s `*.json.*` and the clean-up find it), fsync, then `beforeRename()`, then
 * rename over the file. When `beforeRename` throws, the temp file is removed and nothing
 * changes. A symbolic link at `path` is replaced, never written through. Errors: the errno
 * errors of open/write/fsync/rename (EACCES, EROFS, ENOSPC, EDQUOT, …), or beforeRename's.
 */
export async function writeFileAtomically(path: string, bytes: Uint8Array, beforeRename?: () => Promise<void>): Promise<void> {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  let renamed = false;
  try {
    const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o644);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await beforeRename?.();
    await rename(temp, path);
    renamed = true;
  } finally {
    if (!renamed) await unlink(temp).catch(() => undefined);
  }
}

/**
 * Creates `path` with `bytes` only when nothing is there yet, atomically: the bytes go to a
 * temp file first (fsync), which is then hard-linked to `path`, so another process sees no
 * file or the whole file, never a part (a full disk leaves nothing). Returns false when
 * something (a file, a link) already exists at `path`. Where hard links are not supported
 * (FAT, some network shares) it renames the temp file after checking the path is free.
 */
export async function createFileAtomically(path: string, bytes: Uint8Array): Promise<boolean> {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o644);
  try {
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await link(temp, path);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return false;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
      if (await lstat(path).catch(() => undefined)) return false;
      await rename(temp, path);
      return true;
    }
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/** Temp files of atomic writes: ours (`x.json.<hex>.tmp`, `covenant.md.<hex>.tmp`, `.gitignore.<hex>.tmp`) and write-file-atomic's (`x.json.<number>`). */
const TEMP_FILE = /(?:\.json|\.md|^\.gitignore|^\.gitattributes)\.(?:[0-9a-f]{8,32}\.tmp|\d+)$/;

/**
 * Removes temp files left in `folder` by writes that were killed before their rename, once they
 * are older than `olderThanMs` (a write in progress elsewhere is never that old). Regular files
 * only; returns how many were removed. Never throws.
 */
export async function removeStaleTempFiles(folder: string, olderThanMs: number, now = Date.now()): Promise<number> {
  let removed = 0;
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return 0;
  }
  for (const name of names) {
    if (!TEMP_FILE.test(name)) continue;
    const path = `${folder}${sep}${name}`;
    try {
      const info = await lstat(path);
      if (info.isFile() && now - info.mtimeMs > olderThanMs) {
        await unlink(path);
        removed++;
      }
    } catch {
      // Gone already, or not ours to remove.
    }
  }
  return removed;
}

/**
 * Whether `path` (which may not exist yet) resolves, through every symbolic link of the
 * folders above it, to a place inside `root`. Throws UnsafeFileError('outside-workspace')
 * when it does not. The deepest existing folder is resolved with realpath; the rest of the
 * path does not exist yet, so it cannot be a link.
 */
export async function assertInside(root: string, path: string): Promise<void> {
  const realRoot = await realpath(root);
  let existing = path;
  let rest = '';
  for (;;) {
    try {
      const resolved = await realpath(existing);
      const full = rest ? `${resolved}${sep}${rest}` : resolved;
      const inside = relative(realRoot, full);
      if (inside === '' || (!inside.startsWith('..') && !isAbsolute(inside))) return;
      throw new UnsafeFileError(
        path,
        'outside-workspace',
        `It leads outside the workspace folder (to ${full}) through a symbolic link, so Accord does not read or write it.`,
      );
    } catch (error) {
      if (error instanceof UnsafeFileError) throw error;
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      const parent = dirname(existing);
      if (parent === existing) throw error;
      rest = rest ? `${existing.slice(parent.length + 1)}${sep}${rest}` : existing.slice(parent.length + 1);
      existing = parent;
    }
  }
}

/** Runs a file operation again, after a pause, while the process is out of file descriptors (EMFILE, ENFILE). */
export async function retryOnDescriptorShortage<T>(operation: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== 'EMFILE' && code !== 'ENFILE') || attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(10 * 2 ** attempt, 500)));
    }
  }
}
