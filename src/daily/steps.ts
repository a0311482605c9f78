/**
 * Multi-step quick input with a Back button: each step resolves to where to go next, and
 * Escape ends the flow (the caller keeps what was entered as a draft).
 */
import * as vscode from 'vscode';

export type StepResult = 'next' | 'back' | 'cancel' | 'finish';
export type Step = (position: { step: number; totalSteps: number }) => Promise<StepResult>;

/** Runs steps in order; returns true when the last step (or a "finish") completed the flow. */
export async function runSteps(steps: readonly Step[]): Promise<boolean> {
  let index = 0;
  while (index < steps.length) {
    const result = await steps[index]!({ step: index + 1, totalSteps: steps.length });
    if (result === 'cancel') return false;
    if (result === 'finish') return true;
    index = result === 'back' ? Math.max(0, index - 1) : index + 1;
  }
  return true;
}

export const FINISH_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('check'), tooltip: 'Save now (skip the rest)' };

interface CommonOptions {
  title: string;
  step: number;
  totalSteps: number;
  /** Offer a button that saves without the remaining optional steps. */
  canFinish?: boolean;
}

/** An input box step; `onValue` receives the text on Enter (and on Back/Finish, to keep it). */
export function inputStep(options: CommonOptions & { prompt: string; value: string; placeHolder?: string; validate?: (v: string) => string | vscode.InputBoxValidationMessage | undefined }, onValue: (value: string) => void): Promise<StepResult> {
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    box.title = options.title;
    box.step = options.step;
    box.totalSteps = options.totalSteps;
    box.prompt = options.prompt;
    box.value = options.value;
    box.placeholder = options.placeHolder;
    box.ignoreFocusOut = true;
    box.buttons = [...(options.step > 1 ? [vscode.QuickInputButtons.Back] : []), ...(options.canFinish ? [FINISH_BUTTON] : [])];
    let settled = false;
    const done = (result: StepResult) => {
      if (settled) return;
      settled = true;
      onValue(box.value);
      resolve(result);
      box.dispose();
    };
    box.onDidChangeValue((value) => {
      box.validationMessage = options.validate?.(value);
    });
    box.onDidAccept(() => {
      const message = options.validate?.(box.value);
      if (message && (typeof message === 'string' || message.severity === vscode.InputBoxValidationSeverity.Error)) return;
      done('next');
    });
    box.onDidTriggerButton((button) => done(button === vscode.QuickInputButtons.Back ? 'back' : 'finish'));
    box.onDidHide(() => done('cancel'));
    box.show();
  });
}

/** A quick pick step; `onPick` receives the selection on Enter (and on Back/Finish). */
export function pickStep<T extends vscode.QuickPickItem>(
  options: CommonOptions & { placeHolder: string; items: readonly T[]; selected?: readonly T[]; canSelectMany?: boolean },
  onPick: (items: readonly T[]) => void,
): Promise<StepResult> {
  return new Promise((resolve) => {
    const pick = vscode.window.createQuickPick<T>();
    pick.title = options.title;
    pick.step = options.step;
    pick.totalSteps = options.totalSteps;
    pick.placeholder = options.placeHolder;
    pick.canSelectMany = !!options.canSelectMany;
    pick.matchOnDescription = true;
    pick.matchOnDetail = true;
    pick.ignoreFocusOut = true;
    pick.items = options.items;
    if (options.selected?.length) {
      if (options.canSelectMany) pick.selectedItems = options.selected;
      else pick.activeItems = options.selected;
    }
    pick.buttons = [...(options.step > 1 ? [vscode.QuickInputButtons.Back] : []), ...(options.canFinish ? [FINISH_BUTTON] : [])];
    let settled = false;
    const done = (result: StepResult, items: readonly T[] | undefined) => {
      if (settled) return;
      settled = true;
      if (items) onPick(items);
      resolve(result);
      pick.dispose();
    };
    pick.onDidAccept(() => done('next', options.canSelectMany ? pick.selectedItems : pick.activeItems.slice(0, 1)));
    pick.onDidTriggerButton((button) => done(button === vscode.QuickInputButtons.Back ? 'back' : 'finish', options.canSelectMany ? pick.selectedItems : pick.activeItems.slice(0, 1)));
    // Escape keeps ticked items of a multi-select; a single pick has nothing chosen yet.
    pick.onDidHide(() => done('cancel', options.canSelectMany ? pick.selectedItems : undefined));
    pick.show();
  });
}
