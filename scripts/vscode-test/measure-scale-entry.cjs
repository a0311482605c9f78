// Runs inside the extension host as `extensionTestsPath` (copied next to the measured copy of
// Accord by measure-scale.mjs). What it measures, in the order it does it, is set by the plan in
// ACCORD_MEASURE_PLAN (JSON); the figures go to the file ACCORD_MEASURE_RESULT. All times are
// performance.now() differences in this process, in milliseconds.
//
// - hello_activate_ms / activate_ms: `await extension.activate()` of a hello-world extension,
//   then of Accord, neither active before (the same host, one after the other, each alone).
// - tree_loaded_ms: from the activate() call to the first answer to getChildren() of the
//   Micro-goals view's root that holds rows (a call made before the data loaded is answered
//   once it has: src/daily/views/afterFirstLoad.ts); the view is opened
//   (accord.microGoals.focus) as soon as activate() returns, as a person's open side bar would be.
// - started_ms: from the activate() call until Accord, which loads most of itself in the turns
//   after activate() returns (src/extension.ts), has started.
// - tree_today_ms: from the activate() call to the first answer to getChildren() of the Today
//   section that holds rows: the first render that holds today's micro-goals. The provider is reached by
//   wrapping vscode.window.createTreeView before Accord is activated.
// - data_ready_ms: from the activate() call to `workspace.ready` (every member file loaded, and
//   every view told of it, after the Micro-goals view's first rows are drawn).
// - tree_log: when the Micro-goals view's top rows and each section's rows were asked for and
//   answered, in ms from the activate() call: where the time between them went.
// - max_block_ms: the longest single event-loop block, from the activate() call until the data
//   and the tree are loaded and 1 s more has passed; perf_hooks.monitorEventLoopDelay with a
//   5 ms resolution (native, so the sampler itself costs nothing in JS): its max is the longest
//   gap between two 5 ms timer ticks, and the block is that gap minus the 5 ms tick (±5 ms).
// - heap_mb: process.memoryUsage().heapUsed after start-up, after a full gc (v8's gc exposed with
//   v8.setFlagsFromString('--expose-gc') and vm.runInNewContext('gc'); when that fails, after a
//   3 s settle, and `heap_gc` says false).
// - reload_ms / reload_max_block_ms: a partner's file rewritten on disk as a git pull does (a
//   new file renamed over it, one more check-in) until the state holds that check-in, and the
//   longest block from the write until 1 s after it.
// - empty_panel_ms / planning_panel_ms / dashboard_ms: createWebviewPanel of a page that posts
//   `ready` until the host receives it; accord.startPlanningSession and accord.openDashboard
//   until the panel's `ready` (drawn and listening). Interleaved, after a warm-up panel.
// - team_shown_ms (plan.startup): with Accord's real activation events, the time since this
//   extension host started (performance.now() counts from it) until Accord is active and its
//   data loaded, polled every 10 ms from when this entry runs.
/* eslint-disable @typescript-eslint/no-require-imports -- the extension host loads this entry with require() */
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { monitorEventLoopDelay, performance } = require('node:perf_hooks');
const v8 = require('node:v8');
const vm = require('node:vm');
const vscode = require('vscode');

const ACCORD = 'accord-team.accord';
const HELLO = 'accord-bench.hello';
const RESOLUTION_MS = 5;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const within = (promise, ms, what) =>
  Promise.race([
    promise,
    sleep(ms).then(() => Promise.reject(new Error(`${typeof what === 'function' ? what() : what} did not happen within ${ms / 1000} s`))),
  ]);

// The Micro-goals provider, reached before Accord creates its view.
let treeStarted = 0;
const tree = {};
const treeLoaded = new Promise((resolve) => (tree.loaded = resolve));
const treeToday = new Promise((resolve) => (tree.today = resolve));
try {
  const create = vscode.window.createTreeView;
  vscode.window.createTreeView = function (id, options) {
    const provider = options && options.treeDataProvider;
    if (id === 'accord.microGoals' && provider) {
      tree.calls = 0;
      const getChildren = provider.getChildren.bind(provider);
      // When the answer is ready: at once, or (asked before the team loaded) once it has.
      const answered = (node, children) => {
        const at = performance.now() - treeStarted;
        if (!node && children.length > 0) tree.loaded({ ms: at, roots: children.map((c) => c.section) });
        if (node && node.type === 'section' && node.section === 'today' && children.length > 0) tree.today({ ms: at, rows: children.length });
      };
      provider.getChildren = (node) => {
        const asked = performance.now() - treeStarted;
        const children = getChildren(node);
        tree.calls++;
        // When the top rows and each section's rows were asked for and answered (tree_log), for a
        // person reading where the time goes.
        const record = (rows) => {
          if (!node || node.type === 'section')
            (tree.log ??= []).push(
              `${node ? node.section : 'root'} asked ${asked.toFixed(0)} answered ${(performance.now() - treeStarted).toFixed(0)} rows ${(rows ?? []).length}`,
            );
          answered(node, rows);
          return rows;
        };
        return children && typeof children.then === 'function' ? children.then(record) : record(children);
      };
    }
    return create.call(this, id, options);
  };
} catch (error) {
  tree.patchError = String(error);
}

function blockMonitor() {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  return () => {
    histogram.disable();
    return Math.max(0, histogram.max / 1e6 - RESOLUTION_MS);
  };
}

function fullGc() {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc');
    gc();
    gc();
    return true;
  } catch {
    return false;
  }
}

async function emptyPanel() {
  const started = performance.now();
  const panel = vscode.window.createWebviewPanel('accordBench.empty', 'Empty panel', vscode.ViewColumn.One, { enableScripts: true });
  const ready = new Promise((resolve) => panel.webview.onDidReceiveMessage((m) => m && m.type === 'ready' && resolve()));
  panel.webview.html =
    '<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src \'none\'; script-src \'nonce-bench\';"></head>' +
    '<body><script nonce="bench">acquireVsCodeApi().postMessage({ type: "ready" });</script></body></html>';
  await within(ready, 60_000, 'the empty panel saying ready');
  const ms = performance.now() - started;
  panel.dispose();
  await sleep(1000);
  return ms;
}

async function accordPanel(command, timings = {}) {
  const started = performance.now();
  const panel = await vscode.commands.executeCommand(command);
  if (!panel || !panel.ready) throw new Error(`${command} gave no panel`);
  await within(panel.ready, 120_000, `${command}'s panel saying ready`);
  const ms = performance.now() - started;
  // The dashboard reads the team's closed history on demand: until it is in, the view is drawn from the live files.
  if (panel.historyRead) {
    await within(panel.historyRead, 180_000, `${command}'s history read`);
    timings.history_ms = performance.now() - started;
  }
  panel.dispose();
  await sleep(1000);
  return ms;
}

/** A git pull of a partner's file: one more check-in, written to a new file renamed over it. */
function pullPartnerFile(file) {
  const data = JSON.parse(readFileSync(file, 'utf8'));
  const clock = data.clock + 1;
  const id = `ci-benchreload${String(clock % 1e6).padStart(6, '0')}`.slice(0, 30);
  const fields = { member: data.member, at: new Date().toISOString(), microGoals: [], status: 'on-track', helped: 'a pulled change' };
  data.entities[id] = { kind: 'checkIn', fields, clocks: Object.fromEntries(Object.keys(fields).map((k) => [k, clock])) };
  data.clock = clock;
  writeFileSync(`${file}.pull`, `${JSON.stringify(data, null, 2)}\n`);
  renameSync(`${file}.pull`, file);
  return id;
}

async function startup(result) {
  // Accord activates by its own events here: wait until it is active and its data loaded.
  const extension = vscode.extensions.getExtension(ACCORD);
  result.activeWhenEntryRan = extension.isActive;
  result.entry_ran_ms = performance.now();
  const deadline = performance.now() + 180_000;
  for (let look = 0; ; look++) {
    const api = extension.isActive ? extension.exports : undefined;
    if (api) await api.started;
    if (api && api.workspace && api.workspace.isLoaded) {
      // Loaded before this entry first looked: the time is an upper bound.
      result.loadedAtFirstLook = look === 0;
      break;
    }
    if (performance.now() > deadline) throw new Error('Accord did not activate and load its team within 180 s');
    await sleep(10);
  }
  result.team_shown_ms = performance.now();
  const workspace = extension.exports.workspace;
  result.members = workspace.state.entities.member.size;
}

/**
 * With ACCORD_MEASURE_CPU_PROFILE set to a file path (for a person looking for the blocks, not
 * for the bench's figures: profiling slows the host), a V8 CPU profile of the extension host,
 * written there for Chrome DevTools or a script: of `phase`, when ACCORD_MEASURE_CPU_PROFILE_OF
 * names it (`startup`, the default: from before activate() until the tree is loaded;
 * `dashboard`: opening the dashboard).
 */
async function startProfile(phase) {
  const file = process.env.ACCORD_MEASURE_CPU_PROFILE;
  if (!file || (process.env.ACCORD_MEASURE_CPU_PROFILE_OF ?? 'startup') !== phase) return { stop: async () => {} };
  const inspector = require('node:inspector');
  const session = new inspector.Session();
  session.connect();
  const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (error, answer) => (error ? reject(error) : resolve(answer))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 500 });
  await post('Profiler.start');
  return {
    stop: async () => {
      const { profile } = await post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

async function measure(plan, result) {
  const accord = vscode.extensions.getExtension(ACCORD);
  const hello = vscode.extensions.getExtension(HELLO);
  const loadedIds = () =>
    vscode.extensions.all
      .filter((e) => !e.id.startsWith('vscode.'))
      .map((e) => e.id)
      .join(', ');
  if (!accord) throw new Error(`${ACCORD} is not loaded (loaded: ${loadedIds()})`);
  if (!hello) throw new Error(`${HELLO} is not loaded (loaded: ${loadedIds()})`);
  if (tree.patchError) throw new Error(`vscode.window.createTreeView could not be wrapped: ${tree.patchError}`);
  result.wasActive = accord.isActive || hello.isActive;
  // Let the extension host finish its own start-up work before the clock starts.
  await sleep(plan.settleMs ?? 3000);
  result.wasActive ||= accord.isActive || hello.isActive;

  let t = performance.now();
  await hello.activate();
  result.hello_activate_ms = performance.now() - t;
  await sleep(500);

  const profile = await startProfile('startup');
  const blocks = blockMonitor();
  treeStarted = t = performance.now();
  // activate() is awaited alone, as the hello-world's was: the Micro-goals view opens (as a
  // person's open side bar would) once it returns. Opened at the same moment, the view's drawing
  // in the workbench delays the replies activation waits for (the extension's storage), which
  // is no cost of Accord's, and the hello-world's activation had no such neighbour.
  const api = await accord.activate();
  result.activate_ms = performance.now() - t;
  void vscode.commands.executeCommand('accord.microGoals.focus');
  // Accord loads the rest of itself in the turns after activate(), as with nobody reading its
  // API; reading api.workspace sooner would load it at once.
  await within(api.started, 60_000, 'Accord starting');
  result.started_ms = performance.now() - t;
  await within(api.workspace.ready, 300_000, 'the data loading');
  result.data_ready_ms = performance.now() - t;
  const loaded = await within(
    treeLoaded,
    60_000,
    () => `the Micro-goals tree rendering the loaded data (getChildren calls: ${tree.calls ?? 'view not created'})`,
  );
  result.tree_loaded_ms = loaded.ms;
  result.tree_roots = loaded.roots;
  if (plan.today) {
    const today = await within(treeToday, 120_000, "the Micro-goals tree rendering today's micro-goals");
    result.tree_today_ms = today.ms;
    result.tree_today_rows = today.rows;
  }
  await sleep(1000);
  result.max_block_ms = blocks();
  result.tree_log = tree.log;
  await profile.stop();
  const entities = api.workspace.state.entities;
  result.counts = Object.fromEntries(Object.entries(entities).map(([kind, map]) => [kind, map.size]));
  result.errors = api.workspace.store.errors.map((error) => error.message);

  await sleep(2000);
  result.heap_gc = fullGc();
  if (!result.heap_gc) await sleep(3000);
  result.heap_mb = process.memoryUsage().heapUsed / 1024 / 1024;

  if (plan.reloadFile) {
    let pulled;
    const changed = new Promise((resolve) => {
      const listener = api.workspace.onDidChange(() => {
        if (pulled && api.workspace.state.entities.checkIn.has(pulled)) {
          listener.dispose();
          resolve();
        }
      });
    });
    const reloadBlocks = blockMonitor();
    t = performance.now();
    pulled = pullPartnerFile(plan.reloadFile);
    await within(changed, 120_000, 'the reload after the pulled change');
    result.reload_ms = performance.now() - t;
    await sleep(1000);
    result.reload_max_block_ms = reloadBlocks();
  }

  if (plan.panels) {
    await emptyPanel(); // warm-up: the window's first webview pays once for what every later one reuses
    const empty = [];
    const planning = [];
    for (let i = 0; i < (plan.panelRuns ?? 2); i++) {
      empty.push(await emptyPanel());
      planning.push(await accordPanel('accord.startPlanningSession'));
    }
    result.empty_panel_ms = empty;
    result.planning_panel_ms = planning;
  }
  if (plan.dashboard) {
    const dashboardProfile = await startProfile('dashboard');
    const timings = {};
    result.dashboard_ms = await accordPanel('accord.openDashboard', timings);
    result.dashboard_history_ms = timings.history_ms;
    await dashboardProfile.stop();
  }
}

exports.run = async function run() {
  const out = process.env.ACCORD_MEASURE_RESULT;
  const plan = JSON.parse(process.env.ACCORD_MEASURE_PLAN || '{}');
  const result = {};
  try {
    if (plan.startup) await startup(result);
    else await measure(plan, result);
  } catch (error) {
    result.error = String((error && error.stack) || error);
  }
  writeFileSync(out, JSON.stringify(result));
};
