/**
 * Work done in steps (issue 20 §2): a generator that yields between steps, so an async caller
 * can give the thread back (util/inTurns.ts), run at once by a caller that needs the answer now.
 */

/** Runs `steps` to its end without giving the thread back; returns what it returns. */
export function runSteps<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
