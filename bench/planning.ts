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
import { capacityMembers, capacityReport } from '../src/core/capacity';
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
  const capacity = capacityReport(capacityMembers(state), backlog, cycle.days);
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

/** Runs the opt-in integration test (test/integration/planning.perf.test.ts) in a fresh VS Code. */
function measurePanel(): number | undefined {
  if (process.env.ACCORD_BENCH_PANEL === '0') return undefined;
  const root = process.cwd();
  if (!existsSync(join(root, '.vscode-test/code-server/node_modules/.bin/code-server'))) {
    console.warn('bench planning: panel_ready_ms not measured: VS Code (code-server) is not installed; run npm run setup:vscode.');
    return undefined;
  }
  const dir = mkdtempSync(join(tmpdir(), 'accord-bench-panel-'));
  const out = join(dir, 'figures.json');
  try {
    const build = spawnSync(process.execPath, ['esbuild.mjs', '--tests'], { cwd: root, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`building the integration bundle failed: ${build.stderr}`);
    const run = spawnSync(process.execPath, ['scripts/vscode-test/run.mjs', 'integration', '--only', 'trusted', '--grep', 'two-year'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 8 * 60_000,
      env: { ...process.env, ACCORD_PLANNING_PERF: '1', ACCORD_PLANNING_PERF_OUT: out },
    });
    if (!existsSync(out))
      throw new Error(`the VS Code run gave no figure (exit ${run.status ?? run.signal}): ${(run.stdout + run.stderr).split('\n').slice(-12).join('\n')}`);
    const figures = JSON.parse(readFileSync(out, 'utf8')) as { panel_ready_ms: number; reopen_ms: number[] };
    console.log(
      `bench planning: panel interactive ${figures.panel_ready_ms} ms after the command (opened again in the same window: ${figures.reopen_ms.join(', ')} ms)`,
    );
    return figures.panel_ready_ms;
  } catch (error) {
    console.warn(`bench planning: panel_ready_ms not measured: ${(error as Error).message}`);
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchPlanning(teamDir: string): Promise<PlanningFigures> {
  const metrics_ms = await measureMetrics(teamDir);
  const webview_kb_gz = measureBundle();
  const panel_ready_ms = measurePanel();
  return { metrics_ms, webview_kb_gz, ...(panel_ready_ms === undefined ? {} : { panel_ready_ms }) };
}
