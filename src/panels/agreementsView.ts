/**
 * The Agreements section's view (issue 19 §1), built once for both panels that show it: the
 * dashboard (dashboard/data.ts) and the planning Review (planning/review.ts). The measures and
 * their words are the core's (agreementMeasures.ts measureAgreements); this only puts them in
 * the plain, serialisable shape of protocol.ts AgreementsView, with every string from the
 * covenant or the member files made safe (core safeText), and adds what the covenant's blocks
 * could not say (agreements.ts `notMeasured` and `problems`) in line order. vscode-free.
 */
import type { CovenantRules } from '../core/agreements';
import { measureAgreements } from '../core/agreementMeasures';
import { decisionRightProblems } from '../core/decisionRights';
import type { MicroGoalEvidence } from '../core/evidence';
import { safeText } from '../core/safeText';
import type { TeamState } from '../core/team';
import type { AgreementsView, EvidenceStatus, NotMeasuredView } from './protocol';

/** The covenant as the panels get it (workspace/covenantSource.ts CovenantSource): `hash` undefined when there is no covenant.md. */
export interface CovenantInput {
  readonly hash: string | undefined;
  readonly rules: CovenantRules;
}

/** What a "Not measured" entry is called when the covenant gives it no label or kind: a block Accord could not read. */
export const UNREADABLE_BLOCK = 'An accord block';

/**
 * The Agreements view of `state` on `today` (`YYYY-MM-DD`, the viewer's local day, as
 * measureAgreements reads it) for the covenant `covenant`. `evidence` is the evidence from git
 * and its status (panelHost.ts EvidenceSource): its map (evidence.ts evidenceFor, merged across
 * repositories) is measured only once read (status `ready`); before that, and without git,
 * micro-goals-done-with-evidence is listed as not measured rather than counted as "0 with a
 * linked commit". Never throws.
 *
 * `status` is `noCovenant` without covenant.md, `noAgreements` when its accord blocks say
 * nothing about agreements (none, or only escalation and decision rights), else `ready`.
 * `notMeasured` holds, by covenant line, each agreement Accord cannot read or measure here
 * (with the core's reason and fix), each problem that kept part of a block from being read, and
 * each decision right whose names match nobody (decisionRights.ts decisionRightProblems).
 */
export function agreementsView(
  state: TeamState,
  covenant: CovenantInput,
  inputs: { readonly today: string; readonly evidence?: { readonly status: EvidenceStatus; readonly byMicroGoal?: ReadonlyMap<string, MicroGoalEvidence> } },
): AgreementsView {
  const evidence = inputs.evidence?.status === 'ready' ? inputs.evidence.byMicroGoal : undefined;
  const report = measureAgreements(state, covenant.rules, { today: inputs.today, ...(evidence ? { evidence } : {}) });
  const notMeasured: NotMeasuredView[] = [
    ...report.notMeasured.map((n) => ({ line: n.line, title: safeText(n.label ?? n.kind ?? 'An agreement'), reason: safeText(n.reason) })),
    ...covenant.rules.problems.map((p) => ({ line: p.line, title: UNREADABLE_BLOCK, reason: safeText(p.message) })),
    ...decisionRightProblems(state, covenant.rules).map((p) => ({ line: p.line, title: 'A decision right', reason: safeText(p.message) })),
  ].sort((a, b) => a.line - b.line);
  const agreements = report.measured.map((m) => ({
    title: m.title,
    line: m.agreement.line,
    people: m.people.map((p) => ({
      member: p.member,
      name: p.name,
      current: p.current.words,
      last: p.last.words,
      trend: p.trend,
      trendWords: p.trendWords,
    })),
    unknown: m.unknown.map((name) => safeText(name)),
  }));
  const status = covenant.hash === undefined ? 'noCovenant' : agreements.length === 0 && notMeasured.length === 0 ? 'noAgreements' : 'ready';
  return { status, current: report.current, last: report.last, agreements, notMeasured };
}
