/**
 * A cross-process lock around read-merge-write of one's own file, so a second VS Code window
 * or a CLI writing at the same moment waits instead of losing an update. proper-lockfile
 * makes the lock with an atomic mkdir of `<file>.lock`, keeps its mtime fresh while it is
 * held, and lets another process take it once it is older than the stale limit.
 *
 * A stale limit means a holder can lose its lock without being told in time: a window whose
 * event loop stalls (a debugger, a busy extension) for longer than the limit finds, when it
 * resumes, that another window took the lock and wrote. So the holder never trusts the lock
 * blindly: `HeldLock.confirm()` is called just before the rename that publishes a write, and
 * throws `LockLostError` unless the lock folder still carries the mtime this holder last gave
 * it, recently enough that no one can call it stale yet.
 */
import * as fs from 'node:fs';
import { lock } from 'proper-lockfile';

/** After this long without a refresh, another process may take the lock (milliseconds). */
export const LOCK_STALE_MS = 10_000;
/** How often the holder refreshes the lock's mtime (milliseconds). */
const LOCK_UPDATE_MS = 2_000;
/** A holder publishes a write only while its last refresh is younger than this (milliseconds). */
const LOCK_SAFE_MS = LOCK_STALE_MS - 3_000;
/** How long to wait for a lock before telling the person (milliseconds). */
const WAIT_NOTICE_MS = 400;

/** The lock was lost while held (or could not be confirmed): the write must be redone from a fresh read. */
export class LockLostError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`The lock on ${path} was lost (${reason}).`);
    this.name = 'LockLostError';
  }
}

export interface HeldLock {
  /**
   * Resolves when the lock is still this holder's and was refreshed less than LOCK_SAFE_MS ago;
   * otherwise throws LockLostError. Call it just before publishing a write.
   */
  confirm(): Promise<void>;
}

export interface LockOptions {
  /** Called once when the lock has not been free for WAIT_NOTICE_MS; its result is disposed when the wait ends. */
  onWait?: () => { dispose(): void } | void;
}

/**
 * Runs `action` while holding the lock of `path` (the folder `<path>.lock`). A lock folder
 * whose mtime lies in the future beyond the stale limit (a clock that was corrected, a
 * restored backup, a synced folder) is treated as stale: proper-lockfile alone would wait for
 * it until the future came. Errors: proper-lockfile's ELOCKED when the lock stays busy for
 * about a minute, ELOCKPATH when something other than a folder is at `<path>.lock`, and the
 * errors of mkdir in the lock's folder (EACCES, EROFS, ENOSPC).
 */
export async function withFileLock<T>(path: string, action: (held: HeldLock) => Promise<T>, options: LockOptions = {}): Promise<T> {
  const lockPath = `${path}.lock`;
  const lease = { mtime: undefined as number | undefined, refreshedAt: 0, compromised: undefined as Error | undefined, lost: false };
  // proper-lockfile takes an fs to use: this one sees each mtime it gives the lock folder.
  const watchedFs = {
    ...fs,
    // A lock found lost belongs to another window now: releasing ours must not remove it.
    rmdir(target: fs.PathLike, callback: (error: NodeJS.ErrnoException | null) => void) {
      if (lease.lost && String(target) === lockPath) return callback(null);
      fs.rmdir(target, callback);
    },
    utimes(target: fs.PathLike, atime: fs.TimeLike, mtime: fs.TimeLike, callback: (error: NodeJS.ErrnoException | null) => void) {
      fs.utimes(target, atime, mtime, (error) => {
        if (!error && String(target) === lockPath) {
          lease.mtime = new Date(mtime as Date).getTime();
          lease.refreshedAt = Date.now();
        }
        callback(error);
      });
    },
  };
  // Only a folder there is a lock: a file or a link (committed by mistake, or planted) would make
  // every write wait for a minute, and utimes on a link would touch what it points to.
  const existing = await fs.promises.lstat(lockPath).catch(() => undefined);
  if (existing && !existing.isDirectory()) throw Object.assign(new Error(`${lockPath} is not a lock folder`), { code: 'ELOCKPATH' });
  await expireFutureLock(lockPath);
  const notice: { shown?: { dispose(): void } | void } = {};
  const timer = options.onWait ? setTimeout(() => (notice.shown = options.onWait!()), WAIT_NOTICE_MS) : undefined;
  let release: () => Promise<void>;
  try {
    release = await lock(path, {
      realpath: false,
      stale: LOCK_STALE_MS,
      update: LOCK_UPDATE_MS,
      retries: { retries: 200, factor: 1.3, minTimeout: 5, maxTimeout: 250, randomize: true },
      fs: watchedFs,
      // Without this, proper-lockfile throws from a timer: the holder would never hear of it.
      onCompromised: (error) => (lease.compromised = error),
    });
  } finally {
    clearTimeout(timer);
    notice.shown?.dispose();
  }
  const held: HeldLock = {
    async confirm() {
      if (lease.compromised) throw new LockLostError(path, lease.compromised.message);
      let mtime: number;
      try {
        mtime = (await fs.promises.stat(lockPath)).mtime.getTime();
      } catch (error) {
        lease.lost = true;
        throw new LockLostError(path, (error as NodeJS.ErrnoException).code ?? 'gone');
      }
      // A file system may keep whole seconds (ext3, HFS+) or two (FAT): the mtime read back is
      // the one given, rounded down. Another process could only have taken the lock once it was
      // LOCK_STALE_MS old, and would have given it a fresh mtime, far from ours.
      if (lease.mtime === undefined || mtime > lease.mtime || lease.mtime - mtime >= 2_000) {
        lease.lost = true;
        throw new LockLostError(path, 'another process took it');
      }
      if (Date.now() - lease.refreshedAt > LOCK_SAFE_MS) throw new LockLostError(path, 'not refreshed in time');
    },
  };
  try {
    return await action(held);
  } finally {
    // Always: it stops proper-lockfile's refresh timer. A lost lock is left to its holder (rmdir above).
    await release().catch(() => undefined);
  }
}

/** Makes a lock folder dated beyond the stale limit in the future look stale to proper-lockfile. */
async function expireFutureLock(lockPath: string): Promise<void> {
  try {
    const info = await fs.promises.lstat(lockPath);
    if (info.isDirectory() && info.mtime.getTime() > Date.now() + LOCK_STALE_MS) {
      const past = new Date(Date.now() - 2 * LOCK_STALE_MS);
      await fs.promises.utimes(lockPath, past, past);
    }
  } catch {
    // No lock folder (the usual case), or it went away meanwhile.
  }
}
