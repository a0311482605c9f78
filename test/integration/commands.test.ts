import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { commandFunction, NEEDS_FOLDER } from '../../src/commands/register';
import type { CommandContext } from '../../src/commands/context';
import { accordExtension, accordWorkspace, snapshotPeople } from './helpers';

interface Contributes {
  commands: Array<{ command: string; title: string; category?: string }>;
  views: Record<string, Array<{ id: string }>>;
}

describe('Commands', () => {
  let contributes: Contributes;
  let registered: string[];

  before(async () => {
    await accordWorkspace();
    contributes = accordExtension().packageJSON.contributes as Contributes;
    registered = (await vscode.commands.getCommands(true)).filter((id) => id.startsWith('accord.'));
  });

  it('registers a handler for every command in package.json', () => {
    const missing = contributes.commands.map((c) => c.command).filter((id) => !registered.includes(id));
    assert.deepEqual(missing, [], 'contributed but not registered');
  });

  it('contributes every accord.* command it registers', () => {
    const contributed = new Set(contributes.commands.map((c) => c.command));
    // VS Code adds <view id>.focus, .open and friends for every contributed view.
    const viewIds = Object.values(contributes.views).flat().map((v) => v.id);
    const extra = registered.filter((id) => !contributed.has(id) && !viewIds.some((view) => id.startsWith(`${view}.`)));
    assert.deepEqual(extra, [], 'registered but not contributed');
  });

  it('shows every command in the palette under "Accord" with a readable title', () => {
    for (const command of contributes.commands) {
      assert.equal(command.category, 'Accord', `${command.command} category`);
      assert.ok(command.title && !command.title.startsWith('%'), `${command.command} has no localized title (${command.title})`);
    }
  });

  it('in a window with no folder, every contributed command says what it needs and offers to open a folder, and writes nothing', async () => {
    // The services as activate() builds them in an empty window: no workspace, no daily loop, no panels.
    const empty = { workspace: undefined, extensionContext: undefined, daily: undefined, planning: undefined } as unknown as CommandContext;
    const window = vscode.window as { showInformationMessage: (message: string, ...items: string[]) => Thenable<string | undefined> };
    const original = window.showInformationMessage;
    const before = snapshotPeople();
    const said = new Map<string, Array<{ message: string; items: string[] }>>();
    let current = '';
    window.showInformationMessage = async (message: string, ...items: string[]) => {
      said.set(current, [...(said.get(current) ?? []), { message, items }]);
      return undefined;
    };
    try {
      for (const { command } of contributes.commands) {
        current = command;
        const run = commandFunction(empty, command);
        assert.ok(run, `${command} has a handler`);
        await run();
      }
    } finally {
      window.showInformationMessage = original;
    }
    for (const { command } of contributes.commands) {
      assert.deepEqual(said.get(command), [{ message: NEEDS_FOLDER, items: ['Open Folder'] }], `${command} in an empty window`);
    }
    assert.deepEqual(snapshotPeople(), before, 'nothing written');
  });
});
