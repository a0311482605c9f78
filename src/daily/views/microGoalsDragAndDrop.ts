import * as vscode from 'vscode';
import { moveMicroGoals } from '../microGoalActions';
import type { AccordWorkspace } from '../../workspace/accordWorkspace';
import type { MicroGoalsNode } from './microGoalsModel';

const MIME = 'application/vnd.code.tree.accord.microgoals';

/** Drag micro-goals onto a goal to move them under it, or onto a micro-goal to place them before it. */
export class MicroGoalsDragAndDrop implements vscode.TreeDragAndDropController<MicroGoalsNode> {
  readonly dragMimeTypes = [MIME];
  readonly dropMimeTypes = [MIME];

  constructor(private readonly workspace: AccordWorkspace) {}

  handleDrag(source: readonly MicroGoalsNode[], data: vscode.DataTransfer): void {
    const ids = source.flatMap((node) => (node.type === 'microGoal' ? [node.id] : []));
    if (ids.length) data.set(MIME, new vscode.DataTransferItem(ids));
  }

  async handleDrop(target: MicroGoalsNode | undefined, data: vscode.DataTransfer): Promise<void> {
    const value: unknown = data.get(MIME)?.value;
    // Only ids this view put there: anything else is ignored.
    if (!Array.isArray(value) || !value.every((id) => typeof id === 'string' && this.workspace.state.entities.microGoal.has(id))) return;
    const ids = value as string[];
    if (!target || target.type === 'section') return;
    if (target.type === 'goal') await moveMicroGoals(this.workspace, ids, target.goalId);
    else if (!ids.includes(target.id)) await moveMicroGoals(this.workspace, ids, target.goalId, target.id);
  }
}
