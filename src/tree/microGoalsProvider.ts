import * as vscode from 'vscode';
import { describeDue, dueContext, type Goal } from '../core';
import { displayName, timeZoneOf } from '../commands/context';
import { Disposable } from '../util/dispose';
import type { AccordWorkspace } from '../workspace/accordWorkspace';
import { ContextValues } from './contextValues';
import { MicroGoalsModel, type MicroGoalsNode } from './microGoalsModel';

export function yardstickText(yardstick: Goal['yardstick']): string | undefined {
  if (!yardstick) return undefined;
  if (yardstick.target !== undefined) return `${yardstick.target}${yardstick.unit ? ` ${yardstick.unit}` : ''}`;
  return yardstick.doneWhen?.length ? `done when ${yardstick.doneWhen.join('; ')}` : undefined;
}

export class MicroGoalsProvider extends Disposable implements vscode.TreeDataProvider<MicroGoalsNode> {
  private readonly changeEmitter = this._register(new vscode.EventEmitter<MicroGoalsNode | undefined>());
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private cachedModel: MicroGoalsModel | undefined;

  constructor(private readonly workspace: AccordWorkspace | undefined) {
    super();
    if (workspace) {
      this._register(
        workspace.onDidChange(() => {
          this.cachedModel = undefined;
          this.changeEmitter.fire(undefined);
        }),
      );
    }
  }

  private get model(): MicroGoalsModel | undefined {
    const workspace = this.workspace;
    if (!workspace?.isLoaded) return undefined;
    if (!this.cachedModel) {
      const state = workspace.state;
      this.cachedModel = new MicroGoalsModel(state, dueContext(new Date(), timeZoneOf(state, workspace.me)));
    }
    return this.cachedModel;
  }

  getChildren(node?: MicroGoalsNode): MicroGoalsNode[] {
    const model = this.model;
    if (!model) return [];
    return node ? model.children(node) : model.roots();
  }

  getParent(node: MicroGoalsNode): MicroGoalsNode | undefined {
    if (node.type !== 'microGoal') return undefined;
    return node.goalId ? { type: 'goal', goalId: node.goalId } : { type: 'standalone' };
  }

  getTreeItem(node: MicroGoalsNode): vscode.TreeItem {
    const model = this.model!;
    if (node.type === 'microGoal') return this.microGoalItem(model, node.id);
    if (node.type === 'standalone') {
      const item = new vscode.TreeItem('Standalone micro-goals', vscode.TreeItemCollapsibleState.Expanded);
      item.id = 'standalone';
      item.contextValue = ContextValues.standalone;
      item.iconPath = new vscode.ThemeIcon('list-unordered');
      return item;
    }
    const goal = model.goal(node.goalId)!;
    const { done, total } = model.progress(goal.id);
    const item = new vscode.TreeItem(goal.title, total ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    item.id = goal.id;
    item.description = [total ? `${done}/${total}` : 'no micro-goals yet', displayName(model.state, goal.owner)].join(' · ');
    item.iconPath = new vscode.ThemeIcon('target');
    item.contextValue = ContextValues.goal;
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown('**Goal:** ').appendText(goal.title).appendMarkdown('\n\n');
    const yardstick = yardstickText(goal.yardstick);
    if (yardstick) tooltip.appendMarkdown('**Yardstick:** ').appendText(yardstick).appendMarkdown('\n\n');
    if (goal.why) tooltip.appendMarkdown('**Why it matters:** ').appendText(goal.why).appendMarkdown('\n\n');
    if (goal.due) tooltip.appendMarkdown('**Due:** ').appendText(goal.due);
    item.tooltip = tooltip;
    item.accessibilityInformation = { label: `Goal ${goal.title}, ${done} of ${total} micro-goals done, owner ${displayName(model.state, goal.owner)}` };
    return item;
  }

  private microGoalItem(model: MicroGoalsModel, id: string): vscode.TreeItem {
    const micro = model.microGoal(id)!;
    const owner = displayName(model.state, micro.owner);
    const item = new vscode.TreeItem(micro.title, vscode.TreeItemCollapsibleState.None);
    item.id = micro.id;
    const when = micro.done ? 'done' : micro.due ? describeDue(micro.due, model.ctx.today) : 'no due date';
    item.description = `${when} · ${owner}`;
    item.iconPath = new vscode.ThemeIcon(micro.done ? 'pass-filled' : 'circle-large-outline');
    item.contextValue = micro.done ? ContextValues.microGoalDone : ContextValues.microGoal;
    const goal = micro.goal ? model.goal(micro.goal) : undefined;
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown('**Micro-goal:** ').appendText(micro.title).appendMarkdown('\n\n');
    tooltip.appendMarkdown('**Owner:** ').appendText(owner).appendMarkdown('\n\n');
    if (micro.due) tooltip.appendMarkdown('**Due:** ').appendText(`${micro.due} (${when})`).appendMarkdown('\n\n');
    if (micro.estimateHours !== undefined) tooltip.appendMarkdown('**Estimate:** ').appendText(`${micro.estimateHours} h`).appendMarkdown('\n\n');
    if (goal) {
      const yardstick = yardstickText(goal.yardstick);
      tooltip.appendMarkdown('**Goal:** ').appendText(goal.title).appendMarkdown('\n\n');
      if (yardstick) tooltip.appendMarkdown('**Yardstick:** ').appendText(yardstick).appendMarkdown('\n\n');
      if (goal.why) tooltip.appendMarkdown('**Why it matters:** ').appendText(goal.why);
    }
    item.tooltip = tooltip;
    item.accessibilityInformation = { label: `Micro-goal ${micro.title}, ${when}, owner ${owner}` };
    return item;
  }
}
