/** Things that come back to a person: what the Follow-ups view lists and the status bar counts. */

/**
 * `blocked`: a partner's latest check-in says blocked (support.ts); `response`: an answer to my
 * check-in or to my answer, waiting for mine; `escalation`: a step of the covenant's escalation
 * path for a micro-goal blocked long enough (escalation.ts).
 */
export type FollowUpKind = 'renegotiation' | 'feedback' | 'setback' | 'covenant' | 'commit' | 'blocked' | 'response' | 'escalation';

/** What one click on an escalation does (escalation.ts ESCALATION_ACTIONS): start a check-in, propose a pairing time, add it to the planning agenda. */
export type EscalationAction = 'startCheckIn' | 'proposePairing' | 'addToAgenda';

export interface FollowUp {
  /**
   * The entity it is about (for the covenant: the covenant's hash; for a commit: the micro-goal
   * it says is done; for `blocked`: the partner's check-in; for `response`: the answer to answer;
   * for `escalation`: `<blocked check-in>:<micro-goal>`, escalation.ts).
   */
  readonly id: string;
  readonly kind: FollowUpKind;
  /** One plain line: "Sam proposes moving “Write parser tests” to Fri 14 Mar". */
  readonly label: string;
  readonly detail?: string;
  /** The calendar day it is due back, when it has one. */
  readonly due?: string;
  /** What answering it means; the view maps it to a command. */
  readonly action:
    | 'respondRenegotiation'
    | 'acknowledgeFeedback'
    | 'reviewFollowUp'
    | 'acknowledgeCovenant'
    | 'openRenegotiation'
    | 'completeByCommit'
    | 'offerHelp'
    | 'answerResponse'
    | EscalationAction;
  /** Whether it is waiting on this person (true) or on someone else (false: "due back"). */
  readonly mine: boolean;
}

/** The Follow-ups view's two groups, as it and `accord status` head them: waiting on me (`mine`), and due back to me from others. */
export const FOLLOW_UP_GROUP_LABELS: Readonly<Record<'mine' | 'theirs', string>> = {
  mine: 'Waiting for you',
  theirs: 'Due back to you',
};
