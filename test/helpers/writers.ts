/**
 * Runs writer-child.ts as real processes. The child is bundled once with esbuild (as the
 * extension itself is): a bundled child starts in about a tenth of a second where
 * `node --import tsx` needs a third, which matters when a test starts hundreds of them.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { WriterArgs, WriterMessage } from './writer-child';

export async function bundleWriterChild(outDir: string): Promise<string> {
  return bundleChild('writer-child', outDir);
}

/** Bundles `test/helpers/<name>.ts` into `<outDir>/<name>.cjs` (node, cjs) and returns that path. */
export async function bundleChild(name: string, outDir: string): Promise<string> {
  const outfile = join(outDir, `${name}.cjs`);
  await build({
    entryPoints: [join(__dirname, `${name}.ts`)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'error',
  });
  return outfile;
}

export interface WriterExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class Writer {
  readonly child: ChildProcess;
  /** The k each child was at when it loaded the file (the check-ins it found). */
  start = -1;
  /** The highest k it announced it was writing, and the highest k whose update() resolved. */
  lastWriting = -1;
  lastDone = -1;
  readonly acknowledged: number[] = [];
  /** For each acknowledged check-in, how many times its update ran the edit. */
  readonly applies: number[] = [];
  failure: string | undefined;
  stderr = '';
  readonly ready: Promise<number>;
  readonly closed: Promise<WriterExit>;
  /** Called synchronously when a `writing` message arrives (to kill the child right then). */
  onWriting: ((k: number) => void) | undefined;

  constructor(script: string, args: WriterArgs) {
    // No execArgv: under mocha it would carry `--import=tsx` into a child that needs no loader.
    this.child = fork(script, [JSON.stringify(args)], { execArgv: [], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.ready = new Promise((resolve, reject) => {
      this.child.on('message', (message: WriterMessage) => {
        switch (message.type) {
          case 'ready':
            this.start = message.start;
            resolve(message.start);
            break;
          case 'writing':
            this.lastWriting = message.k;
            this.onWriting?.(message.k);
            break;
          case 'done':
            this.lastDone = message.k;
            this.acknowledged.push(message.k);
            this.applies.push(message.applies);
            break;
          case 'failed':
            this.failure = message.message;
            reject(new Error(`writer failed: ${message.message}`));
            break;
        }
      });
      this.child.once('exit', () => reject(new Error(`writer exited before it was ready: ${this.failure ?? this.stderr}`)));
    });
    this.ready.catch(() => undefined);
    // 'close' comes after the exit and after the IPC channel is drained, so every message
    // the child handed over before it died has been seen by then.
    this.closed = new Promise((resolve) => this.child.once('close', (code, signal) => resolve({ code, signal })));
  }

  go(): void {
    this.child.send('go');
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }
}
