/**
 * Who "me" is: the `accord.me` setting, else git `user.email`, else the person is asked
 * (by Set Up). The member id names the person's file, `.accord/people/<id>.json`.
 */
import * as vscode from 'vscode';
import { memberIdFrom } from '../core';
import { gitConfig, userEmailWithoutRepository } from './gitConfig';

export interface Identity {
  member: string;
  /** Where it came from, for messages. */
  source: 'setting' | 'git' | 'asked';
  email?: string;
}

export async function resolveIdentity(folder: string): Promise<Identity | undefined> {
  const configured = vscode.workspace.getConfiguration('accord').get<string>('me')?.trim();
  if (configured) {
    const member = memberIdFrom(configured);
    if (member) return { member, source: 'setting', email: configured.includes('@') ? configured : undefined };
  }
  // git runs programs named in the repository's config (and, on Windows, can be found in the
  // folder itself): in a folder the person has not trusted, its config is only read as text.
  const email = vscode.workspace.isTrusted ? await gitConfig(folder, 'user.email') : await userEmailWithoutRepository(folder);
  const member = email ? memberIdFrom(email) : undefined;
  return member ? { member, source: 'git', email } : undefined;
}

/** Asks for an email or handle and remembers it in the workspace's `accord.me` setting. */
export async function askIdentity(): Promise<Identity | undefined> {
  const answer = await vscode.window.showInputBox({
    title: 'Accord: Who are you?',
    prompt: 'Your email or a short handle. It names your file in .accord/people/ and is shared with your team through git.',
    placeHolder: 'sam@example.com',
    ignoreFocusOut: true,
    validateInput: (value) => (memberIdFrom(value) ? undefined : 'Use letters, digits, dots, dashes or an email address.'),
  });
  const member = answer ? memberIdFrom(answer) : undefined;
  if (!answer || !member) return undefined;
  // In user settings: a workspace setting could be committed and make a teammate write as me.
  await vscode.workspace.getConfiguration('accord').update('me', answer.trim(), vscode.ConfigurationTarget.Global);
  return { member, source: 'asked', email: answer.includes('@') ? answer.trim() : undefined };
}
