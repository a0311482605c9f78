/**
 * The workspace is team/, a sub-folder of the repository, in Restricted Mode (issue 13 §4): the
 * .git folder is one level up, and Accord runs no git here. Run alone in its own VS Code by
 * scripts/vscode-test/run.mjs (shape subFolderRestricted).
 */
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { accordWorkspace, folderPath, ME, PARTNER } from './helpers';

describe('A sub-folder of a repository, in Restricted Mode', function () {
  this.timeout(60_000);

  it('knows me from the .git/config above the folder, and shows the team', async () => {
    assert.equal(existsSync(join(folderPath(), '.git')), false);
    assert.ok(existsSync(join(folderPath(), '..', '.git', 'config')));
    assert.equal(vscode.workspace.isTrusted, false);
    const workspace = await accordWorkspace();
    assert.equal(workspace.me, ME.id);
    assert.ok(workspace.isSetUp);
    assert.deepEqual([...workspace.store.members].sort(), [ME.id, PARTNER.id]);
  });
});
