/** Small helpers for the quick inputs the commands share. */
import * as vscode from 'vscode';
import { dayIn, describeDue, parseDayInput, shortDayLabel, timeZoneOf, type TeamState, typedDayWords } from '../core';
import { dueDateFlag } from '../core/dueDates';

export interface TextOptions {
  title: string;
  prompt: string;
  value?: string;
  placeHolder?: string;
  optional?: boolean;
  maxLength?: number;
  /** A string blocks the answer; an InputBoxValidationMessage may be a warning that lets it through. */
  validate?: (value: string) => string | vscode.InputBoxValidationMessage | undefined;
}

/** Asks for a line of text; undefined when the person pressed Escape. */
export async function askText(options: TextOptions): Promise<string | undefined> {
  const max = options.maxLength ?? 300;
  const answer = await vscode.window.showInputBox({
    title: options.title,
    prompt: options.prompt,
    value: options.value,
    placeHolder: options.placeHolder,
    ignoreFocusOut: true,
    validateInput: (value) => {
      if (!options.optional && !value.trim()) return 'Please enter something, or press Escape to cancel.';
      if (value.length > max) return `Keep it under ${max} characters.`;
      return options.validate?.(value);
    },
  });
  return answer === undefined ? undefined : answer.trim();
}

/** What a typed day means ("Fri 11 Dec, in 10 days"), as an input box's information line: it never blocks Enter. */
export function typedDayMessage(day: string, today: string): vscode.InputBoxValidationMessage {
  return { message: typedDayWords(day, today), severity: vscode.InputBoxValidationSeverity.Info };
}

/** Asks for a due day, saying what the typed day means as it is typed; '' means "no due date", undefined means cancelled. */
export async function askDueDay(title: string, timeZone: string, initial = 'tomorrow', optional = true): Promise<string | undefined> {
  const today = dayIn(new Date(), timeZone);
  const answer = await askText({
    title,
    prompt: `Due date: today, tomorrow, a weekday (fri), +3, 2w or 2026-03-14.${optional ? ' Leave empty for none.' : ''}`,
    value: initial,
    optional,
    validate: (value) => {
      if (!value.trim()) return undefined;
      const day = parseDayInput(value, today);
      return day ? typedDayMessage(day, today) : 'Try today, tomorrow, fri, +3, 2w or a date like 2026-03-14.';
    },
  });
  if (answer === undefined) return undefined;
  if (!answer) return '';
  return parseDayInput(answer, today);
}

export function dueHint(day: string, timeZone: string): string {
  return describeDue(day, dayIn(new Date(), timeZone));
}

/** Parses an optional non-negative number of hours; '' → undefined. */
export function validateHours(value: string, max = 1000): string | undefined {
  if (!value.trim()) return undefined;
  const hours = Number(value);
  return Number.isFinite(hours) && hours >= 0 && hours <= max ? undefined : `Enter a number of hours from 0 to ${max}.`;
}

/**
 * Checks a due date as it is set (issue 18 §4): when `due` (`YYYY-MM-DD`) falls on a day its
 * `owner` is away or on a team or regional holiday (not a weekend: that is a known choice), says so (core dueDateAdvice, the one rule) and offers their next working day as the
 * first choice of a QuickPick, so Enter takes it; the second keeps the date. Resolves to the
 * day to write, `due` itself when it is a working day, or undefined when the person pressed
 * Escape. `title` is the asking command's.
 */
export async function adviseDueDay(state: TeamState, owner: string, due: string, title: string): Promise<string | undefined> {
  const today = dayIn(new Date(), timeZoneOf(state, owner));
  const advice = dueDateFlag(state, owner, due, today);
  if (!advice) return due;
  const picks: (vscode.QuickPickItem & { day: string })[] = [
    ...(advice.suggested
      ? [{ label: `$(calendar) Move it to ${shortDayLabel(advice.suggested, today)}`, description: 'the next working day', day: advice.suggested }]
      : []),
    { label: `Keep ${shortDayLabel(due, today)}`, description: 'the day stays as it is', day: due },
  ];
  const pick = await vscode.window.showQuickPick(picks, { title: `${title}: a day off`, placeHolder: advice.words, ignoreFocusOut: true });
  return pick?.day;
}
