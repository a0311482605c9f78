/**
 * The workspace is team/, a sub-folder of the repository, trusted (issue 13 §5): VS Code's git
 * extension does not open a repository in a parent folder by itself
 * (`git.openRepositoryInParentFolders`), so Accord opens the one that holds its data. Run alone
 * in its own VS Code by scripts/vscode-test/run.mjs (shape subFolder).
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { accordExtension, accordWorkspace, answerPrompts, folderPath, ME, PARTNER, waitFor } from './helpers';

const repo = () => join(folderPath(), '..');
const git = (...args: string[]) => execFileSync('git', args, { cwd: repo(), encoding: 'utf8' }).trim();

describe('A sub-folder of a repository, trusted', function () {
  this.timeout(60_000);

  it('knows me from git, and shows the team', async () => {
    const workspace = await accordWorkspace();
    assert.equal(workspace.me, ME.id);
    assert.deepEqual([...workspace.store.members].sort(), [ME.id, PARTNER.id]);
  });

  it('Share Changes says which git setting keeps the repository above closed, and commits there once it is allowed', async () => {
    const script = answerPrompts(['from a sub-folder']);
    try {
      await vscode.commands.executeCommand('accord.quickCheckIn');
    } finally {
      script.restore();
    }
    const share = accordExtension().exports.daily.services!.share;
    await share.ready;
    const headBefore = git('rev-parse', 'HEAD');
    const window = vscode.window as unknown as { showInformationMessage: (message: string, ...items: string[]) => Thenable<string | undefined> };
    const original = window.showInformationMessage;
    const said: Array<{ message: string; items: string[] }> = [];
    window.showInformationMessage = async (message: string, ...items: string[]) => (said.push({ message, items }), 'Not Now');
    try {
      // VS Code's default ("prompt") keeps a repository in a parent folder closed to the API.
      await vscode.commands.executeCommand('accord.shareChanges');
      assert.match(said[0]?.message ?? '', /inside the repository at .*git\.openRepositoryInParentFolders/);
      assert.deepEqual(said[0]?.items, ['Open Repository', 'Open Setting']);
      assert.equal(git('rev-parse', 'HEAD'), headBefore, 'nothing committed');

      // The person allows it: Accord opens the repository through the git extension and shares.
      await vscode.workspace.getConfiguration('git').update('openRepositoryInParentFolders', 'always', vscode.ConfigurationTarget.Global);
      said.length = 0;
      await waitFor(() => share.hasRepository, 'the repository to be open', 20_000);
      await vscode.commands.executeCommand('accord.shareChanges');
    } finally {
      window.showInformationMessage = original;
      await vscode.workspace.getConfiguration('git').update('openRepositoryInParentFolders', undefined, vscode.ConfigurationTarget.Global);
    }
    const [subject, ...files] = git('show', '--name-only', '--format=%s', 'HEAD').split('\n').filter(Boolean);
    assert.match(subject!, /^Accord: /, said.map((s) => s.message).join('\n'));
    assert.ok(files.includes(`team/.accord/people/${ME.id}.json`), files.join(', '));
    assert.ok(
      files.every((f) => f.startsWith('team/.accord/')),
      files.join(', '),
    );
  });

  it('reads evidence from the repository above the folder once it is open: a commit at the top names a micro-goal of team/', async () => {
    await vscode.workspace.getConfiguration('git').update('openRepositoryInParentFolders', 'always', vscode.ConfigurationTarget.Global);
    try {
      const services = accordExtension().exports.daily.services!;
      await waitFor(() => services.evidence.repositories().length > 0, 'the repository above read', 20_000);
      execFileSync('git', ['-c', 'commit.gpgsign=false', 'commit', '-q', '--allow-empty', '-m', 'Checklist\n\nAccord: mg-3bgmpad1npq8'], { cwd: repo() });
      await waitFor(
        () => !!services.evidence.evidence(accordExtension().exports.workspace!.state).get('mg-3bgmpad1npq8')?.backed,
        'the commit read as evidence',
        20_000,
      );
    } finally {
      await vscode.workspace.getConfiguration('git').update('openRepositoryInParentFolders', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
