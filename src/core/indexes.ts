/**
 * The indexes of a state that every view reads on its first pass, worked out in steps before
 * the views are told of a new state (issue 20 §2): on a large team each is a walk over every
 * check-in, and run on a view's first pass it held the extension host for that view's turn.
 */
import { checkInTableSteps } from './metrics';
import { latestCheckInsSteps } from './support';
import type { TeamState } from './team';

/**
 * Works out, for `state`, each member's latest check-in (support.ts `latestCheckIns`) and the
 * check-in table of the metrics (metrics.ts `checkInTableSteps`), yielding between steps; what
 * it works out is kept for the state, so later calls find it at once. Changes nothing else.
 */
export function* indexInSteps(state: TeamState): Generator<void, void, void> {
  yield* latestCheckInsSteps(state);
  yield* checkInTableSteps(state);
}
