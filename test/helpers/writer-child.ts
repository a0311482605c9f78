/**
 * A writer process for the store's crash and concurrency tests: one VS Code window checking
 * in over and over. It loads the workspace, then calls `AccordStore.update` in a loop, each
 * time adding the next deterministic check-in to its member's file.
 *
 * Argument: JSON of WriterArgs. Messages to the parent (IPC): `ready` once loaded, then
 * `writing` before and `done` after each update. Every message is handed to the channel
 * before the child goes on, so whatever the parent received happened in that order.
 */
import { AccordStore } from '../../src/store';
import { checkInFields, checkInId } from './memberFiles';

export interface WriterArgs {
  root: string;
  member: string;
  /** Check-in ids are `ci-<prefix>-<k>`. */
  prefix: string;
  /** How many check-ins to write before exiting; without it, write until killed. */
  count?: number;
  /** Wait for a `go` message after `ready` (to start two writers at the same moment). */
  waitForGo?: boolean;
  /** Pause a random 0 … pauseMs milliseconds between writes, as a person would (and so another writer gets the lock). */
  pauseMs?: number;
  /**
   * Block the event loop for this long inside the first `apply` only (milliseconds), holding
   * the lock, as a window paused in a debugger or kept busy by another extension does.
   */
  stallFirstApplyMs?: number;
}

export type WriterMessage =
  | { type: 'ready'; start: number }
  | { type: 'writing'; k: number }
  /** `applies`: how many times update() ran the edit for check-in k (more than once after a lost lock or a changed file). */
  | { type: 'done'; k: number; applies: number }
  | { type: 'failed'; message: string };

function send(message: WriterMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    process.send!(message, undefined, {}, (error: Error | null) => (error ? reject(error) : resolve()));
  });
}

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2] ?? '{}') as WriterArgs;
  const store = new AccordStore({ root: args.root, me: args.member });
  await store.loadAll();
  const problem = store.errors[0];
  if (problem) throw problem;
  // Carry on where the last (killed) writer stopped: the file holds check-ins 0 … start-1.
  const start = [...store.state.entities.checkIn.keys()].filter((id) => id.startsWith(`ci-${args.prefix}-`)).length;
  const go = args.waitForGo ? new Promise<void>((resolve) => process.once('message', () => resolve())) : Promise.resolve();
  await send({ type: 'ready', start });
  await go;
  let stall = args.stallFirstApplyMs ?? 0;
  for (let k = start; args.count === undefined || k < start + args.count; k++) {
    await send({ type: 'writing', k });
    let applies = 0;
    await store.update((edit) => {
      applies++;
      edit.set(checkInId(args.prefix, k), 'checkIn', checkInFields(args.member, k));
      const until = Date.now() + stall;
      stall = 0;
      while (Date.now() < until) {
        // The event loop is stuck here: proper-lockfile's timer cannot refresh the lock.
      }
    });
    await send({ type: 'done', k, applies });
    if (args.pauseMs) await new Promise((resolve) => setTimeout(resolve, Math.random() * args.pauseMs!));
  }
}

main().then(
  () => process.disconnect(),
  async (error: unknown) => {
    await send({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }).catch(() => undefined);
    process.exit(1);
  },
);
