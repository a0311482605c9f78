/** oneAtATime: the refresh and the record of the data branch run one at a time, and never miss a call. */
import { strict as assert } from 'node:assert';
import { oneAtATime } from '../../src/util/oneAtATime';

describe('oneAtATime', () => {
  it('runs once more after calls that came while it ran, however many, and the last call sees a run that began after it', async () => {
    const starts: number[] = [];
    let release: () => void = () => undefined;
    let calls = 0;
    const run = oneAtATime(
      () => {
        starts.push(calls);
        return new Promise<void>((resolve) => (release = resolve));
      },
      () => undefined,
    );
    calls = 1;
    const first = run();
    calls = 2;
    void run();
    calls = 3;
    void run();
    release();
    await first;
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(starts, [1, 3], 'one more run, begun after the third call');
    release();
  });

  it('hands a failure to onError and goes on', async () => {
    const errors: unknown[] = [];
    let fail = true;
    let ran = 0;
    const run = oneAtATime(
      async () => {
        ran++;
        if (fail) throw new Error('git refused');
      },
      (error) => errors.push(error),
    );
    await run();
    fail = false;
    await run();
    assert.equal(ran, 2);
    assert.deepEqual(
      errors.map((e) => (e as Error).message),
      ['git refused'],
    );
  });
});
