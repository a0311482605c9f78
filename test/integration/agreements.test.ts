/**
 * The dashboard's Agreements section in a real extension host (issue 19 §1): the covenant on
 * disk is read by the extension's own CovenantFile, measured over the fixture team's record,
 * and posted to the webview; a changed covenant redraws the panel. The covenant is put back as
 * it was at the end: every suite shares the fixture folder.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { dayIn, timeZoneOf } from '../../src/core';
import { readCovenantRules } from '../../src/core/agreements';
import { covenantHash } from '../../src/core/covenant';
import type { DashboardPanel } from '../../src/dashboard/dashboardPanel';
import type { PlanningPanel } from '../../src/planning/planningPanel';
import { agreementsView } from '../../src/panels/agreementsView';
import type { AgreementsView } from '../../src/panels/protocol';
import type { AccordWorkspace } from '../../src/workspace/accordWorkspace';
import { accordWorkspace, folderPath, ME, PARTNER, waitFor } from './helpers';

const covenantPath = () => join(folderPath(), '.accord', 'covenant.md');

const COVENANT = [
  '# How Alex and Sam work together', // 1
  '', // 2
  'We check in on working days and answer renegotiations quickly.', // 3
  '', // 4
  '```accord', // 5
  'agreements:', // 6
  '  - kind: check-ins-per-week', // 7
  '    target: 1', // 8
  '    label: One check-in a week <b>at least</b>', // 9
  '  - kind: renegotiations-answered-within', // 10
  '    target: 2', // 11
  '  - kind: pairing-hours', // 12
  '    target: 3', // 13
  '```', // 14
  '',
].join('\n');

describe('Agreements section: the dashboard measures the covenant on disk', function () {
  this.timeout(30_000);
  let workspace: AccordWorkspace;
  let dashboard: DashboardPanel;
  let saved: string | undefined;

  /** The Agreements view of the next dashboard message that satisfies `ready`, after `action`. */
  async function postedAgreements(action: () => void, ready: (view: AgreementsView) => boolean): Promise<AgreementsView> {
    let subscription: vscode.Disposable | undefined;
    const posted = new Promise<AgreementsView>((resolve) => {
      subscription = dashboard.onDidPost((message) => {
        if (message.type === 'dashboard' && ready(message.view.agreements)) resolve(message.view.agreements);
      });
    });
    try {
      action();
      return await Promise.race([
        posted,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the dashboard never redrew its Agreements')), 15_000)),
      ]);
    } finally {
      subscription?.dispose();
    }
  }

  const removeCovenant = () => {
    if (existsSync(covenantPath())) rmSync(covenantPath());
  };

  before(async () => {
    workspace = await accordWorkspace();
    saved = existsSync(covenantPath()) ? readFileSync(covenantPath(), 'utf8') : undefined;
    dashboard = (await vscode.commands.executeCommand<DashboardPanel>('accord.openDashboard'))!;
    await Promise.race([dashboard.ready, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the dashboard never said ready')), 20_000))]);
  });

  after(async () => {
    // Put the covenant back as it was, and wait until the extension has read it again.
    if (saved === undefined) removeCovenant();
    else writeFileSync(covenantPath(), saved);
    await waitFor(
      () => (saved === undefined ? dashboard.view().agreements.status === 'noCovenant' : dashboard.view().agreements.status !== 'noCovenant'),
      'the covenant as it was',
      15_000,
    ).finally(() => dashboard.dispose());
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('without a covenant, says there are no agreements yet', async () => {
    if (existsSync(covenantPath())) await postedAgreements(removeCovenant, (view) => view.status === 'noCovenant');
    const view = dashboard.view().agreements;
    assert.deepEqual([view.status, view.agreements, view.notMeasured], ['noCovenant', [], []]);
  });

  it('a covenant with an accord block: each agreement for both partners, and what it cannot measure with its line', async () => {
    const view = await postedAgreements(
      () => writeFileSync(covenantPath(), COVENANT),
      (v) => v.status === 'ready',
    );
    assert.deepEqual(
      view.agreements.map((a) => [a.title, a.line]),
      [
        ['One check-in a week <b>at least</b>', 7],
        ['Renegotiations answered within 2 working days', 10],
      ],
    );
    for (const agreement of view.agreements)
      assert.deepEqual(agreement.people.map((p) => p.name).sort(), [ME.name, PARTNER.name].sort(), `${agreement.title}: both partners`);
    const checkIns = view.agreements[0]!.people;
    for (const p of checkIns) {
      assert.match(p.current, /^(\d+ of \d+ weeks? with one check-in|No working week to count yet)$/);
      assert.match(
        p.trendWords,
        /^(More than last cycle|About the same as last cycle|Less than last cycle: worth a word at the next planning session|Nothing to compare with yet)$/,
      );
    }
    assert.deepEqual(
      view.notMeasured.map((n) => [n.line, n.title]),
      [[12, 'pairing-hours']],
    );
    assert.match(view.notMeasured[0]!.reason, /^Accord does not know kind "pairing-hours"/);

    // The same words the core gives for this team, covenant and day: one source of truth.
    const today = dayIn(new Date(), timeZoneOf(workspace.state, workspace.me));
    const expected = agreementsView(workspace.state, { hash: covenantHash(COVENANT), rules: readCovenantRules(COVENANT) }, { today });
    assert.deepEqual(view, expected);
  });

  it('an edit to the covenant redraws the section: an agreement made unreadable moves to Not measured', async () => {
    const broken = COVENANT.replace('    target: 2', '    target: two');
    const view = await postedAgreements(
      () => writeFileSync(covenantPath(), broken),
      (v) => v.agreements.length === 1,
    );
    assert.deepEqual(
      view.notMeasured.map((n) => [n.line, n.title]),
      [
        [11, 'renegotiations-answered-within'],
        [12, 'pairing-hours'],
      ],
    );
    assert.equal(view.notMeasured[0]!.reason, 'target: expected a whole number of working days from 0 to 20, got "two"');
  });

  it("the planning Review shows the same Agreements section as the dashboard, and follows the covenant's next edit", async () => {
    const planning = (await vscode.commands.executeCommand<PlanningPanel>('accord.startPlanningSession'))!;
    try {
      assert.deepEqual(planning.view().review.agreements, dashboard.view().agreements);
      // The panel keeps its view between redraws: a covenant edit must not leave the old one.
      await postedAgreements(
        () => writeFileSync(covenantPath(), COVENANT),
        (v) => v.agreements.length === 2,
      );
      await waitFor(() => planning.view().review.agreements?.agreements.length === 2, "the Review's agreements after the edit");
      assert.deepEqual(planning.view().review.agreements, dashboard.view().agreements);
    } finally {
      planning.dispose();
    }
  });
});
