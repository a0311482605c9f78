/**
 * Evidence from git (issue 15) in a real VS Code with real git: Start Work puts the trailer in
 * the Source Control input box, commits link the micro-goal in the tree, a branch is offered,
 * a commit that says a micro-goal is done is offered to its owner (mine) or becomes a follow-up
 * (a partner's, pulled from a second clone), a revert withdraws it, and Quick Check-In takes `+`.
 * It commits on the fixture's main branch and leaves it there; the remote it adds is its own.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { branchNameFor, lastCheckInOf } from '../../src/core';
import { movedByCommits } from '../../src/daily/checkIn';
import {
  accordExtension,
  accordWorkspace,
  answerPrompts,
  folderPath,
  ME,
  microGoalsProvider,
  readMemberFile,
  runWithAnswers,
  treeRows,
  waitFor,
} from './helpers';

const CHECKLIST = 'mg-3bgmpad1npq8'; // Alex's "Write a review checklist"
const PARSER = 'mg-fkt1c6twy8w7'; // Alex's "Review the parser PR"
const SAM_BOX = 'Co-authored-by: Sam Okafor <sam@example.com>';

type Window = { -readonly [K in keyof typeof vscode.window]: (typeof vscode.window)[K] };

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } }).trim();
}

/** A commit of a new file with `message`, a few seconds in the future (or after `after`) so it counts after any check-in made just before. */
let files = 0;
function commit(cwd: string, message: string, author?: string, after?: Date): string {
  writeFileSync(join(cwd, `evidence-${++files}.txt`), `${files}\n`);
  git(cwd, 'add', `evidence-${files}.txt`);
  const date = new Date(Math.max(Date.now(), after?.getTime() ?? 0) + 5_000).toISOString();
  execFileSync('git', ['-c', 'commit.gpgsign=false', 'commit', '-q', '-F', '-', ...(author ? ['--author', author] : [])], {
    cwd,
    input: message,
    env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
  });
  return git(cwd, 'rev-parse', 'HEAD');
}

function services() {
  return accordExtension().exports.daily.services!;
}

async function rowOf(title: string) {
  const rows = await treeRows(await microGoalsProvider());
  return rows.find((row) => row.label === title);
}

/** Records information messages, answering with `answer`, while `run` runs. */
async function withInfos<T>(answer: (message: string) => string | undefined, run: () => Promise<T>): Promise<{ result: T; infos: string[] }> {
  const window = vscode.window as Window;
  const original = window.showInformationMessage;
  const infos: string[] = [];
  window.showInformationMessage = (async (message: string) => (infos.push(message), answer(message))) as typeof window.showInformationMessage;
  try {
    return { result: await run(), infos };
  } finally {
    window.showInformationMessage = original;
  }
}

describe('Evidence from git (real git)', function () {
  this.timeout(60_000);
  let repo: string;
  let top: string;

  before(async () => {
    await accordWorkspace();
    repo = folderPath();
    top = mkdtempSync(join(tmpdir(), 'accord-evidence-'));
    // Whatever earlier suites left uncommitted is committed first, as a person would.
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '--allow-empty', '-m', 'Work so far');
    const share = services().share;
    await share.ready;
    await waitFor(() => !!share.gitRepository, 'the git extension to open the fixture repository', 20_000);
    await waitFor(() => services().evidence.status === 'ready', 'the first read of the history', 20_000);
  });
  after(async () => {
    await services().work.stop();
    // The suites after this one find the fixture's micro-goals open, as they were.
    const workspace = await accordWorkspace();
    await workspace.write((edit) => {
      for (const id of [CHECKLIST, PARSER]) edit.set(id, 'microGoal', { done: false, doneAt: null });
    });
    git(repo, 'remote', 'remove', 'evidence-partner');
    git(repo, 'branch', '-q', '-D', `${PARSER}-review-the-parser-pr`);
    rmSync(top, { recursive: true, force: true });
  });

  it('Start Work puts the trailer for the micro-goal and my pair in the Source Control input box, and the work is active', async () => {
    const box = services().share.gitRepository!.inputBox;
    box.value = 'Draft the checklist';
    const { prompts } = await runWithAnswers('accord.startWork', ['$(organization) Pairing with Sam Okafor', '$(git-branch) Stay on main'], CHECKLIST);
    assert.deepEqual(
      prompts.map((p) => p.placeHolder),
      ['Pairing with someone?', 'Which branch?'],
    );
    assert.equal(box.value, `Draft the checklist\n\nAccord: ${CHECKLIST}\n${SAM_BOX}`, 'my text stays, the trailers follow it');
    assert.equal(services().work.active?.microGoal, CHECKLIST);
  });

  it('a commit with the trailer shows in the tree as evidence, with a plain-text tooltip, and the trailer goes back in the emptied box', async () => {
    const box = services().share.gitRepository!.inputBox;
    const hash = commit(repo, box.value);
    box.value = ''; // what VS Code does after a commit
    await waitFor(() => services().evidence.evidence(accordExtension().exports.workspace!.state).has(CHECKLIST), 'the commit to be read');
    const row = await rowOf('Write a review checklist');
    assert.match(row!.description, /· 1 commit$/);
    assert.match(row!.tooltip.replaceAll('\\', ''), new RegExp(`${hash.slice(0, 7)} Draft the checklist, Alex Rivera, \\d{4}-\\d{2}-\\d{2}`));
    await waitFor(() => box.value === `\n\nAccord: ${CHECKLIST}\n${SAM_BOX}`, 'the trailer back in the box for the next commit');
  });

  it('Stop Work takes the trailer out and gives back exactly what I typed', async () => {
    const box = services().share.gitRepository!.inputBox;
    box.value = `Half a thought${box.value}`;
    await vscode.commands.executeCommand('accord.stopWork');
    assert.equal(box.value, 'Half a thought');
    assert.equal(services().work.active, undefined);
    box.value = '';
  });

  it("switching to a micro-goal's branch takes its work up again, trailer and all", async () => {
    const branch = branchNameFor(CHECKLIST, 'Write a review checklist');
    git(repo, 'switch', '-q', '-c', branch);
    try {
      await waitFor(() => services().work.active?.microGoal === CHECKLIST, 'the work resumed on its branch', 20_000);
      await waitFor(() => services().share.gitRepository!.inputBox.value === `\n\nAccord: ${CHECKLIST}`, 'its trailer in the box');
    } finally {
      git(repo, 'switch', '-q', 'main');
      git(repo, 'branch', '-q', '-D', branch);
      await vscode.commands.executeCommand('accord.stopWork');
    }
    assert.equal(services().share.gitRepository!.inputBox.value, '');
  });

  it('Start Work offers the branch named after the micro-goal, and my finishing commit is offered to me once, with one click', async () => {
    const branch = `${PARSER}-review-the-parser-pr`;
    await runWithAnswers('accord.startWork', ['$(person) Working alone', `$(add) Create branch ${branch}`], PARSER);
    await waitFor(() => git(repo, 'rev-parse', '--abbrev-ref', 'HEAD') === branch, 'the new branch checked out');
    await runWithAnswers('accord.startWork', ['$(pass) Next commit finishes it']);
    const box = services().share.gitRepository!.inputBox;
    await waitFor(() => box.value.includes(`Accord-Done: ${PARSER}`), 'Accord-Done in the box');
    const { infos } = await withInfos(
      (message) => (/says “Review the parser PR” is done/.test(message) ? 'Mark Done' : undefined),
      async () => {
        commit(repo, `Parser review notes${box.value}`);
        box.value = '';
        await waitFor(() => readMemberFile(ME.id).entities[PARSER]?.fields.done === true, 'the micro-goal done in my own file');
      },
    );
    assert.equal(infos.filter((m) => /^Your commit/.test(m)).length, 1, infos.join('\n'));
    await waitFor(() => services().work.active === undefined, 'the work to end with its micro-goal done');
    // The box follows on the workspace's change event, in a turn of its own after the change.
    await waitFor(() => box.value === '', 'its trailer to go');
    git(repo, 'switch', '-q', 'main');
    git(repo, 'merge', '-q', '--no-ff', '--no-edit', branch);
    await waitFor(
      () => services().evidence.lastRead !== undefined && !!services().evidence.evidence(accordExtension().exports.workspace!.state).get(PARSER),
      'the merge read',
    );
    assert.equal(
      services()
        .evidence.evidence(accordExtension().exports.workspace!.state)
        .get(PARSER)!
        .commits.filter((c) => !c.merge).length,
      1,
      'the merged commit counts once',
    );
  });

  it("a partner's commit pulled from their clone that says my micro-goal is done waits in my Follow-ups; a revert withdraws it", async () => {
    const partner = join(top, 'sam');
    git(top, 'clone', '-q', repo, partner);
    commit(partner, `Checklist: the last items\n\nAccord-Done: ${CHECKLIST}\n`, 'Sam Okafor <sam@example.com>');
    git(repo, 'remote', 'add', 'evidence-partner', partner);
    git(repo, 'pull', '-q', '--no-rebase', '--no-edit', 'evidence-partner', 'main');
    const followUp = () =>
      accordExtension()
        .exports.daily.followUps.items()
        .find((f) => f.kind === 'commit' && f.id === CHECKLIST);
    await waitFor(() => !!followUp(), 'the follow-up after the pull', 20_000);
    assert.equal(followUp()!.label, "Sam Okafor's commit says this is done: “Write a review checklist”");
    assert.equal(services().evidence.lastRead, 'incremental', 'a pull reads only its new commits');
    assert.equal(readMemberFile(ME.id).entities[CHECKLIST]?.fields.done, false, 'nothing completes by itself');

    const pulled = git(repo, 'rev-parse', 'HEAD');
    git(repo, 'revert', '--no-edit', pulled);
    await waitFor(() => !followUp(), 'the revert to withdraw it');
    git(repo, 'revert', '--no-edit', 'HEAD');
    await waitFor(() => !!followUp(), 'reapplying it to bring it back');

    const script = answerPrompts(['$(pass) Mark Done']);
    try {
      await vscode.commands.executeCommand('accord.completeByCommit', CHECKLIST);
    } finally {
      script.restore();
    }
    assert.equal(readMemberFile(ME.id).entities[CHECKLIST]?.fields.done, true, 'done in my own file, by my own Accord');
    await waitFor(() => !followUp(), 'the follow-up answered');
  });

  it('a history rewritten under the last commit read is read again whole', async () => {
    // --soft: the working copy (and the Accord files in it) stays as it is.
    git(repo, 'reset', '-q', '--soft', 'HEAD~1');
    await waitFor(() => services().evidence.lastRead === 'cold', 'a cold read after the reset');
  });

  it('Quick Check-In takes + as the summary of my commits since my last check-in, and names what they moved', async () => {
    const workspace = await accordWorkspace();
    await workspace.write((edit) => edit.set(CHECKLIST, 'microGoal', { done: false, doneAt: null }));
    // Earlier suites write check-ins at moments to come (a nudge's): the commit comes after my last one.
    commit(repo, `Checklist for error messages\n\nAccord: ${CHECKLIST}\n`, undefined, lastCheckInOf(workspace.state, ME.id));
    await waitFor(() => (services().evidence.evidence(workspace.state).get(CHECKLIST)?.commits.length ?? 0) >= 3, 'the commit read');
    // What Check In ticks and offers as "what moved": my commits only (Sam's commit names it too).
    const moved = movedByCommits(workspace, ME.id, services().evidence);
    assert.deepEqual(moved.microGoals, [CHECKLIST]);
    assert.match(moved.summary, /Checklist for error messages/);
    assert.doesNotMatch(moved.summary, /the last items/, "Sam's commit is Sam's to report");
    const { prompts } = await runWithAnswers('accord.quickCheckIn', ['+']);
    assert.match(prompts[0]!.prompt!, /Type \+ to use your commits: .*Checklist for error messages/);
    // Found by its note: an earlier suite's check-in is dated at a moment to come, so the newest by date is not this one.
    const written = Object.values(readMemberFile(ME.id).entities)
      .filter((e) => e.kind === 'checkIn')
      .map((e) => e.fields)
      .find((fields) => /Checklist for error messages/.test(String(fields.note)));
    assert.ok(written, 'the check-in with the summary is in my file');
    assert.deepEqual(written.microGoals, [CHECKLIST]);
  });
});
