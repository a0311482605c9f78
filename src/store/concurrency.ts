/**
 * Runs `task` over `items` with at most `limit` running at once, and resolves when all are
 * done (rejecting with the first error, after the running ones settle). Used to read many
 * member files without using up the process's file descriptors or libuv's thread pool.
 */
export async function mapBounded<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < items.length) {
      const item = items[next++]!;
      try {
        await task(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
}

/** Resolves in the next `setImmediate` turn of the event loop: other work (a timer, an answer to VS Code) runs first. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A queue of turns of the event loop: each call of the function it returns resolves in a
 * `setImmediate` turn of its own, after every earlier call's. Work that costs the thread
 * milliseconds (starting a process, parsing a file) done right after each call is spread one
 * piece per turn, so other work (a timer, an answer to VS Code) runs between two pieces (issue
 * 20 §2: no long block of the extension host).
 */
export function turnQueue(): () => Promise<void> {
  let last: Promise<void> = Promise.resolve();
  return () => (last = last.then(nextTurn));
}
