/**
 * Working on a micro-goal (issue 15 §2, §4): Accord: Start Work makes one micro-goal active for
 * me (kept in this workspace's state, never in the shared files), puts its trailer in the
 * Source Control input box, offers a branch named after it and shows it in the status bar.
 * Accord: Stop Work takes the trailer back out. When a commit says a micro-goal of mine is done,
 * its owner (me) is offered to complete it; nothing completes by itself.
 */
import * as vscode from 'vscode';
import {
  branchNameFor,
  type CoAuthor,
  displayName,
  type DoneByCommit,
  type LinkedCommit,
  memberIdsOf,
  memberName,
  memberProfile,
  microGoalOfBranch,
  type MicroGoalEntity,
  safeText,
  timeZoneOf,
  dayIn,
  withData,
  withTrailerLines,
  workTrailerLines,
} from '../core';
import { type FolderContext, type MemberContext } from '../commands/handler';
import { entityIdArg } from '../commands/args';
import { Commands } from '../commands/ids';
import { Disposable } from '../util/dispose';
import { oneAtATime } from '../util/oneAtATime';
import { ContextKeys, setContextKey } from '../util/contextKeys';
import type { AccordWorkspace } from '../workspace/accordWorkspace';
import type { EvidenceService } from './evidence';
import type { GitRepository } from './git';
import { type CompletionListener, setDone } from './microGoalActions';
import { resolveMicroGoal } from './pickMicroGoal';
import type { ShareService } from './share';

/**
 * What I work on now, as kept in workspace state. `written`: per repository (its root URI), the
 * trailer lines Accord last put in its input box, so they can be taken back out exactly.
 */
export interface ActiveWork {
  readonly microGoal: string;
  /** The member who pairs on it: `Co-authored-by` credits them. */
  readonly pair?: string;
  /** The next commit says it finishes the micro-goal (`Accord-Done:`). */
  readonly finishing?: boolean;
  readonly written?: Readonly<Record<string, readonly string[]>>;
}

const ACTIVE_KEY = 'accord.activeWork';
const OFFERED_KEY = 'accord.offeredDoneCommits';
/** How many offered commits are remembered (oldest forgotten first). */
const MAX_OFFERED = 500;
/** The longest title the status bar shows before "…". */
const STATUS_TITLE = 32;

/** Lines Accord wrote, by repository, read back from workspace state (anything else is nothing written). */
function writtenOf(work: ActiveWork | undefined): Record<string, readonly string[]> {
  const written = work?.written;
  if (!written || typeof written !== 'object' || Array.isArray(written)) return {};
  return Object.fromEntries(Object.entries(written).filter(([, lines]) => Array.isArray(lines) && lines.every((line) => typeof line === 'string')));
}

const sameLines = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((line, i) => line === b[i]);

/**
 * The active work, the input boxes and the status bar item, for one team. The trailer goes in
 * the input box of every repository Accord reads evidence from (in a multi-root workspace the
 * code and the team's notes can be two repositories), and comes out of all of them.
 */
export class WorkService extends Disposable {
  private readonly changeEmitter = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changeEmitter.event;
  private readonly item: vscode.StatusBarItem;
  /** Each repository's HEAD at the last look: when it moves, a commit emptied its input box. */
  private readonly heads = new Map<string, string | undefined>();
  /** Each repository's branch at the last look: a switch to a micro-goal's branch resumes its work. */
  private readonly branches = new Map<string, string | undefined>();
  /** What the item shows, so an unrelated git event redraws nothing. */
  private shown: string | undefined;
  private readonly syncing = oneAtATime(
    () => this.syncOnce(),
    () => undefined,
  );

  constructor(
    private readonly workspace: AccordWorkspace,
    private readonly share: ShareService,
    private readonly evidence: EvidenceService,
    private readonly memento: vscode.Memento,
  ) {
    super();
    this.item = this._register(vscode.window.createStatusBarItem('accord.work', vscode.StatusBarAlignment.Left, 99));
    this.item.name = 'Accord: Work';
    this._register(workspace.onDidChange(() => void this.syncing()));
    this._register(share.onDidChange(() => void this.syncing()));
    this._register(evidence.onDidChange(() => void this.syncing()));
    void share.ready.then(() => this.syncing());
  }

  /** The active work while its micro-goal is there and open; undefined otherwise. */
  get active(): ActiveWork | undefined {
    const work = this.memento.get<ActiveWork>(ACTIVE_KEY);
    if (!work || typeof work.microGoal !== 'string' || !this.workspace.isLoaded) return undefined;
    const micro = this.workspace.state.entities.microGoal.get(work.microGoal);
    return micro && !micro.done ? work : undefined;
  }

  /** Makes `work` the active work and puts its trailer in the input boxes. */
  async start(work: Omit<ActiveWork, 'written'>): Promise<void> {
    const written = writtenOf(this.memento.get<ActiveWork>(ACTIVE_KEY));
    await this.memento.update(ACTIVE_KEY, { ...work, written });
    await this.syncing();
  }

  /** Clears the active work and takes its trailer lines back out of the input boxes. */
  async stop(): Promise<void> {
    const written = writtenOf(this.memento.get<ActiveWork>(ACTIVE_KEY));
    for (const repository of this.repositories()) setInputBox(repository, written[repository.rootUri.toString()] ?? [], []);
    await this.memento.update(ACTIVE_KEY, undefined);
    await this.syncing();
  }

  /** The open micro-goal a branch is named after (branchNameFor), when it is mine to work on now; undefined otherwise. */
  private resumable(branch: string | undefined): string | undefined {
    if (!this.workspace.isLoaded) return undefined;
    const id = microGoalOfBranch(this.workspace.state, branch);
    const micro = id ? this.workspace.state.entities.microGoal.get(id) : undefined;
    return micro && !micro.done ? micro.id : undefined;
  }

  /** The `Co-authored-by` of a pair, from their member record: undefined when their profile has no email. */
  coAuthor(member: string): CoAuthor | undefined {
    const state = this.workspace.state;
    const email = memberProfile(state, member)?.email;
    return email ? { name: memberName(state, member), email } : undefined;
  }

  /** The repositories the trailer goes to: those evidence is read from, else the team's. */
  repositories(): GitRepository[] {
    const read = this.evidence.repositories();
    const team = this.share.gitRepository;
    return read.length ? read : team ? [team] : [];
  }

  /**
   * The repository a branch is offered in: the one holding the file in the active editor, else
   * the team's, else the first one read.
   */
  branchRepository(): GitRepository | undefined {
    const repositories = this.repositories();
    const file = vscode.window.activeTextEditor?.document.uri;
    const holding = file && repositories.filter((r) => file.scheme === r.rootUri.scheme && file.path.startsWith(`${r.rootUri.path.replace(/\/$/, '')}/`));
    const deepest = holding?.sort((a, b) => b.rootUri.path.length - a.rootUri.path.length)[0];
    return deepest ?? this.share.gitRepository ?? repositories[0];
  }

  /**
   * Brings the input boxes, the status bar item and the context key in line with the active
   * work. A commit (HEAD moved) empties that repository's input box: the trailer goes back in
   * for the next one, and a finishing commit is not claimed twice.
   */
  private async syncOnce(): Promise<void> {
    if (this.isDisposed) return;
    const stored = this.memento.get<ActiveWork>(ACTIVE_KEY);
    let work = this.active;
    const written = writtenOf(stored);
    const repositories = this.repositories();
    let changed = false;
    for (const repository of repositories) {
      const key = repository.rootUri.toString();
      const head = repository.state.HEAD?.commit;
      const branch = repository.state.HEAD?.name;
      if (this.heads.has(key) && this.heads.get(key) !== head && written[key]?.length) {
        // A commit was made: VS Code cleared the box, so nothing Accord wrote is there any more.
        written[key] = [];
        changed = true;
        if (work?.finishing) work = { ...work, finishing: false };
      }
      // Switching to a micro-goal's branch (one Start Work named) takes its work up again.
      const resumed = this.branches.has(key) && this.branches.get(key) !== branch ? this.resumable(branch) : undefined;
      if (resumed && resumed !== work?.microGoal) {
        work = { microGoal: resumed };
        changed = true;
        vscode.window.setStatusBarMessage(
          withData`$(tools) Working on “${this.workspace.state.entities.microGoal.get(resumed)!.title}” again: you are on its branch`,
          5000,
        );
      }
      this.heads.set(key, head);
      this.branches.set(key, branch);
    }
    if (stored && !work) {
      // Its micro-goal was done or deleted: the work ends, and its trailer goes.
      for (const repository of repositories) setInputBox(repository, written[repository.rootUri.toString()] ?? [], []);
      await this.memento.update(ACTIVE_KEY, undefined);
    } else if (work) {
      const pair = work.pair ? this.coAuthor(work.pair) : undefined;
      const lines = workTrailerLines({ microGoal: work.microGoal, finishing: work.finishing, coAuthors: pair ? [pair] : [] });
      for (const repository of repositories) {
        const key = repository.rootUri.toString();
        // Written once per change: a trailer the person took out stays out until the next commit.
        if (sameLines(written[key] ?? [], lines)) continue;
        setInputBox(repository, written[key] ?? [], lines);
        written[key] = lines;
        changed = true;
      }
      if (changed || work.finishing !== stored?.finishing) await this.memento.update(ACTIVE_KEY, { ...work, written });
    }
    const shown = JSON.stringify([work?.microGoal, work?.pair, work?.finishing, work && this.workspace.state.entities.microGoal.get(work.microGoal)?.title]);
    if (shown === this.shown) return;
    this.shown = shown;
    this.showItem(work);
    await setContextKey(ContextKeys.working, !!work);
    this.changeEmitter.fire();
  }

  private showItem(work: ActiveWork | undefined): void {
    const micro = work && this.workspace.state.entities.microGoal.get(work.microGoal);
    if (!work || !micro) {
      this.item.hide();
      return;
    }
    const title = safeText(micro.title);
    // Cut the title as written, then make it safe: a cut through safeText's isolate would leave it open.
    const points = [...micro.title];
    const short =
      points.length > STATUS_TITLE
        ? `${safeText(
            points
              .slice(0, STATUS_TITLE - 1)
              .join('')
              .trimEnd(),
          )}…`
        : title;
    const pair = work.pair ? displayName(this.workspace.state, work.pair) : undefined;
    this.item.text = `$(tools) ${short}`;
    const owner = micro.owner !== this.workspace.me ? `${displayName(this.workspace.state, micro.owner)}'s ` : '';
    this.item.tooltip = [
      `Accord: working on ${owner}“${title}”${pair ? ` with ${pair}` : ''}.`,
      work.finishing ? 'Your next commit says it is done (Accord-Done).' : 'Your commits name it (Accord trailer).',
      'Click to change or stop.',
    ].join('\n');
    this.item.accessibilityInformation = { label: `Accord: working on ${title}${pair ? ` with ${pair}` : ''}. Activate to change or stop.` };
    this.item.command = Commands.startWork;
    this.item.show();
  }
}

/** Accord: Start Work on Micro-goal… — or, while one is active, what to do with it. */
export async function startWork(ctx: MemberContext, work: WorkService, evidence: EvidenceService, arg: unknown): Promise<void> {
  const { workspace } = ctx;
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showInformationMessage(
      'Start Work puts a trailer in your commits through git, which Accord runs only in a trusted folder. Trust this folder to use it.',
    );
    return;
  }
  const active = work.active;
  if (active && arg === undefined) {
    const micro = workspace.state.entities.microGoal.get(active.microGoal);
    const items = [
      {
        label: active.finishing ? '$(circle-large-outline) Next commit does not finish it' : '$(pass) Next commit finishes it',
        detail: active.finishing ? 'Back to the Accord trailer' : 'Use the Accord-Done trailer: your commit says the micro-goal is done',
        action: 'finishing' as const,
      },
      { label: '$(git-commit) Open Commits', detail: 'The commits that name it', action: 'commits' as const },
      { label: '$(arrow-swap) Work on Another Micro-goal…', action: 'other' as const },
      { label: '$(debug-stop) Stop Work', detail: 'Take the trailer out of the commit message', action: 'stop' as const },
    ];
    const pick = await vscode.window.showQuickPick(items, {
      title: withData`Accord: Working on “${micro?.title ?? active.microGoal}”`,
      placeHolder: 'What now?',
    });
    if (!pick) return;
    if (pick.action === 'stop') return work.stop();
    if (pick.action === 'finishing') return work.start({ ...active, finishing: !active.finishing });
    if (pick.action === 'commits') return openCommits(ctx, evidence, active.microGoal);
  }
  const micro = await resolveMicroGoal(workspace, arg, { title: 'Accord: Start Work', placeHolder: 'Which micro-goal are you working on?' });
  if (!micro) return;
  if (micro.done) {
    void vscode.window.showInformationMessage(withData`“${micro.title}” is done already. Reopen it first to work on it again.`);
    return;
  }
  const pair = await askPair(ctx, micro);
  if (pair === null) return;
  if (!(await offerBranch(work.branchRepository(), micro))) return;
  await work.start({ microGoal: micro.id, ...(pair ? { pair } : {}) });
  if (work.repositories().length === 0) {
    void vscode.window.showInformationMessage(
      withData`Working on “${micro.title}”. This folder is not in a repository VS Code's git extension has open, so no trailer goes in a commit message yet.`,
    );
    return;
  }
  const coAuthor = pair ? work.coAuthor(pair) : undefined;
  if (pair && !coAuthor)
    void vscode.window.showInformationMessage(
      `${displayName(workspace.state, pair)} has no email in their Accord profile, so the commit cannot credit them with Co-authored-by. They can add one with Accord: Set Up.`,
    );
}

/** Who pairs on it: undefined for no one, null when the person pressed Escape. */
async function askPair(ctx: MemberContext, micro: MicroGoalEntity): Promise<string | undefined | null> {
  const { workspace, me } = ctx;
  const state = workspace.state;
  const others = memberIdsOf(state.entities.member).filter((member) => member !== me);
  if (others.length === 0) return undefined;
  const items = [
    { label: '$(person) Working alone', member: undefined as string | undefined },
    ...others.map((member) => ({
      label: `$(organization) Pairing with ${displayName(state, member)}`,
      description: memberProfile(state, member)?.email ? 'credited with Co-authored-by' : 'no email in their profile',
      member,
    })),
  ];
  // The owner of someone else's micro-goal is the likely pair: first after "alone".
  items.sort((a, b) => Number(b.member !== undefined && b.member === micro.owner) - Number(a.member !== undefined && a.member === micro.owner));
  const pick = await vscode.window.showQuickPick(items, { title: 'Accord: Start Work', placeHolder: 'Pairing with someone?' });
  return pick ? pick.member : null;
}

/** Replaces Accord's lines in a repository's input box, leaving the rest as the person typed it. */
function setInputBox(repository: GitRepository, previous: readonly string[], next: readonly string[]): void {
  const value = repository.inputBox.value;
  const updated = withTrailerLines(value, previous, next);
  if (updated !== value) repository.inputBox.value = updated;
}

/** Offers the micro-goal's branch; false when the person pressed Escape. */
async function offerBranch(repository: GitRepository | undefined, micro: MicroGoalEntity): Promise<boolean> {
  if (!repository) return true;
  const name = branchNameFor(micro.id, micro.title);
  const current = repository.state.HEAD?.name;
  if (current === name) return true;
  const exists = (repository.state.refs ?? []).some((ref) => ref.type === 0 && ref.name === name);
  // Branch names come from git (a remote's too), and quick picks draw $(icon) syntax: made safe.
  const stay = current ? `$(git-branch) Stay on ${safeText(current)}` : '$(git-branch) Stay where I am';
  const items = [
    { label: stay, branch: false },
    { label: exists ? `$(arrow-right) Switch to ${name}` : `$(add) Create branch ${name}`, detail: 'A branch named after the micro-goal', branch: true },
  ];
  const pick = await vscode.window.showQuickPick(items, { title: 'Accord: Start Work', placeHolder: 'Which branch?' });
  if (!pick) return false;
  if (!pick.branch) return true;
  try {
    if (exists) await repository.checkout(name);
    else await repository.createBranch(name, true);
  } catch (error) {
    void vscode.window.showWarningMessage(
      withData`Accord could not switch to ${name}: ${(error as Error).message ?? String(error)}. You stay on ${current ?? 'the current branch'}.`,
    );
  }
  return true;
}

/** Accord: Stop Work. */
export async function stopWork(work: WorkService): Promise<void> {
  if (!work.active) {
    void vscode.window.showInformationMessage('You are not working on a micro-goal. Accord: Start Work on Micro-goal… starts.');
    return;
  }
  await work.stop();
  vscode.window.setStatusBarMessage('$(debug-stop) Stopped work: the trailer is out of the commit message', 4000);
}

/** "a1b2c3d Parse trailers · Sam Lee · 2026-03-10", on the viewer's calendar day, plain text. */
export function commitLine(commit: LinkedCommit, timeZone: string): { label: string; description: string } {
  const day = Number.isNaN(commit.time) ? '' : dayIn(new Date(commit.time), timeZone);
  return {
    label: safeText(commit.subject) || '(no subject)',
    description: [commit.hash.slice(0, 7), safeText(commit.author), day, commit.reverted ? 'reverted' : commit.done ? 'says done' : '']
      .filter(Boolean)
      .join(' · '),
  };
}

/** Accord: Open Commits of Micro-goal… — a list of the commits that name it; one opens in the git extension's commit view. */
export async function openCommits(ctx: FolderContext, evidence: EvidenceService, arg: unknown): Promise<void> {
  const { workspace } = ctx;
  if (evidence.status === 'untrusted') {
    void vscode.window.showInformationMessage('Evidence from git appears once you trust this folder: Accord runs no git in Restricted Mode.');
    return;
  }
  const state = workspace.state;
  const all = evidence.evidence(state);
  const micro = await resolveMicroGoal(workspace, arg, {
    title: 'Accord: Open Commits',
    placeHolder: 'Commits of which micro-goal?',
    filter: (m) => all.has(m.id),
  });
  if (!micro) return;
  const commits = all.get(micro.id)?.commits ?? [];
  if (commits.length === 0) {
    void vscode.window.showInformationMessage(withData`No commit names “${micro.title}” yet. Start Work on it, and your commits will.`);
    return;
  }
  const zone = timeZoneOf(state, workspace.me);
  const pick = await vscode.window.showQuickPick(
    commits.map((commit) => ({ ...commitLine(commit, zone), hash: commit.hash })),
    { title: withData`Accord: Commits of “${micro.title}”`, placeHolder: 'Open a commit', matchOnDescription: true },
  );
  if (pick) await viewCommit(evidence, pick.hash);
}

/** Opens a commit in the git extension's own commit view (a multi-file diff); else puts its hash on the clipboard and says so. */
async function viewCommit(evidence: EvidenceService, hash: string): Promise<void> {
  const repository = evidence.repositoryOf(hash);
  try {
    if (!repository) throw new Error('no repository');
    await vscode.commands.executeCommand('git.viewCommit', repository.rootUri, hash);
  } catch {
    await vscode.env.clipboard.writeText(hash);
    void vscode.window.showInformationMessage(`VS Code's git extension could not open commit ${hash.slice(0, 7)}; its hash is on the clipboard.`);
  }
}

/**
 * Accord: Mark Done as a Commit Says… — completes a micro-goal of mine that a commit says is
 * done. With no argument: a list of what commits say. With a micro-goal (a Follow-ups row): a
 * question, Mark Done or Open Commit. With `confirmed` (the offer's Mark Done button): at once.
 * Only ever my own micro-goal, written to my own file.
 */
export async function completeByCommit(
  ctx: MemberContext,
  evidence: EvidenceService,
  arg: unknown,
  confirmed: unknown,
  onCompleted?: CompletionListener,
): Promise<void> {
  const { workspace } = ctx;
  const asked = evidence.doneByCommits();
  const id = entityIdArg(arg);
  let item = id ? asked.find((entry) => entry.microGoal === id) : undefined;
  if (id && !item) {
    void vscode.window.showInformationMessage('No commit says that any more: the micro-goal is done already, or the commit was reverted.');
    return;
  }
  if (!item) {
    if (asked.length === 0) {
      void vscode.window.showInformationMessage('No commit says one of your micro-goals is done.');
      return;
    }
    const pick = await vscode.window.showQuickPick(
      asked.map((entry) => ({
        label: safeText(entry.title),
        description: safeText(entry.label),
        detail: safeText(`${entry.commit.hash.slice(0, 7)} ${entry.commit.subject}`),
        entry,
      })),
      { title: 'Accord: Mark Done as a Commit Says', placeHolder: 'Which micro-goal is done?' },
    );
    if (!pick) return;
    item = pick.entry;
  } else if (confirmed !== true) {
    const choice = await vscode.window.showQuickPick(
      [
        { label: '$(pass) Mark Done', detail: withData`“${item.title}” is done`, action: 'done' as const },
        { label: '$(git-commit) Open the Commit', detail: withData`${item.commit.hash.slice(0, 7)} ${item.commit.subject}`, action: 'open' as const },
        { label: '$(circle-large-outline) Not Done Yet', detail: 'It stays open, and this commit stops asking', action: 'notYet' as const },
      ],
      { title: withData`Accord: ${item.label}`, placeHolder: withData`“${item.title}”` },
    );
    if (!choice) return;
    if (choice.action === 'open') return viewCommit(evidence, item.commit.hash);
    if (choice.action === 'notYet') {
      // Dated like a reopen: the commits that said it was done until now are answered.
      const microGoal = item.microGoal;
      await workspace.write((edit) => edit.set(microGoal, 'microGoal', { reopenedAt: new Date().toISOString() }));
      return;
    }
  }
  if (await setDone(workspace, [item.microGoal], true)) {
    vscode.window.setStatusBarMessage(withData`$(pass-filled) Done: ${item.title}`, 4000);
    onCompleted?.(item.microGoal);
  }
}

/**
 * Offers, once per commit, to complete a micro-goal of mine that my own commit says is done
 * (`offer` of doneByCommits). A partner's commit is a follow-up instead, in the Follow-ups view.
 */
export class DoneOffers extends Disposable {
  constructor(
    private readonly evidence: EvidenceService,
    private readonly memento: vscode.Memento,
    private readonly complete: (microGoal: string) => Thenable<unknown>,
  ) {
    super();
    this._register(evidence.onDidChange(() => this.offer()));
  }

  private offer(): void {
    const offered = this.memento.get<string[]>(OFFERED_KEY, []);
    const fresh = this.evidence.doneByCommits().filter((item) => item.kind === 'offer' && !offered.includes(item.commit.hash));
    if (fresh.length === 0) return;
    void this.memento.update(OFFERED_KEY, [...offered, ...fresh.map((item) => item.commit.hash)].slice(-MAX_OFFERED));
    for (const item of fresh) void this.ask(item);
  }

  private async ask(item: DoneByCommit): Promise<void> {
    const choice = await vscode.window.showInformationMessage(
      withData`Your commit “${item.commit.subject}” says “${item.title}” is done.`,
      'Mark Done',
      'Not Yet',
    );
    if (choice === 'Mark Done') await this.complete(item.microGoal);
  }
}
