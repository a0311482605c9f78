/**
 * The Accord status-bar item: a calm summary that becomes a nudge at check-in time. It is
 * re-evaluated when data changes and once a minute (never more often), so a laptop waking
 * from sleep shows one nudge for the moments it missed.
 */
import * as vscode from 'vscode';
import {
  type BlockedPartner,
  blockedPartners,
  clockIn,
  computeStatus,
  dayIn,
  displayName,
  type Entity,
  followUpsFor,
  instantMs,
  isAwayOn,
  latestCheckInOf,
  safeText,
  timeZoneOf,
} from '../core';
import { STATUS_LABELS } from './checkIn';
import { Commands, runCommand } from '../commands/ids';
import { ContextKeys, setContextKey } from '../util/contextKeys';
import { Disposable } from '../util/dispose';
import type { AccordWorkspace } from '../workspace/accordWorkspace';
import { cadenceFor, type NudgeMemory, nudgeStyle } from './nudges';
import type { CovenantSource } from '../workspace/covenantSource';
import type { EvidenceService } from './evidence';
import type { ShareService } from './share';

export const TICK_MS = 60_000;
/** The nudge notification's one-click Skip Today (issue 18 §5). */
export const SKIP_TODAY = 'Skip Today';

export class StatusBarController extends Disposable {
  readonly item = this._register(vscode.window.createStatusBarItem('accord.status', vscode.StatusBarAlignment.Left, 40));
  /** Per state: my latest check-in, and the partners who are blocked. */
  private lastCheckIn: { state: unknown; value: Date | undefined; entity: Entity<'checkIn'> | undefined; blocked: BlockedPartner[] } | undefined;
  /** Whether `accord.isAway` was last set true; undefined before the first update. */
  private away: boolean | undefined;
  /** The time the item reads; tests move it to a check-in moment. */
  clock: () => Date = () => new Date();

  constructor(
    private readonly workspace: AccordWorkspace,
    private readonly memory: NudgeMemory,
    private readonly share: ShareService | undefined,
    private readonly covenant?: CovenantSource,
    private readonly evidence?: EvidenceService,
  ) {
    super();
    if (covenant) this._register(covenant.onDidChange(() => this.update()));
    if (evidence) this._register(evidence.onDidChange(() => this.update()));
    this.item.name = 'Accord';
    this._register(workspace.onDidChange(() => this.update()));
    if (share) this._register(share.onDidChange(() => this.update()));
    this._register(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('accord') && this.update()));
    const timer = setInterval(() => this.update(), TICK_MS);
    this._register({ dispose: () => clearInterval(timer) });
    this.update();
  }

  /** Followed by the tests: the item's text after the latest update. */
  get text(): string {
    return this.item.text;
  }

  update(): void {
    const workspace = this.workspace;
    const item = this.item;
    if (!workspace.isLoaded) {
      item.text = '$(sync~spin) Accord';
      item.tooltip = 'Accord is reading the team data';
      item.command = undefined;
      return;
    }
    // Accord starts in every window once VS Code has started (a team's data may arrive by a
    // pull): where there is no team, it stays out of the status bar.
    if (workspace.members.length === 0) {
      item.hide();
      return;
    }
    item.show();
    const me = workspace.me;
    if (!me || !workspace.isSetUp) {
      item.text = '$(checklist) Accord: Set Up';
      item.tooltip = 'Set up Accord: your name, time zone and weekly capacity';
      item.command = Commands.setUp;
      item.accessibilityInformation = { label: 'Accord is not set up yet. Activate to set up.' };
      return;
    }
    const state = workspace.state;
    const timeZone = timeZoneOf(state, me);
    const now = this.clock();
    if (this.lastCheckIn?.state !== state) {
      const latest = latestCheckInOf(state, me);
      this.lastCheckIn = { state, value: latest ? new Date(instantMs(latest.at)) : undefined, entity: latest, blocked: blockedPartners(state, me) };
    }
    const followUps = followUpsFor(state, me, now, this.covenant?.hash, this.evidence?.doneByCommits(), this.covenant?.rules).filter((f) => f.mine).length;
    const view = computeStatus({
      state,
      me,
      now,
      timeZone,
      cadence: cadenceFor(state),
      snoozedUntil: this.memory.snoozedUntil,
      followUps,
      unshared: this.share?.unshared ?? 0,
      nudges: nudgeStyle(),
      lastCheckIn: this.lastCheckIn.value,
      skippedDay: this.memory.skippedDay,
    });
    // I'm Back shows in the palette only while I am away (package.json `when`: accord.isAway).
    this.setAway(isAwayOn(state, me, dayIn(now, timeZone)));
    // A partner who is blocked is said once, calmly, at the next nudge: never a burst of notifications.
    const blocked = view.nudgeFor ? this.blockedToSay(view.nudgeFor, this.lastCheckIn.blocked) : [];
    const blockedText = blocked.length
      ? ` · ${blocked.length === 1 ? `${displayName(state, blocked[0]!.member)} is blocked` : `${blocked.length} partners are blocked`}`
      : '';
    // Before a trailing icon (the unshared-changes cloud), so the words stay together.
    item.text = blockedText ? view.text.replace(/( \$\([a-z-]+\))?$/, (icon) => blockedText + icon) : view.text;
    const lines = [view.tooltip];
    if (blocked.length)
      lines.push(...blocked.map((b) => `${displayName(state, b.member)} is blocked${b.note ? `: ${safeText(b.note)}` : ''}. Follow-ups has Offer Help.`));
    // My own last check-in and next step: the next check-in starts from there.
    const mine = this.lastCheckIn.entity;
    if (mine) {
      const when = `${dayIn(new Date(instantMs(mine.at)), timeZone)} ${clockIn(new Date(instantMs(mine.at)), timeZone)}`;
      lines.push(`Your last check-in: ${when}, ${STATUS_LABELS[mine.status].label.toLowerCase()}${mine.note ? `, “${safeText(mine.note)}”` : ''}`);
      if (mine.next) lines.push(`Your next step: ${safeText(mine.next)}`);
    }
    item.tooltip = lines.join('\n');
    item.accessibilityInformation = { label: view.label + (blockedText ? `. ${blockedText.slice(3)}` : ''), role: 'button' };
    item.command =
      view.action === 'followUps' ? { command: 'accord.followUps.focus', title: 'Show Follow-ups' } : { command: Commands.checkIn, title: 'Check In' };
    if (view.nudgeFor && nudgeStyle() === 'notification') void this.notify(view.nudgeFor);
  }

  /**
   * The blocked partners to name at the nudge for `moment`: each block is named at the first
   * nudge moment after it and at no later one (remembered per check-in in NudgeMemory).
   */
  private blockedToSay(moment: Date, blocked: readonly BlockedPartner[]): BlockedPartner[] {
    return blocked.filter((b) => this.memory.sayBlockedAt(b.checkIn, moment));
  }

  private setAway(away: boolean): void {
    if (this.away === away) return;
    this.away = away;
    void setContextKey(ContextKeys.isAway, away);
  }

  private async notify(moment: Date): Promise<void> {
    if (!(await this.memory.claimNotification(moment))) return;
    const choice = await vscode.window.showInformationMessage('Time for a check-in: a few seconds on what moved.', 'Check In', 'Snooze', SKIP_TODAY);
    if (choice === 'Check In') await runCommand(Commands.checkIn);
    else if (choice === 'Snooze') await runCommand(Commands.snoozeNudges);
    else if (choice === SKIP_TODAY) await runCommand(Commands.skipToday);
  }
}
