/**
 * The `accord digest` command: options → period → the digest model (core/digest.ts) → one of its
 * renderers (core/digestFormat.ts) → standard output or the file of -o. Reads the store
 * read-only; the only thing it ever writes is the -o file.
 */
import { type Command, Option } from 'commander';
import { buildDigest, digestToday, DigestPeriodError, parseSince, type PeriodRequest, resolvePeriod, SINCE_FORMS } from '../core/digest';
import { DIGEST_FORMATS, type DigestFormat, renderDigest } from '../core/digestFormat';
import { type CommandContext, dataFolderOption, EXIT_FINE, locateTeam, usageError, verbosityOf } from './command';
import { terminalText } from './output';
import { outputPath, writeOutput } from './outputFile';
import { readTeam, todayOption } from './team';

const DIGEST_HELP = `
Periods:
  --since 7d is the default. <N>d starts on the day N days before today (7d on 2026-11-24 is
  --since 2026-11-17), so it holds at least the last N x 24 hours; --since <date> starts on that
  day; --cycle is the current planning cycle, from its first day. Every period ends today.

Days and time zones:
  Each entry counts on the day its writer's own clock showed (their profile's time zone; UTC
  for someone without a profile), as the extension counts days. "Today" is the latest day any
  member's clock shows now, or the day given with --today. The machine's own zone never counts.

Exit codes:
  0  the digest was written (data problems, if any, are named on standard error in the words of
     accord check, and the digest is built from the files Accord could read)
  2  the command could not run as asked: a usage error (a bad --since or --today, --since with
     --cycle, an -o file inside the data folder), no data folder here or above, or a file that
     could not be written (the reason is on standard error)`;

interface DigestOptions {
  since?: string;
  cycle?: boolean;
  today?: string;
  format: DigestFormat;
  output?: string;
  dataFolder: string;
}

/** Adds `accord digest` to `program`. */
export function addDigestCommand(program: Command, { io, setExit }: CommandContext): void {
  program
    .command('digest')
    .summary('what happened in a period, per person: check-ins, done, blocked, next steps, kudos, lessons')
    .description(
      'Tells what happened in a period, per person: check-ins (status, what helped or got in the way), micro-goals done ' +
        '(on time, renegotiated before they were due, or done after their due day), who is blocked, next steps, kudos, and ' +
        'setbacks with their lessons. Reads the shared files only (read-only; private drafts are never in them).',
    )
    .addOption(new Option('--since <period>', `the period: ${SINCE_FORMS} (default 7d)`).conflicts('cycle'))
    .addOption(new Option('--cycle', 'the current planning cycle, from its first day to today'))
    .addOption(todayOption('take this day as today, for a digest as it was then or one that does not change'))
    .addOption(
      new Option('-f, --format <format>', 'markdown (for a pull request or a chat), json (version 1) or html (one page)')
        .choices(DIGEST_FORMATS)
        .default('markdown'),
    )
    .addOption(new Option('-o, --output <file>', 'write the digest to this file instead of standard output (never inside the data folder)'))
    .addOption(dataFolderOption())
    .addHelpText('after', DIGEST_HELP)
    .action(async (options: DigestOptions, command: Command) => {
      const verbosity = verbosityOf(command);
      const request = periodRequest(options);
      const location = await locateTeam(io, options.dataFolder, verbosity);
      const output = options.output === undefined ? undefined : await outputPath(io.cwd, options.output, location, 'the digest');
      const store = await readTeam(io, location, verbosity, 'The digest');
      const state = store.state;
      const today = options.today ?? digestToday(state, new Date());
      let period;
      try {
        period = resolvePeriod(state, request, today);
      } catch (error) {
        if (error instanceof DigestPeriodError) throw usageError(`--since: ${error.message}`);
        throw error;
      }
      const text = renderDigest(buildDigest(state, period), options.format);
      if (output === undefined) io.stdout.write(text);
      else {
        await writeOutput(output, text);
        if (verbosity === 'verbose') io.stderr.write(`Wrote the digest to ${terminalText(output)}\n`);
      }
      setExit(EXIT_FINE);
    });
}

/** The period asked for: --since (checked), --cycle, or the last 7 days. */
function periodRequest(options: DigestOptions): PeriodRequest {
  if (options.cycle) return { kind: 'cycle' };
  if (options.since === undefined) return { kind: 'days', days: 7 };
  const request = parseSince(options.since);
  if (!request) throw usageError(`--since takes ${SINCE_FORMS}, not "${terminalText(options.since)}".`);
  return request;
}
