/**
 * What every `accord` command shares: the exit codes, the process it writes to, usage errors,
 * the global flags and finding the team's folder.
 */
import { type Command, CommanderError, Option } from 'commander';
import { safeDataFolder } from '../store/dataFolder';
import { type OutStream, terminalText, type Verbosity } from './output';
import { findTeamFolder } from './teamFolder';

/** What a run reads and writes: the real process in use, stand-ins in tests. */
export interface CliIo {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: OutStream;
  readonly stderr: OutStream;
}

export const EXIT_FINE = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_USAGE = 2;

/** The exit codes, as every command's --help tells them. */
export const EXIT_HELP = `
Exit codes:
  0  fine: nothing to look at
  1  problems found (listed on standard output)
  2  the command could not run as asked: a usage error, no data folder here or above,
     or a --base commit git does not know (the reason is on standard error)`;

/** What a command's action gets beside its options: where to write and how to end. */
export interface CommandContext {
  readonly io: CliIo;
  /** Receives the command's exit code (EXIT_FINE when never called). */
  readonly setExit: (code: number) => void;
}

/** A usage error: told on stderr in red, exit code 2. */
export function usageError(message: string): CommanderError {
  return new CommanderError(EXIT_USAGE, 'accord.usage', message);
}

/** The --data-folder option, as every command that reads the team takes it (also ACCORD_DATA_FOLDER). */
export function dataFolderOption(): Option {
  return new Option('--data-folder <folder>', 'the data folder, inside the repository (the accord.dataFolder setting)')
    .env('ACCORD_DATA_FOLDER')
    .default('.accord');
}

/** How much the person asked to hear, from the global -q and -v flags of `command`'s program. */
export function verbosityOf(command: Command): Verbosity {
  const globals = command.optsWithGlobals<{ quiet?: boolean; verbose?: boolean }>();
  return globals.quiet ? 'quiet' : globals.verbose ? 'verbose' : 'normal';
}

/** Where a command reads the team: the folder that holds the data folder, and the data folder (relative, made safe). */
export interface TeamLocation {
  readonly root: string;
  readonly dataFolder: string;
}

/**
 * The team folder for a command run in `io.cwd`: the nearest folder upward that holds
 * `dataFolderOption` (the --data-folder value). Throws a usage error (exit 2) for a data folder
 * that is not a portable relative folder (safeDataFolder's rule, as the extension's setting),
 * and when no folder up to the file system's root has one. With `verbosity` verbose, says on
 * stderr which folder is read.
 */
export async function locateTeam(io: CliIo, dataFolderOption: string, verbosity: Verbosity): Promise<TeamLocation> {
  const dataFolder = safeDataFolder(dataFolderOption);
  if (dataFolder !== dataFolderOption.trim().replace(/\\/g, '/').replace(/\/+$/, ''))
    throw usageError(
      `The data folder "${terminalText(dataFolderOption)}" is not a folder inside the repository that every system can check out (no "..", no absolute path, no reserved name).`,
    );
  const root = await findTeamFolder(io.cwd, dataFolder);
  if (!root)
    throw usageError(
      `There is no ${dataFolder}/ folder in ${terminalText(io.cwd)} or any folder above it. Run accord inside a repository that has one, or name another with --data-folder.`,
    );
  if (verbosity === 'verbose') io.stderr.write(`Reading ${terminalText(root)}/${dataFolder}/ (read-only)\n`);
  return { root, dataFolder };
}
