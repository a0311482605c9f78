import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { ME, microGoalsProvider, PARTNER, rowsLabelled, treeRows } from './helpers';

/** The fixture's open micro-goals and whose they are. */
const OPEN_MICRO_GOALS = [
  ['Review the parser PR', ME.name],
  ['Write a review checklist', ME.name],
  ['Write error messages that name the row', PARTNER.name],
  ['Pair on the tokenizer', PARTNER.name],
] as const;

describe('The Micro-goals view', () => {
  it('opens from the Accord activity-bar container', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.accord');
    await vscode.commands.executeCommand('accord.microGoals.focus');
  });

  it("lists both partners' open micro-goals, each with its owner", async () => {
    const rows = await treeRows(await microGoalsProvider());
    for (const [title, owner] of OPEN_MICRO_GOALS) {
      const [row] = rowsLabelled(rows, title);
      assert.ok(row, `"${title}" is not in the view`);
      assert.ok(row.description.endsWith(`· ${owner}`), `"${title}" shows "${row.description}", not its owner ${owner}`);
    }
    assert.match(rowsLabelled(rows, 'Review the parser PR')[0]!.description, /14 Mar/, 'the due date shows');
    assert.match(rowsLabelled(rows, 'Write a review checklist')[0]!.description, /no due date/);
  });

  it('leaves out a micro-goal done long ago', async () => {
    const rows = await treeRows(await microGoalsProvider());
    assert.deepEqual(rowsLabelled(rows, 'Set up the CI cache'), []);
  });

  it('shows each goal with its owner, and explains it on hover: yardstick and why it matters', async () => {
    const rows = await treeRows(await microGoalsProvider());
    const [reviews] = rowsLabelled(rows, 'Review pull requests within a day');
    const [csv] = rowsLabelled(rows, 'Ship the CSV import');
    assert.ok(reviews && csv, 'both goals show');
    assert.match(reviews.description, new RegExp(ME.name));
    assert.match(csv.description, new RegExp(PARTNER.name));
    assert.match(reviews.tooltip, /10 reviews/);
    assert.match(reviews.tooltip, /Sam stays unblocked and learns while the code is fresh/);
  });
});
