/** The `accord calendar` command: the team calendar as an .ics file, the same bytes as the extension's Export Calendar. */
import { basename } from 'node:path';
import { type Command } from 'commander';
import { dayIn, timeZoneOf } from '../core';
import { buildCalendar, calendarName, calendarSavedMessage, teamCalendarKey } from '../core/calendar';
import { rootCommit } from '../store/rootCommit';
import { type CommandContext, dataFolderOption, EXIT_FINE, locateTeam, usageError, verbosityOf } from './command';
import { outputPath, writeOutput } from './outputFile';
import { terminalText } from './output';
import { findMe, meOption, readingInstant, readTeam, todayOption } from './team';

/** The exit codes of `accord calendar`, as its --help tells them. */
const CALENDAR_EXIT_HELP = `
Exit codes:
  0  the calendar was written
  2  the command could not run as asked: a usage error, no data folder here or above,
     no root commit for the team key and no --team-key, a file inside the data folder,
     or a file that could not be written (the reason is on standard error)`;

/** A team key as core buildCalendar takes it. */
const TEAM_KEY = /^[0-9a-f]{16,64}$/;

/**
 * The team key of the calendar's UIDs: `--team-key` when given (16 to 64 lowercase hex digits,
 * else a usage error); else core `teamCalendarKey` of the repository's root commit, which every
 * clone of the team shares, so the extension's export and this one update the same entries.
 * Without a root commit (not a git repository, no commit yet, a shallow clone) the command
 * refuses (usage error, exit 2) rather than invent a key: the extension then keeps a random key
 * in its workspace state, which the command line cannot read, and a key of its own (from the
 * folder's path, say) would differ on every machine and from the extension's, so a re-import
 * would double every entry. `--team-key` is the way out, kept the same from run to run.
 */
async function teamKeyFor(root: string, given: string | undefined): Promise<string> {
  if (given !== undefined) {
    if (!TEAM_KEY.test(given)) throw usageError('--team-key: give 16 to 64 lowercase hex digits (e.g. from: openssl rand -hex 16), the same each time.');
    return given;
  }
  const commit = await rootCommit(root);
  if (commit) return teamCalendarKey(commit);
  throw usageError(
    `${terminalText(root)} is not in a git repository with a full history (no commit yet, or a shallow clone: git fetch --unshallow), ` +
      'so the calendar has no team key that every clone shares. Pass --team-key <16 to 64 hex digits>, the same each time, so that a re-import updates the entries in place.',
  );
}

/** Adds `accord calendar` to `program`. */
export function addCalendarCommand(program: Command, { io, setExit }: CommandContext): void {
  program
    .command('calendar')
    .summary("write the team calendar (.ics), as the extension's Export Calendar does")
    .description(
      'Writes the joint calendar (due dates, planning sessions, follow-ups, the check-in rhythm) as an iCalendar file, ' +
        "the same as the extension's Export Calendar: import it into your calendar app, export again after planning " +
        "and the entries update in place. Its UIDs carry a key from the repository's root commit, shared by every clone. " +
        '"Today" (where the check-in rhythm starts) is in your profile\'s time zone when Accord knows who you are ' +
        "(--me, ACCORD_ME or git's user.email), else the machine's, as in the extension before Set Up.",
    )
    .option('-o, --output <file>', 'the file to write, outside the data folder; - for standard output', '-')
    .addOption(meOption())
    .addOption(todayOption())
    .option(
      '--team-key <hex>',
      "the UIDs' team key where the repository has no root commit to read (no git, a shallow clone): 16 to 64 hex digits, the same each time",
    )
    .addOption(dataFolderOption())
    .addHelpText('after', CALENDAR_EXIT_HELP)
    .action(async (options: { output: string; today?: string; teamKey?: string; dataFolder: string }, command: Command) => {
      const verbosity = verbosityOf(command);
      const location = await locateTeam(io, options.dataFolder, verbosity);
      const target = options.output === '-' ? undefined : await outputPath(io.cwd, options.output, location, 'the calendar');
      const teamKey = await teamKeyFor(location.root, options.teamKey);
      const store = await readTeam(io, location, verbosity, 'The calendar');
      const me = await findMe(io, command, store, location, false, verbosity);
      const state = store.state;
      const timeZone = timeZoneOf(state, me?.member);
      const now = readingInstant(options.today, timeZone);
      const text = buildCalendar(state, { now, today: dayIn(now, timeZone), name: calendarName(basename(location.root)), teamKey });
      if (target === undefined) io.stdout.write(text);
      else {
        await writeOutput(target, text);
        if (verbosity !== 'quiet') io.stdout.write(`${calendarSavedMessage(text, terminalText(target))}\n`);
      }
      setExit(EXIT_FINE);
    });
}
