/**
 * The `accord` command line: its commands and options (commander), and the exit codes every
 * command keeps: 0 fine, 1 problems found, 2 the command could not run as asked.
 */
import { Command, CommanderError, Option } from 'commander';
import { version } from '../../package.json';
import { addCalendarCommand } from './calendarCommand';
import { addCheckCommand } from './checkCommand';
import { type CliIo, EXIT_FINE, EXIT_HELP, EXIT_USAGE } from './command';
import { addDigestCommand } from './digestCommand';
import { colourFor, paint, terminalText } from './output';
import { addStatusCommand } from './statusCommand';

export { type CliIo, EXIT_FINE, EXIT_PROBLEMS, EXIT_USAGE } from './command';

/** The program with every command, writing through `io`; `setExit` receives each command's exit code. */
function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const colourErr = colourFor(io.stderr, io.env);
  const program = new Command('accord')
    .description(
      "Accord outside the editor: checks the team's record in .accord/ (a CI check, a pre-commit hook), tells what happened (digest), your day (status), and writes the team's calendar.",
    )
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
  const context = { io, setExit };
  addCheckCommand(program, context);
  addDigestCommand(program, context);
  addStatusCommand(program, context);
  addCalendarCommand(program, context);
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
