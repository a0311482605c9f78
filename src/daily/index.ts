/** Builds the daily loop: the three views, the status bar, nudges and sharing. */
import * as vscode from 'vscode';
import { dayIn, quietDayReason, timeZoneOf } from '../core';
import { FollowUpsProvider } from './views/followUpsProvider';
import { MicroGoalsDragAndDrop } from './views/microGoalsDragAndDrop';
import { MicroGoalsProvider } from './views/microGoalsProvider';
import { PartnersProvider } from './views/partnersProvider';
import { type TimelineNode, TimelineProvider } from './views/timelineProvider';
import type { AccordWorkspace } from '../workspace/accordWorkspace';
import type { TeamChooser } from '../workspace/teams';
import { setDone } from './microGoalActions';
import { NudgeMemory } from './nudges';
import type { CovenantSource, DailyServices } from './services';
import { ShareService } from './share';
import { StatusBarController } from './statusBar';
import { EvidenceService } from './evidence';
import { DoneOffers, WorkService } from './work';
import { afterFirstLoad } from './views/afterFirstLoad';
import { Commands, runCommand } from '../commands/ids';

export { dailyHandlers } from './commands';
export type { EvidenceSource, EvidenceStatus } from './evidence';

export interface DailyLoop {
  services: DailyServices | undefined;
  partners: PartnersProvider;
  followUps: FollowUpsProvider;
  timeline: TimelineProvider;
  microGoalsView: vscode.TreeView<unknown>;
  timelineView: vscode.TreeView<TimelineNode>;
  disposables: vscode.Disposable[];
}

/**
 * The daily loop for `workspace` (undefined in a window with no folder: the views then show
 * their welcome). With `teams` holding more than one team, the Micro-goals view names the
 * folder whose team it shows.
 */
export function createDailyLoop(
  context: vscode.ExtensionContext,
  workspace: AccordWorkspace | undefined,
  covenant?: CovenantSource,
  teams?: TeamChooser,
): DailyLoop {
  const disposables: vscode.Disposable[] = [];
  // Sharing and evidence first: the views show what git says.
  const share = workspace && new ShareService(workspace);
  const evidence = workspace && share && new EvidenceService(workspace, share);
  if (share && evidence) disposables.push(share, evidence);
  const microGoals = new MicroGoalsProvider(workspace, context.workspaceState, evidence);
  const partners = new PartnersProvider(workspace);
  const followUps = new FollowUpsProvider(workspace, covenant, evidence);
  const timeline = new TimelineProvider(workspace, context.workspaceState, evidence);
  disposables.push(microGoals, partners, followUps, timeline);
  // Each view waits for the team's first load rather than show its welcome text meanwhile.
  const microGoalsView = vscode.window.createTreeView('accord.microGoals', {
    treeDataProvider: afterFirstLoad(workspace, microGoals, { first: microGoals }),
    showCollapseAll: true,
    canSelectMany: true,
    manageCheckboxStateManually: true,
    dragAndDropController: workspace ? new MicroGoalsDragAndDrop(workspace) : undefined,
  });
  const partnersView = vscode.window.createTreeView('accord.partners', { treeDataProvider: afterFirstLoad(workspace, partners) });
  const followUpsView = vscode.window.createTreeView('accord.followUps', { treeDataProvider: afterFirstLoad(workspace, followUps) });
  const timelineView = vscode.window.createTreeView('accord.timeline', { treeDataProvider: afterFirstLoad(workspace, timeline) });
  disposables.push(microGoalsView, partnersView, followUpsView, timelineView, ...showTimeline(timeline, timelineView));
  if (!workspace || !share || !evidence) return { services: undefined, partners, followUps, timeline, microGoalsView, timelineView, disposables };

  const nudges = new NudgeMemory(context.workspaceState);
  const statusBar = new StatusBarController(workspace, nudges, share, covenant, evidence);
  const work = new WorkService(workspace, share, evidence, context.workspaceState);
  const offers = new DoneOffers(evidence, context.workspaceState, (microGoal) => runCommand(Commands.completeByCommit, microGoal, true));
  disposables.push(statusBar, work, offers);
  const services: DailyServices = { microGoals, statusBar, nudges, share, evidence, work, timeline, timelineView, covenant, completionListeners: [] };
  // In Restricted Mode no git runs: the view says where the evidence is.
  const explainEvidence = () => {
    microGoalsView.message =
      evidence.status === 'untrusted' ? 'Evidence from git (commits that name micro-goals) appears once you trust this folder.' : undefined;
  };
  disposables.push(evidence.onDidChange(explainEvidence));
  explainEvidence();

  disposables.push(
    microGoalsView.onDidChangeCheckboxState(async (event) => {
      for (const [node, checkbox] of event.items) {
        if (node.type !== 'microGoal') continue;
        const done = checkbox === vscode.TreeItemCheckboxState.Checked;
        if (await setDone(workspace, [node.id], done)) {
          if (done) services.completionListeners.forEach((listener) => listener(node.id));
        } else {
          microGoals.refresh(); // put the box back the way the data says
        }
      }
    }),
  );
  const describe = () => {
    const filter = microGoals.filter;
    const team = teams && teams.teamCount > 1 ? workspace.folder.name : undefined;
    microGoalsView.description = [team, filter === 'mine' ? 'Mine' : filter === 'partner' ? 'Partners' : undefined].filter(Boolean).join(' · ') || undefined;
  };
  const countFollowUps = () => {
    // On my away day or holiday the view still lists them, but nothing counts on the activity bar.
    const me = workspace.me;
    const state = workspace.state;
    const quiet = me !== undefined && quietDayReason(state, me, dayIn(new Date(), timeZoneOf(state, me))) !== undefined;
    const waiting = quiet ? 0 : followUps.items().filter((f) => f.mine).length;
    followUpsView.badge = waiting ? { value: waiting, tooltip: `${waiting} follow-up${waiting === 1 ? '' : 's'} waiting for you` } : undefined;
  };
  // The badge counts again with every change of the Follow-ups, and with the Micro-goals' (a new
  // day may be my away day) once the first load has been told: before, the Follow-ups view's own
  // turn counts it, and the Micro-goals view's first rows need not wait for that (issue 20).
  disposables.push(
    microGoals.onDidChangeTreeData(() => (describe(), workspace.isReady && countFollowUps())),
    followUps.onDidChangeTreeData(countFollowUps),
  );
  // A second team arriving (or one going) names the team shown, or stops naming it, at once.
  if (teams) disposables.push(teams.onDidChangeTeamCount(describe));
  describe();
  countFollowUps();
  return { services, partners, followUps, timeline, microGoalsView, timelineView, disposables };
}

/** How long the Timeline is in view before what it shows counts as read. */
const READ_AFTER_MS = 4000;

/**
 * The Timeline's badge (its unread entries; VS Code shows it on the Accord container too) and
 * description (the window and person shown). What the view shows counts as read once it has
 * been in view for a moment, and again as news arrives while it is in view.
 */
function showTimeline(timeline: TimelineProvider, view: vscode.TreeView<TimelineNode>): vscode.Disposable[] {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const readSoon = () => {
    clearTimeout(timer);
    if (view.visible) timer = setTimeout(() => void timeline.markRead(), READ_AFTER_MS);
  };
  const describe = () => {
    const unread = timeline.unread;
    view.badge = unread ? { value: unread, tooltip: `${unread} new in the partnership's timeline` } : undefined;
    view.description = timeline.describe();
    if (unread) readSoon();
  };
  describe();
  return [timeline.onDidChangeTreeData(describe), view.onDidChangeVisibility(readSoon), { dispose: () => clearTimeout(timer) }];
}
