/** The Partners view: each member's last check-in, streak, and this week's load against capacity. */
import * as vscode from 'vscode';
import { formatDistanceStrict } from 'date-fns';
import { CHECK_IN_STATUS_WORDS, type PartnerSummary, partnerSummaries, safeText } from '../../core';
import { Disposable } from '../../util/dispose';
import type { AccordWorkspace } from '../../workspace/accordWorkspace';

/** Extra lines a feature adds to a partner's tooltip (the covenant status, for one). */
export type PartnerDetail = (member: string) => string | undefined;

export class PartnersProvider extends Disposable implements vscode.TreeDataProvider<PartnerSummary> {
  private readonly changeEmitter = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly details: PartnerDetail[] = [];

  constructor(private readonly workspace: AccordWorkspace | undefined) {
    super();
    if (workspace) this._register(workspace.onDidChange(() => this.changeEmitter.fire()));
  }

  addDetail(detail: PartnerDetail): void {
    this.details.push(detail);
    this.refresh();
  }

  refresh(): void {
    this.changeEmitter.fire();
  }

  getChildren(): PartnerSummary[] {
    const workspace = this.workspace;
    if (!workspace?.isLoaded) return [];
    return partnerSummaries(workspace.state, new Date(), (member) => workspace.hasClosedHistory(member));
  }

  getTreeItem(partner: PartnerSummary): vscode.TreeItem {
    const me = partner.member === this.workspace?.me;
    const name = safeText(partner.name);
    const item = new vscode.TreeItem(me ? `${name} (you)` : name);
    item.id = `partner:${partner.member}`;
    const last = partner.lastCheckIn
      ? `checked in ${formatDistanceStrict(new Date(partner.lastCheckIn), new Date(), { addSuffix: true })}`
      : 'no check-ins yet';
    const load = `${round(partner.loadHours)} of ${round(partner.capacityHours)} h this week`;
    // A zone this VS Code does not know: their days here are UTC days, said calmly. The note names
    // the zone only when it is a zone name (letters, digits and ._+-/), so it is safe text as it is.
    // Away first (issue 18): "away until Mon 4 Jan" is what a partner needs before anything else.
    const away = partner.away?.words ?? '';
    // A run that reaches back past the live files may go on in the closed history: "at least".
    const atLeast = partner.streakAtLeast ? '+' : '';
    item.description = `${away ? `${away} · ` : ''}${partner.streak ? `${partner.streak}${atLeast ? '+ day' : '-day'} streak · ` : ''}${load}${partner.zoneNote ? ' · times in UTC here' : ''}`;
    // Writes in their file that the authority rule left out (design.md §2): noted calmly, as a
    // fact about the file, with where to look; a hand edit can make one honestly.
    const refused = this.workspace?.state.refused.filter((r) => r.member === partner.member).length ?? 0;
    const refusedNote =
      refused > 0
        ? `${refused === 1 ? '1 change' : `${refused} changes`} in ${me ? 'your' : 'their'} file ${refused === 1 ? 'was' : 'were'} left out of the team's record: ${refused === 1 ? 'it writes' : 'they write'} what only someone else may write. Accord: Show Data Problems lists ${refused === 1 ? 'it' : 'them'}.`
        : '';
    if (refused > 0) item.description += ` · ${refused} left out`;
    item.iconPath = new vscode.ThemeIcon(
      refused > 0 ? 'info' : partner.away ? 'coffee' : partner.loadHours > partner.capacityHours ? 'person-add' : 'person',
      partner.away ? new vscode.ThemeColor('disabledForeground') : undefined,
    );
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown('**').appendText(name).appendMarkdown('**\n\n');
    // The note is data from their file: appendText, made safe, never markdown.
    const awayLine = partner.away ? `${capitalised(away)}${partner.away.note ? `: “${safeText(partner.away.note)}”` : ''}` : '';
    if (awayLine) tooltip.appendText(awayLine).appendMarkdown('\n\n');
    // What their last check-in said, so the next one (mine, above all) starts from there.
    const said = partner.last
      ? `Last check-in: ${CHECK_IN_STATUS_WORDS[partner.last.status]}${partner.last.note ? `, “${partner.last.note}”` : ''}${partner.last.next ? `\n\nNext step: ${partner.last.next}` : ''}`
      : undefined;
    if (me && partner.last?.next) item.description += ` · next: ${safeText(shortLine(partner.last.next))}`;
    tooltip.appendText(
      `${last}${said ? `\n\n${safeText(said)}` : ''}\n\nStreak: ${atLeast ? 'at least ' : ''}${partner.streak} working day${partner.streak === 1 ? '' : 's'}${atLeast ? ' (older check-ins are in the closed history, which the dashboard reads)' : ''}\n\nLoad: ${load}${partner.loadHours > partner.capacityHours ? ` (${round(partner.loadHours - partner.capacityHours)} h more than planned)` : ''}\n\nTime zone: ${safeText(partner.timeZone)}${partner.zoneNote ? `\n\n${partner.zoneNote}` : ''}`,
    );
    for (const detail of this.details) {
      const text = detail(partner.member);
      if (text) tooltip.appendMarkdown('\n\n').appendText(text);
    }
    if (refusedNote) tooltip.appendMarkdown('\n\n').appendText(refusedNote);
    item.tooltip = tooltip;
    item.accessibilityInformation = {
      label: `${name}${awayLine ? `, ${awayLine}` : ''}, ${last}, streak ${atLeast ? 'at least ' : ''}${partner.streak} days, ${load}${partner.zoneNote ? `. ${partner.zoneNote}` : ''}${refusedNote ? `. ${refusedNote}` : ''}`,
    };
    item.contextValue = 'accord.partner';
    return item;
  }
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function shortLine(text: string, max = 40): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}

function round(hours: number): number {
  return Math.round(hours * 10) / 10;
}
