/** Drives a generator of steps with a setImmediate turn between two steps (issue 20 §2); core/steps.ts runSteps is its twin for a caller that needs the answer now. */

import { nextTurn } from '../store/concurrency';

/** Runs `steps` to its end, giving the thread back after each step; resolves to what it returns. */
export async function inTurns<T>(steps: Generator<void, T, void>): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await nextTurn();
  }
}
