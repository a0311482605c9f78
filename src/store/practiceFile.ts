/**
 * A team's own Practice Feedback exercises, `<data folder>/practice.json` (issue 19 §4), read
 * from disk as the untrusted file it is: a regular file inside the workspace, never through a
 * link, at most MAX_PRACTICE_BYTES, valid UTF-8. What it holds is judged by core's loader.
 */
import { join } from 'node:path';
import { type LoadedExercises, MAX_PRACTICE_BYTES, practiceExercises, TEAM_PRACTICE_FILE } from '../core/practice';
import { assertInside, readRegularFile, UnsafeFileError } from './safeFile';

/**
 * Every exercise a person can practise in the workspace at `root` whose data folder is
 * `dataFolder` (relative to `root`, e.g. `.accord`): the built-in ones, then the team's file
 * when there is one (core `practiceExercises`). Never throws for the file: when it cannot be
 * read (a link, a folder, too large, outside the workspace, not UTF-8, no permission) the
 * built-in exercises come back with one problem that names the file, what is wrong and the fix.
 */
export async function readPracticeExercises(root: string, dataFolder: string): Promise<LoadedExercises> {
  const shown = `${dataFolder.replace(/\\/g, '/')}/${TEAM_PRACTICE_FILE}`;
  const path = join(root, dataFolder, TEAM_PRACTICE_FILE);
  const unreadable = (message: string, fix: string): LoadedExercises => ({
    exercises: practiceExercises(undefined).exercises,
    problems: [{ file: shown, place: '', message, fix }],
  });
  let text: string | undefined;
  try {
    await assertInside(root, path);
    const read = await readRegularFile(path, MAX_PRACTICE_BYTES);
    text = read && new TextDecoder('utf-8', { fatal: true }).decode(read.bytes);
  } catch (error) {
    if (error instanceof UnsafeFileError)
      return unreadable(error.message, `Make it a regular file inside the repository, of at most ${MAX_PRACTICE_BYTES / 1024} KB.`);
    if (error instanceof TypeError) return unreadable('The file is not valid UTF-8 text.', 'Save it as UTF-8.');
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') text = undefined;
    else return unreadable(`The file could not be read (${code ?? (error as Error).message}).`, 'Check its permissions.');
  }
  return practiceExercises(text, shown);
}
