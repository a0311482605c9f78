/**
 * One record across branches (issue 11), as a person lives it in VS Code with real git: a team
 * whose `.accord/` is committed on main gets a remote, moves the data to its own branch with
 * Accord: Keep Data on Its Own Branch (answering the dialog and the notification with clicks),
 * checks in on a feature branch, switches back to main straight away, still sees the check-in,
 * and shares it with Accord: Share Changes. Git is read from this process, as a person would
 * look at it in a terminal.
 *
 * It leaves the workspace in the branch layout, on main, with no remote: the specs that expect the
 * layout before the data branch run before it: scripts/vscode-test/run.mjs runs this spec last,
 * as test/integration/index.ts runs branches.test.ts last.
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { session } from './session';
import { Workbench } from './workbench';
import { teamRemote } from '../helpers/teamRemote';

/** "Me" in the fixture: Accord's member id from git user.email alex@example.com. */
const ME = 'alex-example.com';
const MY_ROW = 'Alex Rivera (you)';
/** The check-in made on the feature branch: text nothing else in the fixture or the other specs holds. */
const CHECK_IN = 'Branch switch check: parser fuzzing on feature-x';

/** git in `cwd`, its standard output; throws with git's own words when it fails. */
function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
}

describe('One record across branches, with real git, as a person does it', function () {
  let workbench: Workbench;
  let repo: string;
  let top: string;
  let remote: string;

  /** A notification toast that says `text`. */
  const toast = (text: string | RegExp): Locator => workbench.page.locator('.notifications-toasts .notification-toast', { hasText: text });
  /** A warning or error toast: what Accord shows when git refused. */
  const trouble = (): Locator =>
    workbench.page.locator('.notifications-toasts .notification-toast', { has: workbench.page.locator('.codicon-warning, .codicon-error') });

  /** Accord's item in the status bar; it carries a cloud-upload mark while a change of mine is not shared. */
  const accordStatus = (): Locator => workbench.page.locator('.part.statusbar [id="accord-team.accord.accord.status"]');

  /** Waits until a toast has finished sliding and fading in, so a screenshot shows it as a person sees it. */
  async function settled(notification: Locator): Promise<void> {
    await notification.first().evaluate((element) => Promise.all(element.getAnimations({ subtree: true }).map((animation) => animation.finished)));
  }

  /** Waits for `success` or for a warning toast, and fails with the warning's words if that came first. */
  async function outcome(success: Locator, what: string): Promise<void> {
    await success.or(trouble()).first().waitFor({ timeout: 30_000 });
    if (!(await success.first().isVisible())) assert.fail(`${what}, but Accord said: ${(await trouble().first().textContent())?.trim()}`);
  }

  /**
   * Hovers my row of the Partners view and returns what its tooltip says, spaces as plain
   * spaces (with a screenshot of it when `screenshot` names one). Git events redraw the tree,
   * which closes an open tooltip: then the pointer leaves the row and comes back, as a person's would.
   */
  async function myPartnersTooltip(screenshot?: string): Promise<string> {
    const row = workbench.treeRow(MY_ROW).first();
    await row.waitFor();
    // The tooltip is markdown from plain text, so its spaces are no-break spaces.
    const tooltip = workbench.page.locator('.workbench-hover .hover-contents', { hasText: /checked\s+in|no\s+check-ins\s+yet/ }).first();
    for (let attempt = 1; ; attempt++) {
      await workbench.restMouse();
      await row.locator('.label-name').hover(); // the tooltip belongs to the label, not the empty end of the row
      try {
        await tooltip.waitFor({ timeout: 5_000 });
        const text = ((await tooltip.textContent({ timeout: 1_000 })) ?? '').replace(/\s+/g, ' ').trim();
        if (screenshot) await workbench.screenshot(screenshot);
        await workbench.restMouse();
        return text;
      } catch (error) {
        if (attempt === 5) throw error;
      }
    }
  }

  before(async () => {
    workbench = Workbench.current();
    repo = session().workspace;
    await workbench.ready();
    // A calm window whatever ran before: no dialog, no quick input.
    for (let i = 0; i < 3; i++) await workbench.page.keyboard.press('Escape');

    // A team remote, as the person sets it up in a terminal.
    ({ top, remote } = teamRemote(repo, 'accord-e2e-remote-'));
    assert.match(
      git(repo, 'ls-tree', '-r', '--name-only', 'HEAD', '--', '.accord'),
      new RegExp(`people/${ME}\\.json`),
      'the fixture starts with .accord/ committed on main',
    );

    await workbench.openContainer('Accord', 'workbench.view.extension.accord');
    await workbench.widenSideBar(560);
    await workbench.treeRow(MY_ROW).first().waitFor({ timeout: 30_000 });
  });

  after(() => {
    if (!top) return;
    spawnSync('git', ['remote', 'remove', 'origin'], { cwd: repo });
    rmSync(top, { recursive: true, force: true });
  });

  it('moves the data to its own branch: Move in the dialog, Push in the notification, and main no longer carries it', async () => {
    await workbench.runCommand('Accord: Keep Data on Its Own Branch');
    const dialog = workbench.page.locator('.monaco-dialog-box');
    await dialog.waitFor();
    assert.match((await dialog.textContent()) ?? '', /Keep the team's Accord data on its own branch, accord\?/);
    await workbench.restMouse();
    await workbench.screenshot('branches-move');
    await dialog.getByRole('button', { name: 'Move', exact: true }).click();

    const pushBoth = toast(/Push both so your partners follow\?/);
    await outcome(pushBoth, 'the data was to be moved');
    await settled(pushBoth);
    await workbench.screenshot('branches-move-push');
    await pushBoth.getByRole('button', { name: 'Push', exact: true }).click();
    await outcome(workbench.page.locator('.part.statusbar', { hasText: 'the data branch and your branch are pushed' }), 'both branches were to be pushed');

    assert.equal(git(repo, 'ls-tree', '-r', '--name-only', 'HEAD', '--', '.accord').trim(), '', 'main no longer tracks .accord/');
    assert.match(git(repo, 'ls-tree', '-r', '--name-only', 'accord'), new RegExp(`^people/${ME}\\.json$`, 'm'), 'my file is on the data branch');
    assert.equal(
      git(top, '--git-dir', remote, 'rev-parse', 'refs/heads/accord'),
      git(repo, 'rev-parse', 'refs/heads/accord'),
      'the remote has the data branch',
    );
    assert.equal(
      git(top, '--git-dir', remote, 'rev-parse', 'refs/heads/main'),
      git(repo, 'rev-parse', 'refs/heads/main'),
      'and the commit on main that stops tracking it',
    );
    assert.equal(git(repo, 'status', '--porcelain').trim(), '', 'the working copy of .accord/ is not a change to the code');
  });

  it('a check-in on a feature branch does not block switching back to main, and still shows there', async () => {
    git(repo, 'switch', '-q', '-c', 'feature-x');
    assert.doesNotMatch(await myPartnersTooltip(), /checked in \d+ seconds? ago/, 'no check-in of mine from the last minute yet');

    await workbench.runCommand('Accord: Quick Check-In');
    await workbench.answer('Accord: Quick Check-In', CHECK_IN);
    await workbench.page.locator('.part.statusbar', { hasText: 'Checked in. Thank you!' }).waitFor();

    const back = spawnSync('git', ['switch', 'main'], { cwd: repo, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
    assert.equal(back.status, 0, `git switch main right after the check-in: ${back.stderr}`);
    assert.equal(git(repo, 'rev-parse', '--abbrev-ref', 'HEAD').trim(), 'main');
    assert.match(readFileSync(join(repo, '.accord', 'people', `${ME}.json`), 'utf8'), new RegExp(CHECK_IN), 'my file on disk keeps the check-in');

    // VS Code's status bar says main once the git extension has seen the switch, which is also what refreshes Accord.
    await workbench.page
      .locator('.part.statusbar .statusbar-item', { hasText: /^\s*main\s*$/ })
      .first()
      .waitFor();
    await accordStatus().locator('.codicon-cloud-upload').waitFor(); // and it says a change of mine is not shared yet
    assert.match(await myPartnersTooltip('branches-after-switch'), /checked in \d+ seconds? ago/, 'the Partners view shows my check-in on main');

    // Read again from disk and git with the view's Reload button, as a doubtful person would: the check-in is still there.
    const header = workbench.page.locator('.part.sidebar .pane-header', { hasText: /micro-goals/i }).first();
    await header.hover(); // the view's title actions show while the pointer is on its header
    await header.locator('.action-label[aria-label="Reload Team Data"]').click();
    assert.match(await myPartnersTooltip(), /checked in \d+ seconds? ago/, 'the Partners view still shows it after a reload');
  });

  it('Share Changes pushes the check-in on the data branch to origin', async () => {
    await workbench.runCommand('Accord: Share Changes');
    const pushIt = toast(/committed on the accord branch, apart from your code\. Push it to origin/);
    await outcome(pushIt, 'the data branch was to be offered for a push');
    await settled(pushIt);
    await workbench.screenshot('branches-share');
    await pushIt.getByRole('button', { name: 'Push', exact: true }).click();
    await outcome(
      workbench.page.locator('.part.statusbar', { hasText: /shared on accord at origin|origin already had your updates/ }),
      'the data branch was to be pushed',
    );

    await accordStatus().locator('.codicon-cloud-upload').waitFor({ state: 'detached' }); // nothing of mine left to share

    const onRemote = JSON.parse(git(top, '--git-dir', remote, 'show', `accord:people/${ME}.json`)) as {
      entities: Record<string, { kind: string; fields: Record<string, unknown> }>;
    };
    const checkIn = Object.values(onRemote.entities).find((e) => e.kind === 'checkIn' && e.fields.note === CHECK_IN);
    assert.ok(checkIn, `origin's accord branch holds the check-in "${CHECK_IN}" in people/${ME}.json`);
    assert.deepEqual([checkIn.fields.member, checkIn.fields.status], [ME, 'on-track']);
    assert.equal(git(repo, 'status', '--porcelain').trim(), '', 'sharing made no change to the code');
  });
});
