/**
 * Every context key Accord sets, in one place: package.json's `when` clauses read them (a unit
 * test checks that each `accord.*` key a clause names is here), and {@link setContextKey} is the
 * one way to set them.
 */
import * as vscode from 'vscode';

export const ContextKeys = {
  /** Me has a profile in the team shown (Set Up has run). */
  isSetUp: 'accord.isSetUp',
  /** Accord knows who me is (git, the setting, or Set Up's answer). */
  hasIdentity: 'accord.hasIdentity',
  /** Show Data Problems has something to show. */
  hasDataProblems: 'accord.hasDataProblems',
  /** How many folders of the workspace hold a team. */
  teamCount: 'accord.teamCount',
  /** The Micro-goals view's filter: `mine`, `partner` or `everyone`. */
  filter: 'accord.filter',
  /** The team has a covenant. */
  hasCovenant: 'accord.hasCovenant',
  /** I work on a micro-goal (Accord: Start Work): Stop Work shows. */
  working: 'accord.working',
  /** Me is inside an away period on my own today (availability.ts `isAwayOn`): I'm Back shows. */
  isAway: 'accord.isAway',
  /** The covenant changed since me acknowledged it. */
  covenantNeedsAck: 'accord.covenantNeedsAck',
} as const;

export type ContextKey = (typeof ContextKeys)[keyof typeof ContextKeys];

/** Sets `key` for `when` clauses (VS Code's `setContext`). */
export function setContextKey(key: ContextKey, value: boolean | number | string): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', key, value);
}
