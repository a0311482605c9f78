import * as vscode from 'vscode';
import { type SnoozeChoice, snoozeUntil, timeZoneOf, zoneToComputeWith } from '../core';
import { type FolderContext, type HandlerTable, needsFolder, needsMember, needsWritable } from '../commands/handler';
import { Commands } from '../commands/ids';
import { checkIn, quickCheckIn } from './checkIn';
import type { DailyServices } from './services';
import { completeMicroGoal, deleteMicroGoal, editMicroGoal, reopenMicroGoal } from './microGoalActions';
import { completeByCommit, openCommits, startWork, stopWork } from './work';
import { acknowledgeCheckIn, answerResponse, offerHelp } from './answers';
import { chooseTimelineMember, chooseTimelineWindow, openCheckIn } from './timelineCommands';
import { imBack, setAway, setWorkingHours, skipToday } from './away';
import { acceptRenegotiation, counterRenegotiation, renegotiate, withdrawRenegotiation } from './renegotiate';
import { addToAgenda, checkInOnBlocked, proposePairing } from './escalationActions';

async function snoozeNudges(ctx: FolderContext, daily: DailyServices): Promise<void> {
  const workspace = ctx.workspace;
  const pick = await vscode.window.showQuickPick(
    [
      { label: '30 minutes', choice: '30m' as SnoozeChoice },
      { label: '2 hours', choice: '2h' as SnoozeChoice },
      { label: 'Rest of today', choice: 'today' as SnoozeChoice },
    ],
    { title: 'Accord: Snooze Nudges', placeHolder: 'Quiet the check-in nudge for…' },
  );
  if (!pick) return;
  const timeZone = timeZoneOf(workspace.state, workspace.me);
  const until = snoozeUntil(pick.choice, new Date(), timeZone);
  await daily.nudges.snooze(until);
  daily.statusBar.update();
  const when =
    pick.choice === 'today'
      ? 'tomorrow'
      : until.toLocaleTimeString('en-GB', { timeZone: zoneToComputeWith(timeZone).timeZone, hour: '2-digit', minute: '2-digit' });
  vscode.window.setStatusBarMessage(`$(bell-slash) Nudges snoozed until ${when}`, 4000);
}

/**
 * Command handlers for the daily loop (issue 4), over its services: the status bar, nudges,
 * sharing and the Micro-goals view (undefined in a window with no folder, where the registrar
 * answers every command before a handler runs).
 */
export function dailyHandlers(daily: DailyServices | undefined): HandlerTable {
  const completed = (id: string) => daily?.completionListeners.forEach((listener) => listener(id));
  return {
    [Commands.checkIn]: needsMember((ctx) => checkIn(ctx, completed, daily?.evidence)),
    [Commands.quickCheckIn]: needsMember((ctx) => quickCheckIn(ctx, daily?.evidence)),
    [Commands.completeMicroGoal]: needsMember((ctx, arg) => completeMicroGoal(ctx, arg, completed)),
    [Commands.reopenMicroGoal]: needsMember(reopenMicroGoal),
    [Commands.editMicroGoal]: needsMember(editMicroGoal),
    [Commands.deleteMicroGoal]: needsMember(deleteMicroGoal),
    [Commands.renegotiate]: needsMember((ctx, arg) => renegotiate(ctx, arg, daily?.covenant)),
    [Commands.acceptRenegotiation]: needsMember((ctx, arg) => acceptRenegotiation(ctx, arg, daily?.covenant)),
    [Commands.counterRenegotiation]: needsMember((ctx, arg) => counterRenegotiation(ctx, arg, daily?.covenant)),
    [Commands.withdrawRenegotiation]: needsMember(withdrawRenegotiation),
    [Commands.snoozeNudges]: needsFolder((ctx) => daily && snoozeNudges(ctx, daily)),
    [Commands.skipToday]: needsMember((ctx) => daily && skipToday(ctx, daily)),
    [Commands.setAway]: needsWritable(setAway),
    [Commands.imBack]: needsWritable(imBack),
    [Commands.setWorkingHours]: needsWritable(setWorkingHours),
    [Commands.shareChanges]: needsFolder(() => daily?.share.share()),
    [Commands.moveDataToBranch]: needsFolder(() => daily?.share.moveToDataBranch()),
    [Commands.filterMine]: needsFolder(() => daily?.microGoals.setFilter('mine')),
    [Commands.filterPartner]: needsFolder(() => daily?.microGoals.setFilter('partner')),
    [Commands.filterEveryone]: needsFolder(() => daily?.microGoals.setFilter('everyone')),
    [Commands.acknowledgeCheckIn]: needsWritable(acknowledgeCheckIn),
    [Commands.offerHelp]: needsWritable(offerHelp),
    [Commands.answerResponse]: needsWritable(answerResponse),
    [Commands.checkInOnBlocked]: needsMember((ctx, arg) => checkInOnBlocked(ctx, daily?.covenant, daily?.evidence, arg)),
    [Commands.proposePairing]: needsWritable((ctx, arg) => proposePairing(ctx, daily?.covenant, arg)),
    [Commands.addToAgenda]: needsMember((ctx, arg) => addToAgenda(ctx, daily?.covenant, arg)),
    [Commands.openCheckIn]: needsFolder((ctx, arg) => daily && openCheckIn(ctx, daily, arg)),
    [Commands.filterTimeline]: needsFolder((ctx) => daily && chooseTimelineMember(ctx, daily.timeline)),
    [Commands.timelineWindow]: needsFolder(() => daily && chooseTimelineWindow(daily.timeline)),
    [Commands.markTimelineRead]: needsFolder(() => daily?.timeline.markRead()),
    [Commands.startWork]: needsMember((ctx, arg) => daily && startWork(ctx, daily.work, daily.evidence, arg)),
    [Commands.stopWork]: needsFolder(() => daily && stopWork(daily.work)),
    [Commands.openCommits]: needsFolder((ctx, arg) => daily && openCommits(ctx, daily.evidence, arg)),
    [Commands.completeByCommit]: needsMember((ctx, arg, confirmed) => daily && completeByCommit(ctx, daily.evidence, arg, confirmed, completed)),
  };
}
