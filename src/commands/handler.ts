/**
 * The command kit's contract. A feature states, per command, what it needs before it can run
 * (`folder`, `member` or `writable`); the registrar (register.ts) checks that once, saying what
 * is missing and offering the way there, and hands the handler a context narrowed to what was
 * checked: a loaded workspace, and for `member` and `writable` my member id as `me`.
 * After rust-analyzer's `CtxInit`: the handler never repeats the guard.
 */
import type * as vscode from 'vscode';
import type { AccordWorkspace } from '../workspace/accordWorkspace';
import type { TeamChooser } from '../workspace/teams';
import type { CommandId } from './ids';

/** What accord.ts builds once per team: the workspace (undefined in a window with no folder), the extension and the teams. */
export interface CommandContext {
  readonly workspace: AccordWorkspace | undefined;
  readonly extensionContext: vscode.ExtensionContext;
  /** The workspace's teams, in a multi-root workspace where several folders may hold one. */
  readonly teams?: TeamChooser;
}

/** A folder is open and its data has loaded (`workspace.ready` has settled). */
export interface FolderContext extends CommandContext {
  readonly workspace: AccordWorkspace;
}

/** …and "me" is known and has run Set Up. */
export interface MemberContext extends FolderContext {
  readonly me: string;
}

/**
 * What a command needs:
 * - `folder`: a workspace folder, loaded;
 * - `member`: that, and me set up (else Set Up is offered);
 * - `writable`: that, and a trusted workspace (else Restricted Mode is explained), checked before any question is asked.
 */
export type Need = 'folder' | 'member' | 'writable';

export type Handler =
  | { readonly needs: 'folder'; readonly run: (ctx: FolderContext, ...args: unknown[]) => unknown }
  | { readonly needs: 'member' | 'writable'; readonly run: (ctx: MemberContext, ...args: unknown[]) => unknown };

/** The handlers one feature contributes; accord.ts joins every feature's table. */
export type HandlerTable = Partial<Record<CommandId, Handler>>;

/** A command that needs an open, loaded folder. */
export function needsFolder(run: (ctx: FolderContext, ...args: unknown[]) => unknown): Handler {
  return { needs: 'folder', run };
}

/** A command that needs me set up. */
export function needsMember(run: (ctx: MemberContext, ...args: unknown[]) => unknown): Handler {
  return { needs: 'member', run };
}

/** A command that needs me set up, in a trusted workspace: it writes and has nothing to show otherwise. */
export function needsWritable(run: (ctx: MemberContext, ...args: unknown[]) => unknown): Handler {
  return { needs: 'writable', run };
}
