/**
 * `npm run bench`: a benchmark, not a test. Generates a two-year team of 12 and a team at scale
 * (`--scale 50x5`, the default: 50 people over five years, kept in bench/.data/scale between runs
 * of the same day) and prints a table, then, as its last line, one JSON object with the figures
 * (later issues add keys). Progress goes to stderr.
 */
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { basename } from 'node:path';
import { join } from 'node:path';
import { computeStatus, dueContext, lastCheckInOf } from '../src/core';
import { AccordStore } from '../src/store';
import { MicroGoalsModel } from '../src/daily/views/microGoalsModel';
import { generateOwnFile, generateTeam } from './dataset';
import { benchBranches } from './branches';
import { benchCli } from './cli';
import { benchEvidence, EVIDENCE_COMMITS, EVIDENCE_LINKED } from './evidence';
import { benchPlanning } from './planning';
import { benchTimeline } from './timeline';
import { gc, median, percentile, round, timeInterleaved, timeRuns } from './measure';
import { benchHost, CROWD_FILES } from './host';
import { parseScale, scaleTeam } from './scaleDataset';

const DATA = join(process.cwd(), 'bench', '.data');

interface Row {
  what: string;
  value: string;
  target?: string;
}

async function main(): Promise<void> {
  const scaleArg = process.argv.indexOf('--scale');
  const scaleSize = parseScale(scaleArg >= 0 ? (process.argv[scaleArg + 1] ?? '') : '50x5');
  // Everything is made again but the scale team, which is kept while its generator and day are the same.
  await mkdir(DATA, { recursive: true });
  for (const entry of await readdir(DATA)) if (entry !== 'scale') await rm(join(DATA, entry), { recursive: true, force: true });
  const rows: Row[] = [];
  const result: Record<string, number> = {};
  const progress = (what: string) => console.error(`bench: ${what}…`);
  const started = performance.now();

  progress(`the ${scaleSize.members}×${scaleSize.years} team`);
  const scaleDir = join(DATA, 'scale');
  const scale = await scaleTeam(scaleDir, { ...scaleSize, end: new Date().toISOString().slice(0, 10) });
  const scaleEntities = Object.values(scale.counts).reduce((a, b) => a + b, 0);
  rows.push({
    what: `dataset ${scaleSize.members}×${scaleSize.years}${scale.reused ? ' (kept from an earlier run today)' : ''}`,
    value: `${thousands(scaleEntities)} entities (${Object.entries(scale.counts)
      .map(([k, n]) => `${thousands(n)} ${k}`)
      .join(', ')}), ${round(scale.bytes / 1e6, 1)} MB, of which ${round(scale.liveBytes / 1e6, 1)} MB in live files`,
  });
  progress('the two-year team');

  const teamDir = join(DATA, 'team');
  const team = await generateTeam(teamDir);
  rows.push({
    what: 'dataset',
    value: `${team.members.length} members, ${Object.entries(team.counts)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ')}, ${round(team.bytes / 1e6, 1)} MB`,
  });

  // Load + validate + merge against plain JSON.parse of the same bytes, both read from disk.
  const parseAll = async () => {
    for (const file of team.files) JSON.parse(await readFile(file, 'utf8'));
  };
  const loadAll = async () => {
    const store = new AccordStore({ root: teamDir });
    await store.loadAll();
    return store.state.entities.microGoal.size;
  };
  await parseAll();
  await loadAll();
  const [parseTimes, loadTimes] = await timeInterleaved(5, parseAll, loadAll);
  result.parse_ms = round(median(parseTimes), 1);
  result.load_ms = round(median(loadTimes), 1);
  result.load_ratio = round(result.load_ms / result.parse_ms, 2);
  rows.push({ what: 'JSON.parse of all files (baseline)', value: `${result.parse_ms} ms` });
  rows.push({ what: 'load + validate + merge', value: `${result.load_ms} ms (${result.load_ratio}× baseline)`, target: '≤ 2×' });

  progress('the two-year team on 20 branches');
  // The same team on 20 branches, 5 of them with changes: every copy read and merged.
  const branches = await benchBranches(teamDir, join(DATA, 'branches'), team.members);
  result.branches_load_ms = branches.branches_load_ms;
  result.branches_load_ratio = branches.branches_load_ratio;
  rows.push({ what: 'load from the working copy alone (baseline, in git)', value: `${branches.working_load_ms} ms` });
  rows.push({
    what: `load across ${20} branches, 5 with changes`,
    value: `${result.branches_load_ms} ms (${result.branches_load_ratio}× working copy)`,
    target: '≤ 1.5×',
  });

  // Heap held by a loaded team.
  gc();
  const before = process.memoryUsage().heapUsed;
  const held = new AccordStore({ root: teamDir });
  await held.loadAll();
  void held.state;
  gc();
  result.heap_mb = round((process.memoryUsage().heapUsed - before) / 1024 / 1024, 1);
  rows.push({ what: 'heap held by the loaded team', value: `${result.heap_mb} MB` });

  progress('writes into a 1 MB file');
  // One check-in written into a 1 MB own file: lock, re-read, validate, merge, write, fsync, rename.
  const ownDir = join(DATA, 'own');
  const owner = 'me-example.com';
  const ownFile = await generateOwnFile(ownDir, owner, 1_000_000);
  const store = new AccordStore({ root: ownDir, me: owner });
  await store.loadAll();
  const writeCheckIn = () =>
    store.update((edit) =>
      edit.create('checkIn', 'ci', { member: owner, at: new Date().toISOString(), microGoals: [], status: 'on-track', helped: 'pairing on the parser' }),
    );
  await timeRuns(3, writeCheckIn);
  const writeTimes = await timeRuns(40, writeCheckIn);
  result.write_ms_p50 = round(median(writeTimes), 2);
  const size = (await readFile(ownFile)).byteLength;
  rows.push({
    what: `write one check-in (${round(size / 1e6, 2)} MB own file)`,
    value: `p50 ${result.write_ms_p50} ms, p90 ${round(percentile(writeTimes, 90), 2)} ms`,
    target: '≤ 10 ms',
  });
  result.heap_mb = Math.max(result.heap_mb, 0);

  // The same write into the largest member file of the scale team (alone in its folder: a write reads only its own file).
  progress('writes into the largest file of the scale team');
  const bigOwner = basename(scale.largest.file, '.json');
  const bigDir = join(DATA, 'scale-own');
  await mkdir(join(bigDir, '.accord', 'people'), { recursive: true });
  await copyFile(scale.largest.file, join(bigDir, '.accord', 'people', `${bigOwner}.json`));
  const bigStore = new AccordStore({ root: bigDir, me: bigOwner });
  await bigStore.loadAll();
  const writeBig = () =>
    bigStore.update((edit) =>
      edit.create('checkIn', 'ci', { member: bigOwner, at: new Date().toISOString(), microGoals: [], status: 'on-track', helped: 'pairing on the parser' }),
    );
  await timeRuns(3, writeBig);
  const bigTimes = await timeRuns(20, writeBig);
  result.scale_write_ms_p50 = round(median(bigTimes), 2);
  result.scale_write_ratio = round(result.scale_write_ms_p50 / result.write_ms_p50, 2);
  rows.push({
    what: `write one check-in (${round(scale.largest.bytes / 1e6, 2)} MB, the ${scaleSize.members}×${scaleSize.years} team's largest live file)`,
    value: `p50 ${result.scale_write_ms_p50} ms (${result.scale_write_ratio}× the ${round(size / 1e6, 2)} MB case), p90 ${round(percentile(bigTimes, 90), 2)} ms`,
    target: '≤ 1×',
  });

  // The first level of the Micro-goals tree with 2,000 open micro-goals.
  const treeDir = join(DATA, 'tree');
  const treeTeam = await generateTeam(treeDir, { members: 2, goals: 150, microGoals: 2_000, checkIns: 2_000, feedback: 0, end: new Date() });
  const treeStore = new AccordStore({ root: treeDir });
  await treeStore.loadAll();
  const treeState = treeStore.state;
  const me = treeTeam.members[0]!;
  const firstLevel = () => {
    const model = new MicroGoalsModel(treeState, dueContext(new Date(), 'Europe/Berlin'), me, 'everyone');
    return model.roots().map((node) => (node.type === 'section' ? model.count(node.section) : 0));
  };
  await timeRuns(5, firstLevel);
  result.tree_ms = round(median(await timeRuns(50, firstLevel)), 2);
  rows.push({ what: `tree first level (${treeState.entities.microGoal.size} micro-goals)`, value: `${result.tree_ms} ms`, target: '≤ 20 ms' });

  // The status-bar update on the two-year team, as the controller does it (last check-in cached per state).
  const teamState = held.state;
  const member = team.members[0]!;
  const last = lastCheckInOf(teamState, member);
  const status = () =>
    computeStatus({
      state: teamState,
      me: member,
      now: new Date(),
      timeZone: 'Europe/Berlin',
      cadence: { times: teamState.team.checkInTimes, workingDays: teamState.team.workingDays },
      followUps: 0,
      unshared: 0,
      nudges: 'statusBar',
      lastCheckIn: last,
    });
  await timeRuns(5, status);
  result.statusbar_ms = round(median(await timeRuns(50, status)), 3);
  rows.push({ what: `status-bar update (${teamState.entities.microGoal.size} micro-goals)`, value: `${result.statusbar_ms} ms`, target: '≤ 2 ms' });

  // The Timeline view's first page on the two-year team, no window (every entry a candidate).
  const timeline = await benchTimeline(teamState, member);
  result.timeline_ms = timeline.timeline_ms;
  rows.push({
    what: `timeline first page (${thousands(timeline.entries)} entries, no window)`,
    value: `${result.timeline_ms} ms (first build ${timeline.timeline_cold_ms} ms)`,
    target: '≤ 20 ms',
  });

  progress('evidence over 20,000 commits');
  // Evidence: a generated history of 20,000 commits linked to the two-year team, cold and after 50 new commits.
  const evidence = await benchEvidence(join(DATA, 'evidence'), teamState);
  result.git_log_ms = evidence.git_log_ms;
  result.evidence_ms = evidence.evidence_ms;
  result.evidence_incremental_ms = evidence.evidence_incremental_ms;
  result.evidence_ratio = evidence.evidence_ratio;
  rows.push({
    what: `git log --format=%H%x00%B, ${thousands(EVIDENCE_COMMITS)} commits (baseline)`,
    value: `${result.git_log_ms} ms (${round(evidence.log_bytes / 1e6, 1)} MB)`,
  });
  rows.push({
    what: `evidence cold: read, index, link (${thousands(EVIDENCE_LINKED)} linked, ${evidence.linked_micro_goals} micro-goals)`,
    value: `${result.evidence_ms} ms (${result.evidence_ratio}× git log)`,
    target: '≤ 1.5×',
  });
  rows.push({ what: 'evidence after 50 new commits (incremental)', value: `${result.evidence_incremental_ms} ms`, target: '< 50 ms' });

  progress('the command line');
  // The command line: accord check on the two-year team against the store's own load, and start-up.
  const cli = benchCli(teamDir);
  Object.assign(result, cli);
  rows.push({ what: 'store load of the two-year team in a node process (baseline)', value: `${cli.store_load_process_ms} ms` });
  rows.push({ what: 'accord check on the two-year team', value: `${cli.cli_check_ms} ms (${cli.cli_check_ratio}× store load)`, target: '≤ 1.3×' });
  rows.push({ what: 'node -e 0 (baseline)', value: `${cli.node_start_ms} ms` });
  rows.push({ what: 'accord --version', value: `${cli.cli_start_ms} ms (${cli.cli_start_ratio}× node -e 0)`, target: '≤ 3×' });

  progress('activate() in VS Code, empty folder and two-year team');
  // The VS Code side: bundle sizes, and activate() in a real extension host (code-server),
  // on the two-year team and, as the baseline of the same run, on an empty folder.
  // The entry VS Code activates (dist/extension.js) and the rest of Accord it loads after activate() returns (dist/accord.js).
  result.extension_kb = round(statSync('dist/accord.js').size / 1024, 1);
  result.entry_kb = round(statSync('dist/extension.js').size / 1024, 1);
  rows.push({
    what: 'extension bundles (minified): the entry activated, and Accord loaded after it',
    value: `${result.entry_kb} KB (dist/extension.js) + ${result.extension_kb} KB (dist/accord.js)`,
  });
  const emptyDir = join(DATA, 'empty');
  await mkdir(emptyDir, { recursive: true });
  const activateEmpty = measureActivation(emptyDir);
  const activateTeam = measureActivation(teamDir);
  if (activateTeam !== undefined && activateEmpty !== undefined) {
    result.activate_ms = round(activateTeam, 1);
    rows.push({ what: 'activate() on an empty folder (baseline)', value: `${round(activateEmpty, 1)} ms` });
    rows.push({
      what: 'activate() on the two-year team',
      value: `${result.activate_ms} ms (${round(activateTeam / activateEmpty, 2)}× empty)`,
    });
  }

  // At scale, in the extension host: the tree, blocks, heap, reload, dashboard, and the ratios of §4.
  progress('Accord in the extension host: empty team, scale team, and a workspace of 100,000 files');
  const host = await benchHost(DATA, scaleDir, scale);
  if (host) {
    Object.assign(result, host);
    const s = `${scaleSize.members}×${scaleSize.years}`;
    rows.push({
      what: `tree ready, team of one with one micro-goal due today (baseline; median of ${host.empty_tree_samples.length} windows)`,
      value: `${host.empty_tree_ready_ms} ms (${host.empty_tree_samples.join(', ')})`,
    });
    rows.push({
      what: `tree ready: activate() to today's micro-goals drawn (${s}, ${host.scale_tree_rows} rows; median of ${host.scale_tree_samples.length} windows)`,
      value: `${host.scale_tree_ready_ms} ms (${host.scale_tree_samples.join(', ')}; ${host.scale_tree_ready_ratio}× team of one; every file loaded at ${host.scale_data_ready_ms} ms)`,
      target: '≤ 300 ms, ≤ 3×',
    });
    rows.push({ what: `longest event-loop block, activate() until loaded + 1 s (${s})`, value: `${host.scale_max_block_ms} ms`, target: '≤ 50 ms' });
    rows.push({
      what: `longest block, a partner's file pulled until reloaded + 1 s (${s})`,
      value: `${host.scale_reload_max_block_ms} ms (reloaded in ${host.scale_reload_ms} ms)`,
      target: '≤ 50 ms',
    });
    rows.push({
      what: `heap after start-up, ${s} minus team of one${host.heap_gc ? ' (after a full gc)' : ' (no gc: settled 3 s)'}`,
      value: `${host.scale_heap_mb} MB`,
      target: '≤ 40 MB',
    });
    rows.push({
      what: `dashboard ready after the command (${s}; drawn from the live files, a ring while the history is read)`,
      value: `${host.dashboard_ready_ms} ms`,
      target: '≤ 1500 ms',
    });
    rows.push({ what: `the dashboard holding the team's closed history, read on demand (${s})`, value: `${host.dashboard_history_ms} ms` });
    rows.push({ what: 'activate() of a hello-world extension (baseline, same hosts; median)', value: `${host.hello_activate_ms} ms` });
    rows.push({
      what: `activate() of Accord, same hosts (median ms; ratio: the median window of ${host.activate_windows})`,
      value: `${host.activate_host_ms} ms (${host.activate_ratio}× hello-world)`,
      target: '≤ 1.5×',
    });
    rows.push({ what: 'empty webview panel ready (baseline, same window)', value: `${host.empty_panel_ms} ms` });
    rows.push({
      what: `planning panel ready after the command (${s})`,
      value: `${host.panel_ready_host_ms} ms (${host.panel_ready_ratio}× empty panel)`,
      target: '≤ 1.5×',
    });
    rows.push({ what: 'extension host start to team loaded, team of one (baseline)', value: `${host.startup_plain_ms} ms` });
    rows.push({
      what: `the same beside ${thousands(CROWD_FILES)} unrelated files`,
      value: `${host.startup_crowded_ms} ms (${host.startup_crowded_ratio}× without)`,
      target: '≤ 1.2×',
    });
    rows.push({
      what: `Accord activated after the extension host started, without / with the files (log)`,
      value: `${host.startup_activated_plain_ms} / ${host.startup_activated_crowded_ms} ms, by ${host.startup_crowded_event}`,
    });
  }

  progress('planning metrics and the planning panel on the two-year team');
  // Planning and the dashboard: metrics over two years, the webview bundle, the panel's time to interactive.
  const planning = await benchPlanning(teamDir);
  result.metrics_ms = planning.metrics_ms;
  result.webview_kb_gz = planning.webview_kb_gz;
  rows.push({ what: 'metrics over two years (dashboard + review + capacity)', value: `${planning.metrics_ms} ms`, target: '≤ 50 ms' });
  rows.push({ what: 'webview bundle (dist/webview/*.js, gzipped)', value: `${planning.webview_kb_gz} KB`, target: '≤ 120 KB' });
  if (planning.panel_ready_ms !== undefined) {
    result.panel_ready_ms = planning.panel_ready_ms;
    rows.push({ what: 'planning panel interactive after the command (two-year team)', value: `${planning.panel_ready_ms} ms`, target: '≤ 500 ms' });
  }
  if (planning.evidence_host) {
    // The same history and team, read as the extension reads it: through the git extension's Repository.log.
    const host = planning.evidence_host;
    result.evidence_host_ms = host.evidence_ms;
    result.evidence_host_incremental_ms = host.evidence_incremental_ms;
    result.evidence_host_ratio = host.evidence_ratio;
    rows.push({ what: 'git log --format=%H%x00%B in the extension host (baseline)', value: `${host.git_log_ms} ms`, target: '' });
    rows.push({
      what: 'evidence cold through the git extension (extension host)',
      value: `${host.evidence_ms} ms (${host.evidence_ratio}× git log; Repository.log alone ${host.extension_log_ms} ms)`,
      target: '≤ 1.5×',
    });
    rows.push({ what: 'evidence after 50 new commits, through the git extension', value: `${host.evidence_incremental_ms} ms`, target: '< 50 ms' });
  }

  console.error(`bench: done in ${Math.round((performance.now() - started) / 1000)} s`);
  printTable(rows);
  console.log(
    JSON.stringify({
      load_ratio: result.load_ratio,
      load_ms: result.load_ms,
      parse_ms: result.parse_ms,
      write_ms_p50: result.write_ms_p50,
      heap_mb: result.heap_mb,
      tree_ms: result.tree_ms,
      statusbar_ms: result.statusbar_ms,
      timeline_ms: result.timeline_ms,
      activate_ms: result.activate_ms,
      extension_kb: result.extension_kb,
      entry_kb: result.entry_kb,
      webview_kb_gz: result.webview_kb_gz,
      panel_ready_ms: result.panel_ready_ms,
      metrics_ms: result.metrics_ms,
      branches_load_ms: result.branches_load_ms,
      branches_load_ratio: result.branches_load_ratio,
      evidence_ms: result.evidence_ms,
      evidence_incremental_ms: result.evidence_incremental_ms,
      evidence_ratio: result.evidence_ratio,
      git_log_ms: result.git_log_ms,
      evidence_host_ms: result.evidence_host_ms,
      evidence_host_incremental_ms: result.evidence_host_incremental_ms,
      evidence_host_ratio: result.evidence_host_ratio,
      cli_check_ms: result.cli_check_ms,
      cli_check_ratio: result.cli_check_ratio,
      cli_start_ms: result.cli_start_ms,
      cli_start_ratio: result.cli_start_ratio,
      scale_write_ms_p50: result.scale_write_ms_p50,
      scale_write_ratio: result.scale_write_ratio,
      scale_tree_ready_ms: result.scale_tree_ready_ms,
      scale_tree_ready_ratio: result.scale_tree_ready_ratio,
      scale_data_ready_ms: result.scale_data_ready_ms,
      scale_max_block_ms: result.scale_max_block_ms,
      scale_reload_max_block_ms: result.scale_reload_max_block_ms,
      scale_reload_ms: result.scale_reload_ms,
      scale_heap_mb: result.scale_heap_mb,
      dashboard_ready_ms: result.dashboard_ready_ms,
      dashboard_history_ms: result.dashboard_history_ms,
      activate_ratio: result.activate_ratio,
      panel_ready_ratio: result.panel_ready_ratio,
      startup_crowded_ratio: result.startup_crowded_ratio,
    }),
  );
}

/** Median activate() time over three cold starts of a real VS Code, or undefined (with the reason on stderr). */
function measureActivation(workspace: string): number | undefined {
  const run = spawnSync(process.execPath, ['scripts/vscode-test/measure-activation.mjs', workspace, '--runs', '3'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 10 * 60_000,
  });
  const line = run.stdout?.trim().split('\n').pop();
  try {
    return (JSON.parse(line ?? '') as { activate_ms: number }).activate_ms;
  } catch {
    console.error(`activation could not be measured (exit ${run.status})`);
    return undefined;
  }
}

/** 20000 → "20,000", the same on every host (no locale). */
function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function printTable(rows: Row[]): void {
  const w1 = Math.max(...rows.map((r) => r.what.length));
  const w2 = Math.max(...rows.map((r) => r.value.length));
  console.log(`${'measure'.padEnd(w1)}  ${'result'.padEnd(w2)}  target`);
  console.log(`${'-'.repeat(w1)}  ${'-'.repeat(w2)}  ------`);
  for (const row of rows) console.log(`${row.what.padEnd(w1)}  ${row.value.padEnd(w2)}  ${row.target ?? ''}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
