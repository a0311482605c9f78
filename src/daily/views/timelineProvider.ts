/**
 * The Timeline view (issue 16): the partnership's recent activity, newest first: check-ins
 * with everything they say, micro-goals done (with their commits), renegotiations, feedback
 * and kudos, setbacks and lessons, and the answers to check-ins. By default since my last
 * check-in; filtered by person from the view's menu. What someone else did since I last looked
 * is unread: marked on the row, and counted on the view's badge (which the Accord container
 * shows). Every piece of data is drawn as text (safeText, MarkdownString.appendText).
 */
import * as vscode from 'vscode';
import {
  clockIn,
  dayIn,
  displayName,
  pairingOnClock,
  lastCheckInOf,
  liveSince,
  REACTION_LABELS,
  safeText,
  timelineOf,
  type TimelineEntry,
  type TimelineKind,
  type TimelinePage,
  type TeamState,
  timeZoneOf,
} from '../../core';
import { Disposable } from '../../util/dispose';
import type { AccordWorkspace } from '../../workspace/accordWorkspace';
import type { EvidenceSource } from '../evidence';

/** The window the view shows: since my last check-in (the default), or the last days. */
export type TimelineWindow = 'sinceCheckIn' | 'week' | 'month' | 'all';

export const TIMELINE_WINDOWS: Record<TimelineWindow, string> = {
  sinceCheckIn: 'Since my last check-in',
  week: 'The last 7 days',
  month: 'The last 30 days',
  all: 'Everything',
};

const WINDOW_KEY = 'accord.timelineWindow';
const MEMBER_KEY = 'accord.timelineMember';
const READ_KEY = 'accord.timelineReadThrough';
const FUTURE_READ_KEY = 'accord.timelineFutureRead';
/** How many future-dated entries are remembered as read. */
const MAX_FUTURE_READ = 200;
const DAY_MS = 86_400_000;

const ICONS: Record<TimelineKind, string> = {
  checkIn: 'comment',
  done: 'pass',
  renegotiation: 'calendar',
  feedback: 'feedback',
  kudos: 'heart',
  setback: 'debug-step-back',
  lesson: 'lightbulb',
  response: 'reply',
};
const STATUS_ICONS = { 'on-track': 'pass', 'at-risk': 'warning', blocked: 'debug-pause', done: 'check-all' } as const;

/** A row of the view: a timeline entry, or the line that says the page goes on. */
export type TimelineNode = { readonly type: 'entry'; readonly entry: TimelineEntry } | { readonly type: 'more'; readonly count: number };

export class TimelineProvider extends Disposable implements vscode.TreeDataProvider<TimelineNode> {
  private readonly changeEmitter = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeTreeData = this.changeEmitter.event;
  /** The page, with the state it was drawn from: a newer `workspace.state` or another "me" (read before this view's turn to hear of it) draws it again. */
  private cached: { state: TeamState; me: string; page: TimelinePage } | undefined;
  private rows: { page: TimelinePage; nodes: TimelineNode[] } | undefined;
  /** The team's closed history, held while the window reaches past the live files (readsHistory). */
  private history: Promise<vscode.Disposable | undefined> | undefined;

  constructor(
    private readonly workspace: AccordWorkspace | undefined,
    private readonly memento: vscode.Memento,
    private readonly evidence?: EvidenceSource,
  ) {
    super();
    if (workspace) this._register(workspace.onDidChange(() => this.refresh()));
    if (workspace) this._register(workspace.onDidChangeHistory(() => this.readsHistory() && this.refresh()));
    if (evidence) this._register(evidence.onDidChange(() => this.refresh()));
    this._register({ dispose: () => this.releaseHistory() });
  }

  /**
   * Whether the window reaches past the live files: "Everything", or "Since my last check-in"
   * when that check-in is older than the live window (back after weeks away: my latest check-in
   * stays live, the partners' entries since then may have moved to their closed periods).
   */
  private readsHistory(): boolean {
    const workspace = this.workspace;
    const me = workspace?.me;
    if (this.window === 'all') return true;
    if (this.window !== 'sinceCheckIn' || !workspace || !me) return false;
    const last = lastCheckInOf(workspace.state, me);
    if (!last) return false;
    const today = new Date().toISOString().slice(0, 10);
    return last.getTime() < Date.parse(`${liveSince(today, workspace.state)}T00:00:00Z`);
  }

  /** Reads the closed history for a window that reaches past the live files, once, and draws again when it is in. */
  private holdHistory(): void {
    const workspace = this.workspace;
    if (this.history || !workspace) return;
    this.history = workspace.useArchives().then(
      (held) => {
        if (this.isDisposed || !this.readsHistory()) {
          held.dispose();
          this.history = undefined;
          return undefined;
        }
        this.refresh();
        return held;
      },
      () => undefined,
    );
  }

  private releaseHistory(): void {
    const held = this.history;
    this.history = undefined;
    void held?.then((h) => h?.dispose());
  }

  refresh(): void {
    this.cached = undefined;
    this.changeEmitter.fire();
  }

  get window(): TimelineWindow {
    const value = this.memento.get<string>(WINDOW_KEY);
    return value && value in TIMELINE_WINDOWS ? (value as TimelineWindow) : 'sinceCheckIn';
  }

  /** The member whose activity the view shows; undefined for everyone. */
  get member(): string | undefined {
    return this.memento.get<string>(MEMBER_KEY) || undefined;
  }

  async setWindow(window: TimelineWindow): Promise<void> {
    await this.memento.update(WINDOW_KEY, window);
    if (!this.readsHistory()) this.releaseHistory();
    this.refresh();
  }

  async setMember(member: string | undefined): Promise<void> {
    await this.memento.update(MEMBER_KEY, member);
    this.refresh();
  }

  /**
   * Everything shown is read: what arrives later is unread again. Read up to now on the real
   * clock, never up to the newest entry's own date: a check-in dated years ahead (a wrong clock,
   * or a hand-written file) would otherwise hide every newer one. Such an entry from the future
   * is remembered by its key instead (at most {@link MAX_FUTURE_READ}).
   */
  async markRead(): Promise<void> {
    const page = this.page();
    if (!page) return;
    const now = Date.now();
    const future = page.entries.filter((entry) => entry.unread && entry.ms > now).map((entry) => entry.key);
    if (page.unread === 0 && this.readThrough !== undefined) return;
    await this.memento.update(READ_KEY, Math.max(now, this.readThrough ?? 0));
    if (future.length) await this.memento.update(FUTURE_READ_KEY, [...new Set([...this.futureRead, ...future])].slice(-MAX_FUTURE_READ));
    this.refresh();
  }

  private get readThrough(): number | undefined {
    const value = this.memento.get<number>(READ_KEY);
    // Never later than now: a value from an earlier version may have come from a future-dated entry.
    return value === undefined ? undefined : Math.min(value, Date.now());
  }

  private get futureRead(): string[] {
    const keys = this.memento.get<unknown>(FUTURE_READ_KEY);
    return Array.isArray(keys) ? keys.filter((key): key is string => typeof key === 'string') : [];
  }

  /** The first page of the timeline for the filter and window chosen; undefined before the team is loaded or Set Up. */
  page(): TimelinePage | undefined {
    const workspace = this.workspace;
    const me = workspace?.me;
    if (!workspace?.isLoaded || !me) return undefined;
    // "Everything" reads the closed history too, and so does a "since my last check-in" older than the live files.
    const history = this.readsHistory();
    if (history) this.holdHistory();
    else this.releaseHistory(); // checked in again: the live files hold the window once more
    const state = history ? workspace.historyState : workspace.state;
    if (this.cached?.state === state && this.cached.me === me) return this.cached.page;
    const now = Date.now();
    const window = this.window;
    const since =
      window === 'all'
        ? undefined
        : window === 'week'
          ? now - 7 * DAY_MS
          : window === 'month'
            ? now - 30 * DAY_MS
            : (lastCheckInOf(state, me)?.getTime() ?? now - 7 * DAY_MS);
    // Someone new reads the last week as read: only what comes after is news.
    const readThrough = this.readThrough ?? now - 7 * DAY_MS;
    const page = timelineOf(state, {
      me,
      ...(since !== undefined ? { since } : {}),
      ...(this.member ? { member: this.member } : {}),
      readThrough,
      evidence: this.evidence?.evidence(state),
    });
    // Entries dated ahead of the clock that were already seen are read (markRead).
    const futureRead = new Set(this.futureRead);
    const seen = page.entries.filter((entry) => entry.unread && futureRead.has(entry.key)).length;
    const shown = seen
      ? {
          ...page,
          unread: page.unread - seen,
          entries: page.entries.map((entry) => (entry.unread && futureRead.has(entry.key) ? { ...entry, unread: false } : entry)),
        }
      : page;
    this.cached = { state, me, page: shown };
    return shown;
  }

  /** How many entries are unread in the window shown (the view's badge). */
  get unread(): number {
    return this.page()?.unread ?? 0;
  }

  /** What the view says above its rows: the window and the person it shows. */
  describe(): string {
    const member = this.member;
    const who = member && this.workspace?.isLoaded ? displayName(this.workspace.state, member) : undefined;
    return [TIMELINE_WINDOWS[this.window], who].filter(Boolean).join(' · ');
  }

  getChildren(node?: TimelineNode): TimelineNode[] {
    if (node) return [];
    const page = this.page();
    if (!page) return [];
    // The same node objects for the same page, so TreeView.reveal finds the row it was given.
    if (this.rows?.page !== page) {
      const nodes: TimelineNode[] = page.entries.map((entry) => ({ type: 'entry', entry }));
      if (page.total > page.entries.length) nodes.push({ type: 'more', count: page.total - page.entries.length });
      this.rows = { page, nodes };
    }
    return this.rows.nodes;
  }

  /** A flat list: no row has a parent (TreeView.reveal asks). */
  getParent(): undefined {
    return undefined;
  }

  getTreeItem(node: TimelineNode): vscode.TreeItem {
    if (node.type === 'more') {
      const item = new vscode.TreeItem(`${node.count} earlier in this window`);
      item.id = 'timeline:more';
      item.iconPath = new vscode.ThemeIcon('ellipsis');
      item.tooltip = 'Only the newest entries are listed. Choose a shorter window or one person from the view’s menu to see the others.';
      return item;
    }
    const { entry } = node;
    const workspace = this.workspace!;
    const state = workspace.state;
    const zone = timeZoneOf(state, workspace.me);
    const label = safeText(entry.label);
    const when = Number.isFinite(entry.ms) ? `${dayIn(new Date(entry.ms), zone)} ${clockIn(new Date(entry.ms), zone)}` : safeText(entry.at);
    const answers = entry.responses.length ? ` · ${entry.responses.length} ${entry.responses.length === 1 ? 'answer' : 'answers'}` : '';
    // Unread shows in the icon's colour and a leading "new" (a highlighted label reads as a search match).
    const item = new vscode.TreeItem(label);
    item.id = `timeline:${entry.key}`;
    item.description = `${entry.unread ? 'new · ' : ''}${when}${answers}`;
    item.iconPath = new vscode.ThemeIcon(
      entry.kind === 'checkIn' && entry.status ? STATUS_ICONS[entry.status] : ICONS[entry.kind],
      entry.unread ? new vscode.ThemeColor('notificationsInfoIcon.foreground') : undefined,
    );
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown('**').appendText(label).appendMarkdown('**\n\n');
    tooltip.appendText(when);
    for (const line of entry.details) tooltip.appendMarkdown('\n\n').appendText(safeText(line));
    if (entry.responses.length) {
      tooltip.appendMarkdown('\n\n**Answers**\n\n');
      for (const answer of entry.responses) {
        const what =
          answer.kind === 'reaction' && answer.reaction
            ? `${REACTION_LABELS[answer.reaction].verb} it`
            : answer.kind === 'help'
              ? `offered help${answer.note ? `: ${answer.note}` : ''}${answer.pairAt ? ` (pair at ${pairingOnClock(answer.pairAt, zone)})` : ''}`
              : `replied${answer.note ? `: ${answer.note}` : ''}`;
        tooltip
          .appendMarkdown('- ')
          .appendText(safeText(`${displayName(state, answer.by)} ${what}`))
          .appendMarkdown('\n');
      }
    }
    item.tooltip = tooltip;
    item.contextValue = `accord.timeline.${entry.kind}${entry.member === workspace.me ? '.mine' : ''}`;
    item.accessibilityInformation = { label: `${entry.unread ? 'Unread. ' : ''}${label}, ${when}${answers}` };
    return item;
  }
}
