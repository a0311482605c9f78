import * as vscode from 'vscode';
import {
  DEFAULT_TEAM_SETTINGS,
  hashedMemberIdFrom,
  isTimeZoneName,
  isValidTimeZone,
  memberEntityId,
  memberProfile,
  safeText,
  sameEmail,
  systemTimeZone,
  TEAM_ENTITY_ID,
  withData,
} from '../core';
import { askIdentity, type Identity, resolveIdentity } from '../identity/identity';
import type { AccordWorkspace } from '../workspace/accordWorkspace';
import { offerStarterCovenant } from '../relationship';
import { gitConfig } from '../store/identity';
import { askText, validateHours } from '../commands/input';
import type { FolderContext } from '../commands/handler';
import { Commands, runCommand } from '../commands/ids';
import { FOLDER_CHOSEN, pickSetUpFolder } from '../workspace/teams';

/** Accord: Set Up — who you are, your time zone and weekly capacity; written to your own file. */
export async function setUp(ctx: FolderContext, ...args: unknown[]): Promise<void> {
  const workspace = ctx.workspace;
  if (workspace.explainReadOnly()) return;
  // In a multi-root workspace, the folder whose team I join or start is the person's choice.
  if (ctx.teams && args[0] !== FOLDER_CHOSEN && (vscode.workspace.workspaceFolders ?? []).length > 1) {
    const folder = await pickSetUpFolder(ctx.teams);
    if (!folder) return;
    if (folder.uri.toString() !== workspace.folder.uri.toString()) {
      if (!(await ctx.teams.switchTo(folder))) return;
      // The team served now has its own workspace and commands: Set Up goes on there.
      await runCommand(Commands.setUp, FOLDER_CHOSEN);
      return;
    }
  }
  const folder = workspace.folder.uri.fsPath;
  const peopleDir = workspace.peopleDir;
  const found = await resolveIdentity(folder, peopleDir);
  const identity = await ownIdentity(workspace, found ?? (await askIdentity(peopleDir)));
  if (!identity) return;
  await workspace.becomeMember(identity.member);
  const me = identity.member;
  const existing = memberProfile(workspace.state, me);
  const name = await askText({
    title: 'Accord: Set Up (1/3)',
    prompt: `Your display name, as your partners will see it (member id: ${me}).`,
    value: existing?.name ?? (await gitConfig(folder, 'user.name')) ?? me,
    maxLength: 100,
  });
  if (name === undefined) return;
  const timeZone = await askText({
    title: 'Accord: Set Up (2/3)',
    prompt: 'Your time zone: check-in nudges and due dates follow it.',
    value: existing?.timeZone ?? systemTimeZone(),
    maxLength: 64,
    // A zone newer than this VS Code's time-zone data is still the person's zone: saved, with a
    // warning that this machine computes it in UTC (partners with newer data see it right).
    validate: (value) =>
      !isTimeZoneName(value.trim())
        ? 'Use an IANA time zone such as Europe/Berlin or America/New_York.'
        : isValidTimeZone(value.trim())
          ? undefined
          : {
              message: `This VS Code does not know ${value.trim()} yet: your times will show in UTC here until it is updated.`,
              severity: vscode.InputBoxValidationSeverity.Warning,
            },
  });
  if (timeZone === undefined) return;
  const capacity = await askText({
    title: 'Accord: Set Up (3/3)',
    prompt: 'How many hours a week can you give to the goals you share? Planning warns before anyone takes on more.',
    value: String(existing?.capacityHours ?? 10),
    validate: (value) => (value.trim() ? validateHours(value, 168) : 'Enter a number of hours, for example 10.'),
  });
  if (capacity === undefined) return;
  // The team's cadence is written once, by the first member: never when another member's file
  // exists (its settings may be in a file that failed to read, or not be complete here yet).
  const state = workspace.state;
  const hasTeamSettings =
    state.entities.team.has(TEAM_ENTITY_ID) ||
    state.incomplete.includes(TEAM_ENTITY_ID) ||
    workspace.fileErrors.length > 0 ||
    workspace.members.some((m) => m !== me);
  const saved = await workspace.write((edit) => {
    // The email lets the next person's Set Up see that this id is taken (see ownIdentity).
    edit.set(memberEntityId(me), 'member', { name, timeZone, capacityHours: Number(capacity), ...(identity.email ? { email: identity.email } : {}) });
    if (!hasTeamSettings) edit.set(TEAM_ENTITY_ID, 'team', DEFAULT_TEAM_SETTINGS);
    return true;
  });
  if (saved) {
    // Named with its folder in a multi-root workspace (team-notes/.accord/people/…).
    const file = vscode.workspace.asRelativePath(vscode.Uri.file(workspace.fileOf(me)), true);
    // Notifications, not awaited: Set Up is done once the profile is saved.
    void vscode.window
      .showInformationMessage(withData`Welcome, ${name}. Your entries go to ${file}; commit it to share them with your team.`, 'Add a Goal')
      .then((choice) => {
        if (choice) void runCommand(Commands.addGoal);
      });
    void offerStarterCovenant(workspace);
  }
}

/**
 * The identity to set up, once its member id is known not to be someone else's: a profile under
 * the id that stores another email, or one that stores none while this person has an email or
 * just typed a handle, is someone else's unless the person says it is theirs. Then the person
 * chooses a distinct id (their email's hashed id, see `hashedMemberIdFrom`) or a handle, which is
 * checked the same way. Undefined when the person cancels.
 */
async function ownIdentity(workspace: AccordWorkspace, first: Identity | undefined): Promise<Identity | undefined> {
  let identity = first;
  while (identity) {
    const profile = memberProfile(workspace.state, identity.member);
    if (!profile) return identity;
    const name = plain(profile.name);
    if (profile.email !== undefined && identity.email !== undefined && sameEmail(profile.email, identity.email)) return identity;
    if (profile.email === undefined) {
      if (identity.email === undefined && identity.source !== 'asked') return identity;
      const answer = await vscode.window.showInformationMessage(
        `Accord found a profile for the member id "${identity.member}", named "${name}". Is it yours?`,
        {
          modal: true,
          detail:
            'It has no email saved with it (profiles made before Accord kept one, or made with a handle), so Accord cannot tell whose it is. Each person writes only their own file.',
        },
        'It Is Mine',
        "It Is Someone Else's",
      );
      if (answer === 'It Is Mine') return identity;
      if (answer === undefined) return undefined;
    }
    const distinct = identity.email !== undefined ? hashedMemberIdFrom(identity.email) : undefined;
    const useDistinct = distinct !== undefined && distinct !== identity.member && !memberProfile(workspace.state, distinct) ? `Use "${distinct}"` : undefined;
    const owner = profile.email !== undefined ? `${name} (${plain(profile.email)})` : name;
    const file = workspace.displayPath(workspace.fileOf(identity.member));
    const choice = await vscode.window.showWarningMessage(
      `The member id "${identity.member}" is already used by ${owner}.`,
      {
        modal: true,
        detail: `Each person writes only their own file, and ${safeText(file)} is theirs, so you need an id of your own. ${useDistinct ? `"${distinct}" is made from your email and no one else can get it. ` : ''}A handle works too.`,
      },
      ...(useDistinct ? [useDistinct] : []),
      'Choose a Handle…',
    );
    if (choice === undefined) return undefined;
    identity = choice === useDistinct ? { ...identity, member: distinct! } : await askIdentity(workspace.peopleDir, `"${identity.member}" is someone else's.`);
  }
  return undefined;
}

/** Text from a teammate's file for a dialog: one line, at most 80 characters, made safe with safeText (after cutting, so nothing it adds is cut off). */
function plain(text: string): string {
  const line = text.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ').trim();
  return safeText(line.length > 80 ? `${line.slice(0, 79)}…` : line);
}
