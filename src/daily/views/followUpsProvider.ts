/** The Follow-ups view: renegotiations to answer, feedback received, setbacks to review, the covenant, its escalation steps — and what is due back. */
import * as vscode from 'vscode';
import { FOLLOW_UP_GROUP_LABELS, type FollowUp, followUpsFor, safeText } from '../../core';
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

export class FollowUpsProvider extends Disposable implements vscode.TreeDataProvider<FollowUpNode> {
  private readonly changeEmitter = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeTreeData = this.changeEmitter.event;

  constructor(
    private readonly workspace: AccordWorkspace | undefined,
    private readonly covenant?: CovenantSource,
    private readonly evidence?: EvidenceService,
  ) {
    super();
    if (workspace) this._register(workspace.onDidChange(() => this.changeEmitter.fire()));
    if (evidence) this._register(evidence.onDidChange(() => this.changeEmitter.fire()));
    if (covenant) this._register(covenant.onDidChange(() => this.changeEmitter.fire()));
  }

  items(): FollowUp[] {
    const workspace = this.workspace;
    const me = workspace?.me;
    if (!workspace?.isLoaded || !me) return [];
    return followUpsFor(workspace.state, me, new Date(), this.covenant?.hash, this.evidence?.doneByCommits(), this.covenant?.rules);
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
    const tooltip = new vscode.MarkdownString().appendText(label);
    if (detail) tooltip.appendMarkdown('\n\n').appendText(detail);
    item.tooltip = tooltip;
    item.contextValue = `accord.followUp.${followUp.kind}.${followUp.mine ? 'mine' : 'theirs'}`;
    const command = COMMANDS[followUp.action];
    if (command && followUp.mine) item.command = { command, title: 'Answer', arguments: [followUp.id] };
    item.accessibilityInformation = { label: `${label}${detail ? `. ${detail}` : ''}` };
    return item;
  }
}
