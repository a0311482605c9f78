/** Tooltips for goals and micro-goals. Data is untrusted: the lines hold it made safe, and every line goes in through appendText. */
import * as vscode from 'vscode';
import type { Goal, TeamState } from '../../core';
import type { MicroGoalsModel } from './microGoalsModel';
import { goalTooltipLines, microGoalTooltipLines, type TooltipLine } from './tooltipLines';

export { yardstickText } from './tooltipLines';

/** Never trusted, never with theme icons: the text stays text. */
function markdown(lines: readonly TooltipLine[]): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  for (const line of lines) {
    if (line.kind === 'field') md.appendMarkdown(`**${line.label}:** `).appendText(line.text).appendMarkdown('\n\n');
    // A blank line first, so a heading after a list is not read as part of its last item.
    else if (line.kind === 'heading') md.appendMarkdown('\n**').appendText(line.text).appendMarkdown('**\n\n');
    else md.appendMarkdown('- ').appendText(line.text).appendMarkdown('\n');
  }
  return md;
}

export function goalTooltip(goal: Goal, state: TeamState): vscode.MarkdownString {
  return markdown(goalTooltipLines(goal, state));
}

export function microGoalTooltip(model: MicroGoalsModel, id: string, when: string): vscode.MarkdownString {
  return markdown(microGoalTooltipLines(model, id, when));
}
