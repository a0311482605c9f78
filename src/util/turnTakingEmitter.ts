/**
 * An event whose listeners each run in a turn of their own (issue 20 §2): one change of a large
 * team makes every view recompute, and run back to back in one task those recomputations would
 * hold the extension host as long as all of them together.
 */
import type * as vscode from 'vscode';
import { nextTurn } from '../store/concurrency';

/**
 * Like vscode.EventEmitter<void>, except that `fire()` runs each listener in its own
 * setImmediate turn, in the order they subscribed, and resolves once all have run (and what a
 * listener held the round for has settled: holdUntil). A listener that throws
 * is reported on the console and the others still run; a listener disposed before its turn
 * does not run. Fires that come while a round is running are folded into one more round, so a
 * burst of changes is told at most twice, the last time after all of them.
 */
export class TurnTakingEmitter implements vscode.Disposable {
  private readonly listeners = new Set<{ call: () => void }>();
  private running: Promise<void> | undefined;
  private again = false;
  private disposed = false;
  /** What the round waits for before its next listener (holdUntil). */
  private held: Promise<unknown> | undefined;
  /** Resolves on dispose: a held round ends then, whatever held it. */
  private readonly disposal = new Promise<void>((resolve) => (this.endHold = resolve));
  private endHold!: () => void;

  /** Subscribes `listener` (with `thisArgs`); the usual vscode.Event signature. */
  readonly event: vscode.Event<void> = (listener, thisArgs?, disposables?) => {
    const entry = { call: () => listener.call(thisArgs) };
    this.listeners.add(entry);
    const subscription = { dispose: () => void this.listeners.delete(entry) };
    if (Array.isArray(disposables)) disposables.push(subscription);
    return subscription;
  };

  /** Starts a round (or folds into the one running); resolves when every listener has had its turn. */
  fire(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.round().finally(() => (this.running = undefined));
    return this.running;
  }

  /**
   * Makes the round under way (or the next one) wait for `until` before it calls its next
   * listener, and `fire()` resolve only after it: for a listener whose work the person waits to
   * see (the first view drawn) to have the thread to itself meanwhile. A rejection counts as
   * settled.
   */
  holdUntil(until: Promise<unknown>): void {
    const before = this.held;
    this.held = Promise.all([before, until.catch(() => undefined)]);
  }

  /** Waits for what holds the round (holdUntil), if anything does. */
  private async whileHeld(): Promise<void> {
    while (this.held && !this.disposed) {
      const held = this.held;
      await Promise.race([held, this.disposal]);
      if (this.held === held) this.held = undefined;
    }
  }

  private async round(): Promise<void> {
    do {
      this.again = false;
      for (const entry of [...this.listeners]) {
        await this.whileHeld();
        await nextTurn();
        if (this.disposed) return;
        if (!this.listeners.has(entry)) continue;
        try {
          entry.call();
        } catch (error) {
          console.error('Accord: a listener of a change failed:', error);
        }
      }
      await this.whileHeld();
    } while (this.again && !this.disposed);
  }

  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
    this.endHold();
  }
}
