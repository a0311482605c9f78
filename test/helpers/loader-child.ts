/**
 * A process that loads a workspace as a VS Code window opening it does, for the store's
 * descriptor-limit tests. Started with a low descriptor limit (`ulimit -n`), it prints one line
 * of JSON (LoaderReport) on stdout and exits.
 *
 * Argument: JSON of LoaderArgs.
 * - `load`: `loadAll()` under the limit as it is.
 * - `exhausted`: first uses up every free descriptor (as a busy extension host can), then runs
 *   `loadAll()` or `reloadMember()`. The first time the store meets EMFILE, the descriptors are
 *   given back, so a retry can succeed: the report says how many EMFILEs the store met.
 */
import { closeSync, openSync } from 'node:fs';
import fsPromises from 'node:fs/promises';
import { AccordStore } from '../../src/store';

export interface LoaderArgs {
  mode: 'load' | 'exhausted';
  root: string;
  me: string;
  /** For `exhausted`: what the window does while no descriptor is free. */
  action?: 'loadAll' | 'reloadMember';
  /** For `reloadMember`: whose file. */
  member?: string;
}

export interface LoaderReport {
  members: number;
  checkIns: number;
  /** The message of each problem the store lists. */
  errors: string[];
  /** What loadAll / reloadMember threw, if it threw. */
  thrown?: string;
  /** How many times a file operation of the store failed with EMFILE or ENFILE. */
  descriptorShortages: number;
}

const hogged: number[] = [];
let descriptorShortages = 0;

/** Opens /dev/null until the process has no descriptor left. */
function useUpDescriptors(): void {
  for (;;) {
    try {
      hogged.push(openSync('/dev/null', 'r'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EMFILE' || (error as NodeJS.ErrnoException).code === 'ENFILE') return;
      throw error;
    }
  }
}

/**
 * Wraps the fs/promises calls that take a descriptor (the bundled store looks them up on this
 * module at each call): on the first EMFILE the descriptors are given back; the error still
 * reaches the store, which must retry rather than report the file.
 */
function watchDescriptorShortages(): void {
  const api = fsPromises as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const name of ['open', 'readdir', 'opendir', 'readFile']) {
    const original = api[name]!;
    api[name] = async (...args: unknown[]) => {
      try {
        return await original(...args);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EMFILE' || code === 'ENFILE') {
          if (descriptorShortages++ === 0) for (const fd of hogged.splice(0)) closeSync(fd);
        }
        throw error;
      }
    };
  }
}

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2] ?? '{}') as LoaderArgs;
  const store = new AccordStore({ root: args.root, me: args.me });
  watchDescriptorShortages();
  let thrown: string | undefined;
  try {
    if (args.mode === 'exhausted') {
      useUpDescriptors();
      if (args.action === 'reloadMember') await store.reloadMember(args.member ?? args.me);
      else await store.loadAll();
    } else {
      await store.loadAll();
    }
  } catch (error) {
    thrown = error instanceof Error ? `${(error as NodeJS.ErrnoException).code ?? error.name}: ${error.message}` : String(error);
  }
  for (const fd of hogged.splice(0)) closeSync(fd);
  const report: LoaderReport = {
    members: store.members.length,
    checkIns: store.state.entities.checkIn.size,
    errors: store.errors.map((problem) => problem.message),
    ...(thrown ? { thrown } : {}),
    descriptorShortages,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
