/** The file a command writes with -o (the digest, the calendar): never inside the data folder, never through a link. */
import { constants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { type TeamLocation, usageError } from './command';
import { terminalText } from './output';

/** Whether `path` is inside `folder` or is it. */
function within(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * The absolute path `file` (as given to -o, relative to `cwd`) names, checked: its folder must
 * exist, and neither the path as written nor where links lead may be inside the data folder of
 * `location`, which holds only the team's record (a file there would be committed and shared).
 * `what` names the output in the message ("the digest"). Throws a usage error (exit 2) otherwise.
 */
export async function outputPath(cwd: string, file: string, location: TeamLocation, what: string): Promise<string> {
  const path = resolve(cwd, file);
  const folder = await realpath(dirname(path)).catch(() => undefined);
  if (folder === undefined) throw usageError(`-o: the folder ${terminalText(dirname(path))} does not exist.`);
  const dataDir = join(location.root, location.dataFolder);
  const realData = await realpath(dataDir).catch(() => dataDir);
  const target = join(folder, basename(path));
  const linked = await realpath(target).catch(() => target);
  if (within(dataDir, path) || within(realData, target) || within(realData, linked))
    throw usageError(`-o: ${terminalText(file)} is inside ${location.dataFolder}/, which holds only the team's record. Write ${what} somewhere else.`);
  return target;
}

/**
 * Writes `text` (UTF-8) to `path`, replacing a regular file there, never through a link
 * (O_NOFOLLOW where the system has it). Throws a usage error naming the file and the system's
 * reason when it cannot.
 */
export async function writeOutput(path: string, text: string): Promise<void> {
  let handle;
  try {
    handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | (constants.O_NOFOLLOW ?? 0), 0o644);
    await handle.writeFile(text, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw usageError(`-o: could not write ${terminalText(path)}${code === 'ELOOP' ? ' (it is a link; name the file itself)' : code ? ` (${code})` : ''}.`);
  } finally {
    await handle?.close();
  }
}
