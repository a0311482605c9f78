/**
 * Commits for the evidence of micro-goals (issue 15 §6): read with one `git log` run, and
 * incrementally: given the last commit already read, only the commits after it are asked for,
 * so a pull costs its new commits. A history rewritten under the last commit (a rebase, a
 * force-push, a reset) is read again whole, and the caller starts its index afresh. Plain Node;
 * runs git, so only in a trusted workspace (the caller's rule, as for every git call).
 */
import type { CommitInfo } from '../core';
import { type GitOptions, runGit } from './gitProcess';
import { isAncestor } from './plumbing';

/** Fields separated by US (0x1f), commits by NUL (`-z`): hash, parents, author, email, author date (strict ISO), subject, body. */
export const LOG_FORMAT = '%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%s%x1f%B';

/** The most commits one read asks git for: the newest ones (issue 15's benchmark repository has 20,000). */
export const MAX_LOG_COMMITS = 20_000;

/**
 * The commits in `git log -z --format=LOG_FORMAT` output, newest first as git gives them. An
 * entry with too few fields (git never writes one) is skipped; at most `max` entries are read.
 */
export function parseCommitLog(text: string, max = MAX_LOG_COMMITS): CommitInfo[] {
  const commits: CommitInfo[] = [];
  for (const entry of text.split('\0')) {
    if (commits.length >= max) break;
    const fields = entry.replace(/^\n/, '').split('\x1f');
    if (fields.length < 7) continue;
    const [hash, parents, author, authorEmail, at, subject] = fields as [string, string, string, string, string, string];
    const message = fields.slice(6).join('\x1f');
    commits.push({ hash, parents: parents ? parents.split(' ') : [], author, ...(authorEmail ? { authorEmail } : {}), at, subject, message });
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

/**
 * The commits of HEAD's history after `since` (the head of the last read), or all of them (up
 * to `max`, newest first) when `since` is undefined or no longer an ancestor of HEAD. Errors:
 * GitError from git itself (not a repository, git missing).
 */
export async function readCommitsSince(git: GitOptions, since: string | undefined, max = MAX_LOG_COMMITS): Promise<CommitRead> {
  const found = await runGit(git, ['rev-parse', '--verify', '-q', 'HEAD^{commit}'], { okCodes: [0, 1, 128] });
  const head = found.code === 0 ? found.stdout.toString('utf8').trim() : undefined;
  if (!head) return { head: undefined, commits: [], cold: true };
  if (since === head) return { head, commits: [], cold: false };
  const incremental = since !== undefined && (await isAncestor(git, since, head));
  const range = incremental ? `${since}..${head}` : head;
  const log = await runGit(git, ['log', '-z', `--format=${LOG_FORMAT}`, `--max-count=${max}`, range, '--']);
  return { head, commits: parseCommitLog(log.stdout.toString('utf8'), max), cold: !incremental };
}
