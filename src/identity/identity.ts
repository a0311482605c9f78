/**
 * Who "me" is: the `accord.me` setting, else git `user.email`, else the person is asked
 * (by Set Up). The member id names the person's file, `.accord/people/<id>.json`; a person
 * whose file exists under an id Accord made before keeps it (see `resolveMemberId`).
 */
import * as vscode from 'vscode';
import { join } from 'node:path';
import { isPortableMemberId, isWindowsReservedName, legacyMemberIdFrom, looksLikeEmail, memberIdFrom, type ProfileLookup, resolveMemberId } from '../core';
import { type Identity, resolveMe, storedProfiles } from '../store/identity';

export type { Identity };

/**
 * Who "me" is in `folder` (absolute), from the `accord.me` setting or git's `user.email`,
 * matched against the member files in `peopleDir` (the store's `peopleDir`; by default
 * `<folder>/.accord/people`) so that existing members keep their ids: store `resolveMe`, with
 * git run only in a trusted workspace. Undefined when neither gives an id (Set Up then asks).
 */
export async function resolveIdentity(folder: string, peopleDir: string = join(folder, '.accord', 'people')): Promise<Identity | undefined> {
  return resolveMe({
    configured: vscode.workspace.getConfiguration('accord').get<string>('me'),
    folder,
    peopleDir,
    // git runs programs named in the repository's config (and, on Windows, can be found in the
    // folder itself): in a folder the person has not trusted, its config is only read as text.
    trustedGit: vscode.workspace.isTrusted,
  });
}

/** Why a typed email or handle cannot become a member id, or undefined when it can. */
export function identityInputProblem(value: string): string | undefined {
  if (memberIdFrom(value)) return undefined;
  const legacy = legacyMemberIdFrom(value);
  if (legacy && !isPortableMemberId(legacy) && isWindowsReservedName(legacy)) {
    return `Windows keeps "${legacy.split('.')[0]}" for a device, so a file with that name cannot be checked out there. Choose another handle.`;
  }
  return 'Use letters, digits, dots, dashes or an email address.';
}

/**
 * Asks for an email or handle, matches it against the member files in `peopleDir` (absolute)
 * as {@link resolveIdentity} does, and remembers it in the user's `accord.me` setting.
 * `reason` says why Accord asks again (for example, the id is someone else's).
 */
export async function askIdentity(peopleDir: string, reason?: string): Promise<Identity | undefined> {
  // Checked as the person types: each file is read once, however often its id comes up.
  const read = storedProfiles(peopleDir);
  const seen = new Map<string, ReturnType<ProfileLookup>>();
  const profiles: ProfileLookup = (member) => {
    if (!seen.has(member)) seen.set(member, read(member));
    return seen.get(member)!;
  };
  const answer = await vscode.window.showInputBox({
    title: 'Accord: Who are you?',
    prompt: `${reason ? `${reason} ` : ''}Your email or a short handle. It names your file in .accord/people/ and is shared with your team through git.`,
    placeHolder: 'sam@example.com',
    ignoreFocusOut: true,
    validateInput: async (value) =>
      identityInputProblem(value) ?? ((await resolveMemberId(value, profiles)) ? undefined : 'Someone else already uses this handle: choose another.'),
  });
  const trimmed = answer?.trim();
  const member = trimmed ? await resolveMemberId(trimmed, profiles) : undefined;
  if (!trimmed || !member) return undefined;
  // In user settings: a workspace setting could be committed and make a teammate write as me.
  await vscode.workspace.getConfiguration('accord').update('me', trimmed, vscode.ConfigurationTarget.Global);
  return { member, source: 'asked', email: looksLikeEmail(trimmed) ? trimmed : undefined };
}
