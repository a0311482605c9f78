/** The Timeline view's commands: which person and which window it shows, and opening a check-in in it. */
import * as vscode from 'vscode';
import { displayName, memberIdsOf } from '../core';
import { entityIdArg } from '../commands/args';
import { type FolderContext } from '../commands/handler';
import type { DailyServices } from './services';
import { TIMELINE_WINDOWS, type TimelineProvider, type TimelineWindow } from './views/timelineProvider';

/** Accord: Filter Timeline by Person… — everyone, or one member of the team. */
export async function chooseTimelineMember(ctx: FolderContext, timeline: TimelineProvider): Promise<void> {
  const state = ctx.workspace.state;
  const current = timeline.member;
  const items = [
    { label: 'Everyone', description: current === undefined ? 'shown now' : undefined, member: undefined as string | undefined },
    ...memberIdsOf(state.entities.member).map((member) => ({
      label: displayName(state, member) + (member === ctx.workspace.me ? ' (you)' : ''),
      description: member === current ? 'shown now' : undefined,
      member,
    })),
  ];
  const pick = await vscode.window.showQuickPick(items, { title: 'Accord: Filter Timeline by Person', placeHolder: 'Whose activity?' });
  if (pick) await timeline.setMember(pick.member);
}

/** Accord: Choose Timeline Window… — since my last check-in (the default), or the last days. */
export async function chooseTimelineWindow(timeline: TimelineProvider): Promise<void> {
  const current = timeline.window;
  const pick = await vscode.window.showQuickPick(
    (Object.keys(TIMELINE_WINDOWS) as TimelineWindow[]).map((window) => ({
      label: TIMELINE_WINDOWS[window],
      description: window === current ? 'shown now' : undefined,
      window,
    })),
    { title: 'Accord: Choose Timeline Window', placeHolder: 'Which days?' },
  );
  if (pick) await timeline.setWindow(pick.window);
}

/**
 * Open Check-in (from a blocked partner's follow-up): the Timeline shows its author's activity
 * over a window that holds it, and the row is selected and in view.
 */
export async function openCheckIn(ctx: FolderContext, daily: DailyServices, arg: unknown): Promise<void> {
  const id = entityIdArg(arg);
  const checkIn = id ? ctx.workspace.state.entities.checkIn.get(id) : undefined;
  if (!checkIn) {
    void vscode.window.showInformationMessage('That check-in is no longer there.');
    return;
  }
  const { timeline, timelineView } = daily;
  await timeline.setMember(checkIn.member);
  const find = () => timeline.getChildren().find((node) => node.type === 'entry' && node.entry.kind === 'checkIn' && node.entry.entity === checkIn.id);
  // A window that holds it: the one shown, else the last 30 days, else everything.
  if (!find()) await timeline.setWindow('month');
  if (!find()) await timeline.setWindow('all');
  const node = find();
  if (node) await timelineView.reveal(node, { select: true, focus: true });
  else await vscode.commands.executeCommand('accord.timeline.focus');
}
