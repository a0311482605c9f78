/**
 * A window with no folder open (issue 13 §2): every command Accord contributes says what it
 * needs and offers the way there. Run alone in its own empty VS Code by
 * scripts/vscode-test/run.mjs (shape emptyWindow).
 */
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { NEEDS_FOLDER } from '../../src/commands/register';
import { accordExtension } from './helpers';

type Window = { showInformationMessage: (message: string, ...items: string[]) => Thenable<string | undefined> };

describe('An empty window: no folder open', function () {
  this.timeout(60_000);

  it('Accord starts, shows no team, and stays out of the status bar', async () => {
    assert.equal(vscode.workspace.workspaceFolders, undefined);
    const api = await accordExtension().activate();
    assert.equal(api.workspace, undefined);
    assert.equal(api.daily.services, undefined, 'no status bar, nudges or sharing without a folder');
    assert.equal(api.teams.current, undefined);
  });

  it("every contributed command, run from the palette, says it needs the team's folder and offers Open Folder", async () => {
    const commands = (accordExtension().packageJSON.contributes.commands as Array<{ command: string }>).map((c) => c.command);
    assert.ok(commands.length > 30, 'the walk covers every command');
    const window = vscode.window as unknown as Window;
    const original = window.showInformationMessage;
    const said = new Map<string, Array<{ message: string; items: string[] }>>();
    let current = '';
    window.showInformationMessage = async (message: string, ...items: string[]) => {
      said.set(current, [...(said.get(current) ?? []), { message, items }]);
      return undefined;
    };
    try {
      for (const command of commands) {
        current = command;
        await vscode.commands.executeCommand(command);
      }
    } finally {
      window.showInformationMessage = original;
    }
    for (const command of commands) assert.deepEqual(said.get(command), [{ message: NEEDS_FOLDER, items: ['Open Folder'] }], `${command} in an empty window`);
  });

  it("Open Folder in that message runs VS Code's own Open Folder", async () => {
    const window = vscode.window as unknown as Window;
    const original = { message: window.showInformationMessage, execute: vscode.commands.executeCommand };
    const ran: string[] = [];
    window.showInformationMessage = async () => 'Open Folder';
    // Record the command Accord runs for the button, without opening a dialog in the test window.
    (vscode.commands as { executeCommand: typeof vscode.commands.executeCommand }).executeCommand = (async (id: string, ...args: unknown[]) => {
      if (id.startsWith('accord.')) return original.execute(id, ...args);
      ran.push(id);
      return undefined;
    }) as typeof vscode.commands.executeCommand;
    try {
      await original.execute('accord.shareChanges');
    } finally {
      window.showInformationMessage = original.message;
      (vscode.commands as { executeCommand: typeof vscode.commands.executeCommand }).executeCommand = original.execute;
    }
    assert.deepEqual(ran, ['workbench.action.files.openFolder']);
  });
});
