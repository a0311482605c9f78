/**
 * Commits for the evidence of micro-goals (issue 15 §6): read with one `git log` run, and
 * incrementally: given the last commit already read, only the commits after it are asked for,
 * so a pull costs its new commits. A history rewritten under the last commit (a rebase, a
 * force-push, a reset) is read again whole, and the caller starts its index afresh. Plain Node;
 * runs git, so only in a trusted workspace (the caller's rule, as for every git call).
 */
import type { CommitInfo } from '../core';
import { GitError, type GitOptions, runGit } from './gitProcess';
import { isAncestor } from './plumbing';

/** Fields separated by US (0x1f), commits by NUL (`-z`): hash, parents, author, email, author date (strict ISO), subject, body. */
export const LOG_FORMAT = '%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%s%x1f%B';

/** The most commits one read asks git for: the newest ones (issue 15's benchmark repository has 20,000). */
export const MAX_LOG_COMMITS = 20_000;

/**
 * The commits in `git log -z --format=LOG_FORMAT` output, newest first as git gives them. An
 * entry with too few fields (git never writes one) is skipped; at most `max` entries are read.
 * One pass over the text (the fields are cut out of it where they lie, not split into copies),
 * since a history of 20,000 commits is several megabytes.
 */
export function parseCommitLog(text: string, max = MAX_LOG_COMMITS): CommitInfo[] {
  const commits: CommitInfo[] = [];
  const cuts = [0, 0, 0, 0, 0, 0];
  // The next field separator at or after the place last asked for: every entry git writes has
  // six, so the searches together read the text once, even over entries that have none.
  let separator = -1;
  for (let at = 0; at <= text.length && commits.length < max;) {
    let end = text.indexOf('\0', at);
    if (end === -1) end = text.length;
    const start = text.charCodeAt(at) === 0x0a && at < end ? at + 1 : at;
    let found = 0;
    for (let from = start; found < 6; found++) {
      if (separator < from && separator !== Infinity) separator = text.indexOf('\x1f', from);
      if (separator === -1) separator = Infinity;
      if (separator >= end) break;
      cuts[found] = separator;
      from = separator + 1;
    }
    if (found === 6) {
      const [c1, c2, c3, c4, c5, c6] = cuts as [number, number, number, number, number, number];
      const hash = text.slice(start, c1);
      const parentText = text.slice(c1 + 1, c2);
      const parents = parentText === '' ? [] : parentText.includes(' ') ? parentText.split(' ') : [parentText];
      const author = text.slice(c2 + 1, c3);
      const authorEmail = text.slice(c3 + 1, c4);
      const commitAt = text.slice(c4 + 1, c5);
      const subject = text.slice(c5 + 1, c6);
      const message = text.slice(c6 + 1, end);
      commits.push(
        authorEmail ? { hash, parents, author, authorEmail, at: commitAt, subject, message } : { hash, parents, author, at: commitAt, subject, message },
      );
    }
    at = end + 1;
  }
  return commits;
}

/** What one read found: the head read up to, its commits (newest first), and whether they replace what was read before. */
export interface CommitRead {
  /** HEAD's commit; undefined in a repository with no commit yet. */
  readonly head: string | undefined;
  readonly commits: CommitInfo[];
  /** True when the read started from scratch (first read, or the last commit read is no longer in HEAD's history). */
  readonly cold: boolean;
}

async function headCommit(git: GitOptions): Promise<string | undefined> {
  const found = await runGit(git, ['rev-parse', '--verify', '-q', 'HEAD^{commit}'], { okCodes: [0, 1, 128] });
  return found.code === 0 ? found.stdout.toString('utf8').trim() || undefined : undefined;
}

function logArgs(revisions: readonly string[], max: number): string[] {
  // --end-of-options: a revision is never read as an option, whatever `since` holds.
  return ['log', '-z', `--format=${LOG_FORMAT}`, `--max-count=${max}`, '--end-of-options', ...revisions, '--'];
}

/** A commit's name as `git log` writes `%H` and `%P`: SHA-1 (40) or SHA-256 (64) lower-case hex digits. */
const FULL_HASH = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/**
 * The commits of HEAD's history after `since` (the head of the last read), or all of them (up
 * to `max`, newest first) when `since` is undefined or no longer an ancestor of HEAD (a reset,
 * a rebase; also when its commit is gone from the repository altogether, pruned after a
 * rewrite or never fetched into a new clone). In a folder that is not a repository, or one
 * with no commit yet, nothing is read (`head` undefined). Errors: GitError from git itself
 * (git missing: the spawn error).
 *
 * Git runs once, for a first read and for a later one alike, so a pull costs one `git log` of
 * its new commits; a history rewritten under `since` costs two or three runs.
 */
export async function readCommitsSince(git: GitOptions, since: string | undefined, max = MAX_LOG_COMMITS): Promise<CommitRead> {
  if (since === undefined) return readWhole(git, undefined, max);
  if (!FULL_HASH.test(since) || !Number.isSafeInteger(max) || max < 1) return readStepwise(git, since, max);
  // HEAD's history without that of `since`'s parents: the commits after `since`, and `since`
  // itself exactly when it is still in HEAD's history (alone when HEAD has not moved).
  let log;
  try {
    log = await runGit(git, logArgs(['HEAD', `^${since}^@`], max + 1));
  } catch (error) {
    if (!(error instanceof GitError && error.code === 128)) throw error;
    // No HEAD (no commit yet, not a repository), or a `since` git does not know (pruned, another clone): not an ancestor.
    const head = await headCommit(git);
    return head ? readWhole(git, head, max) : { head: undefined, commits: [], cold: true };
  }
  const commits = parseCommitLog(log.stdout.toString('utf8'), max + 1);
  // HEAD is the first commit git gives, unless HEAD is in `since`'s history (a reset back): nothing then.
  const head = commits[0]?.hash;
  const at = commits.findIndex((commit) => commit.hash === since);
  if (at !== -1) {
    commits.splice(at, 1);
    return { head, commits, cold: false };
  }
  // Not there: not an ancestor, unless git's answer was cut at max + 1 commits before reaching it.
  if (head !== undefined && commits.length > max && (await isAncestor(git, since, head))) return { head, commits: commits.slice(0, max), cold: false };
  return readWhole(git, head, max);
}

/** The same answer step by step, for a `since` not written as git writes hashes (`HEAD~2`, upper case) or an odd `max`. */
async function readStepwise(git: GitOptions, since: string, max: number): Promise<CommitRead> {
  const head = await headCommit(git);
  if (!head) return { head: undefined, commits: [], cold: true };
  if (since === head) return { head, commits: [], cold: false };
  let incremental = false; // a name git cannot read, or one that reads as an option, is not an ancestor
  try {
    incremental = !since.startsWith('-') && (await isAncestor(git, since, head));
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
  }
  if (!incremental) return readWhole(git, head, max);
  const log = await runGit(git, logArgs([`${since}..${head}`], max));
  return { head, commits: parseCommitLog(log.stdout.toString('utf8'), max), cold: false };
}

/** Every commit of `head` (HEAD when undefined), up to `max`, newest first; a cold read. */
async function readWhole(git: GitOptions, head: string | undefined, max: number): Promise<CommitRead> {
  let log;
  try {
    log = await runGit(git, logArgs([head ?? 'HEAD'], max));
  } catch (error) {
    // No HEAD yet (or not a repository): nothing to read, as `rev-parse` says; any other failure is git's to tell.
    if (head === undefined && error instanceof GitError && error.code === 128 && (await headCommit(git)) === undefined) {
      return { head: undefined, commits: [], cold: true };
    }
    throw error;
  }
  const commits = parseCommitLog(log.stdout.toString('utf8'), max);
  // `git log HEAD` starts with HEAD itself; with max 0 it says nothing, so ask.
  return { head: head ?? commits[0]?.hash ?? (await headCommit(git)), commits, cold: true };
}
