/**
 * What one team keeps in VS Code's storage. In a multi-root workspace every folder's team has
 * its own drafts, snooze, filter and keys (a check-in draft for team-notes/ never reappears in
 * docs/, and a planning draft is never committed into another team); a workspace of one folder
 * keeps the names it always had.
 */
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';

/** The prefix of `folder`'s keys: empty with one folder, else `team:<12 hex of its URI's sha-256>:`. */
export function teamKeyPrefix(folder: vscode.WorkspaceFolder): string {
  if ((vscode.workspace.workspaceFolders ?? []).length <= 1) return '';
  return `team:${createHash('sha256').update(folder.uri.toString()).digest('hex').slice(0, 12)}:`;
}

/** `memento` with every key behind `prefix`; `memento` itself for no prefix. */
export function prefixedMemento(memento: vscode.Memento, prefix: string): vscode.Memento {
  if (!prefix) return memento;
  return {
    keys: () => memento.keys().flatMap((key) => (key.startsWith(prefix) ? [key.slice(prefix.length)] : [])),
    get: ((key: string, defaultValue?: unknown) => memento.get(prefix + key, defaultValue)) as vscode.Memento['get'],
    update: (key: string, value: unknown) => memento.update(prefix + key, value),
  };
}

/**
 * `context` as one team sees it: its `workspaceState` behind the team's key prefix, and its
 * `storageUri` in a sub-folder of its own (`team-<hash>`), in a multi-root workspace. Everything
 * else is the extension's own.
 */
export function teamContext(context: vscode.ExtensionContext, folder: vscode.WorkspaceFolder): vscode.ExtensionContext {
  const prefix = teamKeyPrefix(folder);
  if (!prefix) return context;
  const storage = context.storageUri && vscode.Uri.joinPath(context.storageUri, prefix.slice(0, -1).replace(':', '-'));
  return Object.create(context, {
    workspaceState: { value: prefixedMemento(context.workspaceState, prefix) },
    storageUri: { value: storage },
  }) as vscode.ExtensionContext;
}
