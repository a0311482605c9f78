/**
 * Which folder of a workspace holds the team. In a multi-root workspace the team's data may be
 * in any folder (`team-notes/` beside `app/`), and several folders may each hold a team. Accord
 * serves one team at a time: the one the person last chose, else the first folder that has the
 * data folder, else the first folder. Plain Node (no `vscode`).
 */
import { lstatSync } from 'node:fs';
import { join } from 'node:path';

/** A workspace folder as this module sees it: its path on disk and its `accord.dataFolder`. */
export interface FolderCandidate {
  readonly path: string;
  readonly dataFolder: string;
}

/**
 * Whether `dataFolder` (relative) is a real folder inside `folder`: one `lstat`, so a symbolic
 * link (which a pull request could point anywhere) is not a team; false for anything unreadable.
 */
export function hasDataFolder(folder: string, dataFolder: string): boolean {
  try {
    return lstatSync(join(folder, dataFolder)).isDirectory();
  } catch {
    return false;
  }
}

/** The indexes, in the workspace's order, of the folders that hold a team. One `stat` per folder. */
export function teamFolderIndexes(folders: readonly FolderCandidate[]): number[] {
  return folders.flatMap((folder, index) => (hasDataFolder(folder.path, folder.dataFolder) ? [index] : []));
}

/**
 * The index of the folder to serve among `folders` (in the workspace's order): the folder at
 * `remembered` (a path the person chose before) while it holds a team, else the first folder that
 * holds one, else `remembered` while it is still in the workspace, else 0. Undefined for no folders.
 */
export function teamFolderIndex(folders: readonly FolderCandidate[], remembered?: string): number | undefined {
  if (folders.length === 0) return undefined;
  const teams = teamFolderIndexes(folders);
  const chosen = remembered === undefined ? -1 : folders.findIndex((folder) => folder.path === remembered);
  if (chosen >= 0 && teams.includes(chosen)) return chosen;
  if (teams.length > 0) return teams[0];
  return chosen >= 0 ? chosen : 0;
}
