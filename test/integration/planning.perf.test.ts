/**
 * How soon the planning panel is interactive after its command, on the benchmark's two-year
 * team (12 more members, 18,000 micro-goals, 60,000 check-ins) in the real extension host.
 * A measurement, not a test: the runner loads *.perf suites only for npm run bench (which sets
 * ACCORD_PLANNING_PERF=1), since writing and loading 30 MB takes
 * longer than the rest of the suite. Writes its figures to test-results/planning-panel-ready.json.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as vscode from 'vscode';
import { generateTeam } from '../../bench/dataset';
import type { PlanningPanel } from '../../src/planning/planningPanel';
import { accordWorkspace, folderPath, peopleDir } from './helpers';

describe('Planning panel on a two-year team', function () {
  this.timeout(240_000);
  let generated: string[] = [];

  after(async () => {
    if (generated.length === 0) return;
    for (const file of generated) rmSync(file, { force: true });
    await (await accordWorkspace()).reload();
  });

  it('measures how soon the panel is interactive after the command (npm run bench reports it against 500 ms)', async () => {
    const workspace = await accordWorkspace();
    const before = new Set(readdirSync(peopleDir()));
    const summary = await generateTeam(folderPath());
    generated = summary.files.filter((file) => !before.has(file.split('/').pop()!));
    await workspace.reload();
    assert.ok(workspace.state.entities.checkIn.size >= 60_000, 'the two-year team is loaded');

    // A calm moment first, as when a person runs the command: loading 30 MB kicks off other views' work.
    await new Promise((r) => setTimeout(r, 3000));
    const open = async () => {
      const started = performance.now();
      const panel = (await vscode.commands.executeCommand<PlanningPanel>('accord.startPlanningSession'))!;
      const commandMs = performance.now() - started;
      await Promise.race([panel.ready, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the webview never said ready')), 60_000))]);
      const ms = Math.round(performance.now() - started);
      const t = performance.now();
      panel.view();
      const viewMs = performance.now() - t;
      panel.dispose();
      await new Promise((r) => setTimeout(r, 1000));
      return { ms, commandMs: Math.round(commandMs), viewMs: Math.round(viewMs) };
    };
    const first = await open();
    // Opening again in the same window costs VS Code about a second more before the page
    // loads, whatever the data (measured on the small fixture too): kept apart, for the record.
    const again = [await open(), await open()];
    const figures = {
      panel_ready_ms: first.ms,
      command_ms: first.commandMs,
      reopen_ms: again.map((r) => r.ms),
      dataset: {
        members: workspace.state.entities.member.size,
        microGoals: workspace.state.entities.microGoal.size,
        checkIns: workspace.state.entities.checkIn.size,
      },
      measuredAt: new Date().toISOString(),
    };
    const out = process.env.ACCORD_PLANNING_PERF_OUT ?? join(resolve(__dirname, '../../..'), 'test-results', 'planning-panel-ready.json');
    mkdirSync(resolve(out, '..'), { recursive: true });
    writeFileSync(out, `${JSON.stringify(figures, null, 2)}\n`);
  });
});
