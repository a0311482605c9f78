/**
 * One record across branches (issue 11) in a real VS Code with real git. The fixture starts in
 * the layout before the data branch (.accord/ committed on main). This suite gives it a bare
 * remote, publishes a branch that has no upstream, moves the data to its own branch with the
 * command, then works on a feature branch while a partner in another clone shares and fetches.
 * It runs last: it leaves the workspace in the branch layout.
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { AccordStore, TeamBranches } from '../../src/store';
import { teamRemote } from '../helpers/teamRemote';
import { accordExtension, accordWorkspace, folderPath, ME, PARTNER, waitFor } from './helpers';

type Window = { -readonly [K in keyof typeof vscode.window]: (typeof vscode.window)[K] };

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
}

/** Runs `action` with every information message answered by `answer` and every warning recorded. */
async function answering<T>(
  answer: (message: string) => string | undefined,
  action: () => Thenable<T> | Promise<T>,
): Promise<{ result: T; infos: string[]; warnings: string[] }> {
  const window = vscode.window as Window;
  const [info, warning] = [window.showInformationMessage, window.showWarningMessage];
  const infos: string[] = [];
  const warnings: string[] = [];
  window.showInformationMessage = (async (message: string) => {
    infos.push(message);
    return answer(message);
  }) as typeof window.showInformationMessage;
  window.showWarningMessage = (async (message: string) => void warnings.push(message)) as typeof window.showWarningMessage;
  try {
    return { result: await action(), infos, warnings };
  } finally {
    window.showInformationMessage = info;
    window.showWarningMessage = warning;
  }
}

const pushAndMove = (message: string) => (/Keep the team's Accord data on its own branch/.test(message) ? 'Move' : /Push/.test(message) ? 'Push' : undefined);

function notes(): string[] {
  return [...accordExtension().exports.workspace!.state.entities.checkIn.values()].map((c) => c.note ?? '');
}

let checkIns = 0;
/** A check-in as the commands write it, through the workspace (and so recorded like any write). */
async function quickCheckIn(note: string): Promise<void> {
  const workspace = await accordWorkspace();
  await workspace.write((edit) =>
    edit.create('checkIn', `ci-branches-${++checkIns}`, { member: ME.id, at: new Date().toISOString(), microGoals: [], status: 'on-track', note }),
  );
  assert.ok(notes().includes(note));
}

describe('One record across branches (real git)', function () {
  this.timeout(60_000);
  let top: string;
  let remote: string;
  let repo: string;

  before(async () => {
    await accordWorkspace();
    repo = folderPath();
    // Whatever earlier suites left uncommitted is committed first, as a person would.
    ({ top, remote } = teamRemote(repo, 'accord-remote-'));
    const share = accordExtension().exports.daily!.services!.share;
    await share.ready;
    await waitFor(() => share.hasRepository, 'the git extension to open the fixture repository', 20_000);
  });
  after(() => rmSync(top, { recursive: true, force: true }));

  it('Share Changes publishes a branch that has no upstream, and sets it', async () => {
    git(repo, 'switch', '-q', '-c', 'feature-publish');
    await quickCheckIn('publishing a new branch');
    const share = accordExtension().exports.daily!.services!.share;
    await waitFor(() => share.changedFiles().length > 0, 'the git extension to see my changed file', 20_000);
    const { infos, warnings } = await answering(pushAndMove, () => vscode.commands.executeCommand('accord.shareChanges'));
    assert.deepEqual(warnings, []);
    assert.match(infos.join('\n'), /publish feature-publish to origin/);
    assert.equal(git(repo, 'rev-parse', '--abbrev-ref', 'feature-publish@{upstream}').trim(), 'origin/feature-publish');
    assert.equal(git(top, '--git-dir', remote, 'rev-parse', 'feature-publish'), git(repo, 'rev-parse', 'feature-publish'));
    git(repo, 'switch', '-q', 'main');
  });

  it('keeps the data on its own branch after Keep Data on Its Own Branch: nothing lost, the code no longer carries it', async () => {
    const before = notes().length;
    assert.ok(notes().includes('publishing a new branch'), 'the check-in committed on feature-publish shows on main');
    const { warnings } = await answering(pushAndMove, () => vscode.commands.executeCommand('accord.moveDataToBranch'));
    assert.deepEqual(warnings, []);
    assert.equal(git(repo, 'ls-tree', '-r', '--name-only', 'HEAD', '--', '.accord').trim(), '', 'main no longer tracks .accord/');
    assert.match(git(repo, 'ls-tree', '-r', '--name-only', 'accord'), new RegExp(`people/${ME.id}\\.json`));
    assert.equal(git(top, '--git-dir', remote, 'rev-parse', 'accord'), git(repo, 'rev-parse', 'accord'), 'the data branch is pushed');
    assert.equal(git(top, '--git-dir', remote, 'rev-parse', 'main'), git(repo, 'rev-parse', 'main'), 'so is the commit that stops tracking it');
    assert.equal(git(repo, 'status', '--porcelain').trim(), '', 'the working copy is not a change to the code');
    assert.equal(notes().length, before, 'every check-in still shows');
    assert.equal(accordExtension().exports.daily!.services!.share.layout, 'branch');
  });

  it('a check-in on a feature branch does not block checking out main, and still shows there', async () => {
    git(repo, 'switch', '-q', '-c', 'feature-x');
    await quickCheckIn('on feature-x');
    const back = spawnSync('git', ['switch', 'main'], { cwd: repo, encoding: 'utf8' });
    assert.equal(back.status, 0, back.stderr);
    git(repo, 'branch', '-q', '-D', 'feature-x');
    await new Promise((resolve) => setTimeout(resolve, 800));
    assert.ok(notes().includes('on feature-x'), 'the check-in shows on main after the branch is gone');
    // Recording runs after the write, behind whatever git events the switch started: wait for it, as a person would look again.
    const recorded = () => spawnSync('git', ['show', `accord:people/${ME.id}.json`], { cwd: repo, encoding: 'utf8' }).stdout ?? '';
    await waitFor(() => /on feature-x/.test(recorded()), 'the check-in recorded on the data branch', 20_000);
  });

  it("a partner's check-in shows as soon as this clone fetches, with no merge of code", async () => {
    const partner = join(top, 'sam');
    git(top, 'clone', '-q', remote, partner);
    git(partner, 'config', 'user.email', 'sam@example.com');
    git(partner, 'config', 'user.name', 'Sam');
    const store = new AccordStore({ root: partner, me: PARTNER.id });
    const branches = new TeamBranches({ cwd: partner });
    await store.loadAll();
    store.setCopies(await branches.read(await store.workingCopy()));
    await store.update((edit) =>
      edit.create('checkIn', 'ci-sam-branches', {
        member: PARTNER.id,
        at: new Date().toISOString(),
        microGoals: [],
        status: 'on-track',
        note: 'Sam, from his clone',
      }),
    );
    const result = await branches.share(PARTNER.id, new Map([[`people/${PARTNER.id}.json`, readFileSync(store.fileOf(PARTNER.id))]]));
    assert.equal(result.pushed, true);
    const head = git(repo, 'rev-parse', 'HEAD');
    git(repo, 'fetch', '-q', 'origin');
    await waitFor(() => notes().includes('Sam, from his clone'), "Sam's check-in after the fetch", 20_000);
    assert.equal(git(repo, 'rev-parse', 'HEAD'), head, 'nothing merged into the code');
  });

  it("Share Changes pushes the data branch, merging the partner's record first, and says so in one sentence", async () => {
    await quickCheckIn('after Sam shared');
    const window = vscode.window as Window;
    const status: string[] = [];
    const original = window.setStatusBarMessage;
    window.setStatusBarMessage = ((text: string) => {
      status.push(text);
      return { dispose() {} };
    }) as typeof window.setStatusBarMessage;
    try {
      const { infos, warnings } = await answering(pushAndMove, () => vscode.commands.executeCommand('accord.shareChanges'));
      assert.deepEqual(warnings, []);
      assert.match(infos.join('\n'), /committed on the accord branch, apart from your code\. Push it to origin/);
    } finally {
      window.setStatusBarMessage = original;
    }
    assert.match(status.join('\n'), /shared on accord at origin\. Your partners' updates were merged in first\./);
    const onRemote = git(top, '--git-dir', remote, 'show', `accord:people/${ME.id}.json`);
    assert.match(onRemote, /after Sam shared/);
    assert.match(
      git(top, '--git-dir', remote, 'ls-tree', '--name-only', 'accord', 'people/'),
      new RegExp(`people/${PARTNER.id}\\.json`),
      "Sam's file is still there",
    );
  });

  it('merging a feature branch with check-ins on both sides into main touches no Accord file', async () => {
    git(repo, 'switch', '-q', '-c', 'feature-merge');
    writeFileSync(join(repo, 'feature.txt'), 'code\n');
    git(repo, 'add', 'feature.txt');
    git(repo, 'commit', '-q', '-m', 'feature');
    await quickCheckIn('on feature-merge');
    git(repo, 'switch', '-q', 'main');
    await quickCheckIn('on main meanwhile');
    const merge = spawnSync('git', ['merge', '--no-edit', 'feature-merge'], { cwd: repo, encoding: 'utf8' });
    assert.equal(merge.status, 0, merge.stdout + merge.stderr);
    assert.ok(notes().includes('on feature-merge') && notes().includes('on main meanwhile'));
  });

  it("a push that fails shows git's own reason and the next step", async () => {
    await quickCheckIn('before the remote went away');
    git(repo, 'remote', 'set-url', 'origin', join(top, 'gone.git'));
    try {
      const { warnings } = await answering(pushAndMove, () => vscode.commands.executeCommand('accord.shareChanges'));
      assert.equal(warnings.length, 1, warnings.join('\n'));
      assert.match(warnings[0]!, /does not appear to be a git repository/, "git's own words");
      assert.match(warnings[0]!, /Add a remote|share again/);
    } finally {
      git(repo, 'remote', 'set-url', 'origin', remote);
    }
  });
});
