import * as vscode from 'vscode';
import { dayIn, dueContext, type TeamState, timeZoneOf } from '../../core';
import { Disposable } from '../../util/dispose';
import type { AccordWorkspace } from '../../workspace/accordWorkspace';
import { ContextValues } from './contextValues';
import { type Filter, MicroGoalsModel, type MicroGoalsNode } from './microGoalsModel';
import { goalTooltip, microGoalTooltip } from './tooltips';
import { ContextKeys, setContextKey } from '../../util/contextKeys';
import type { EvidenceSource } from '../evidence';

const SECTION_ICONS = {
  overdue: 'history',
  today: 'calendar',
  thisWeek: 'calendar',
  later: 'clock',
  doneRecently: 'pass',
  needsMicroGoals: 'lightbulb',
} as const;

export class MicroGoalsProvider extends Disposable implements vscode.TreeDataProvider<MicroGoalsNode> {
  private readonly changeEmitter = this._register(new vscode.EventEmitter<MicroGoalsNode | undefined>());
  readonly onDidChangeTreeData = this.changeEmitter.event;
  /** The model, with the state it was drawn from: a newer `workspace.state` or another "me" (read before this view's turn to hear of it) draws it again. */
  private cachedModel: { state: TeamState; me: string | undefined; model: MicroGoalsModel } | undefined;
  private currentFilter: Filter;

  constructor(
    private readonly workspace: AccordWorkspace | undefined,
    private readonly memento: vscode.Memento,
    private readonly evidence?: EvidenceSource,
  ) {
    super();
    if (evidence) this._register(evidence.onDidChange(() => this.refresh()));
    this.currentFilter = memento.get<Filter>('accord.filter', 'everyone');
    void setContextKey(ContextKeys.filter, this.currentFilter);
    if (workspace) this._register(workspace.onDidChange(() => this.refresh()));
    // Due groups move at midnight in my own time zone (not the machine's): refresh when that day changes.
    const myDay = () => (workspace ? dayIn(new Date(), timeZoneOf(workspace.state, workspace.me)) : '');
    let day = myDay();
    const timer = setInterval(() => {
      const now = myDay();
      if (now !== day) {
        day = now;
        this.refresh();
      }
    }, 60_000);
    this._register({ dispose: () => clearInterval(timer) });
  }

  get filter(): Filter {
    return this.currentFilter;
  }

  async setFilter(filter: Filter): Promise<void> {
    this.currentFilter = filter;
    await this.memento.update('accord.filter', filter);
    await setContextKey(ContextKeys.filter, filter);
    this.refresh();
  }

  refresh(): void {
    this.cachedModel = undefined;
    this.changeEmitter.fire(undefined);
  }

  get model(): MicroGoalsModel | undefined {
    const workspace = this.workspace;
    if (!workspace?.isLoaded) return undefined;
    const state = workspace.state;
    if (this.cachedModel?.state !== state || this.cachedModel.me !== workspace.me) {
      const model = new MicroGoalsModel(
        state,
        dueContext(new Date(), timeZoneOf(state, workspace.me), state.team),
        workspace.me,
        this.currentFilter,
        this.evidence?.evidence(state),
      );
      this.cachedModel = { state, me: workspace.me, model };
    }
    return this.cachedModel.model;
  }

  getChildren(node?: MicroGoalsNode): MicroGoalsNode[] {
    const model = this.model;
    if (!model) return [];
    return node ? model.children(node) : model.roots();
  }

  getParent(node: MicroGoalsNode): MicroGoalsNode | undefined {
    if (node.type === 'section') return undefined;
    if (node.type === 'goal' || !node.goalId) return { type: 'section', section: node.section };
    return { type: 'goal', section: node.section, goalId: node.goalId };
  }

  /**
   * Whether `node` shows expanded (its TreeItem's collapsibleState): every section but Done
   * Recently, and Later only when nothing nearer is due; every goal with rows under it.
   */
  isExpanded(node: MicroGoalsNode): boolean {
    if (node.type === 'section') {
      const model = this.model;
      // "Later" folds away only when something nearer is there to look at first.
      const nearer = !!model && model.count('overdue') + model.count('today') + model.count('thisWeek') > 0;
      return !(node.section === 'doneRecently' || (node.section === 'later' && nearer));
    }
    return node.type === 'goal' && node.section !== 'needsMicroGoals';
  }

  getTreeItem(node: MicroGoalsNode): vscode.TreeItem {
    const model = this.model!;
    const row = model.row(node);
    if (node.type === 'section') {
      const item = new vscode.TreeItem(row.label, this.isExpanded(node) ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `section:${node.section}`;
      item.description = row.description;
      item.iconPath = new vscode.ThemeIcon(SECTION_ICONS[node.section]);
      item.contextValue = `accord.section.${node.section}`;
      item.accessibilityInformation = { label: row.accessibility };
      return item;
    }
    if (node.type === 'goal') {
      const item = new vscode.TreeItem(row.label, this.isExpanded(node) ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
      item.id = `goal:${node.section}:${node.goalId}`;
      item.description = row.description;
      item.iconPath = new vscode.ThemeIcon('target');
      item.contextValue = ContextValues.goal;
      item.accessibilityInformation = { label: row.accessibility };
      return item;
    }
    const micro = model.microGoal(node.id)!;
    const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.None);
    item.id = `mg:${micro.id}`;
    item.description = row.description;
    item.checkboxState = {
      state: micro.done ? vscode.TreeItemCheckboxState.Checked : vscode.TreeItemCheckboxState.Unchecked,
      tooltip: micro.done ? 'Mark as not done' : 'Mark as done',
      accessibilityInformation: { label: row.checkbox! },
    };
    item.contextValue = micro.done ? ContextValues.microGoalDone : ContextValues.microGoal;
    item.accessibilityInformation = { label: row.accessibility };
    return item;
  }

  /** Tooltips (with history) are built only when a person hovers. */
  resolveTreeItem(item: vscode.TreeItem, node: MicroGoalsNode): vscode.TreeItem {
    const model = this.model;
    if (!model || item.tooltip) return item;
    if (node.type === 'microGoal' && model.microGoal(node.id)) item.tooltip = microGoalTooltip(model, node.id, model.when(node.id));
    else if (node.type === 'goal' && model.goal(node.goalId)) item.tooltip = goalTooltip(model.goal(node.goalId)!, model.state);
    return item;
  }
}
