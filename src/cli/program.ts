/**
 * The `accord` command line: its commands and options (commander), and the exit codes every
 * command keeps: 0 fine, 1 problems found, 2 the command could not run as asked.
 */
import { Command, CommanderError, Option } from 'commander';
import { version } from '../../package.json';
import { runGit, UnknownBaseError } from '../store';
import { safeDataFolder } from '../store/dataFolder';
import { checkTeam } from './check';
import { CHECK_FORMATS, type CheckFormat, githubReport, jsonReport, textReport } from './checkReport';
import { colourFor, type OutStream, paint, terminalText, type Verbosity } from './output';
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

const EXIT_HELP = `
Exit codes:
  0  fine: nothing to look at
  1  problems found (listed on standard output)
  2  the command could not run as asked: a usage error, no data folder here or above,
     or a --base commit git does not know (the reason is on standard error)`;

/** Options every command takes. */
interface GlobalOptions {
  quiet?: boolean;
  verbose?: boolean;
}

/** The path of `folder` inside its git repository (`apps/web/`), or `''` at its root, outside one, or without git. */
async function repositoryPrefix(folder: string): Promise<string> {
  const answer = await runGit({ cwd: folder }, ['rev-parse', '--show-prefix'], { okCodes: [0, 128] }).catch(() => undefined);
  return answer?.code === 0 ? answer.stdout.toString('utf8').trim() : '';
}

/** A usage error: told on stderr, exit code 2. */
function usageError(message: string): CommanderError {
  return new CommanderError(EXIT_USAGE, 'accord.usage', message);
}

/** The program with every command, writing through `io`; `setExit` receives each command's exit code. */
function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const colourErr = colourFor(io.stderr, io.env);
  const program = new Command('accord')
    .description("Accord outside the editor: checks the team's record in .accord/ (a CI check, a pre-commit hook).")
    .version(version, '-V, --version', 'print the version of accord')
    .helpOption('-h, --help', 'show help for a command')
    .addOption(new Option('-q, --quiet', 'print only the problems, no summary').conflicts('verbose'))
    .addOption(new Option('-v, --verbose', 'also say which folder was read, on standard error'))
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(paint(colourErr, 'red', text)),
    })
    .showHelpAfterError('(add --help for the options)')
    .exitOverride()
    .addHelpText('after', EXIT_HELP);

  program
    .command('check')
    .summary("check the data files with the extension's rules; writes nothing")
    .description(
      'Checks every member file and the covenant under the data folder with the rules of the extension: ' +
        'file, line, column, what is wrong and the fix. Reads only; writes nothing, ever.',
    )
    .addOption(new Option('-f, --format <format>', 'how to report').choices(CHECK_FORMATS).default('text'))
    .addOption(
      new Option('--data-folder <folder>', 'the data folder, inside the repository (the accord.dataFolder setting)')
        .env('ACCORD_DATA_FOLDER')
        .default('.accord'),
    )
    .option(
      '--base <commit>',
      'also check ownership since <commit> (e.g. origin/main): every commit that changed a member file must be authored by that member, by their git email',
    )
    .addHelpText('after', EXIT_HELP)
    .action(async (options: { format: CheckFormat; dataFolder: string; base?: string }, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const verbosity: Verbosity = globals.quiet ? 'quiet' : globals.verbose ? 'verbose' : 'normal';
      const dataFolder = safeDataFolder(options.dataFolder);
      if (dataFolder !== options.dataFolder.trim().replace(/\\/g, '/').replace(/\/+$/, ''))
        throw usageError(
          `The data folder "${terminalText(options.dataFolder)}" is not a folder inside the repository that every system can check out (no "..", no absolute path, no reserved name).`,
        );
      const root = await findTeamFolder(io.cwd, dataFolder);
      if (!root)
        throw usageError(
          `There is no ${dataFolder}/ folder in ${terminalText(io.cwd)} or any folder above it. Run accord inside a repository that has one, or name another with --data-folder.`,
        );
      if (verbosity === 'verbose') io.stderr.write(`Reading ${terminalText(root)}/${dataFolder}/ (read-only)\n`);
      let result;
      try {
        result = await checkTeam(root, dataFolder, options.base);
      } catch (error) {
        if (error instanceof UnknownBaseError) throw usageError(`--base: ${terminalText(error.message)}`);
        throw error;
      }
      if (verbosity === 'verbose')
        io.stderr.write(`Read ${result.memberFiles} member file${result.memberFiles === 1 ? '' : 's'}, and the covenant when there is one.\n`);
      const report =
        options.format === 'json'
          ? jsonReport(result, dataFolder)
          : options.format === 'github'
            ? githubReport(result, dataFolder, verbosity, await repositoryPrefix(root))
            : textReport(result, dataFolder, verbosity, colourFor(io.stdout, io.env));
      io.stdout.write(report);
      setExit(result.problems.length > 0 ? EXIT_PROBLEMS : EXIT_FINE);
    });
  return program;
}

/**
 * Runs `accord` with `args` (the words after the program's name) and resolves to its exit code:
 * 0 fine (help and --version included), 1 problems found, 2 a usage error or a failure to run,
 * told on `io.stderr`. Never throws.
 */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  let exitCode = EXIT_FINE;
  const program = buildProgram(io, (code) => (exitCode = code));
  try {
    await program.parseAsync([...args], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'accord.usage') io.stderr.write(`${paint(colourFor(io.stderr, io.env), 'red', `accord: ${error.message}`)}\n`);
      // Help and --version end in a CommanderError with exit code 0; the rest are usage errors, already told.
      return error.exitCode === 0 ? EXIT_FINE : EXIT_USAGE;
    }
    io.stderr.write(`accord: ${terminalText(error instanceof Error ? error.message : String(error))}\n`);
    return EXIT_USAGE;
  }
}
