import type * as vscode from 'vscode';
import type { MicroGoalsProvider } from './views/microGoalsProvider';
import type { TimelineNode, TimelineProvider } from './views/timelineProvider';
import type { CompletionListener } from './microGoalActions';
import type { NudgeMemory } from './nudges';
import type { EvidenceService } from './evidence';
import type { ShareService } from './share';
import type { WorkService } from './work';
import type { StatusBarController } from './statusBar';

import type { CovenantSource } from '../workspace/covenantSource';

export type { CovenantSource };

/** The services of the daily loop, built per team (src/accord.ts startTeam) and handed to the commands. */
export interface DailyServices {
  readonly microGoals: MicroGoalsProvider;
  readonly statusBar: StatusBarController;
  readonly nudges: NudgeMemory;
  readonly share: ShareService;
  /** The commits that name micro-goals (issue 15). */
  readonly evidence: EvidenceService;
  /** What I work on now (Accord: Start Work). */
  readonly work: WorkService;
  /** The partnership's recent activity (issue 16), and its view. */
  readonly timeline: TimelineProvider;
  readonly timelineView: vscode.TreeView<TimelineNode>;
  /** The covenant: its escalation steps and decision rights (issue 19); undefined where nothing follows the file. */
  readonly covenant?: CovenantSource;
  /** Listeners told when a micro-goal is completed (kudos, for one). */
  readonly completionListeners: CompletionListener[];
}
