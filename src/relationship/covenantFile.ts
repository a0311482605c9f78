/**
 * `.accord/covenant.md` on disk: its current hash (followed through a file watcher), and the
 * versions a person acknowledged, kept in extension storage (never in the repository) so the
 * diff since their acknowledgment can be shown; git history is the fallback.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import { type CovenantRules, NO_RULES, readCovenantRules } from '../core/agreements';
import { COVENANT_FILE, covenantHash, MAX_COVENANT_BYTES } from '../core/covenant';
import { Disposable } from '../util/dispose';
import { oneAtATime } from '../util/oneAtATime';
import type { AccordWorkspace } from '../workspace/accordWorkspace';
import type { CovenantSource } from '../workspace/covenantSource';

const run = promisify(execFile);
/** The read-only scheme the diff's left side (the acknowledged version) is shown under. */
export const ACKNOWLEDGED_SCHEME = 'accord-covenant';
export { MAX_COVENANT_BYTES };

export function covenantUri(workspace: AccordWorkspace): vscode.Uri {
  return vscode.Uri.joinPath(workspace.folder.uri, workspace.dataFolder, COVENANT_FILE);
}

/**
 * The covenant's text as saved on disk, or undefined when there is none or it cannot be read
 * as one: a link out of the workspace, a device or pipe, or more than MAX_COVENANT_BYTES (read
 * by the store, which never reads past the cap).
 */
export async function readCovenant(workspace: AccordWorkspace): Promise<string | undefined> {
  try {
    return await workspace.readDataFile(COVENANT_FILE, MAX_COVENANT_BYTES);
  } catch {
    return undefined;
  }
}

/** Follows the covenant file: its hash and rules now, and an event when it changes. */
export class CovenantFile extends Disposable implements CovenantSource {
  private currentHash: string | undefined;
  private currentRules: CovenantRules = NO_RULES;
  private readonly changeEmitter = this._register(new vscode.EventEmitter<void>());
  /** Fires when the covenant's content changed (or it appeared or went away). */
  readonly onDidChange = this.changeEmitter.event;
  readonly ready: Promise<void>;

  constructor(private readonly workspace: AccordWorkspace) {
    super();
    const refresh = () => void this.refresh();
    // The data folder's one watcher (workspace/dataFolderWatcher.ts) says when covenant.md changed.
    this._register(workspace.watcher.onDidChangeCovenant(refresh));
    this._register(vscode.workspace.onDidSaveTextDocument((doc) => doc.uri.toString() === covenantUri(workspace).toString() && refresh()));
    this.ready = this.refresh();
  }

  /** The hash of the covenant as saved; undefined when there is no covenant. */
  get hash(): string | undefined {
    return this.currentHash;
  }

  /** The agreements, escalation steps and decision rights of the covenant as saved (core readCovenantRules); NO_RULES without one. */
  get rules(): CovenantRules {
    return this.currentRules;
  }

  /**
   * Reads the covenant again and fires onDidChange when it changed. One read at a time: two
   * saves in quick succession must not let the older read finish last and put its version back.
   */
  readonly refresh = oneAtATime(
    () => this.refreshOnce(),
    (error) => console.warn(`Accord could not read the covenant: ${String(error)}`),
  );

  private async refreshOnce(): Promise<void> {
    const text = await readCovenant(this.workspace);
    const hash = text === undefined ? undefined : covenantHash(text);
    if (hash === this.currentHash) return;
    this.currentHash = hash;
    // Read once per version: the parse is bounded (size, aliases, counts) and never throws.
    this.currentRules = text === undefined ? NO_RULES : readCovenantRules(text);
    this.changeEmitter.fire();
  }
}

/** Acknowledged versions of the covenant, in this workspace's extension storage. */
export class AcknowledgedVersions {
  constructor(
    private readonly storage: vscode.Uri,
    private readonly workspace: AccordWorkspace,
  ) {}

  static for(context: vscode.ExtensionContext, workspace: AccordWorkspace): AcknowledgedVersions {
    return new AcknowledgedVersions(context.storageUri ?? context.globalStorageUri, workspace);
  }

  private fileOf(hash: string): vscode.Uri {
    return vscode.Uri.joinPath(this.storage, 'covenant', `${hash}.md`);
  }

  async remember(text: string): Promise<void> {
    await vscode.workspace.fs.writeFile(this.fileOf(covenantHash(text)), new TextEncoder().encode(text));
  }

  /** The text of the version named `hash`: kept when it was acknowledged here, else found in git history. */
  async find(hash: string): Promise<string | undefined> {
    try {
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(this.fileOf(hash)));
    } catch {
      const fromGit = await this.findInGit(hash);
      if (fromGit !== undefined) await this.remember(fromGit).catch(() => undefined);
      return fromGit;
    }
  }

  /**
   * Looks through the last 100 commits that touched the covenant (and the staged copy) in the
   * code's history, then the last 100 on the data branch, here and on every remote, where the
   * covenant is `covenant.md` at the root.
   */
  private async findInGit(hash: string): Promise<string | undefined> {
    if (!vscode.workspace.isTrusted) return undefined;
    const cwd = this.workspace.folder.uri.fsPath;
    const branch = this.workspace.dataBranch;
    const show = async (rev: string, path: string) => {
      try {
        return (await run('git', ['show', `${rev}:${path}`], { cwd, maxBuffer: MAX_COVENANT_BYTES * 2 })).stdout;
      } catch {
        return undefined;
      }
    };
    const histories: Array<{ path: string; range: string[]; staged: boolean }> = [
      { path: `./${this.workspace.dataFolder}/${COVENANT_FILE}`, range: [], staged: true },
      { path: COVENANT_FILE, range: [`--glob=refs/heads/${branch}`, `--glob=refs/remotes/*/${branch}`], staged: false },
    ];
    for (const { path, range, staged } of histories) {
      let revisions: string[] = [];
      try {
        revisions = (await run('git', ['log', '--format=%H', '-n', '100', ...range, '--', path], { cwd })).stdout.split('\n').filter(Boolean);
      } catch {
        continue;
      }
      for (const rev of [...(staged ? [''] : []), ...revisions]) {
        const text = await show(rev, path);
        if (text !== undefined && covenantHash(text) === hash) return text;
      }
    }
    return undefined;
  }

  /** A read-only document URI for the acknowledged version (served by AcknowledgedVersionProvider). */
  uriOf(hash: string): vscode.Uri {
    return vscode.Uri.from({ scheme: ACKNOWLEDGED_SCHEME, path: `/acknowledged/${COVENANT_FILE}`, query: hash });
  }

  /** Serves `accord-covenant:` documents from storage: the diff's left side cannot be edited by mistake. */
  provider(): vscode.TextDocumentContentProvider {
    return { provideTextDocumentContent: async (uri) => (/^[a-f0-9]{64}$/.test(uri.query) ? ((await this.find(uri.query)) ?? '') : '') };
  }
}
