/**
 * Who "me" is: the `accord.me` setting, else git `user.email`, else the person is asked
 * (by Set Up). The member id names the person's file, `.accord/people/<id>.json`; a person
 * whose file exists under an id Accord made before keeps it (see `resolveMemberId`).
 */
import * as vscode from 'vscode';
import { join } from 'node:path';
import {
  isPortableMemberId,
  isWindowsReservedName,
  legacyMemberIdFrom,
  looksLikeEmail,
  memberEntityId,
  memberIdFrom,
  MEMBER_ID_PATTERN,
  type ProfileLookup,
  resolveMemberId,
} from '../core';
import { AccordFileError, MemberFileAdapter } from '../store';
import { gitConfig, userEmailWithoutRepository } from './gitConfig';

export interface Identity {
  member: string;
  /** Where it came from, for messages. */
  source: 'setting' | 'git' | 'asked';
  email?: string;
}

/**
 * Reads the member files in `peopleDir` (absolute) for {@link resolveMemberId}: undefined when
 * an id has no file, `{ email }` with the `email` its own profile stores, `{}` when the file
 * has no profile, no email, or cannot be read (it is someone's file all the same). Reads
 * through the store's adapter, so its size cap and validation apply to these untrusted files.
 */
export function storedProfiles(peopleDir: string): ProfileLookup {
  return async (member) => {
    if (!MEMBER_ID_PATTERN.test(member)) return undefined;
    const path = join(peopleDir, `${member}.json`);
    try {
      const data = await new MemberFileAdapter({ path, displayPath: `${member}.json`, member, own: false }).read();
      if (!data) return undefined;
      const id = memberEntityId(member);
      const record = Object.hasOwn(data.entities, id) ? data.entities[id] : undefined;
      const email = record && record.kind === 'member' && record.deleted === undefined ? record.fields.email : undefined;
      return typeof email === 'string' ? { email } : {};
    } catch (error) {
      if (error instanceof AccordFileError) return {};
      throw error;
    }
  };
}

/**
 * Who "me" is in `folder` (absolute), from the `accord.me` setting or git's `user.email`,
 * matched against the member files in `peopleDir` (the store's `peopleDir`; by default
 * `<folder>/.accord/people`) so that existing members keep their ids. Undefined when neither
 * gives an id (Set Up then asks).
 */
export async function resolveIdentity(folder: string, peopleDir: string = join(folder, '.accord', 'people')): Promise<Identity | undefined> {
  const profiles = storedProfiles(peopleDir);
  const configured = vscode.workspace.getConfiguration('accord').get<string>('me')?.trim();
  if (configured) {
    const member = await resolveMemberId(configured, profiles);
    if (member) return { member, source: 'setting', email: looksLikeEmail(configured) ? configured : undefined };
  }
  // git runs programs named in the repository's config (and, on Windows, can be found in the
  // folder itself): in a folder the person has not trusted, its config is only read as text.
  const email = vscode.workspace.isTrusted ? await gitConfig(folder, 'user.email') : await userEmailWithoutRepository(folder);
  const member = email ? await resolveMemberId(email, profiles) : undefined;
  return member ? { member, source: 'git', email } : undefined;
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
