import { covenantAckOf } from './covenant';
import { memberEntityId } from './ids';
import type { FollowUp } from './followUps';
import { type Entity, memberName, type TeamState } from './team';
import { compareText } from './queries';

/** A short quote for a one-line label. */
export function shortQuote(text: string, max = 60): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}

const FEEDBACK_VERB: Record<Entity<'feedback'>['type'], string> = {
  appreciation: 'appreciated',
  observation: 'shared an observation',
  kudos: 'sent kudos',
};

/** The whole of a piece of feedback as plain text: situation → behaviour → impact → request. */
export function feedbackText(feedback: Pick<Entity<'feedback'>, 'situation' | 'behaviour' | 'impact' | 'request'>): string {
  const parts = [
    feedback.situation && `Situation: ${feedback.situation}`,
    `${feedback.situation || feedback.impact ? 'What I saw: ' : ''}${feedback.behaviour}`,
    feedback.impact && `Impact: ${feedback.impact}`,
    feedback.request && `Request: ${feedback.request}`,
  ];
  return parts.filter(Boolean).join('\n');
}

/**
 * Follow-ups from the relationship features: feedback received and not yet acknowledged,
 * setbacks whose follow-up date has come, a covenant changed since this person acknowledged it.
 * `covenantHash` is the hash of `.accord/covenant.md` as it is now (undefined: no covenant).
 */
export function relationshipFollowUps(state: TeamState, me: string, today: string, covenantHash?: string): FollowUp[] {
  const out: FollowUp[] = [];

  if (covenantHash !== undefined && state.entities.member.has(memberEntityId(me))) {
    const ack = covenantAckOf(state, me);
    if (ack?.hash !== covenantHash) {
      out.push({
        id: covenantHash,
        kind: 'covenant',
        label: ack ? 'The covenant changed since you acknowledged it' : 'Read and acknowledge the covenant',
        detail: ack ? 'See what changed, then acknowledge the new version.' : 'Acknowledging says: "yes, this is how we work together".',
        action: 'acknowledgeCovenant',
        mine: true,
      });
    }
  }

  const feedback = [...state.entities.feedback.values()]
    .filter((f) => f.to === me && f.from !== me && !f.acknowledgedAt)
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  for (const f of feedback) {
    out.push({
      id: f.id,
      kind: 'feedback',
      label: `${memberName(state, f.from)} ${FEEDBACK_VERB[f.type]}: “${shortQuote(f.behaviour)}”`,
      detail: feedbackText(f),
      action: 'acknowledgeFeedback',
      mine: true,
    });
  }

  const setbacks = [...state.entities.setback.values()].filter((s) => s.followUp !== undefined && s.followUp <= today && !s.reviewedAt);
  setbacks.sort((a, b) => compareText(a.followUp!, b.followUp!) || Date.parse(a.at) - Date.parse(b.at));
  for (const s of setbacks) {
    const mine = s.member === me;
    const about = state.entities.microGoal.get(s.about)?.title ?? state.entities.goal.get(s.about)?.title;
    out.push({
      id: s.id,
      kind: 'setback',
      label: mine
        ? `Follow up on your setback: “${shortQuote(s.whatHappened)}”`
        : `${memberName(state, s.member)}'s follow-up: “${shortQuote(s.whatHappened)}”`,
      detail: [
        about && `About: ${about}`,
        s.rootCause && `Root cause: ${s.rootCause}`,
        'What did you learn? Record it so it comes back in the next planning session.',
      ]
        .filter(Boolean)
        .join('\n'),
      due: s.followUp!,
      action: 'reviewFollowUp',
      mine,
    });
  }
  return out;
}
