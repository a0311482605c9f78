/**
 * Planning sessions and the dashboard, measured on the benchmark's two-year team:
 * - metrics_ms: the dashboard's metrics, the Review of the last cycle and the plan's capacity,
 *   computed from the loaded team state (median of runs, each from scratch);
 * - webview_kb_gz: the webview bundle as it ships (dist/webview/*.js, minified), gzipped;
 * - panel_ready_ms: from "Accord: Start Planning Session" to the panel drawn and listening, in
 *   a real VS Code (code-server) extension host on the same two-year team. Needs the test rig
 *   (code-server and Chromium, scripts/setup-vscode.sh); left out, with the reason printed,
 *   when the rig cannot run or when ACCORD_BENCH_PANEL=0.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { capacityReport } from '../src/core/capacity';
import { TeamMetrics } from '../src/core/metrics';
import type { TeamState } from '../src/core';
import { dashboardView } from '../src/dashboard/data';
import { PlanDraftModel } from '../src/planning/draft';
import { lastCycleWindow, nextCycle } from '../src/core';
import { reviewView } from '../src/planning/review';
import { AccordStore } from '../src/store';

export interface PlanningFigures {
  metrics_ms: number;
  webview_kb_gz: number;
  panel_ready_ms?: number;
  /** Evidence read through the git extension in the same VS Code run (test/integration/evidence.perf.test.ts). */
  evidence_host?: { git_log_ms: number; evidence_ms: number; evidence_incremental_ms: number; evidence_ratio: number; extension_log_ms: number };
}

const RUNS = 9;

/** The day the data ends: the latest check-in, so the figures do not drift with the calendar. */
function lastDay(state: TeamState): string {
  let latest = '';
  for (const checkIn of state.entities.checkIn.values()) if (checkIn.at > latest) latest = checkIn.at;
  return latest.slice(0, 10) || new Date().toISOString().slice(0, 10);
}

function computeAll(state: TeamState, today: string): number {
  const metrics = new TeamMetrics(state, today, 'UTC');
  const dashboard = dashboardView(state, today, 'UTC', metrics);
  const review = reviewView(metrics, lastCycleWindow(state, today));
  const cycle = nextCycle(state, today);
  const backlog = new PlanDraftModel(cycle.start, cycle.end).backlog(state).filter((item) => item.inCycle);
  const capacity = capacityReport(state, backlog, cycle);
  return dashboard.streaks.length + review.doneTotal + capacity.length;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function measureMetrics(teamDir: string): Promise<number> {
  const store = new AccordStore({ root: teamDir });
  await store.loadAll();
  const state = store.state;
  const today = lastDay(state);
  computeAll(state, today);
  computeAll(state, today);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    computeAll(state, today);
    times.push(performance.now() - started);
  }
  return Math.round(median(times) * 10) / 10;
}

function measureBundle(): number {
  const dir = join(process.cwd(), 'dist', 'webview');
  if (!existsSync(join(dir, 'main.js'))) spawnSync(process.execPath, ['esbuild.mjs'], { cwd: process.cwd(), stdio: 'inherit' });
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.js')) : [];
  if (files.length === 0) throw new Error('dist/webview/main.js is missing and could not be built');
  const bytes = files.reduce((sum, f) => sum + gzipSync(readFileSync(join(dir, f)), { level: 9 }).byteLength, 0);
  return Math.round((bytes / 1024) * 10) / 10;
}

/**
 * Runs the opt-in integration measurements (test/integration/*.perf.test.ts: the planning
 * panel, and evidence through the git extension) in a fresh VS Code; each figure is left out,
 * with the reason printed, when it could not be measured.
 */
function measureInVsCode(): Pick<PlanningFigures, 'panel_ready_ms' | 'evidence_host'> {
  if (process.env.ACCORD_BENCH_PANEL === '0') return {};
  const root = process.cwd();
  if (!existsSync(join(root, '.vscode-test/code-server/node_modules/.bin/code-server'))) {
    console.warn('bench planning: panel_ready_ms not measured: VS Code (code-server) is not installed; run npm run setup:vscode.');
    return {};
  }
  const dir = mkdtempSync(join(tmpdir(), 'accord-bench-panel-'));
  const out = join(dir, 'figures.json');
  const evidenceOut = join(dir, 'evidence.json');
  const figures: Pick<PlanningFigures, 'panel_ready_ms' | 'evidence_host'> = {};
  try {
    const build = spawnSync(process.execPath, ['esbuild.mjs', '--tests'], { cwd: root, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`building the integration bundle failed: ${build.stderr}`);
    const run = spawnSync(process.execPath, ['scripts/vscode-test/run.mjs', 'integration', '--only', 'trusted', '--grep', 'two-year'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 12 * 60_000,
      env: { ...process.env, ACCORD_PLANNING_PERF: '1', ACCORD_PLANNING_PERF_OUT: out, ACCORD_EVIDENCE_PERF_OUT: evidenceOut },
    });
    const tail = () => (run.stdout + run.stderr).split('\n').slice(-12).join('\n');
    if (existsSync(evidenceOut)) {
      const evidence = JSON.parse(readFileSync(evidenceOut, 'utf8')) as NonNullable<PlanningFigures['evidence_host']>;
      figures.evidence_host = {
        git_log_ms: evidence.git_log_ms,
        evidence_ms: evidence.evidence_ms,
        evidence_incremental_ms: evidence.evidence_incremental_ms,
        evidence_ratio: evidence.evidence_ratio,
        extension_log_ms: evidence.extension_log_ms,
      };
    } else console.warn(`bench evidence: not measured in VS Code (exit ${run.status ?? run.signal}): ${tail()}`);
    if (!existsSync(out)) throw new Error(`the VS Code run gave no figure (exit ${run.status ?? run.signal}): ${tail()}`);
    const panel = JSON.parse(readFileSync(out, 'utf8')) as { panel_ready_ms: number; reopen_ms: number[] };
    console.log(
      `bench planning: panel interactive ${panel.panel_ready_ms} ms after the command (opened again in the same window: ${panel.reopen_ms.join(', ')} ms)`,
    );
    figures.panel_ready_ms = panel.panel_ready_ms;
  } catch (error) {
    console.warn(`bench planning: panel_ready_ms not measured: ${(error as Error).message}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}

export async function benchPlanning(teamDir: string): Promise<PlanningFigures> {
  const metrics_ms = await measureMetrics(teamDir);
  const webview_kb_gz = measureBundle();
  return { metrics_ms, webview_kb_gz, ...measureInVsCode() };
}
