/**
 * Live updates whatever the file watcher reports (issue 13 §3 and §6): with files.watcherExclude
 * covering the data folder in each way users write it, a partner's change arriving by pull still
 * shows, by the watcher or by Accord's own look on focus; and a data folder that appears after
 * the window opened (a first pull) is loaded whole.
 */
import { strict as assert } from 'node:assert';
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { AccordStore } from '../../src/store';
import { accordWorkspace, folderPath, PARTNER, waitFor } from './helpers';

/** Sam, writing his own file from "his clone", as a git pull would bring it. */
async function asSam(title: string): Promise<string> {
  const sam = new AccordStore({ root: folderPath(), me: PARTNER.id });
  await sam.loadAll();
  return sam.update((edit) => edit.create('microGoal', 'mg', { title, owner: PARTNER.id, done: false, createdAt: new Date().toISOString() }));
}

describe('Live updates whatever the watcher reports', function () {
  this.timeout(60_000);
  const files = () => vscode.workspace.getConfiguration('files');

  after(async () => {
    await files().update('watcherExclude', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it("Show Data Problems says when live updates come from Accord's own look", async () => {
    const workspace = await accordWorkspace();
    await files().update('watcherExclude', { '**/.accord/**': true }, vscode.ConfigurationTarget.Workspace);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const id = await asSam('Seen by the fallback');
    // VS Code's watcher honours the exclude (the fault this answers): only Accord's look, on
    // focus or on its timer, brings the change, and a look that finds one says so.
    const deadline = Date.now() + 10_000;
    while (!workspace.state.entities.microGoal.has(id) && Date.now() < deadline) await workspace.checkForChanges();
    assert.ok(workspace.state.entities.microGoal.has(id), 'the change arrived');
    assert.equal(workspace.liveUpdatesFromFallback, true, 'Accord knows the watcher missed it');
    const window = vscode.window as { showQuickPick: unknown; showInformationMessage: unknown };
    const [pick, info] = [window.showQuickPick, window.showInformationMessage];
    const shown: string[] = [];
    window.showQuickPick = async (items: Array<{ label: string; detail?: string }>) => void shown.push(...items.map((i) => `${i.label} ${i.detail ?? ''}`));
    window.showInformationMessage = async (message: string) => void shown.push(message);
    try {
      await vscode.commands.executeCommand('accord.showDataProblems');
    } finally {
      window.showQuickPick = pick;
      window.showInformationMessage = info;
    }
    assert.match(shown.join('\n'), /file watcher did not report changes in \.accord\/.*every 5 seconds/);
  });
  for (const exclude of ['**/.accord/**', '**/.*/**', '.accord', '**/people/*.json']) {
    it(`shows a partner's new micro-goal with files.watcherExclude "${exclude}"`, async () => {
      const workspace = await accordWorkspace();
      await files().update('watcherExclude', { [exclude]: true }, vscode.ConfigurationTarget.Workspace);
      await new Promise((resolve) => setTimeout(resolve, 500)); // the watcher takes the setting
      const id = await asSam(`Arrived with ${exclude} excluded`);
      // What the window does when it gains focus; the watcher may have been first.
      await workspace.checkForChanges();
      await waitFor(() => workspace.state.entities.microGoal.has(id), `Sam's micro-goal with ${exclude} excluded`, 5_000);
    });
  }

  it('loads a data folder that appears after the window opened (a first pull), by its creation or by the fallback', async () => {
    const workspace = await accordWorkspace();
    await files().update('watcherExclude', undefined, vscode.ConfigurationTarget.Workspace);
    const data = join(folderPath(), '.accord');
    const away = join(folderPath(), '.accord-away');
    // The data is also in git here (committed on main), so the working copy is what to watch.
    assert.ok(workspace.store.versionOf(PARTNER.id), "Sam's file is in the working copy");
    renameSync(data, away);
    try {
      await workspace.reload();
      assert.equal(workspace.store.versionOf(PARTNER.id), undefined, 'no working copy before the pull');
    } finally {
      // The pull: the whole folder appears at once.
      renameSync(away, data);
    }
    // By the folder's creation event, else by the look every few seconds.
    await waitFor(() => workspace.store.versionOf(PARTNER.id) !== undefined, 'the working copy after the data folder appeared', 15_000);
  });
});
