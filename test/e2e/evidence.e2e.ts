/**
 * Evidence from git (issue 15), as a pair lives it in VS Code with real git: I type a commit
 * subject in the Source Control view, start work on a micro-goal from the tree's inline action
 * (pairing with Sam, staying on main), see the trailer follow my words in the commit message box
 * and the micro-goal in the status bar, stage my file and commit with Ctrl+Enter, and the tree
 * says "· 1 commit" with the commit in its tooltip. Then Sam, in a clone of their own, commits
 * that the micro-goal is done; I pull, my Follow-ups says so, and one click on it marks it done.
 * Git for Sam's clone and for the pull runs from this process, as in a terminal.
 *
 * It leaves the repository as it found it for the spec after it (branches.e2e.ts): on main, no
 * remote of its own, no branch of its own, the micro-goal open again; its two commits stay on
 * main. scripts/vscode-test/run.mjs runs it after the other specs (its commits change what the
 * tree says of the fixture's micro-goals) and before branches.e2e.ts.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { session } from './session';
import { Workbench } from './workbench';

/** "Me" in the fixture: Accord's member id from git user.email alex@example.com. */
const ME = 'alex-example.com';
/** My micro-goal "Review the parser PR" in the fixture. */
const PARSER = 'mg-fkt1c6twy8w7';
const PARSER_TITLE = 'Review the parser PR';
const SAM_TRAILER = 'Co-authored-by: Sam Okafor <sam@example.com>';
/** My change and its subject, typed in the commit message box: text nothing else in the fixture or the other specs holds. */
const MY_FILE = 'parser-review-notes.md';
const MY_SUBJECT = 'Parser review notes: error recovery';
/** Sam's commit in their own clone, which says the micro-goal is done. */
const SAM_FILE = 'parser-review-answers.md';
const SAM_SUBJECT = 'Parser review: answered the last comments';
/** The remote Sam's clone is pulled from: a name of this spec's own, never origin. */
const SAM_REMOTE = 'evidence-sam';
const FOLLOW_UP = `Sam Okafor's commit says this is done: “${PARSER_TITLE}”`;

/** git in `cwd`, its standard output trimmed; throws with git's own words when it fails. */
function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } }).trim();
}

function myMicroGoalDone(): boolean {
  const file = JSON.parse(readFileSync(join(session().workspace, '.accord', 'people', `${ME}.json`), 'utf8')) as {
    entities: Record<string, { fields: Record<string, unknown> }>;
  };
  return file.entities[PARSER]?.fields.done === true;
}

/** Waits for a fact read from disk, which a person would check in a terminal or a file. */
async function eventually(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('Evidence from git: Start Work, a commit, and a partner’s done by a pull, as a pair does it', function () {
  let workbench: Workbench;
  let repo: string;
  let top: string | undefined;
  let branchesBefore: string;
  let doneBefore: boolean;

  /** Accord's status bar item for the work in hand. */
  const workItem = (): Locator => workbench.page.locator('.part.statusbar [id="accord-team.accord.accord.work"]');
  /** The row of my micro-goal in the Micro-goals view (it is listed once, in its goal). */
  const parserRow = (): Locator => workbench.treeRow(PARSER_TITLE).first();

  async function openAccord(): Promise<void> {
    await workbench.openContainer('Accord', 'workbench.view.extension.accord');
  }

  before(async () => {
    workbench = Workbench.current();
    repo = session().workspace;
    await workbench.ready();
    for (let i = 0; i < 3; i++) await workbench.page.keyboard.press('Escape');
    assert.equal(git(repo, 'rev-parse', '--abbrev-ref', 'HEAD'), 'main', 'the spec starts on main');
    branchesBefore = git(repo, 'branch', '--format=%(refname:short)');
    doneBefore = myMicroGoalDone();
    assert.equal(doneBefore, false, `“${PARSER_TITLE}” is open when the spec starts, so work can start on it`);
    // VS Code's status bar names the branch ("main*" with changes) once its git extension has opened the repository, which Start Work writes to.
    await workbench.page
      .locator('.part.statusbar .statusbar-item', { hasText: /^\s*main\*?\s*$/ })
      .first()
      .waitFor({ timeout: 30_000 });
    await openAccord();
    // Partners folded, so Micro-goals has room for its groups, as a person makes it (unfolded again after).
    await workbench.expandView('Partners', false);
    await workbench.widenSideBar(560);
    await workbench.revealRow(workbench.treeRow(PARSER_TITLE), 30_000);
  });

  after(async () => {
    if (!workbench) return;
    for (let i = 0; i < 3 && (await workbench.quickInput.isVisible().catch(() => false)); i++) await workbench.page.keyboard.press('Escape');
    if (await workItem().isVisible()) {
      await workbench.runCommand('Accord: Stop Work');
      await workItem().waitFor({ state: 'hidden' });
    }
    if (!doneBefore && myMicroGoalDone()) {
      await workbench.runCommand('Accord: Reopen Micro-goal');
      await workbench.choose('Which micro-goal is not done after all?', PARSER_TITLE);
      await eventually(() => !myMicroGoalDone(), `“${PARSER_TITLE}” open again in my file`);
    }
    await workbench.openSourceControl();
    if ((await workbench.scmMessage()).trim() !== '') {
      await workbench.scmInput.click();
      await workbench.page.keyboard.press('Control+A');
      await workbench.page.keyboard.press('Backspace');
      await workbench.waitForScmMessage('', 'emptied for the next spec');
    }
    await openAccord();
    await workbench.expandView('Partners');
    if (git(repo, 'rev-parse', '--abbrev-ref', 'HEAD') !== 'main') git(repo, 'switch', '-q', 'main');
    if (git(repo, 'remote').split('\n').includes(SAM_REMOTE)) git(repo, 'remote', 'remove', SAM_REMOTE);
    for (const branch of git(repo, 'branch', '--format=%(refname:short)').split('\n'))
      if (branch && !branchesBefore.split('\n').includes(branch)) git(repo, 'branch', '-q', '-D', branch);
    if (top) rmSync(top, { recursive: true, force: true });
  });

  it('Start Work from the tree puts the trailer after the subject I typed in the Source Control input box, and the status bar says what I work on', async () => {
    writeFileSync(join(repo, MY_FILE), '# Parser review\n\nError recovery skips to the next statement; ask for a test of nested blocks.\n');
    // I write the subject first, as a person often does, then remember to start work.
    await workbench.openSourceControl();
    await workbench.scmInput.click();
    await workbench.page.keyboard.type(MY_SUBJECT, { delay: 5 });
    await workbench.waitForScmMessage(MY_SUBJECT, 'what I typed');

    await openAccord();
    await workbench.revealRow(workbench.treeRow(PARSER_TITLE));
    await workbench.clickRowAction(parserRow(), 'Start Work on Micro-goal');
    await workbench.choose('Pairing with someone?', 'Pairing with Sam Okafor', 'e2e-evidence-1-start-work-pair');
    await workbench.choose('Which branch?', 'Stay on main', 'e2e-evidence-2-start-work-branch');

    await workItem().filter({ hasText: PARSER_TITLE }).waitFor();
    assert.ok(await workItem().locator('.codicon-tools').count(), 'the status bar item shows the tools icon');
    await workbench.openSourceControl();
    await workbench.waitForScmMessage(`${MY_SUBJECT}\n\nAccord: ${PARSER}\n${SAM_TRAILER}`, 'my subject, then the trailers for the micro-goal and for Sam');
    await workbench.screenshot('e2e-evidence-3-scm-trailer');
  });

  it('a commit from the Source Control view (my file staged, Ctrl+Enter) shows in the tree as “· 1 commit”, listed in its tooltip', async () => {
    const scm = await workbench.openSourceControl();
    // Stage only my file with its row's inline action: other specs' check-ins in .accord/ are not this commit's.
    const fileRow = scm.locator('.monaco-list-row', { has: workbench.page.locator('.label-name', { hasText: MY_FILE }) });
    await fileRow.first().waitFor();
    await workbench.clickRowAction(fileRow, 'Stage Changes');
    await scm.locator('.monaco-list-row', { hasText: 'Staged Changes' }).first().waitFor();
    await workbench.restMouse();

    await workbench.scmInput.click();
    await workbench.page.keyboard.press('Control+Enter');
    await eventually(() => git(repo, 'log', '-1', '--format=%s') === MY_SUBJECT, 'the commit on main');
    const hash = git(repo, 'rev-parse', '--short=7', 'HEAD');
    assert.equal(
      git(repo, 'log', '-1', '--format=%B'),
      `${MY_SUBJECT}\n\nAccord: ${PARSER}\n${SAM_TRAILER}`,
      'the commit carries the message as the box showed it',
    );
    assert.equal(git(repo, 'show', '--format=', '--name-only', 'HEAD'), MY_FILE, 'the commit holds my file only');
    assert.equal(git(repo, 'log', '-1', '--format=%an <%ae>'), 'Alex Rivera <alex@example.com>');
    // The work goes on: the trailer is back in the emptied box, for the next commit.
    await workbench.waitForScmMessage(`\n\nAccord: ${PARSER}\n${SAM_TRAILER}`, 'the trailers back for the next commit');

    await openAccord();
    await workbench.revealRow(workbench.treeRow(PARSER_TITLE).filter({ has: workbench.page.locator('.label-description', { hasText: /· 1 commit$/ }) }));
    assert.match(await workbench.rowDescription(PARSER_TITLE), /^due .+ · Alex Rivera · 1 commit$/);
    const tooltip = await workbench.rowTooltip(parserRow(), 'Commits', 'e2e-evidence-4-tree-evidence');
    assert.match(
      tooltip,
      new RegExp(`Commits ${hash} ${MY_SUBJECT}, Alex Rivera, \\d{4}-\\d{2}-\\d{2}`),
      'the tooltip lists the commit: short hash, subject, author, day',
    );
  });

  it('Sam’s commit saying it is done, pulled from their clone, waits in my Follow-ups; one click and Mark Done complete it', async () => {
    top = mkdtempSync(join(tmpdir(), 'accord-e2e-evidence-'));
    const sam = join(top, 'sam');
    git(top, 'clone', '-q', repo, sam);
    git(sam, 'config', 'user.name', 'Sam Okafor');
    git(sam, 'config', 'user.email', 'sam@example.com');
    writeFileSync(join(sam, SAM_FILE), '# Answers\n\nNested blocks now have a test.\n');
    git(sam, 'add', SAM_FILE);
    git(sam, 'commit', '-q', '-m', SAM_SUBJECT, '-m', `Accord-Done: ${PARSER}`);
    git(repo, 'remote', 'add', SAM_REMOTE, sam);
    git(repo, 'pull', '-q', '--no-rebase', '--no-edit', SAM_REMOTE, 'main');
    const samHash = git(repo, 'rev-parse', '--short=7', 'HEAD');
    assert.equal(git(repo, 'log', '-1', '--format=%ae'), 'sam@example.com', 'the pull brought Sam’s commit');

    const followUp = workbench.treeRow(FOLLOW_UP);
    await workbench.revealRow(followUp);
    assert.equal(myMicroGoalDone(), false, 'nothing completes by itself');
    // Sam's commit counts as evidence too (the Micro-goals view redraws on its own, after or before Follow-ups).
    // revealRow scrolls: the Micro-goals pane may be short, and a tree draws only the rows in sight.
    await workbench.revealRow(
      workbench.treeRow(PARSER_TITLE).filter({ has: workbench.page.locator('.label-description', { hasText: / · 2 commits$/ }) }),
      30_000,
    );
    const tooltip = await workbench.rowTooltip(followUp, SAM_SUBJECT);
    assert.match(tooltip, new RegExp(`${samHash} ${SAM_SUBJECT}`), 'the follow-up names the commit');
    await workbench.screenshot('e2e-evidence-5-follow-up');

    await followUp.first().locator('.label-name').click();
    await workbench.choose(`“${PARSER_TITLE}”`, 'Mark Done', 'e2e-evidence-6-mark-done');
    await eventually(() => myMicroGoalDone(), `“${PARSER_TITLE}” done in my own file`);
    await followUp.first().waitFor({ state: 'detached' });
    // The work ends with its micro-goal done: the status bar item and the trailer go.
    await workItem().waitFor({ state: 'hidden' });
    await workbench.openSourceControl();
    await workbench.waitForScmMessage('', 'empty once the micro-goal is done');
    await openAccord();
    await workbench.revealRow(workbench.treeRow(PARSER_TITLE).filter({ has: workbench.page.locator('.label-description', { hasText: /^done · / }) }));
    assert.equal(await workbench.rowDescription(PARSER_TITLE), 'done · Alex Rivera · 2 commits');
    // Done with Sam's help: Accord offers kudos for Sam, and I answer the notification.
    const kudos = workbench.page.locator('.notifications-toasts .notification-toast', { hasText: `“${PARSER_TITLE}” is done. Send kudos to Sam Okafor` });
    await kudos.waitFor();
    await kudos.evaluate((element) => Promise.all(element.getAnimations({ subtree: true }).map((animation) => animation.finished)));
    await workbench.screenshot('e2e-evidence-7-done');
    await kudos.getByRole('button', { name: 'Not Now', exact: true }).click();
    await kudos.waitFor({ state: 'detached' });
  });
});
