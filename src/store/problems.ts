/** How a write the authority rule left out of the team's record is told, in one place for every front end. */
import type { RefusedWrite } from '../core';

/** The words for one refused write: what was left out, why, and how to clear it. */
export interface RefusedWriteWords {
  /** What was left out, e.g. `a change to “status” of checkIn “ci-1”`. */
  readonly summary: string;
  /** Why, naming who may write it (authority.ts), e.g. `Left out: only sam may change a check-in of sam.` */
  readonly reason: string;
  /** The fix, addressed to the file's member. */
  readonly fix: string;
}

/**
 * Tells a write that `AuthorityJudge` (src/core/authority.ts) left out, as Show Data Problems and
 * `accord check` show it: an explanation and a fix, never blame (a hand edit or a merge can make
 * one honestly; design.md §2 "Authority").
 */
export function refusedWriteWords(write: RefusedWrite): RefusedWriteWords {
  return {
    summary: `${write.what} of ${write.kind} “${write.entity}”`,
    reason: `Left out: ${write.why}.`,
    fix: `Everything else in the file counts. To clear it, ${write.member} removes that change from their file (or restores it with git).`,
  };
}
