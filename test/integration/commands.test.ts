import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { accordExtension, accordWorkspace } from './helpers';

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
});
