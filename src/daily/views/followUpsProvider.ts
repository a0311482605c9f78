/** The Follow-ups view: renegotiations to answer, feedback received, setbacks to review, the covenant, its escalation steps — and what is due back. */
import * as vscode from 'vscode';
import { FOLLOW_UP_GROUP_LABELS, type FollowUp, followUpsFor, safeText, type TeamState } from '../../core';
import { Commands } from '../../commands/ids';
import { Disposable } from '../../util/dispose';
import type { CovenantSource } from '../../workspace/covenantSource';
import type { EvidenceService } from '../evidence';
import type { AccordWorkspace } from '../../workspace/accordWorkspace';

const ICONS: Record<FollowUp['kind'], string> = {
  renegotiation: 'calendar',
  feedback: 'feedback',
  setback: 'debug-step-back',
  covenant: 'book',
  commit: 'git-commit',
  blocked: 'debug-pause',
  response: 'reply',
  escalation: 'lightbulb',
};
const COMMANDS: Record<FollowUp['action'], string | undefined> = {
  respondRenegotiation: Commands.acceptRenegotiation,
  openRenegotiation: undefined,
  acknowledgeFeedback: Commands.acknowledgeFeedback,
  reviewFollowUp: Commands.reviewFollowUp,
  acknowledgeCovenant: Commands.acknowledgeCovenant,
  completeByCommit: Commands.completeByCommit,
  offerHelp: Commands.offerHelp,
  answerResponse: Commands.answerResponse,
  startCheckIn: Commands.checkInOnBlocked,
  proposePairing: Commands.proposePairing,
  addToAgenda: Commands.addToAgenda,
};

export type FollowUpNode = { type: 'group'; mine: boolean } | { type: 'item'; item: FollowUp };

/** How long the list of follow-ups is reused while nothing changes (milliseconds): their wording ("due tomorrow") follows the clock. */
const ITEMS_FRESH_MS = 60_000;

export class FollowUpsProvider extends Disposable implements vscode.TreeDataProvider<FollowUpNode> {
  private readonly changeEmitter = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeTreeData = this.changeEmitter.event;
  /** The list last worked out, for the state and the minute it was worked out in: one pass serves the view's three calls and the badge. */
  private cached: { state: TeamState; me: string; at: number; items: FollowUp[] } | undefined;

  constructor(
    private readonly workspace: AccordWorkspace | undefined,
    private readonly covenant?: CovenantSource,
    private readonly evidence?: EvidenceService,
  ) {
    super();
    const changed = () => {
      this.cached = undefined;
      this.changeEmitter.fire();
    };
    if (workspace) this._register(workspace.onDidChange(changed));
    if (evidence) this._register(evidence.onDidChange(changed));
    if (covenant) this._register(covenant.onDidChange(changed));
  }

  /** What waits on me and on my partners now, mine first (core followUpsFor); the same list until something changes or a minute passes. */
  items(): FollowUp[] {
    const workspace = this.workspace;
    const me = workspace?.me;
    if (!workspace?.isLoaded || !me) return [];
    const state = workspace.state;
    const now = Date.now();
    const cached = this.cached;
    if (cached && cached.state === state && cached.me === me && now - cached.at < ITEMS_FRESH_MS) return cached.items;
    const items = followUpsFor(state, me, new Date(now), this.covenant?.hash, this.evidence?.doneByCommits(), this.covenant?.rules);
    this.cached = { state, me, at: now, items };
    return items;
  }

  getChildren(node?: FollowUpNode): FollowUpNode[] {
    const items = this.items();
    if (!node) {
      const groups: FollowUpNode[] = [];
      if (items.some((i) => i.mine)) groups.push({ type: 'group', mine: true });
      if (items.some((i) => !i.mine)) groups.push({ type: 'group', mine: false });
      return groups;
    }
    if (node.type === 'group') return items.filter((i) => i.mine === node.mine).map((item) => ({ type: 'item', item }));
    return [];
  }

  getTreeItem(node: FollowUpNode): vscode.TreeItem {
    if (node.type === 'group') {
      const item = new vscode.TreeItem(FOLLOW_UP_GROUP_LABELS[node.mine ? 'mine' : 'theirs'], vscode.TreeItemCollapsibleState.Expanded);
      item.id = node.mine ? 'followups:mine' : 'followups:theirs';
      item.iconPath = new vscode.ThemeIcon(node.mine ? 'inbox' : 'watch');
      return item;
    }
    const followUp = node.item;
    // The core writes labels and details with titles, reasons and names quoted as written (names
    // come safe from displayName): made safe here as a whole, so no control in them is left unpaired.
    const label = safeText(followUp.label);
    const detail = safeText(followUp.detail);
    const item = new vscode.TreeItem(label);
    item.id = `followup:${followUp.kind}:${followUp.id}`;
    item.description = safeText(followUp.due);
    item.iconPath = new vscode.ThemeIcon(ICONS[followUp.kind]);
    item.contextValue = `accord.followUp.${followUp.kind}.${followUp.mine ? 'mine' : 'theirs'}`;
    const command = COMMANDS[followUp.action];
    if (command && followUp.mine) item.command = { command, title: 'Answer', arguments: [followUp.id] };
    item.accessibilityInformation = { label: `${label}${detail ? `. ${detail}` : ''}` };
    return item;
  }

  /** The tooltip (the label, then the detail) is built only when a person hovers: a long list draws without it. */
  resolveTreeItem(item: vscode.TreeItem, node: FollowUpNode): vscode.TreeItem {
    if (node.type !== 'item' || item.tooltip) return item;
    const detail = safeText(node.item.detail);
    const tooltip = new vscode.MarkdownString().appendText(safeText(node.item.label));
    if (detail) tooltip.appendMarkdown('\n\n').appendText(detail);
    item.tooltip = tooltip;
    return item;
  }
}
