/**
 * Runs an async task one at a time. A call while it runs shares that run and asks for one more
 * after it (however many calls came meanwhile), so the last call always sees a run that began
 * after it. A failure goes to `onError`; the returned promise never rejects.
 */
export function oneAtATime(task: () => Promise<void>, onError: (error: unknown) => void): () => Promise<void> {
  let running: Promise<void> | undefined;
  let again = false;
  const run = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = task()
      .catch(onError)
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          void run();
        }
      });
    return running;
  };
  return run;
}
