/** Things that come back to a person: what the Follow-ups view lists and the status bar counts. */

export type FollowUpKind = 'renegotiation' | 'feedback' | 'setback' | 'covenant' | 'commit';

export interface FollowUp {
  /** The entity it is about (for the covenant: the covenant's hash; for a commit: the micro-goal it says is done). */
  readonly id: string;
  readonly kind: FollowUpKind;
  /** One plain line: "Sam proposes moving “Write parser tests” to Fri 14 Mar". */
  readonly label: string;
  readonly detail?: string;
  /** The calendar day it is due back, when it has one. */
  readonly due?: string;
  /** What answering it means; the view maps it to a command. */
  readonly action: 'respondRenegotiation' | 'acknowledgeFeedback' | 'reviewFollowUp' | 'acknowledgeCovenant' | 'openRenegotiation' | 'completeByCommit';
  /** Whether it is waiting on this person (true) or on someone else (false: "due back"). */
  readonly mine: boolean;
}
