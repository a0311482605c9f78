import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { accordExtension, accordWorkspace, ME, PARTNER, waitFor } from './helpers';

describe('Activation in a folder with Accord data', () => {
  it('starts by itself when the folder has .accord/people files', async () => {
    // Nothing here calls activate(): the workspaceContains activation event must do it.
    const extension = accordExtension();
    await waitFor(() => extension.isActive, 'Accord to activate on its own', 15_000);
  });

  it('knows who "me" is from git user.email and loads both partners', async () => {
    const workspace = await accordWorkspace();
    assert.equal(workspace.me, ME.id);
    assert.ok(workspace.isLoaded);
    assert.ok(workspace.isSetUp, 'the fixture member should count as set up');
    assert.deepEqual(workspace.store.errors, [], 'the fixture files should all be readable');
    const names = [...workspace.state.entities.member.values()].map((m) => m.name).sort();
    assert.deepEqual(names, [ME.name, PARTNER.name]);
  });

  it('writes in a trusted folder', async () => {
    const workspace = await accordWorkspace();
    assert.equal(vscode.workspace.isTrusted, true);
    assert.equal(workspace.store.readOnly, false);
  });
});
