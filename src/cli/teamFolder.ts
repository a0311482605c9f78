/** Finding the team's folder from wherever the command runs, as `git` finds its repository. */
import { lstat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

/**
 * The nearest folder, from `start` upward to the root of the file system, that holds an entry
 * named `dataFolder` (relative, e.g. `.accord`), or undefined when none does. The entry counts
 * whatever it is (a link, a file): the store then names what is wrong with it.
 */
export async function findTeamFolder(start: string, dataFolder: string): Promise<string | undefined> {
  for (let folder = resolve(start); ;) {
    if (
      await lstat(join(folder, dataFolder)).then(
        () => true,
        () => false,
      )
    )
      return folder;
    const parent = dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
}
