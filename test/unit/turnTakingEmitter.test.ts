import { strict as assert } from 'node:assert';
import { TurnTakingEmitter } from '../../src/util/turnTakingEmitter';

/**
 * The workspace's change event (issue 20 §2): each view's listener in a turn of its own, so the
 * extension host is never held for all of them at once.
 */
describe('TurnTakingEmitter', () => {
  it('runs each listener in its own turn, in order: other work gets in between', async () => {
    const emitter = new TurnTakingEmitter();
    const log: string[] = [];
    emitter.event(() => {
      log.push('tree');
      setImmediate(() => log.push('other work'));
    });
    emitter.event(() => log.push('status bar'));
    await emitter.fire();
    assert.deepEqual(log, ['tree', 'other work', 'status bar']);
  });

  it('goes on past a listener that throws, skips one disposed before its turn, and passes thisArgs', async () => {
    const emitter = new TurnTakingEmitter();
    const log: string[] = [];
    const errors: unknown[] = [];
    const saved = console.error;
    console.error = (...args: unknown[]) => void errors.push(args[1]);
    try {
      emitter.event(() => {
        throw new Error('boom');
      });
      const gone = emitter.event(() => log.push('disposed'));
      const view = {
        name: 'partners',
        refresh(this: { name: string }) {
          log.push(this.name);
        },
      };
      const bag: { dispose(): void }[] = [];
      emitter.event(view.refresh, view, bag);
      const round = emitter.fire();
      gone.dispose();
      await round;
      assert.deepEqual(log, ['partners']);
      assert.equal((errors[0] as Error).message, 'boom');
      bag.forEach((d) => d.dispose());
      await emitter.fire();
      assert.deepEqual(log, ['partners'], 'disposed through its bag');
    } finally {
      console.error = saved;
    }
  });

  it('folds the fires of a burst into one more round, and tells nothing after dispose', async () => {
    const emitter = new TurnTakingEmitter();
    let calls = 0;
    emitter.event(() => calls++);
    emitter.event(() => undefined);
    const rounds = [emitter.fire(), emitter.fire(), emitter.fire(), emitter.fire()];
    await Promise.all(rounds);
    assert.equal(calls, 2, 'the first round, and one more for the three fires during it');
    emitter.dispose();
    await emitter.fire();
    assert.equal(calls, 2);
  });
  it('holds the round after a listener that asks it to, until what it waits for settles, and fire() resolves after', async () => {
    const emitter = new TurnTakingEmitter();
    const log: string[] = [];
    let drawn!: () => void;
    emitter.event(() => {
      log.push('micro-goals');
      emitter.holdUntil(new Promise<void>((resolve) => (drawn = resolve)));
    });
    emitter.event(() => log.push('partners'));
    let done = false;
    const round = emitter.fire().then(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(log, ['micro-goals'], 'the next listener waits while the hold lasts');
    assert.equal(done, false);
    drawn();
    await round;
    assert.deepEqual(log, ['micro-goals', 'partners']);
  });

  it('holds fire() after the last listener too, counts a rejected hold as settled, and lets go on dispose', async () => {
    const emitter = new TurnTakingEmitter();
    let release!: (error: Error) => void;
    emitter.event(() => emitter.holdUntil(new Promise<void>((_, reject) => (release = reject))));
    let done = false;
    const round = emitter.fire().then(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(done, false, 'ready only once the hold settles');
    release(new Error('the view was disposed'));
    await round;

    const other = new TurnTakingEmitter();
    const log: string[] = [];
    other.event(() => other.holdUntil(new Promise<void>(() => undefined)));
    other.event(() => log.push('never'));
    const forever = other.fire();
    await new Promise((resolve) => setTimeout(resolve, 10));
    other.dispose();
    await forever;
    assert.deepEqual(log, [], 'a disposed emitter ends its held round without calling the rest');
  });
});
