import type * as vscode from 'vscode';
import type { CovenantRules } from '../core/agreements';

/**
 * The covenant as the features see it (relationship/covenantFile.ts follows the file): its
 * hash (undefined when there is none), the agreements, escalation steps and decision rights
 * read from its `accord` blocks (core/agreements.ts `readCovenantRules`; NO_RULES without a
 * covenant), and when either changes.
 */
export interface CovenantSource {
  readonly hash: string | undefined;
  readonly rules: CovenantRules;
  readonly onDidChange: vscode.Event<void>;
}
