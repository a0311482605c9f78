/**
 * Evidence from git (issue 15 §6): the commits of each repository's HEAD history that name micro-goals, read
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
  mergeEvidence,
  type TeamState,
} from '../core';
import { Disposable } from '../util/dispose';
import { oneAtATime } from '../util/oneAtATime';
import type { AccordWorkspace } from '../workspace/accordWorkspace';
import type { EvidenceSource } from '../panels/panelHost';
import type { EvidenceStatus } from '../panels/protocol';
import { type GitApi, gitApi, type GitCommit, type GitRepository, workspaceRepositories } from './git';

import type { ShareService } from './share';

export type { EvidenceSource, EvidenceStatus };

/** The most commits one cold read asks for: the newest (issue 15's benchmark repository has 20,000). */
export const MAX_EVIDENCE_COMMITS = 20_000;
/** How long git events settle before the history is read again (a pull fires several). */
const SETTLE_MS = 150;

/**
 * The commits of `repository`'s HEAD history after `since` (the head read last), through the git
 * extension's `Repository.log`, in one git run when nothing was rewritten: `since..HEAD` is read,
 * and `since` is still an ancestor of HEAD (a commit, a pull) exactly when one of those commits
 * has it as a parent. Otherwise (a rebase, a reset, a force-pull; or no `since`) the newest
 * {@link MAX_EVIDENCE_COMMITS} of HEAD are read, and `incremental` is false: the caller starts
 * its index afresh. HEAD is the git extension's `state.HEAD.commit`; no commits without one. A
 * git error reads as no commits (the extension's log gives `[]`).
 */
export async function commitsSince(
  repository: GitRepository,
  since: string | undefined,
): Promise<{ head: string | undefined; commits: CommitInfo[]; incremental: boolean }> {
  const head = repository.state.HEAD?.commit;
  if (head === undefined) return { head, commits: [], incremental: false };
  if (since === head) return { head, commits: [], incremental: true };
  if (since !== undefined) {
    const after = await repository.log({ range: `${since}..${head}`, silent: true });
    if (after.some((commit) => commit.parents.includes(since))) return { head, commits: after.map(commitInfoOf), incremental: true };
  }
  const log = await repository.log({ maxEntries: MAX_EVIDENCE_COMMITS, silent: true });
  return { head, commits: log.map(commitInfoOf), incremental: false };
}

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

/** What was read of one repository: its index, the HEAD commit read up to, and its state listener. */
interface RepositoryRead {
  readonly repository: GitRepository;
  index: EvidenceIndex;
  head: string | undefined;
  readonly listener: vscode.Disposable;
}

/**
 * One team's evidence: built in createDailyLoop, beside the ShareService. It reads the team's
 * repository (the one Share found, also when it is a parent folder's) and every repository the
 * git extension has open for the workspace's folders: in a multi-root workspace the code and
 * the team's notes can live in different repositories.
 */
export class EvidenceService extends Disposable implements EvidenceSource {
  private readonly changeEmitter = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changeEmitter.event;
  private readonly reads = new Map<string, RepositoryRead>();
  private api: GitApi | undefined;
  private currentStatus: EvidenceStatus;
  /** How the last read that read something went: `cold` (a whole history, up to the cap) or `incremental` (only commits after the last head). */
  lastRead: 'cold' | 'incremental' | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped whenever an index changes, so {@link evidence} knows its cache is stale. */
  private version = 0;
  private cached: { version: number; state: TeamState; evidence: ReadonlyMap<string, MicroGoalEvidence> } | undefined;
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
    this._register({ dispose: () => this.reads.forEach((read) => read.listener.dispose()) });
    this._register(share.onDidChange(() => this.schedule()));
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.schedule()));
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.schedule()));
    void this.connect();
  }

  private async connect(): Promise<void> {
    await this.share.ready;
    this.api = vscode.workspace.isTrusted ? await gitApi() : undefined;
    if (this.isDisposed) return;
    if (this.api) {
      this._register(this.api.onDidOpenRepository(() => this.schedule()));
      this._register(this.api.onDidCloseRepository(() => this.schedule()));
    }
    this.schedule();
  }

  get status(): EvidenceStatus {
    return this.currentStatus;
  }

  /** The repositories read, the team's first. */
  repositories(): GitRepository[] {
    return [...this.reads.values()].map((read) => read.repository);
  }

  /** The repository whose history holds `hash` (to open the commit there); the team's when none does. */
  repositoryOf(hash: string): GitRepository | undefined {
    for (const read of this.reads.values()) if (read.index.seen.has(hash)) return read.repository;
    return this.share.gitRepository;
  }

  /** Memoized on the indexes and the state object, so the views, the status bar and Follow-ups share one computation. */
  evidence(state: TeamState): ReadonlyMap<string, MicroGoalEvidence> {
    if (this.cached?.version === this.version && this.cached.state === state) return this.cached.evidence;
    const evidence = mergeEvidence([...this.reads.values()].map((read) => evidenceFor(read.index, state)));
    this.cached = { version: this.version, state, evidence: this.reads.size === 0 ? new Map() : evidence };
    return this.cached.evidence;
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

  /** The repositories to read: the team's, then the workspace's, each once. */
  private repositoriesToRead(): GitRepository[] {
    const found = new Map<string, GitRepository>();
    const team = this.share.gitRepository;
    if (team) found.set(team.rootUri.toString(), team);
    if (this.api)
      for (const repository of workspaceRepositories(this.api))
        if (!found.has(repository.rootUri.toString())) found.set(repository.rootUri.toString(), repository);
    return [...found.values()];
  }

  private async readOnce(): Promise<void> {
    if (this.isDisposed) return;
    if (!vscode.workspace.isTrusted) return this.setStatus('untrusted');
    await this.share.ready;
    const repositories = this.repositoriesToRead();
    let changed = false;
    // Repositories closed (or a folder removed) take their evidence with them.
    for (const [key, read] of this.reads) {
      if (repositories.some((repository) => repository.rootUri.toString() === key && repository === read.repository)) continue;
      read.listener.dispose();
      this.reads.delete(key);
      changed = true;
    }
    for (const repository of repositories) {
      const key = repository.rootUri.toString();
      let read = this.reads.get(key);
      if (!read) {
        read = { repository, index: EMPTY_EVIDENCE, head: undefined, listener: repository.state.onDidChange(() => this.schedule()) };
        this.reads.set(key, read);
      }
      if (await this.readRepository(read)) changed = true;
      if (this.isDisposed) return;
    }
    if (changed) this.version++;
    if (repositories.length === 0) {
      if (changed) this.changeEmitter.fire();
      return this.setStatus(this.api || this.share.hasGitExtension ? 'noRepository' : 'noGit');
    }
    if (changed || this.currentStatus !== 'ready') {
      this.currentStatus = 'ready';
      this.changeEmitter.fire();
    }
  }

  /** Reads the commits of one repository after the head read last (all of them when its history was rewritten); true when its index changed. */
  private async readRepository(read: RepositoryRead): Promise<boolean> {
    const head = read.repository.state.HEAD?.commit;
    if (head === read.head) return false;
    const found = await commitsSince(read.repository, read.head);
    read.index = mergeCommits(found.incremental ? read.index : EMPTY_EVIDENCE, found.commits);
    read.head = found.head;
    this.lastRead = found.incremental ? 'incremental' : 'cold';
    return true;
  }
}
