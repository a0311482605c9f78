/**
 * Evidence from git (issue 15 §6): the commits of HEAD's history that name micro-goals, read
 * through VS Code's git extension (`Repository.log`, and its state events to know when HEAD
 * moved). Read incrementally: the last commit read is remembered, so a commit or a pull costs
 * the new commits only; a history rewritten under it (rebase, reset, force-pull) is read again.
 * No git runs in Restricted Mode: the views say evidence appears once the folder is trusted.
 */
import * as vscode from 'vscode';
import {
  type CommitInfo,
  type DoneByCommit,
  doneByCommits,
  EMPTY_EVIDENCE,
  type EvidenceIndex,
  evidenceFor,
  type MicroGoalEvidence,
  mergeCommits,
  type TeamState,
} from '../core';
import { Disposable } from '../util/dispose';
import { oneAtATime } from '../util/oneAtATime';
import type { AccordWorkspace } from '../workspace/accordWorkspace';
import type { EvidenceSource } from '../panels/panelHost';
import type { EvidenceStatus } from '../panels/protocol';
import type { GitCommit, GitRepository } from './git';

export type { EvidenceSource, EvidenceStatus };
import type { ShareService } from './share';

/** The most commits one cold read asks for: the newest (issue 15's benchmark repository has 20,000). */
export const MAX_EVIDENCE_COMMITS = 20_000;
/** How long git events settle before the history is read again (a pull fires several). */
const SETTLE_MS = 150;

/** A commit of the git extension as the core reads it: the author date as a UTC instant, the subject its first line. */
export function commitInfoOf(commit: GitCommit): CommitInfo {
  const at = commit.authorDate instanceof Date && !Number.isNaN(commit.authorDate.getTime()) ? commit.authorDate.toISOString() : '';
  return {
    hash: commit.hash,
    parents: commit.parents,
    author: commit.authorName ?? '',
    ...(commit.authorEmail ? { authorEmail: commit.authorEmail } : {}),
    at,
    subject: commit.message.split('\n', 1)[0] ?? '',
    message: commit.message,
  };
}

/** One team's evidence: built in createDailyLoop, beside the ShareService whose repository it reads. */
export class EvidenceService extends Disposable implements EvidenceSource {
  private readonly changeEmitter = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changeEmitter.event;
  private index: EvidenceIndex = EMPTY_EVIDENCE;
  /** The HEAD commit the index was read up to. */
  private head: string | undefined;
  private repository: GitRepository | undefined;
  private currentStatus: EvidenceStatus;
  /** How the last read went: `cold` (the whole history, up to the cap) or `incremental` (only commits after the last head). */
  lastRead: 'cold' | 'incremental' | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private cached: { index: EvidenceIndex; state: TeamState; evidence: Map<string, MicroGoalEvidence> } | undefined;
  /** Reads one at a time; a change while reading reads once more after. */
  readonly read = oneAtATime(
    () => this.readOnce(),
    () => undefined,
  );

  constructor(
    private readonly workspace: AccordWorkspace,
    private readonly share: ShareService,
  ) {
    super();
    this.currentStatus = vscode.workspace.isTrusted ? 'reading' : 'untrusted';
    this._register({ dispose: () => clearTimeout(this.timer) });
    this._register(share.onDidChange(() => this.schedule()));
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.schedule()));
    void share.ready.then(() => this.schedule());
  }

  /** The repository read (the one Share found for this folder). */
  get gitRepository(): GitRepository | undefined {
    return this.share.gitRepository;
  }

  get status(): EvidenceStatus {
    return this.currentStatus;
  }

  /** Memoized on the index and the state object, so the views, the status bar and Follow-ups share one computation. */
  evidence(state: TeamState): ReadonlyMap<string, MicroGoalEvidence> {
    if (this.cached?.index === this.index && this.cached.state === state) return this.cached.evidence;
    const evidence = evidenceFor(this.index, state);
    this.cached = { index: this.index, state, evidence };
    return evidence;
  }

  /** The completions commits ask of me (doneByCommits), for the team's state now; empty before Set Up. */
  doneByCommits(): DoneByCommit[] {
    const me = this.workspace.me;
    if (!me || !this.workspace.isLoaded) return [];
    const state = this.workspace.state;
    return doneByCommits(this.evidence(state), state, me, this.workspace.myEmail);
  }

  private schedule(): void {
    if (this.isDisposed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.read(), SETTLE_MS);
  }

  private setStatus(status: EvidenceStatus): void {
    if (status === this.currentStatus) return;
    this.currentStatus = status;
    this.changeEmitter.fire();
  }

  private async readOnce(): Promise<void> {
    if (this.isDisposed) return;
    if (!vscode.workspace.isTrusted) return this.setStatus('untrusted');
    await this.share.ready;
    const repository = this.share.gitRepository;
    if (!repository) return this.setStatus(this.share.hasGitExtension ? 'noRepository' : 'noGit');
    if (repository !== this.repository) {
      // Another repository (a team switched folders, or the git extension reopened it): start afresh.
      this.repository = repository;
      this.index = EMPTY_EVIDENCE;
      this.head = undefined;
    }
    const head = repository.state.HEAD?.commit;
    if (head === this.head) return this.setStatus('ready');
    const since = this.head;
    const incremental = since !== undefined && head !== undefined && (await repository.getMergeBase(since, head).catch(() => undefined)) === since;
    const commits = head === undefined ? [] : await repository.log(incremental ? { range: `${since}..${head}` } : { maxEntries: MAX_EVIDENCE_COMMITS });
    if (this.isDisposed || repository !== this.repository) return;
    this.index = mergeCommits(incremental ? this.index : EMPTY_EVIDENCE, commits.map(commitInfoOf));
    this.head = head;
    this.lastRead = incremental ? 'incremental' : 'cold';
    this.currentStatus = 'ready';
    this.changeEmitter.fire();
  }
}
