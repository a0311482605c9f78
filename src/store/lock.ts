/**
 * A cross-process lock around read-merge-write of one's own file, so a second VS Code window
 * or a CLI writing at the same moment waits instead of losing an update. proper-lockfile
 * uses an atomic mkdir and recovers locks left behind by a crashed process.
 */
import { lock } from 'proper-lockfile';

export async function withFileLock<T>(path: string, action: () => Promise<T>): Promise<T> {
  const release = await lock(path, {
    realpath: false,
    stale: 10_000,
    update: 2_000,
    retries: { retries: 200, factor: 1.3, minTimeout: 5, maxTimeout: 250, randomize: true },
  });
  try {
    return await action();
  } finally {
    await release();
  }
}
