/**
 * The session's draft plan and step, kept in the extension's own storage for this workspace:
 * private until Commit (never in the shared files), and there after a window reload even when
 * the webview's saved state was not flushed in time. Read back as untrusted input.
 */
import * as v from 'valibot';
import * as vscode from 'vscode';
import { ENTITY_ID_PATTERN } from '../core';
import { parsePersistedState, type PersistedState } from '../panels/protocol';

export type SavedSession = Extract<PersistedState, { view: 'planning' }>;

const FILE = 'planning-draft.json';

export class DraftStore implements vscode.Disposable {
  private pending: SavedSession | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly folder: vscode.Uri | undefined) {}

  private get file(): vscode.Uri | undefined {
    return this.folder && vscode.Uri.joinPath(this.folder, FILE);
  }

  /** The saved session, if there is one and it still reads as one. */
  async load(): Promise<SavedSession | undefined> {
    await this.flush();
    const file = this.file;
    if (!file) return undefined;
    try {
      const bytes = await vscode.workspace.fs.readFile(file);
      if (bytes.byteLength > 2_000_000) return undefined;
      const state = parsePersistedState(JSON.parse(new TextDecoder().decode(bytes)));
      return state?.view === 'planning' ? state : undefined;
    } catch {
      return undefined;
    }
  }

  /** Saves at once; changes that arrive during a write are saved together right after it. */
  save(session: SavedSession): void {
    const idle = this.pending === undefined;
    this.pending = session;
    if (idle) void this.flush();
  }

  async clear(): Promise<void> {
    this.pending = undefined;
    await this.writing;
    const file = this.file;
    if (file) await Promise.resolve(vscode.workspace.fs.delete(file)).catch(() => undefined);
  }

  async flush(): Promise<void> {
    const file = this.file;
    const folder = this.folder;
    if (this.pending && file && folder) {
      this.writing = this.writing.then(async () => {
        // Whatever is newest when this write's turn comes; later saves wait for the next turn.
        const session = this.pending;
        this.pending = undefined;
        if (!session) return;
        try {
          // Written aside and renamed over, so a reload in the middle never finds half a file.
          const temp = vscode.Uri.joinPath(folder, `${FILE}.tmp`);
          await vscode.workspace.fs.createDirectory(folder);
          await vscode.workspace.fs.writeFile(temp, new TextEncoder().encode(JSON.stringify(session)));
          await vscode.workspace.fs.rename(temp, file, { overwrite: true });
        } catch (error) {
          console.warn(`Accord planning: could not keep the draft plan: ${(error as Error).message}`);
        }
        if (this.pending) void this.flush();
      });
    }
    await this.writing;
  }

  dispose(): void {
    void this.flush();
  }
}

const AGENDA_FILE = 'planning-agenda.json';

/** Bounds on the agenda file, read back as untrusted input. */
export const AGENDA_LIMITS = { items: 100, reasonChars: 500, fileBytes: 200_000 } as const;

const AgendaItemSchema = v.strictObject({
  microGoal: v.pipe(v.string(), v.regex(ENTITY_ID_PATTERN)),
  reason: v.pipe(v.string(), v.maxLength(AGENDA_LIMITS.reasonChars)),
  addedAt: v.pipe(v.string(), v.isoTimestamp()),
});
const AgendaSchema = v.strictObject({ items: v.pipe(v.array(AgendaItemSchema), v.maxLength(AGENDA_LIMITS.items)) });

/** A micro-goal to raise at the next planning session, why (Accord's words, e.g. an escalation step's label) and when it was added (ISO instant). */
export type AgendaItem = v.InferOutput<typeof AgendaItemSchema>;

/**
 * The next planning session's agenda: micro-goals someone chose to raise there (issue 19 §2,
 * an escalation's "raise it at the next planning session"). Kept beside the draft in the
 * extension's storage for this workspace, so it is private until the session, like the draft;
 * the planning panel shows it in its first step and clears it on Commit. One entry per
 * micro-goal. Read back as untrusted input: a file that does not read as an agenda counts as empty.
 */
export class PlanningAgenda {
  private static readonly changed = new vscode.EventEmitter<void>();
  /** Fires after any agenda in this window was added to or cleared (the command and the panel hold their own instances). */
  static readonly onDidChange = PlanningAgenda.changed.event;
  /**
   * One queue of reads and writes per agenda file, shared by every instance in this window: the
   * command and the panel each hold one, and an add queued by one and a clear by the other must
   * never interleave their read and write (that would lose the add).
   */
  private static readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly folder: vscode.Uri | undefined) {}

  private get writing(): Promise<unknown> {
    return PlanningAgenda.queues.get(this.folder?.toString() ?? '') ?? Promise.resolve();
  }

  private set writing(next: Promise<unknown>) {
    const key = this.folder?.toString() ?? '';
    const settled = next.catch(() => undefined);
    PlanningAgenda.queues.set(key, settled);
    // Forget a queue once it is idle, so the map holds only files with work in flight.
    void settled.then(() => {
      if (PlanningAgenda.queues.get(key) === settled) PlanningAgenda.queues.delete(key);
    });
  }

  private get file(): vscode.Uri | undefined {
    return this.folder && vscode.Uri.joinPath(this.folder, AGENDA_FILE);
  }

  /** The agenda, oldest entry first; empty without storage or a readable file. */
  async items(): Promise<AgendaItem[]> {
    await this.writing.catch(() => undefined);
    return this.read();
  }

  private async read(): Promise<AgendaItem[]> {
    const file = this.file;
    if (!file) return [];
    try {
      const bytes = await vscode.workspace.fs.readFile(file);
      if (bytes.byteLength > AGENDA_LIMITS.fileBytes) return [];
      const parsed = v.safeParse(AgendaSchema, JSON.parse(new TextDecoder().decode(bytes)));
      return parsed.success ? parsed.output.items : [];
    } catch {
      return [];
    }
  }

  /**
   * Adds `item` unless its micro-goal is on the agenda already: 'added' or 'already'. Throws
   * when the agenda is full ({@link AGENDA_LIMITS}) or there is no storage (no folder open), or
   * when the file cannot be written.
   */
  add(item: AgendaItem): Promise<'added' | 'already'> {
    const next = this.writing
      .catch(() => undefined)
      .then(async () => {
        const items = await this.read();
        if (items.some((i) => i.microGoal === item.microGoal)) return 'already' as const;
        if (items.length >= AGENDA_LIMITS.items) throw new Error(`The agenda holds ${AGENDA_LIMITS.items} micro-goals already: raise some of them first.`);
        await this.write([...items, { ...item, reason: item.reason.slice(0, AGENDA_LIMITS.reasonChars) }]);
        PlanningAgenda.changed.fire();
        return 'added' as const;
      });
    this.writing = next;
    return next;
  }

  /** Empties the agenda (the planning session has raised it). */
  clear(): Promise<void> {
    const next = this.writing
      .catch(() => undefined)
      .then(async () => {
        const file = this.file;
        if (file) await Promise.resolve(vscode.workspace.fs.delete(file)).catch(() => undefined);
        PlanningAgenda.changed.fire();
      });
    this.writing = next;
    return next;
  }

  private async write(items: AgendaItem[]): Promise<void> {
    const folder = this.folder;
    const file = this.file;
    if (!folder || !file) throw new Error('Open a folder first: the planning agenda is kept with its planning session.');
    // Written aside and renamed over, as the draft is.
    const temp = vscode.Uri.joinPath(folder, `${AGENDA_FILE}.tmp`);
    await vscode.workspace.fs.createDirectory(folder);
    await vscode.workspace.fs.writeFile(temp, new TextEncoder().encode(JSON.stringify({ items })));
    await vscode.workspace.fs.rename(temp, file, { overwrite: true });
  }
}
