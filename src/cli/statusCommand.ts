/** The `accord status` command: my today (due, overdue, follow-ups), as the extension's status bar and views count it. */
import { type Command, Option } from 'commander';
import { timeZoneOf } from '../core';
import { type CommandContext, dataFolderOption, EXIT_FINE, EXIT_PROBLEMS, locateTeam, verbosityOf } from './command';
import { colourFor } from './output';
import { myDay, STATUS_FORMATS, type StatusFormat, statusJson, statusText } from './status';
import { findMe, meOption, readingInstant, readTeam, todayOption } from './team';

/** The exit codes of `accord status`, as its --help tells them. */
const STATUS_EXIT_HELP = `
Exit codes:
  0  the day was printed (also with overdue micro-goals, unless --fail-on-overdue)
  1  with --fail-on-overdue: a micro-goal of yours is overdue
  2  the command could not run as asked: a usage error, no data folder here or above,
     or no member of the team is you (the reason is on standard error)`;

/** Adds `accord status` to `program`. */
export function addStatusCommand(program: Command, { io, setExit }: CommandContext): void {
  program
    .command('status')
    .summary('print my today: due today, overdue, follow-ups; writes nothing')
    .description(
      "Prints your today as the extension's status bar, Micro-goals and Follow-ups views count it: your micro-goals " +
        'overdue and due today, what waits for you and what is due back to you. "Today" is in the time zone of your ' +
        "profile. You are --me, else ACCORD_ME, else git's user.email, matched against the member files as the extension " +
        'matches its accord.me setting. Reads only; writes nothing.',
    )
    .addOption(new Option('-f, --format <format>', 'how to print it').choices(STATUS_FORMATS).default('text'))
    .addOption(meOption())
    .addOption(todayOption())
    .option('--fail-on-overdue', 'exit 1 when a micro-goal of yours is overdue (for a hook or a script)')
    .addOption(dataFolderOption())
    .addHelpText('after', STATUS_EXIT_HELP)
    .action(async (options: { format: StatusFormat; today?: string; failOnOverdue?: boolean; dataFolder: string }, command: Command) => {
      const verbosity = verbosityOf(command);
      const location = await locateTeam(io, options.dataFolder, verbosity);
      const store = await readTeam(io, location, verbosity, 'Your day');
      const me = (await findMe(io, command, store, location, true, verbosity))!;
      const day = await myDay(store, location.root, me, readingInstant(options.today, timeZoneOf(store.state, me.member)));
      io.stdout.write(options.format === 'json' ? statusJson(day) : statusText(day, verbosity, colourFor(io.stdout, io.env)));
      setExit(options.failOnOverdue && day.overdue.length > 0 ? EXIT_PROBLEMS : EXIT_FINE);
    });
}
