import * as vscode from 'vscode';
import { type Goal, timeZoneOf, withData } from '../core';
import { adviseDueDay, askDueDay, askText } from '../commands/input';
import { type MemberContext } from '../commands/handler';
import { Commands, runCommand } from '../commands/ids';

/** Parses a yardstick: "10 reviews" → target 10, unit reviews; anything else is a "done when". */
export function parseYardstick(text: string): NonNullable<Goal['yardstick']> {
  const measured = /^(\d+(?:\.\d+)?)\s+(.+)$/.exec(text.trim());
  return measured ? { target: Number(measured[1]), unit: measured[2]!.slice(0, 60) } : { doneWhen: [text.trim()] };
}

/** Accord: Add Goal — a measurable outcome with a yardstick and why it matters. */
export async function addGoal(ctx: MemberContext): Promise<string | undefined> {
  const { workspace, me } = ctx;
  const title = await askText({
    title: 'Accord: Add Goal (1/4)',
    prompt: 'The outcome you want, in a few words.',
    placeHolder: 'Review pull requests within a day',
  });
  if (title === undefined) return undefined;
  const yardstick = await askText({
    title: 'Accord: Add Goal (2/4)',
    prompt: 'Yardstick: how will you both know it is reached? A number and unit ("10 reviews") or "done when …".',
    placeHolder: '10 reviews',
    // "1e400 reviews" or a 400-digit target reads as Infinity, which no file can hold.
    validate: (value) =>
      Number.isFinite(parseYardstick(value).target ?? 0) ? undefined : 'That number is too large: use a smaller target, or describe when it is done.',
  });
  if (yardstick === undefined) return undefined;
  const why = await askText({
    title: 'Accord: Add Goal (3/4)',
    prompt: 'Why it matters: the value it serves. Shown on every check-in.',
    optional: true,
    maxLength: 4000,
  });
  if (why === undefined) return undefined;
  const asked = await askDueDay('Accord: Add Goal (4/4)', timeZoneOf(workspace.state, me), '', true);
  if (asked === undefined) return undefined;
  const due = asked && (await adviseDueDay(workspace.state, me, asked, 'Accord: Add Goal'));
  if (due === undefined) return undefined;
  const id = await workspace.write((edit) =>
    edit.create('goal', 'g', {
      title,
      owner: me,
      yardstick: parseYardstick(yardstick),
      ...(why ? { why } : {}),
      ...(due ? { due } : {}),
      state: 'active',
      createdAt: new Date().toISOString(),
    }),
  );
  if (id) {
    void vscode.window
      .showInformationMessage(withData`Goal added: ${title}. Break it into micro-goals you can finish in a day or less.`, 'Add Micro-goal')
      .then((choice) => {
        if (choice) void runCommand(Commands.addMicroGoal, id);
      });
  }
  return id;
}
