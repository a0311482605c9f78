/**
 * Multi-step quick input for the relationship flows: named steps, a Back button that retraces
 * the path actually taken (so loops such as "another corrective action" step back one by one),
 * jumps to an earlier step from a review, and Escape that hands back what was typed so the
 * caller can keep a private draft. The coach speaks from the input box while the person types.
 */
import * as vscode from 'vscode';
import { coachMessage } from '../core/coach';

/** Where a step goes next: another step's name, 'done', back, or cancelled (Escape). */
export type StepOutcome = string | typeof DONE | typeof BACK | typeof CANCEL;
export const DONE = Symbol('done');
export const BACK = Symbol('back');
export const CANCEL = Symbol('cancel');

export interface StepInfo {
  /** The step's name as reached, e.g. `action#2` for the third pass through a repeated step. */
  readonly name: string;
  readonly step: number;
  readonly totalSteps: number;
  /** Whether a Back button makes sense (there is a step before this one). */
  readonly canGoBack: boolean;
}

export type Step = (info: StepInfo) => Promise<StepOutcome>;

/**
 * Runs steps from `first` until one returns DONE (true) or CANCEL (false). `totalSteps`
 * estimates the length for the "2/5" counter.
 */
export async function runFlow(steps: Readonly<Record<string, Step>>, first: string, totalSteps: (history: readonly string[]) => number): Promise<boolean> {
  const history: string[] = [first];
  for (;;) {
    const name = history[history.length - 1]!;
    const step = steps[name.split('#')[0]!];
    if (!step) throw new Error(`No step named ${name}`);
    const outcome = await step({ name, step: history.length, totalSteps: Math.max(history.length, totalSteps(history)), canGoBack: history.length > 1 });
    if (outcome === DONE) return true;
    if (outcome === CANCEL) return false;
    if (outcome === BACK) {
      if (history.length > 1) history.pop();
    } else {
      // Jumping to a step already on the path (e.g. "edit the situation" from the review) retraces to it.
      const earlier = history.indexOf(outcome);
      if (earlier >= 0) history.length = earlier + 1;
      else history.push(outcome);
    }
  }
}

export interface TextStepOptions {
  readonly title: string;
  readonly prompt: string;
  readonly value: string;
  readonly placeholder?: string;
  readonly optional?: boolean;
  readonly maxLength?: number;
  /** Let the coach read along (feedback, setbacks). */
  readonly coach?: boolean;
  /** A blocking problem with the value, or undefined when it can be accepted. */
  readonly validate?: (value: string) => string | undefined;
  /** What an acceptable value means, added to the prompt as it is typed ("It comes back Friday."). */
  readonly describe?: (value: string) => string | undefined;
}

/** The input box's message for `value`: a blocking error, else the coach's hint, else none. */
export function textMessage(options: Pick<TextStepOptions, 'optional' | 'maxLength' | 'coach' | 'validate'>, value: string): vscode.InputBoxValidationMessage | undefined {
  const max = options.maxLength ?? 1000;
  const error = !options.optional && !value.trim() ? 'Please write something here, or press Escape to stop (what you wrote is kept).' : value.length > max ? `Keep it under ${max} characters.` : options.validate?.(value);
  if (error) return { message: error, severity: vscode.InputBoxValidationSeverity.Error };
  const hint = options.coach ? coachMessage(value) : undefined;
  if (!hint) return undefined;
  return { message: hint.message, severity: hint.severity === 'warning' ? vscode.InputBoxValidationSeverity.Warning : vscode.InputBoxValidationSeverity.Info };
}

/**
 * One input box. `keep` receives the text whenever the step ends (Enter, Back or Escape), so
 * nothing typed is lost. Enter with a blocking problem does nothing; a coach hint never blocks.
 */
export function textStep(info: StepInfo, options: TextStepOptions, keep: (value: string) => void, next: StepOutcome): Promise<StepOutcome> {
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    box.title = options.title;
    box.step = info.step;
    box.totalSteps = info.totalSteps;
    const describe = (value: string) => {
      const meaning = !textMessage(options, value) ? options.describe?.(value) : undefined;
      box.prompt = meaning ? `${options.prompt} ${meaning}` : options.prompt;
    };
    describe(options.value);
    box.value = options.value;
    box.placeholder = options.placeholder;
    box.ignoreFocusOut = true;
    box.buttons = info.canGoBack ? [vscode.QuickInputButtons.Back] : [];
    box.validationMessage = options.value ? textMessage(options, options.value) : undefined;
    let settled = false;
    const finish = (outcome: StepOutcome) => {
      if (settled) return;
      settled = true;
      keep(box.value.trim());
      resolve(outcome);
      box.dispose();
    };
    box.onDidChangeValue((value) => {
      box.validationMessage = textMessage(options, value);
      describe(value);
    });
    box.onDidAccept(() => {
      const message = textMessage(options, box.value);
      if (message?.severity === vscode.InputBoxValidationSeverity.Error) {
        box.validationMessage = message;
        return;
      }
      finish(next);
    });
    box.onDidTriggerButton((button) => {
      if (button === vscode.QuickInputButtons.Back) finish(BACK);
    });
    box.onDidHide(() => finish(CANCEL));
    box.show();
  });
}

export interface PickStepOptions<T extends vscode.QuickPickItem> {
  readonly title: string;
  readonly placeholder: string;
  readonly items: readonly T[];
  readonly active?: T;
  readonly matchOnDetail?: boolean;
}

/** One quick pick; resolves to the chosen item, BACK or CANCEL. */
export function pickStep<T extends vscode.QuickPickItem>(info: StepInfo, options: PickStepOptions<T>): Promise<T | typeof BACK | typeof CANCEL> {
  return new Promise((resolve) => {
    const pick = vscode.window.createQuickPick<T>();
    pick.title = options.title;
    pick.step = info.step;
    pick.totalSteps = info.totalSteps;
    pick.placeholder = options.placeholder;
    pick.ignoreFocusOut = true;
    pick.matchOnDescription = true;
    pick.matchOnDetail = options.matchOnDetail ?? true;
    pick.items = options.items;
    if (options.active) pick.activeItems = [options.active];
    pick.buttons = info.canGoBack ? [vscode.QuickInputButtons.Back] : [];
    let settled = false;
    const finish = (outcome: T | typeof BACK | typeof CANCEL) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
      pick.dispose();
    };
    pick.onDidAccept(() => {
      const chosen = pick.activeItems[0];
      if (chosen) finish(chosen);
    });
    pick.onDidTriggerButton((button) => {
      if (button === vscode.QuickInputButtons.Back) finish(BACK);
    });
    pick.onDidHide(() => finish(CANCEL));
    pick.show();
  });
}
