/**
 * Multi-step quick input for check-ins, feedback and setbacks: named steps, a Back button that
 * retraces the path actually taken (so loops such as "another corrective action" step back one
 * by one), jumps to an earlier step from a review, an optional "Save now" button that skips the
 * remaining optional steps, and Escape that hands back what was entered so the caller can keep
 * a draft. The coach speaks from the input box while the person types.
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

/** Ends the flow as DONE from any step that offers it, without the optional steps after it. */
export const FINISH_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('check'), tooltip: 'Save now (skip the rest)' };

/** Back when there is a step before this one, then "Save now" when the step offers it. */
function buttonsFor(info: StepInfo, canFinish: boolean | undefined): vscode.QuickInputButton[] {
  return [...(info.canGoBack ? [vscode.QuickInputButtons.Back] : []), ...(canFinish ? [FINISH_BUTTON] : [])];
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
  /** Offer FINISH_BUTTON. */
  readonly canFinish?: boolean;
  /** A blocking problem with the value, or undefined when it can be accepted. */
  readonly validate?: (value: string) => string | undefined;
  /** What an acceptable value means, added to the prompt as it is typed ("It comes back Friday."). */
  readonly describe?: (value: string) => string | undefined;
}

/** The input box's message for `value`: a blocking error, else the coach's hint, else none. */
export function textMessage(
  options: Pick<TextStepOptions, 'optional' | 'maxLength' | 'coach' | 'validate'>,
  value: string,
): vscode.InputBoxValidationMessage | undefined {
  const max = options.maxLength ?? 1000;
  const error =
    !options.optional && !value.trim()
      ? 'Please write something here, or press Escape to stop (what you wrote is kept).'
      : value.length > max
        ? `Keep it under ${max} characters.`
        : options.validate?.(value);
  if (error) return { message: error, severity: vscode.InputBoxValidationSeverity.Error };
  const hint = options.coach ? coachMessage(value) : undefined;
  if (!hint) return undefined;
  return { message: hint.message, severity: hint.severity === 'warning' ? vscode.InputBoxValidationSeverity.Warning : vscode.InputBoxValidationSeverity.Info };
}

/**
 * One input box. `keep` receives the trimmed text whenever the step ends (Enter, Back, Save now
 * or Escape), so nothing typed is lost. Enter with a blocking problem does nothing; a coach hint
 * never blocks.
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
    box.buttons = buttonsFor(info, options.canFinish);
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
    box.onDidTriggerButton((button) => finish(button === vscode.QuickInputButtons.Back ? BACK : DONE));
    box.onDidHide(() => finish(CANCEL));
    box.show();
  });
}

interface QuickPickOptions<T extends vscode.QuickPickItem> {
  readonly title: string;
  readonly placeholder: string;
  readonly items: readonly T[];
  readonly matchOnDetail?: boolean;
  /** Offer FINISH_BUTTON. */
  readonly canFinish?: boolean;
}

function createPick<T extends vscode.QuickPickItem>(info: StepInfo, options: QuickPickOptions<T>, canSelectMany: boolean): vscode.QuickPick<T> {
  const pick = vscode.window.createQuickPick<T>();
  pick.title = options.title;
  pick.step = info.step;
  pick.totalSteps = info.totalSteps;
  pick.placeholder = options.placeholder;
  pick.canSelectMany = canSelectMany;
  pick.ignoreFocusOut = true;
  pick.matchOnDescription = true;
  pick.matchOnDetail = options.matchOnDetail ?? true;
  pick.items = options.items;
  pick.buttons = buttonsFor(info, options.canFinish);
  return pick;
}

export interface PickStepOptions<T extends vscode.QuickPickItem> extends QuickPickOptions<T> {
  /** The item highlighted when the step opens. */
  readonly active?: T;
}

/**
 * One quick pick; resolves to the chosen item, BACK, DONE (Save now) or CANCEL. `keep`, when
 * given, receives the highlighted item on Enter, Back and Save now, so stepping back or saving
 * early keeps it; Escape keeps nothing, as nothing was chosen.
 */
export function pickStep<T extends vscode.QuickPickItem>(
  info: StepInfo,
  options: PickStepOptions<T>,
  keep?: (item: T) => void,
): Promise<T | typeof BACK | typeof DONE | typeof CANCEL> {
  return new Promise((resolve) => {
    const pick = createPick(info, options, false);
    if (options.active) pick.activeItems = [options.active];
    let settled = false;
    const finish = (outcome: T | typeof BACK | typeof DONE | typeof CANCEL) => {
      if (settled) return;
      settled = true;
      const highlighted = pick.activeItems[0];
      if (outcome !== CANCEL && highlighted) keep?.(highlighted);
      resolve(outcome);
      pick.dispose();
    };
    pick.onDidAccept(() => {
      const chosen = pick.activeItems[0];
      if (chosen) finish(chosen);
    });
    pick.onDidTriggerButton((button) => finish(button === vscode.QuickInputButtons.Back ? BACK : DONE));
    pick.onDidHide(() => finish(CANCEL));
    pick.show();
  });
}

export interface PickManyStepOptions<T extends vscode.QuickPickItem> extends QuickPickOptions<T> {
  /** The items ticked when the step opens. */
  readonly selected?: readonly T[];
}

/**
 * A multi-select quick pick (Space ticks, Enter goes on, none ticked is fine). `keep` receives
 * the ticked items whenever the step ends, Escape included, so a draft keeps them.
 */
export function pickManyStep<T extends vscode.QuickPickItem>(
  info: StepInfo,
  options: PickManyStepOptions<T>,
  keep: (items: readonly T[]) => void,
  next: StepOutcome,
): Promise<StepOutcome> {
  return new Promise((resolve) => {
    const pick = createPick(info, options, true);
    if (options.selected?.length) pick.selectedItems = options.selected;
    let settled = false;
    const finish = (outcome: StepOutcome) => {
      if (settled) return;
      settled = true;
      keep(pick.selectedItems);
      resolve(outcome);
      pick.dispose();
    };
    pick.onDidAccept(() => finish(next));
    pick.onDidTriggerButton((button) => finish(button === vscode.QuickInputButtons.Back ? BACK : DONE));
    pick.onDidHide(() => finish(CANCEL));
    pick.show();
  });
}
