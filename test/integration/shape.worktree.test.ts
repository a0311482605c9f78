/**
 * A git worktree of the team's repository, in Restricted Mode (issue 13 §4): `.git` is a file
 * there that points to the real git folder, and Accord runs no git in Restricted Mode. Run
 * alone in its own VS Code by scripts/vscode-test/run.mjs (shape worktree).
 */
import { strict as assert } from 'node:assert';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { accordWorkspace, folderPath, ME, microGoalsProvider, PARTNER, rowsLabelled, treeRows } from './helpers';

describe('A git worktree, in Restricted Mode', function () {
  this.timeout(60_000);

  it("knows me from the repository's config, found through the worktree's .git file, and shows the team", async () => {
    assert.ok(statSync(join(folderPath(), '.git')).isFile(), 'the folder is a worktree: its .git is a file');
    assert.equal(vscode.workspace.isTrusted, false);
    const workspace = await accordWorkspace();
    assert.equal(workspace.me, ME.id, "user.email from the main repository's .git/config");
    assert.ok(workspace.isSetUp, 'no Set Up asked of someone the team knows');
    assert.deepEqual([...workspace.store.members].sort(), [ME.id, PARTNER.id]);
    assert.equal(rowsLabelled(await treeRows(await microGoalsProvider()), 'Review the parser PR').length, 1);
  });
});
