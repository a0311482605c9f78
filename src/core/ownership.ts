/**
 * Who may commit a change to a member file (issue 17 §2, `accord check --base`): each person's
 * file is written by their own Accord (design.md §2, "Single-writer files"), so a commit that
 * changes it should be authored by that person. The rule and its words live here so every
 * front end tells it the same way.
 */
import { hashedMemberIdFrom, legacyMemberIdFrom, looksLikeEmail, memberIdFrom, sameEmail } from './ids';

/**
 * Whether a commit whose author email is `authorEmail` may change the file of `member`: the
 * email is the one the member's profile records (`recordedEmail`, compared as sameEmail does),
 * or an id Accord gives that email is the member's (memberIdFrom, hashedMemberIdFrom,
 * legacyMemberIdFrom: the ids resolveMemberId chooses among). An author with no email, or an
 * email that is not one, may not.
 */
export function mayCommitMemberFile(member: string, authorEmail: string, recordedEmail: string | undefined): boolean {
  if (!looksLikeEmail(authorEmail)) return false;
  if (recordedEmail !== undefined && sameEmail(recordedEmail, authorEmail)) return true;
  return memberIdFrom(authorEmail) === member || hashedMemberIdFrom(authorEmail) === member || legacyMemberIdFrom(authorEmail) === member;
}

/** A commit as the ownership words name it. */
export interface CommitByline {
  /** The full hash; the words show its first 12 characters. */
  readonly hash: string;
  readonly author: string;
  readonly authorEmail: string;
  readonly subject: string;
}

/**
 * The words for a commit that changed `member`'s file without being theirs: what happened,
 * and the fix, which starts from the likely honest cause (a teammate's change committed from
 * the wrong clone, a rebase that re-authored it) and never blames.
 */
export function otherAuthorWords(commit: CommitByline, member: string): { reason: string; fix: string } {
  const short = commit.hash.slice(0, 12);
  return {
    reason: `Commit ${short} (“${commit.subject}”, by ${commit.author} <${commit.authorEmail}>) changed this file, which is ${member}'s: each person's file is written only by their own Accord, so git never has two people edit one file.`,
    fix: `If ${member} made the change, commit it from their clone, or set the commit's author to their git email; if not, take it out (git revert ${short}, or restore the file from the base).`,
  };
}
