import type { MicroGoalsProvider } from './views/microGoalsProvider';
import type { CompletionListener } from './microGoalActions';
import type { NudgeMemory } from './nudges';
import type { ShareService } from './share';
import type { StatusBarController } from './statusBar';

export type { CovenantSource } from './covenantSource';

/** The services of the daily loop, built in activate() and handed to the commands. */
export interface DailyServices {
  readonly microGoals: MicroGoalsProvider;
  readonly statusBar: StatusBarController;
  readonly nudges: NudgeMemory;
  readonly share: ShareService;
  /** Listeners told when a micro-goal is completed (kudos, for one). */
  readonly completionListeners: CompletionListener[];
}
