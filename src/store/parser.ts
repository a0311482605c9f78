/**
 * Who parses member files: on the calling thread (the command line, the tests, and in the
 * extension a file small enough to parse within a turn), or in a worker thread so that reading a
 * large file never blocks the extension host (issue 20 §2).
 */
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { turnQueue } from './concurrency';
import { AccordFileError, type FileProblem } from './errors';
import { type ParsedMemberFile, parseMemberFile, type ParseOptions } from './format';

/** Parses and validates one member file's text (format.ts parseMemberFile); rejects with AccordFileError as it throws. */
export type MemberFileParser = (text: string, options: ParseOptions) => Promise<ParsedMemberFile>;

/** parseMemberFile on the calling thread. */
export const parseInThread: MemberFileParser = async (text, options) => parseMemberFile(text, options);

/** One file to parse, sent to the worker (plain data: migrations, which are functions, never go). */
export interface ParseRequest {
  readonly id: number;
  readonly text: string;
  readonly options: Omit<ParseOptions, 'migrations'>;
}

/** The worker's answer to the request `id`. */
export type ParseReply =
  | { readonly id: number; readonly parsed: ParsedMemberFile }
  | {
      readonly id: number;
      readonly fileError: { file: string; problem: FileProblem; reason: string; fix: string; line?: number; column?: number };
    }
  | { readonly id: number; readonly failure: string };

/** The host's word that it took in a reply: the worker may send the next (see parseWorker.ts). */
export interface ReplyAck {
  readonly ack: true;
}

/** The largest file (in UTF-16 code units of its text) {@link WorkerParser} parses on the calling thread by default. */
export const IN_THREAD_MAX_CHARS = 1024 * 1024;

/**
 * Parses member files in one worker thread (the script `workerScript`, the bundle of
 * parseWorker.ts), one at a time in the order asked (those parsed here, below, may answer sooner). The host then only receives the parsed
 * data (a structured clone, a fraction of the parse and validation). The worker starts on the
 * first file and stops after {@link IDLE_MS} without work, so an idle window holds no thread. A
 * file with migrations to run, a worker script that is missing, or a worker that fails to start
 * or dies, is parsed on the calling thread instead: the answer never depends on where it ran.
 *
 * A file of at most `inThreadMaxChars` (default {@link IN_THREAD_MAX_CHARS}, 0 sends every file
 * to the worker) is parsed on the calling thread, one file per turn of the event loop: there it
 * costs a few milliseconds, less than the worker's round trip and the structured clone of its
 * answer. Measured on the 50×5 team of the benchmark (fifty live files of 0.2 MB, my closed years
 * of 0.55 MB): the team was loaded about 100 ms sooner, with no longer block of the extension
 * host. The bound counts UTF-16 code units, about bytes for the JSON Accord writes.
 */
export class WorkerParser {
  private worker: Worker | undefined;
  private readonly waiting = new Map<number, { resolve: (parsed: ParsedMemberFile) => void; reject: (error: Error) => void; request: ParseRequest }>();
  private nextId = 1;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private broken = false;
  private readonly inThreadTurn = turnQueue();
  /** How many files the worker has answered for (tests and diagnostics: the worker did run). */
  answeredInWorker = 0;
  /** How long the worker stays without work before it stops, in ms. */
  static readonly IDLE_MS = 30_000;

  constructor(
    private readonly workerScript: string,
    private readonly inThreadMaxChars = IN_THREAD_MAX_CHARS,
  ) {}

  /** The {@link MemberFileParser} of this worker. */
  readonly parse: MemberFileParser = (text, options) => {
    if (text.length <= this.inThreadMaxChars) return this.inThreadTurn().then(() => parseMemberFile(text, options));
    if (options.migrations?.length || this.broken) return parseInThread(text, options);
    const worker = this.started();
    if (!worker) return parseInThread(text, options);
    const { migrations: _none, ...plain } = options;
    const request: ParseRequest = { id: this.nextId++, text, options: plain };
    clearTimeout(this.idleTimer);
    return new Promise<ParsedMemberFile>((resolve, reject) => {
      this.waiting.set(request.id, { resolve, reject, request });
      worker.postMessage(request);
    });
  };

  /** Stops the worker; what waits on it is parsed on the calling thread. */
  dispose(): void {
    clearTimeout(this.idleTimer);
    void this.worker?.terminate();
    this.worker = undefined;
    this.broken = true;
    this.settleInThread();
  }

  private started(): Worker | undefined {
    if (this.worker) return this.worker;
    // Looked for once per start, not once per file: a missing script (a build without it) parses everything here.
    if (!existsSync(this.workerScript)) {
      this.broken = true;
      return undefined;
    }
    try {
      const worker = new Worker(this.workerScript);
      worker.unref();
      worker.on('message', (reply: ParseReply) => {
        this.answer(reply);
        // The next reply only after a turn: each large file is taken in by a task of its own.
        setImmediate(() => this.worker === worker && worker.postMessage({ ack: true } satisfies ReplyAck));
      });
      worker.on('error', () => this.fail(worker));
      // A reply that cannot be read back would leave its request waiting: treat the worker as broken.
      worker.on('messageerror', () => {
        this.fail(worker);
        void worker.terminate();
      });
      worker.on('exit', () => this.fail(worker));
      this.worker = worker;
      return worker;
    } catch {
      this.broken = true;
      return undefined;
    }
  }

  private answer(reply: ParseReply): void {
    const waiter = this.waiting.get(reply.id);
    if (!waiter) return;
    this.waiting.delete(reply.id);
    this.answeredInWorker++;
    if ('parsed' in reply) waiter.resolve(reply.parsed);
    else if ('fileError' in reply) {
      const e = reply.fileError;
      waiter.reject(new AccordFileError(e.file, e.problem, e.reason, e.fix, e.line, e.column));
    } else waiter.reject(new Error(reply.failure));
    if (this.waiting.size === 0) {
      clearTimeout(this.idleTimer);
      this.idleTimer = setTimeout(() => {
        void this.worker?.terminate();
        this.worker = undefined;
      }, WorkerParser.IDLE_MS);
      this.idleTimer.unref?.();
    }
  }

  /** The worker stopped (an error, or exited): what waits on it is parsed here, and so is all that follows. */
  private fail(worker: Worker): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    if (this.waiting.size > 0) this.broken = true;
    this.settleInThread();
  }

  private settleInThread(): void {
    for (const [id, waiter] of this.waiting) {
      this.waiting.delete(id);
      parseInThread(waiter.request.text, waiter.request.options).then(waiter.resolve, waiter.reject);
    }
  }
}
