import * as vscode from 'vscode';
import { isValidTimeZone, memberEntityId, systemTimeZone, TEAM_ENTITY_ID, DEFAULT_TEAM_SETTINGS } from '../core';
import { askIdentity } from '../identity/identity';
import { offerStarterCovenant } from '../relationship/covenant';
import { gitConfig } from '../identity/gitConfig';
import { askText, validateHours } from './input';
import { type CommandContext, memberProfile } from './context';

/** Accord: Set Up — who you are, your time zone and weekly capacity; written to your own file. */
export async function setUp(ctx: CommandContext): Promise<void> {
  const workspace = ctx.workspace;
  if (!workspace) {
    void vscode.window.showInformationMessage('Accord needs a folder: open your project folder first.');
    return;
  }
  await workspace.ready;
  if (workspace.explainReadOnly()) return;
  if (!workspace.me) {
    const identity = await askIdentity();
    if (!identity) return;
    workspace.store.me = identity.member;
    await workspace.reload();
  }
  const me = workspace.me!;
  const existing = memberProfile(workspace.state, me);
  const folder = workspace.folder.uri.fsPath;
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
    validate: (value) => (isValidTimeZone(value.trim()) ? undefined : 'Use an IANA time zone such as Europe/Berlin or America/New_York.'),
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
  const hasTeamSettings = state.entities.team.has(TEAM_ENTITY_ID) || state.incomplete.includes(TEAM_ENTITY_ID) || workspace.store.errors.length > 0 || workspace.store.members.some((m) => m !== me);
  const saved = await workspace.write((edit) => {
    edit.set(memberEntityId(me), 'member', { name, timeZone, capacityHours: Number(capacity) });
    if (!hasTeamSettings) edit.set(TEAM_ENTITY_ID, 'team', DEFAULT_TEAM_SETTINGS);
    return true;
  });
  if (saved) {
    const file = workspace.store.displayPath(workspace.store.fileOf(me));
    // Notifications, not awaited: Set Up is done once the profile is saved.
    void vscode.window.showInformationMessage(`Welcome, ${name}. Your entries go to ${file}; commit it to share them with your team.`, 'Add a Goal').then((choice) => {
      if (choice) void vscode.commands.executeCommand('accord.addGoal');
    });
    void offerStarterCovenant(workspace);
  }
}
