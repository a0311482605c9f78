/**
 * Which folder of a workspace holds the team. In a multi-root workspace the team's data may be
 * in any folder (`team-notes/` beside `app/`), so Accord takes the first folder that has the data
 * folder, and the first folder only when none has. Plain Node (no `vscode`).
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The index of the folder to use among `folders` (their paths on disk, in the workspace's
 * order): the first whose `dataFolder` is a folder, else 0. Undefined for no folders. One
 * `stat` per folder.
 */
export function teamFolderIndex(folders: readonly string[], dataFolder: string): number | undefined {
  if (folders.length === 0) return undefined;
  const found = folders.findIndex((folder) => {
    try {
      return statSync(join(folder, dataFolder)).isDirectory();
    } catch {
      return false;
    }
  });
  return found >= 0 ? found : 0;
}
