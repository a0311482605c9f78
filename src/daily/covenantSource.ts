import type * as vscode from 'vscode';

/** The covenant as the daily loop sees it: its hash (undefined when there is none) and when it changes. */
export interface CovenantSource {
  readonly hash: string | undefined;
  readonly onDidChange: vscode.Event<void>;
}
