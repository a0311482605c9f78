/** Run in a folder that is not trusted (Restricted Mode): Accord shows the data and writes nothing. */
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { accordExtension, accordWorkspace, folderPath, microGoalsProvider, rowsLabelled, runWithAnswers, snapshotPeople, treeRows } from './helpers';

describe('Restricted Mode', () => {
  let before: Map<string, string>;

  beforeEach(() => {
    before = snapshotPeople();
  });

  afterEach(() => {
    assert.deepEqual(snapshotPeople(), before, 'a file under .accord/people changed');
    assert.equal(existsSync(join(folderPath(), '.vscode', 'settings.json')), false, 'settings were written');
  });

  it('opens the folder untrusted, and Accord knows it', async () => {
    const workspace = await accordWorkspace();
    assert.equal(vscode.workspace.isTrusted, false);
    assert.equal(workspace.store.readOnly, true);
  });

  it("still shows the team's data, read-only", async () => {
    const rows = await treeRows(await microGoalsProvider());
    for (const title of ['Review the parser PR', 'Write error messages that name the row', 'Pair on the tokenizer']) {
      assert.equal(rowsLabelled(rows, title).length, 1, `"${title}" is in the view`);
    }
  });

  it('runs no git: the branches are not read, nothing is recorded, and Share Changes says why', async () => {
    const share = accordExtension().exports.daily!.services!.share;
    await share.ready;
    assert.equal(share.branches, undefined, 'no reader of the data branch in Restricted Mode');
    assert.equal(share.layout, undefined);
    const window = vscode.window as unknown as { showInformationMessage: (message: string) => Promise<undefined> };
    const original = window.showInformationMessage;
    const messages: string[] = [];
    window.showInformationMessage = async (message: string) => void messages.push(message);
    try {
      await vscode.commands.executeCommand('accord.shareChanges');
    } finally {
      window.showInformationMessage = original;
    }
    assert.match(messages.join('\n'), /does not run git in Restricted Mode/);
  });

  it('reads no commits: the Micro-goals view says evidence appears once the folder is trusted, and Start Work says why it waits', async () => {
    const daily = accordExtension().exports.daily;
    assert.equal(daily.services!.evidence.status, 'untrusted');
    assert.match(String(daily.microGoalsView.message), /Evidence from git .* appears once you trust this folder/);
    const rows = await treeRows(await microGoalsProvider());
    assert.ok(
      rows.every((row) => !/commit/.test(row.description)),
      'no commit counts without git',
    );
    const window = vscode.window as unknown as { showInformationMessage: (message: string) => Promise<undefined> };
    const original = window.showInformationMessage;
    const messages: string[] = [];
    window.showInformationMessage = async (message: string) => void messages.push(message);
    try {
      await vscode.commands.executeCommand('accord.startWork', 'mg-fkt1c6twy8w7');
    } finally {
      window.showInformationMessage = original;
    }
    assert.match(messages.join('\n'), /Accord runs only in a trusted folder/);
    assert.equal(daily.services!.work.active, undefined);
  });

  it('Set Up writes nothing', async () => {
    const { result, prompts } = await runWithAnswers('accord.setUp', ['Alex R.', 'Europe/Berlin', '6']);
    assert.equal(result, undefined);
    assert.equal(prompts.length, 0, 'Set Up should not ask questions it cannot save');
  });

  it('Add Goal writes nothing', async () => {
    const { result } = await runWithAnswers('accord.addGoal', ['Pair twice a week', '8 pairing sessions', '', '']);
    assert.equal(result, undefined);
  });

  it('Add Micro-goal writes nothing', async () => {
    const { result } = await runWithAnswers('accord.addMicroGoal', ['No goal', 'Tidy the fixtures', '', '']);
    assert.equal(result, undefined);
  });
});
