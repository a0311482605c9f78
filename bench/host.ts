/**
 * Accord at scale in the real extension host (issue 20 §3, §4): one run of
 * scripts/vscode-test/measure-scale.mjs over four cold VS Code windows, every figure against a
 * baseline measured in the same run (measure-scale-entry.cjs says exactly what each measures):
 * - `empty`: a team of one (a member record, the team settings and one micro-goal due today),
 *   the baseline of the tree, heap and start-up figures;
 * - `scale`: the 50×5 team, with a partner's file rewritten as a git pull does, the planning
 *   panel against an empty webview panel, and the dashboard;
 * - `plain` and `crowded`: Accord's real activation events on the team of one, alone and beside
 *   100,000 unrelated files: the time from the extension host's start to the team loaded.
 * Needs the VS Code rig (code-server and Chromium); returns undefined, with the reason printed,
 * when it cannot run or ACCORD_BENCH_HOST=0.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EntityRecord } from '../src/core';
import { emptyMemberFile, serializeMemberFile } from '../src/store';
import { median, round } from './measure';
import type { ScaleSummary } from './scaleDataset';
import { memberIdOf } from './scaleDataset';

/** Unrelated files beside `.accord/` in the crowded workspace (issue 20 §3). */
export const CROWD_FILES = 100_000;
/**
 * Windows besides the empty and the scale team's first ones, taking turns between the two teams,
 * that measure activate() and the tree again: one window is one sample, and a single slow reply
 * from the workbench (a busy renderer asking for the rows 100 ms late) can double a figure.
 */
const MORE_WINDOWS = 4;

export interface HostFigures {
  /** The median window's, over scale_tree_samples. */
  scale_tree_ready_ms: number;
  /** Each scale window's tree ready, in ms, in the order measured. */
  scale_tree_samples: number[];
  scale_tree_ready_ratio: number;
  /** The median window's, over empty_tree_samples. */
  empty_tree_ready_ms: number;
  empty_tree_samples: number[];
  scale_tree_rows: number;
  scale_data_ready_ms: number;
  scale_max_block_ms: number;
  scale_reload_ms: number;
  scale_reload_max_block_ms: number;
  scale_heap_mb: number;
  heap_gc: boolean;
  dashboard_ready_ms: number;
  /** The dashboard's view holding the team's closed history, read on demand. */
  dashboard_history_ms: number;
  activate_host_ms: number;
  hello_activate_ms: number;
  /** Accord's activate() against the hello-world's in the same window: the median over activate_windows windows. */
  activate_ratio: number;
  activate_windows: number;
  panel_ready_host_ms: number;
  empty_panel_ms: number;
  panel_ready_ratio: number;
  startup_plain_ms: number;
  startup_crowded_ms: number;
  startup_crowded_ratio: number;
  /** The event that activated Accord in the crowded workspace, from the extension host's log. */
  startup_crowded_event: string;
  startup_activated_plain_ms: number;
  startup_activated_crowded_ms: number;
}

interface Measured {
  activate_ms: number;
  hello_activate_ms: number;
  data_ready_ms: number;
  tree_loaded_ms: number;
  tree_today_ms: number;
  tree_today_rows: number;
  max_block_ms: number;
  heap_mb: number;
  heap_gc: boolean;
  reload_ms?: number;
  reload_max_block_ms?: number;
  empty_panel_ms?: number[];
  planning_panel_ms?: number[];
  dashboard_ms?: number;
  dashboard_history_ms?: number;
  team_shown_ms?: number;
  members?: number;
  activation_event?: string;
  activated_after_host_start_ms?: number;
}

/** A team of one: my member record, the team settings and one open micro-goal due `today`. */
export async function writeSoloTeam(dir: string, today: string): Promise<void> {
  const me = memberIdOf(0);
  const data = emptyMemberFile(me);
  const at = `${today}T00:00:00.000Z`;
  const record = (kind: string, fields: Record<string, unknown>): EntityRecord => ({
    kind,
    fields,
    clocks: Object.fromEntries(Object.keys(fields).map((k) => [k, 1])),
  });
  data.entities[`member:${me}`] = record('member', { name: 'Person 1', email: 'person01@example.com', timeZone: 'UTC', capacityHours: 20 });
  data.entities.team = record('team', { checkInTimes: ['09:30', '16:30'], workingDays: [1, 2, 3, 4, 5], cycleDays: 14 });
  data.entities['mg-benchsolo00001'] = record('microGoal', { title: 'write the notes', owner: me, due: today, done: false, createdAt: at });
  data.clock = 1;
  await mkdir(join(dir, '.accord', 'people'), { recursive: true });
  await writeFile(join(dir, '.accord', 'people', `${me}.json`), serializeMemberFile(data));
}

/** `count` small unrelated files in 1,000 folders under `dir`/src, as a large repository has. */
function writeCrowd(dir: string, count: number): void {
  const perFolder = Math.ceil(count / 1000);
  for (let folder = 0; folder * perFolder < count; folder++) {
    const path = join(dir, 'src', `pkg${String(folder).padStart(3, '0')}`);
    mkdirSync(path, { recursive: true });
    for (let i = 0; i < perFolder && folder * perFolder + i < count; i++) writeFileSync(join(path, `file${i}.ts`), `export const value${i} = ${i};\n`);
  }
}

export async function benchHost(dataDir: string, scaleDir: string, scale: ScaleSummary): Promise<HostFigures | undefined> {
  if (process.env.ACCORD_BENCH_HOST === '0') return undefined;
  if (!existsSync('.vscode-test/code-server/node_modules/.bin/code-server')) {
    console.warn('bench host: not measured: VS Code (code-server) is not installed; run npm run setup:vscode.');
    return undefined;
  }
  const solo = join(dataDir, 'solo');
  const crowded = join(dataDir, 'crowded');
  await writeSoloTeam(solo, scale.options.end);
  await writeSoloTeam(crowded, scale.options.end);
  console.error(`bench host: writing ${CROWD_FILES} unrelated files…`);
  const wrote = performance.now();
  writeCrowd(crowded, CROWD_FILES);
  console.error(`bench host: ${CROWD_FILES} files written in ${Math.round(performance.now() - wrote)} ms`);
  // The pulled change goes into a partner's file of the kept team: put its bytes back afterwards.
  const partnerFile = scale.files[1] ?? scale.files[0]!;
  const partnerText = readFileSync(partnerFile);
  // Each team is a repository of its own, as a team's is: never a folder of this project's
  // repository, whose branches Accord would read as the team's (and whose data branch the
  // windows' writes would record to).
  for (const folder of [solo, crowded, scaleDir]) if (!existsSync(join(folder, '.git'))) spawnSync('git', ['init', '-q', folder], { stdio: 'ignore' });
  const me = 'person01@example.com';
  const spec = [
    { name: 'empty', workspace: solo, me, plan: { today: true } },
    { name: 'scale', workspace: scaleDir, me, plan: { today: true, reloadFile: partnerFile, panels: true, dashboard: true } },
    // activate() and the tree again, in more windows (MORE_WINDOWS).
    ...Array.from({ length: MORE_WINDOWS }, (_, i) => ({
      name: `${i % 2 ? 'empty' : 'scale'}${Math.floor(i / 2) + 2}`,
      workspace: i % 2 ? solo : scaleDir,
      me,
      plan: { today: true },
    })),
    { name: 'plain', workspace: solo, me, realActivation: true },
    { name: 'crowded', workspace: crowded, me, realActivation: true },
  ];
  const specFile = join(dataDir, 'host-spec.json');
  writeFileSync(specFile, JSON.stringify(spec));
  try {
    const run = spawnSync(process.execPath, ['scripts/vscode-test/measure-scale.mjs', specFile], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: 30 * 60_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    const line = run.stdout?.trim().split('\n').pop() ?? '';
    let measured: Record<string, Measured>;
    try {
      measured = JSON.parse(line) as Record<string, Measured>;
    } catch {
      console.warn(`bench host: not measured (exit ${run.status ?? run.signal})`);
      return undefined;
    }
    const empty = measured.empty!;
    const big = measured.scale!;
    // The tree in every window of each team: the first, with the other measurements, and MORE_WINDOWS's.
    const treeOf = (team: 'empty' | 'scale') =>
      Object.entries(measured)
        .filter(([name, m]) => (name === team || new RegExp(`^${team}\\d+$`).test(name)) && Number.isFinite(m.tree_today_ms))
        .map(([, m]) => round(m.tree_today_ms, 0));
    const scaleTrees = treeOf('scale');
    const emptyTrees = treeOf('empty');
    const emptyPanel = median(big.empty_panel_ms!);
    const planning = median(big.planning_panel_ms!);
    // activate() against the hello-world's in the same window, in every window that measured both: the median window.
    const activations = Object.values(measured).filter((m) => Number.isFinite(m.activate_ms) && Number.isFinite(m.hello_activate_ms));
    const activate = median(activations.map((m) => m.activate_ms));
    const hello = median(activations.map((m) => m.hello_activate_ms));
    const activateRatio = median(activations.map((m) => m.activate_ms / m.hello_activate_ms));
    return {
      scale_tree_ready_ms: median(scaleTrees),
      scale_tree_samples: scaleTrees,
      empty_tree_ready_ms: median(emptyTrees),
      empty_tree_samples: emptyTrees,
      scale_tree_ready_ratio: round(median(scaleTrees) / median(emptyTrees), 2),
      scale_tree_rows: big.tree_today_rows,
      scale_data_ready_ms: round(big.data_ready_ms, 0),
      scale_max_block_ms: round(big.max_block_ms, 0),
      scale_reload_ms: round(big.reload_ms!, 0),
      scale_reload_max_block_ms: round(big.reload_max_block_ms!, 0),
      scale_heap_mb: round(big.heap_mb - empty.heap_mb, 1),
      heap_gc: big.heap_gc && empty.heap_gc,
      dashboard_ready_ms: round(big.dashboard_ms!, 0),
      dashboard_history_ms: round(big.dashboard_history_ms ?? NaN, 0),
      activate_host_ms: round(activate, 1),
      hello_activate_ms: round(hello, 1),
      activate_ratio: round(activateRatio, 2),
      activate_windows: activations.length,
      panel_ready_host_ms: round(planning, 0),
      empty_panel_ms: round(emptyPanel, 0),
      panel_ready_ratio: round(planning / emptyPanel, 2),
      startup_plain_ms: round(measured.plain!.team_shown_ms!, 0),
      startup_crowded_ms: round(measured.crowded!.team_shown_ms!, 0),
      startup_crowded_ratio: round(measured.crowded!.team_shown_ms! / measured.plain!.team_shown_ms!, 2),
      startup_crowded_event: measured.crowded!.activation_event ?? '?',
      startup_activated_plain_ms: measured.plain!.activated_after_host_start_ms ?? NaN,
      startup_activated_crowded_ms: measured.crowded!.activated_after_host_start_ms ?? NaN,
    };
  } finally {
    writeFileSync(partnerFile, partnerText);
    await rm(crowded, { recursive: true, force: true });
  }
}
