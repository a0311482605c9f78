/**
 * The entry VS Code activates (dist/extension.js), kept small so that activation costs the
 * window about what a hello-world extension's does: activate() registers the contributed
 * commands and returns the API, and Accord itself (dist/accord.js, src/accord.ts) loads in the
 * turns that follow, requiring its module in one and starting in the next, so neither holds
 * the extension host for long. A command run, or the API read, before then loads it at once.
 * VS Code's own advice ("Activation Events": activate quickly, do the work later) is the rule.
 */
import * as vscode from 'vscode';
import type { Accord, AccordApi } from './accord';

/** The module beside this one that holds the rest of Accord (an esbuild entry of its own). */
const ACCORD_MODULE = './accord.js';

/** What activate() returns: Accord's API, which loads Accord at once when read, and when it has started by itself. */
export interface AccordEntryApi extends AccordApi {
  /** Settles once Accord has started (or failed to, which is shown as an error), without hastening it. */
  readonly started: Promise<void>;
}

/** Loads Accord and starts it, once: in later turns of the event loop, or at once when asked first. */
class Loader {
  private module: typeof import('./accord') | undefined;
  private accord: Accord | undefined;
  private failure: Error | undefined;
  private starting = false;
  /** The extension was deactivated: nothing starts any more (what start() builds would outlive it). */
  private closed = false;
  private done!: () => void;
  readonly started = new Promise<void>((resolve) => (this.done = resolve));

  constructor(private readonly context: vscode.ExtensionContext) {
    // One turn requires the module, the next starts it.
    setImmediate(() => this.attempt(() => this.require()) && setImmediate(() => this.attempt(() => this.start())));
  }

  /** Accord, started; loads and starts it now when it has not yet. Throws what stopped it from starting. */
  get(): Accord {
    if (this.starting) throw new Error('Accord was asked for while it was starting.');
    this.attempt(() => this.start());
    if (this.failure) throw this.failure;
    return this.accord!;
  }

  /** Called when the extension is deactivated: a start not begun yet never happens, and `started` settles. */
  close(): void {
    this.closed = true;
    if (!this.accord) this.failure ??= new Error('Accord has stopped (the extension was deactivated).');
    this.done();
  }

  private require(): typeof import('./accord') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a module of its own, loaded after activation (see the file's comment)
    return (this.module ??= require(ACCORD_MODULE) as typeof import('./accord'));
  }

  private start(): void {
    if (this.accord || this.closed) return;
    this.starting = true;
    try {
      this.accord = this.require().start(this.context);
    } finally {
      this.starting = false;
    }
    this.done();
  }

  /** Runs `step` unless Accord already failed to start or stopped; a failure is kept, shown once, and settles `started`. */
  private attempt(step: () => void): boolean {
    if (this.failure || this.closed) return false;
    try {
      step();
      return true;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.failure = new Error(`Accord could not start: ${reason}`, { cause: error });
      void vscode.window.showErrorMessage(this.failure.message);
      this.done();
      return false;
    }
  }
}

/** The command ids the manifest contributes (package.json `contributes.commands`). */
function contributedCommands(context: vscode.ExtensionContext): string[] {
  const commands: unknown = (context.extension.packageJSON as { contributes?: { commands?: unknown } }).contributes?.commands;
  if (!Array.isArray(commands)) return [];
  return commands.map((c: { command?: unknown }) => c.command).filter((id): id is string => typeof id === 'string');
}

/**
 * Registers every contributed command, each running Accord's handler for the team served when
 * it runs, and returns the API (the integration tests read it). Loads nothing else.
 */
export function activate(context: vscode.ExtensionContext): AccordEntryApi {
  const loader = new Loader(context);
  context.subscriptions.push({ dispose: () => loader.close() });
  for (const id of contributedCommands(context))
    context.subscriptions.push(vscode.commands.registerCommand(id, (...args: unknown[]) => loader.get().run(id, args)));
  return {
    get workspace() {
      return loader.get().api.workspace;
    },
    get daily() {
      return loader.get().api.daily;
    },
    get teams() {
      return loader.get().api.teams;
    },
    get commands() {
      return loader.get().api.commands;
    },
    started: loader.started,
  };
}

export function deactivate(): void {}
