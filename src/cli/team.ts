/**
 * What `accord status` and `accord calendar` share beyond command.ts: reading the team
 * read-only, who "me" is (--me, ACCORD_ME, git's user.email), and the day the record is read as
 * (--today, so a run can be repeated exactly).
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import { instantAt, isDay, memberProfile, type TeamState, zoneToComputeWith } from '../core';
import { AccordStore } from '../store';
import { gitConfig, resolveMe } from '../store/identity';
import { type CliIo, type TeamLocation, usageError } from './command';
import { checkLoaded } from './check';
import { textReport } from './checkReport';
import { colourFor, terminalText, type Verbosity } from './output';

/** The --me option (also ACCORD_ME): who "me" is, by email or member id. */
export function meOption(): Option {
  return new Option(
    '--me <email-or-id>',
    "who you are: the email your profile records, or your member id (your file's name in <data folder>/people/, without .json); else git's user.email",
  ).env('ACCORD_ME');
}

/**
 * The --today option, told by `description` (by default as status and calendar read it): a
 * `YYYY-MM-DD` day that exists (2026-02-30 does not), else a usage error.
 */
export function todayOption(description = 'read the record as on this day, at 12:00 in your time zone (default: now), e.g. to repeat a run exactly'): Option {
  return new Option('--today <YYYY-MM-DD>', description).argParser((value: string) => {
    if (!isDay(value)) throw new InvalidArgumentError('Give a day that exists, as YYYY-MM-DD (e.g. 2026-11-24).');
    return value;
  });
}

/**
 * The instant a command reads the record at: with `today` (a checked --today day), 12:00 on
 * that day in `timeZone` (a zone this runtime does not know counts as UTC, as core
 * `dueContext` computes it), so the day is `today` in that zone and any host's TZ gives the
 * same instant; without it, the clock now. Noon, not midnight: the day is `today` wherever the
 * zone's offset moves within it (a daylight-saving change happens at night).
 */
export function readingInstant(today: string | undefined, timeZone: string): Date {
  return today === undefined ? new Date() : instantAt(today, '12:00', zoneToComputeWith(timeZone).timeZone);
}

/**
 * The team in `location`, read as the extension reads it (AccordStore.loadAll) and never
 * written (read-only). What `accord check` would name (files that cannot be read and are left
 * out, writes the authority rule leaves out, the covenant) is told on stderr in its words,
 * followed, unless quiet, by a line saying that `what` ("The digest") is built from the rest.
 * Problems never change a reading command's exit code.
 */
export async function readTeam(io: CliIo, location: TeamLocation, verbosity: Verbosity, what: string): Promise<AccordStore> {
  const store = new AccordStore({ root: location.root, dataFolder: location.dataFolder, readOnly: true, historyInState: true });
  await store.loadAll();
  // The commands read history (streaks, digests over any window): the closed periods too.
  await store.useArchives();
  const result = await checkLoaded(store, location.root, location.dataFolder);
  if (result.problems.length > 0) {
    io.stderr.write(textReport(result, location.dataFolder, verbosity, colourFor(io.stderr, io.env)));
    if (verbosity !== 'quiet') io.stderr.write(`${what} is built from what Accord could read.\n`);
  }
  return store;
}

/** Who "me" is for a command, and where that came from. */
export interface Me {
  readonly member: string;
  /** The email it was matched by, when it was one (to tell my commits from others'). */
  readonly email?: string;
}

function isMember(state: TeamState, member: string): boolean {
  return memberProfile(state, member) !== undefined;
}

/**
 * Who "me" is in the team `store` (read from `location`): `--me` or ACCORD_ME (`command`'s `me`
 * option) when given, else git's user.email in the team folder (git runs as the person's own:
 * the command line runs in their repository). A configured value is matched as the extension
 * matches its `accord.me` setting (store `resolveMe`, core `resolveMemberId`), and also taken
 * when it is exactly a member's id: the commands that ask only read, so naming a member claims
 * nothing. It must name a member with a profile: otherwise a usage error (exit 2) that says how
 * to name one and lists nobody else's email. Without a configured value, git's email must name a
 * member when `required`; otherwise no one is "me" (undefined), as in the extension before Set
 * Up. With `verbosity` verbose, says on stderr who "me" is and from where.
 */
export async function findMe(
  io: CliIo,
  command: Command,
  store: AccordStore,
  location: TeamLocation,
  required: boolean,
  verbosity: Verbosity,
): Promise<Me | undefined> {
  const state = store.state;
  const configured = command.opts<{ me?: string }>().me?.trim();
  const from = command.getOptionValueSource('me') === 'env' ? 'ACCORD_ME' : '--me';
  const howToName = `Name yourself with --me (or ACCORD_ME): the email your profile records, or your member id, the name of your file in ${location.dataFolder}/people/ without .json.`;
  let me: Me | undefined;
  if (configured) {
    if (isMember(state, configured)) me = { member: configured };
    else {
      const found = await resolveMe({ configured, folder: location.root, peopleDir: store.peopleDir, trustedGit: true });
      if (found?.source === 'setting' && isMember(state, found.member)) me = { member: found.member, email: found.email };
    }
    if (!me) throw usageError(`${from} "${terminalText(configured)}" names no member of this team. ${howToName}`);
  } else {
    const found = await resolveMe({ folder: location.root, peopleDir: store.peopleDir, trustedGit: true });
    if (found && isMember(state, found.member)) me = { member: found.member, email: found.email };
    else if (required) {
      const email = found?.email ?? (await gitConfig(location.root, 'user.email'));
      throw usageError(
        email
          ? `git's user.email "${terminalText(email)}" names no member of this team. ${howToName}`
          : `Accord does not know who you are: git has no user.email here. ${howToName}`,
      );
    }
  }
  if (me && verbosity === 'verbose') io.stderr.write(`You are ${terminalText(me.member)} (from ${configured ? from : "git's user.email"}).\n`);
  return me;
}
