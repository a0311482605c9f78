import * as vscode from 'vscode';
import { type SnoozeChoice, snoozeUntil, timeZoneOf, zoneToComputeWith } from '../core';
import type { CommandContext } from '../commands/context';
import type { HandlerTable } from '../commands/handler';
import { Commands } from '../commands/ids';
import { checkIn, quickCheckIn } from './checkIn';
import { completeMicroGoal, deleteMicroGoal, editMicroGoal, reopenMicroGoal } from './microGoalActions';
import { acceptRenegotiation, counterRenegotiation, renegotiate, withdrawRenegotiation } from './renegotiate';

const completed = (ctx: CommandContext) => (id: string) => ctx.daily?.completionListeners.forEach((listener) => listener(id));

async function snoozeNudges(ctx: CommandContext): Promise<void> {
  const workspace = ctx.workspace;
  const daily = ctx.daily;
  if (!workspace || !daily) return;
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
  const when = pick.choice === 'today' ? 'tomorrow' : until.toLocaleTimeString('en-GB', { timeZone: zoneToComputeWith(timeZone).timeZone, hour: '2-digit', minute: '2-digit' });
  vscode.window.setStatusBarMessage(`$(bell-slash) Nudges snoozed until ${when}`, 4000);
}

/** Command handlers for the daily loop (issue 4). */
export const dailyHandlers: HandlerTable = {
  [Commands.checkIn]: (ctx) => checkIn(ctx, completed(ctx)),
  [Commands.quickCheckIn]: quickCheckIn,
  [Commands.completeMicroGoal]: (ctx, arg) => completeMicroGoal(ctx, arg, completed(ctx)),
  [Commands.reopenMicroGoal]: reopenMicroGoal,
  [Commands.editMicroGoal]: editMicroGoal,
  [Commands.deleteMicroGoal]: deleteMicroGoal,
  [Commands.renegotiate]: renegotiate,
  [Commands.acceptRenegotiation]: acceptRenegotiation,
  [Commands.counterRenegotiation]: counterRenegotiation,
  [Commands.withdrawRenegotiation]: withdrawRenegotiation,
  [Commands.snoozeNudges]: snoozeNudges,
  [Commands.shareChanges]: async (ctx) => ctx.daily?.share.share(),
  [Commands.moveDataToBranch]: async (ctx) => ctx.daily?.share.moveToDataBranch(),
  [Commands.filterMine]: async (ctx) => ctx.daily?.microGoals.setFilter('mine'),
  [Commands.filterPartner]: async (ctx) => ctx.daily?.microGoals.setFilter('partner'),
  [Commands.filterEveryone]: async (ctx) => ctx.daily?.microGoals.setFilter('everyone'),
};
