#!/usr/bin/env node
// Runs Accord's VS Code suites in a real VS Code (code-server + Chromium), on a fresh copy of
// test/fixtures/workspace:
//   node scripts/vscode-test/run.mjs integration   mocha inside the extension host, twice:
//                                                   trusted (main suites), then Restricted Mode
//                                                   and once per workspace shape (SHAPES below)
//   node scripts/vscode-test/run.mjs e2e            Playwright specs (test/e2e/*.e2e.ts) on the workbench
// Options: --only trusted|restricted|shape.<name> (integration), --grep <text>, --keep (keep temp folders).
// Fails, saying why, when VS Code or Chromium cannot start; never skips. Screenshots and logs
// go to test-results/.
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  copyWorkspace,
  ensureCodeServer,
  ensureResultsDir,
  git,
  launchBrowser,
  removeTemp,
  repoRoot,
  RigError,
  startCodeServer,
  tempDir,
  withTimeout,
  workbenchUrl,
} from './launch.mjs';

const FIXTURE = join(repoRoot, 'test/fixtures/workspace');
/** "me" in the fixture: Accord resolves the member from git user.email. */
const ME = { email: 'alex@example.com', name: 'Alex Rivera' };
const TESTS_ENTRY = join(repoRoot, 'out/test/integration/index.js');
const RUN_TIMEOUT_MS = 3 * 60_000; // one suite in one VS Code
const OVERALL_TIMEOUT_MS = 8 * 60_000; // the whole command, whatever happens

const args = process.argv.slice(2);
const mode = args[0];
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const keep = args.includes('--keep');
const temps = [];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** Removes the screenshots and logs of an earlier run of this mode, so test-results/ shows this run only. */
function clearResults(prefix) {
  const dir = ensureResultsDir();
  for (const name of readdirSync(dir)) if (name.startsWith(`${prefix}-`)) rmSync(join(dir, name), { force: true });
}

/** Keeps what the browser console said, for the log when something goes wrong. */
function recordConsole(page, lines) {
  page.on('console', (message) => lines.push(`[${message.type()}] ${message.text()}`));
  page.on('pageerror', (error) => lines.push(`[pageerror] ${error.message}`));
}

/** Copies the extension host's logs next to the screenshots, for a failed run. */
function saveLogs(server, name, consoleLines) {
  const dir = ensureResultsDir();
  writeFileSync(join(dir, `${name}-browser-console.log`), consoleLines.join('\n'));
  try {
    copyFileSync(server.logFile, join(dir, `${name}-code-server.log`));
    const logs = join(server.userDataDir, 'logs');
    for (const session of existsSync(logs) ? readdirSync(logs) : []) {
      for (const entry of readdirSync(join(logs, session), { recursive: true })) {
        if (/exthost.*\.log$|remoteexthost\.log$/.test(String(entry)))
          copyFileSync(join(logs, session, String(entry)), join(dir, `${name}-${basename(String(entry))}`));
      }
    }
  } catch {
    // logs are a courtesy
  }
  return dir;
}

/** A git repository at `folder` with "me" as its user, every file committed. */
function commitAll(folder) {
  git(folder, 'init', '-q', '-b', 'main');
  git(folder, 'config', 'user.email', ME.email);
  git(folder, 'config', 'user.name', ME.name);
  git(folder, 'config', 'commit.gpgsign', 'false');
  git(folder, 'add', '-A');
  git(folder, 'commit', '-q', '-m', 'Accord data', '--allow-empty');
}

/**
 * The workspace shapes users report trouble with in extensions (issue 13). Each opens a fresh
 * VS Code on what its function builds in `top` (a temp folder), and runs the suite
 * test/integration/shape.<name>.test.ts there; the suite finds the folders through VS Code.
 */
const SHAPES = {
  // app/ first, team-notes/ (the fixture's team) second, in one .code-workspace.
  multiRoot: (top) => {
    const app = join(top, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'README.md'), '# app\n');
    commitAll(app);
    const notes = join(top, 'team-notes');
    cpSync(FIXTURE, notes, { recursive: true });
    commitAll(notes);
    const workspaceFile = join(top, 'team.code-workspace');
    writeFileSync(workspaceFile, JSON.stringify({ folders: [{ path: 'app' }, { path: 'team-notes' }] }, null, 2));
    return { trust: true, workspaceFile };
  },
  // A window with no folder at all.
  emptyWindow: () => ({ trust: true }),
  // A git worktree of the team's repository (.git is a file there), in Restricted Mode.
  worktree: (top) => {
    const main = join(top, 'main');
    cpSync(FIXTURE, main, { recursive: true });
    commitAll(main);
    git(main, 'worktree', 'add', '-q', '-b', 'feature', join(top, 'feature'));
    return { trust: false, folder: join(top, 'feature') };
  },
  // The workspace is team/, a sub-folder of the repository; trusted, then in Restricted Mode.
  subFolder: (top) => {
    cpSync(FIXTURE, join(top, 'repo', 'team'), { recursive: true });
    writeFileSync(join(top, 'repo', 'README.md'), '# repo\n');
    commitAll(join(top, 'repo'));
    return { trust: true, folder: join(top, 'repo', 'team') };
  },
  subFolderRestricted: (top) => ({ ...SHAPES.subFolder(top), trust: false }),
};

/** One mocha run inside the extension host of a fresh VS Code. */
async function runIntegration(browser, { name, trust, suite, shape }) {
  const started = Date.now();
  let workspace;
  let workspaceFile;
  if (shape) {
    const top = tempDir(`it-${name}`);
    temps.push(top);
    ({ trust, folder: workspace, workspaceFile } = SHAPES[shape](top));
  } else {
    workspace = copyWorkspace(FIXTURE, { ...ME, prefix: `it-${name}` });
    temps.push(join(workspace, '..'));
  }
  const resultFile = join(tempDir(`result-${name}`), 'result.json');
  temps.push(join(resultFile, '..'));
  const env = { ACCORD_TEST_RESULT: resultFile, ACCORD_TEST_SUITE: suite, ...(option('--grep') ? { ACCORD_TEST_GREP: option('--grep') } : {}) };
  const server = await startCodeServer({ folder: workspaceFile ?? workspace, trust, env, label: `it-${name}` });
  temps.push(server.home);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const consoleLines = [];
  recordConsole(page, consoleLines);
  const shot = join(ensureResultsDir(), `integration-${name}.png`);
  try {
    await page.goto(workbenchUrl(server, workspace, { extensionDevelopmentPath: repoRoot, extensionTestsPath: TESTS_ENTRY, workspaceFile }));
    const deadline = Date.now() + RUN_TIMEOUT_MS;
    while (!existsSync(resultFile)) {
      if (server.exited) throw new RigError(`VS Code stopped before the ${name} suite finished. Its log:\n${server.logTail()}`);
      if (page.isClosed()) throw new RigError(`The browser page closed before the ${name} suite finished.`);
      if (Date.now() > deadline) {
        await page.screenshot({ path: shot }).catch(() => {});
        throw new RigError(
          `The ${name} suite did not report within ${seconds(RUN_TIMEOUT_MS)}; screenshot ${shot}. code-server log:\n${server.logTail()}\nBrowser console:\n${consoleLines.slice(-20).join('\n')}`,
        );
      }
      await sleep(200);
    }
    await sleep(50); // the file is written in one call; let it land
    const result = JSON.parse(readFileSync(resultFile, 'utf8'));
    await page.screenshot({ path: shot }).catch(() => {});
    if (result.failures > 0) saveLogs(server, `integration-${name}`, consoleLines);
    return { ...result, name, ms: Date.now() - started, screenshot: shot };
  } catch (error) {
    const dir = saveLogs(server, `integration-${name}`, consoleLines);
    if (error instanceof RigError) error.message += `\n(logs in ${dir})`;
    throw error;
  } finally {
    await context.close().catch(() => {});
    await server.stop();
  }
}

async function integration() {
  if (!existsSync(TESTS_ENTRY)) throw new RigError(`${TESTS_ENTRY} is missing: build it with "node esbuild.mjs --tests" (npm run test:integration does).`);
  const runs = [
    { name: 'trusted', trust: true, suite: 'main' },
    { name: 'restricted', trust: false, suite: 'restricted' },
    ...Object.keys(SHAPES).map((shape) => ({ name: `shape.${shape}`, suite: `shape.${shape}`, shape })),
  ].filter((run) => !option('--only') || run.name === option('--only'));
  clearResults('integration');
  const browser = await launchBrowser();
  const results = [];
  try {
    for (const run of runs) {
      console.log(`\n── integration: ${run.name}${run.shape ? '' : ` (${run.trust ? 'trusted folder' : 'Restricted Mode'})`} ──`);
      const result = await runIntegration(browser, run);
      console.log(result.output);
      console.log(`(${run.name}: ${seconds(result.ms)} including VS Code start-up; screenshot ${result.screenshot})`);
      results.push(result);
    }
  } finally {
    await browser.close();
  }
  const failed = results.filter((r) => r.failures > 0 || r.passes === 0);
  console.log(`\nintegration: ${results.map((r) => `${r.name} ${r.passes} passing, ${r.failures} failing`).join('; ')}`);
  return failed.length === 0 ? 0 : 1;
}

async function e2e() {
  // In name order, except these, at the end in this order: the away and agreements specs open
  // the planning panel and the dashboard, and a webview made before another spec reloads the
  // window can leave code-server's webview service worker waiting for a controller change, so the
  // next panel drew blank (the planning spec's first steps failed after each); evidence's commits name one of the fixture's
  // micro-goals, whose row the other specs read (it then ends "· 2 commits"); and the spec that
  // moves the data to its own branch runs last, since the others were written for the fixture as
  // it is, with .accord/ committed on main.
  const LAST = ['away.e2e.ts', 'agreements.e2e.ts', 'evidence.e2e.ts', 'branches.e2e.ts'];
  const specs = readdirSync(join(repoRoot, 'test/e2e'))
    .filter((f) => f.endsWith('.e2e.ts'))
    .sort((a, b) => LAST.indexOf(a) - LAST.indexOf(b) || (a < b ? -1 : a > b ? 1 : 0));
  if (specs.length === 0) throw new RigError('No specs in test/e2e/*.e2e.ts');
  clearResults('e2e');
  const workspace = copyWorkspace(FIXTURE, { ...ME, prefix: 'e2e' });
  temps.push(join(workspace, '..'));
  const browser = await launchBrowser();
  let server;
  const consoleLines = [];
  try {
    server = await startCodeServer({ folder: workspace, trust: true, label: 'e2e' });
    temps.push(server.home);
    const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
    const page = await context.newPage();
    recordConsole(page, consoleLines);
    await page.goto(workbenchUrl(server, workspace, { extensionDevelopmentPath: repoRoot }));
    // The specs run in this process and drive this page; test/e2e/session.ts hands it to them.
    globalThis.__accordE2E = { page, workspace, me: ME, resultsDir: ensureResultsDir(), server: { origin: server.origin, logTail: server.logTail } };
    const { register: registerEsm } = await import('tsx/esm/api');
    const { register: registerCjs } = await import('tsx/cjs/api');
    registerEsm();
    registerCjs();
    const { default: Mocha } = await import('mocha');
    const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, reporter: 'spec', ...(option('--grep') ? { grep: option('--grep') } : {}) });
    mocha.rootHooks({
      // A failed test leaves its screenshot, and no open quick input behind for the next one.
      async afterEach() {
        if (this.currentTest?.state === 'failed') {
          const slug = this.currentTest.title
            .toLowerCase()
            .replace(/[^a-z0-9]+/g, '-')
            .slice(0, 60);
          await page.screenshot({ path: join(ensureResultsDir(), `e2e-failed-${slug}.png`) }).catch(() => {});
        }
        for (
          let i = 0;
          i < 3 &&
          (await page
            .locator('.quick-input-widget')
            .isVisible()
            .catch(() => false));
          i++
        )
          await page.keyboard.press('Escape');
      },
    });
    for (const spec of specs) mocha.addFile(join(repoRoot, 'test/e2e', spec));
    await mocha.loadFilesAsync();
    const failures = await new Promise((resolve) => mocha.run(resolve));
    if (failures > 0) console.log(`screenshots and logs in ${saveLogs(server, 'e2e', consoleLines)}`);
    return failures === 0 ? 0 : 1;
  } catch (error) {
    if (server) saveLogs(server, 'e2e', consoleLines);
    throw error;
  } finally {
    await browser.close();
    await server?.stop();
  }
}

async function main() {
  if (mode !== 'integration' && mode !== 'e2e')
    throw new RigError('usage: node scripts/vscode-test/run.mjs <integration|e2e> [--only trusted|restricted] [--grep text] [--keep]');
  ensureCodeServer();
  const started = Date.now();
  const code = await withTimeout(mode === 'integration' ? integration() : e2e(), OVERALL_TIMEOUT_MS, `The ${mode} run`);
  console.log(`${mode}: ${code === 0 ? 'passed' : 'FAILED'} in ${seconds(Date.now() - started)}`);
  return code;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  console.error(`\n${mode ?? 'vscode-test'}: ${error instanceof RigError ? error.message : error.stack}`);
  exitCode = 1;
} finally {
  if (!keep) for (const dir of temps) removeTemp(dir);
  else console.log(`kept: ${temps.join(' ')}`);
}
// Exit now: code-server and the browser are stopped, and lingering keep-alive sockets must not hold CI.
process.exit(exitCode);
