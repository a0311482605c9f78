// A real VS Code for the test rig and the demo: code-server (VS Code's workbench and Node
// extension host) on a free 127.0.0.1 port, driven by Debian's Chromium through playwright-core.
// Shared by run.mjs, demo.mjs and measure-activation.mjs; see /work/shared/real-vscode.md.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, cpSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const codeServerBin = join(repoRoot, '.vscode-test/code-server/node_modules/.bin/code-server');
export const resultsDir = join(repoRoot, 'test-results');
export const chromiumPath = process.env.ACCORD_CHROMIUM || '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A failure the person can act on: printed without a stack trace. */
export class RigError extends Error {
  name = 'RigError';
}

/** Settings that keep a test workbench quiet: no tips, no update checks, no welcome page. */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  // Accord shares through the built-in git extension, so it stays on; nothing fetches.
  'git.enabled': true,
  'git.autofetch': false,
  'git.openRepositoryInParentFolders': 'never',
  'github.gitAuthentication': false,
  'chat.commandCenter.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  // In the Restricted Mode run the folder stays untrusted without a modal covering the window.
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.emptyWindow': false,
};

// Everything started here is stopped on the way out, whatever the way out is.
const cleanups = new Set();
let exiting = false;
function runCleanupsSync() {
  for (const cleanup of cleanups) {
    try {
      cleanup.sync();
    } catch {
      // already gone
    }
  }
  cleanups.clear();
}
process.on('exit', runCleanupsSync);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (exiting) return;
    exiting = true;
    console.error(`\naccord: ${signal}, stopping VS Code and the browser`);
    runCleanupsSync();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

/** Runs `fn` (synchronously) however this process ends; returns a function that cancels it. */
export function atExit(fn) {
  const cleanup = { sync: fn };
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/** Installs code-server (and the Debian packages it needs) when it is missing. */
export function ensureCodeServer() {
  if (existsSync(codeServerBin)) return;
  console.log('accord: code-server is not installed yet; running scripts/setup-vscode.sh');
  const setup = spawnSync('bash', [join(repoRoot, 'scripts/setup-vscode.sh')], { stdio: 'inherit' });
  if (setup.status !== 0 || !existsSync(codeServerBin)) {
    throw new RigError(
      `VS Code (code-server) could not be installed: scripts/setup-vscode.sh exited with ${setup.status ?? setup.signal}. See its output above.`,
    );
  }
}

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolvePort(port));
    });
  });
}

export function tempDir(prefix) {
  return mkdtempSync(join(tmpdir(), `accord-${prefix}-`));
}

/** Runs git in `cwd`; throws a RigError with git's message when it fails. */
export function git(cwd, ...args) {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new RigError(`git ${args.join(' ')} failed in ${cwd}: ${result.stderr || result.error?.message}`);
  return result.stdout.trim();
}

/**
 * A throwaway copy of a committed workspace, git init'ed with `email` as user.email so Accord
 * resolves "me" the way it does for a real person; the committed folder stays clean.
 */
export function copyWorkspace(source, { email, name, prefix = 'workspace', commit = true, prepare }) {
  if (!existsSync(source)) throw new RigError(`The workspace to copy is missing: ${source}`);
  const folder = join(tempDir(prefix), 'workspace');
  cpSync(source, folder, { recursive: true });
  prepare?.(folder); // before the first commit, so the copy starts with a clean working tree
  git(folder, 'init', '-q', '-b', 'main');
  git(folder, 'config', 'user.email', email);
  git(folder, 'config', 'user.name', name);
  git(folder, 'config', 'commit.gpgsign', 'false');
  if (commit) {
    git(folder, 'add', '-A');
    git(folder, 'commit', '-q', '-m', 'Accord data');
  }
  return folder;
}

/** The path of a local file as the workbench addresses it through code-server. */
export function remoteUri(server, path) {
  return `vscode-remote://127.0.0.1:${server.port}${resolve(path)}`;
}

/**
 * The workbench URL for a folder (or a workspace file, or no folder); with extensionDevelopmentPath the extension under
 * development is loaded, with extensionTestsPath its mocha entry is run in the extension host.
 */
export function workbenchUrl(server, folder, { extensionDevelopmentPath, extensionTestsPath, workspaceFile } = {}) {
  // A folder, a .code-workspace file (multi-root), or neither: an empty window.
  const params = new URLSearchParams(workspaceFile ? { workspace: resolve(workspaceFile) } : folder ? { folder: resolve(folder) } : { ew: 'true' });
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remoteUri(server, extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remoteUri(server, extensionTestsPath)]);
  if (payload.length) params.set('payload', JSON.stringify(payload));
  return `${server.origin}/?${params}`;
}

function tail(file, lines = 30) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts code-server for `folder` with fresh user-data and extensions folders. Resolves once
 * it answers on its port; rejects with the reason (and its log) when it cannot start.
 * `trust: false` leaves Workspace Trust on, so an untrusted folder opens in Restricted Mode.
 */
export async function startCodeServer(options = {}) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startCodeServerOnce(options);
    } catch (error) {
      // The free port can be taken between finding it and binding it: try another one.
      const raced = error instanceof RigError && /EADDRINUSE/.test(error.message) && options.port === undefined;
      if (!raced || attempt === 3) throw error;
    }
  }
}

async function startCodeServerOnce({ folder, trust = true, env = {}, settings = QUIET_SETTINGS, label = 'vscode', readyTimeoutMs = 60_000, port } = {}) {
  ensureCodeServer();
  const home = tempDir(label);
  const userDataDir = join(home, 'user-data');
  const extensionsDir = join(home, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userDataDir, 'User/settings.json'), JSON.stringify(settings, null, 2));
  port ??= await freePort();
  // Its own config file: code-server would otherwise read (or write) ~/.config/code-server.
  const config = join(home, 'config.yaml');
  writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const logFile = join(home, 'code-server.log');
  const log = openSync(logFile, 'a');
  const args = [
    '--config',
    config,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    ...(trust ? ['--disable-workspace-trust'] : []),
    ...(folder ? [resolve(folder)] : []),
  ];
  const child = spawn(codeServerBin, args, {
    cwd: home,
    env: { ...process.env, ...env, XDG_CONFIG_HOME: join(home, 'xdg-config'), XDG_DATA_HOME: join(home, 'xdg-data') },
    stdio: ['ignore', log, log],
    detached: true, // its own process group, so stopping it also stops its extension hosts
  });
  closeSync(log);
  let exited = null;
  const exitPromise = new Promise((r) => child.once('exit', (code, signal) => r((exited = { code, signal }))));
  child.once('error', (error) => (exited = { code: null, signal: null, error }));

  const killGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const cleanup = { sync: () => killGroup('SIGKILL') };
  cleanups.add(cleanup);
  const server = {
    port,
    origin: `http://127.0.0.1:${port}`,
    home,
    logFile,
    userDataDir,
    get exited() {
      return exited;
    },
    /** Stops code-server and everything it started; safe to call twice. */
    async stop() {
      if (!cleanups.has(cleanup)) return;
      cleanups.delete(cleanup);
      if (!exited) {
        killGroup('SIGTERM');
        await Promise.race([exitPromise, sleep(5000)]);
      }
      killGroup('SIGKILL'); // stragglers in the group (extension hosts, file watchers)
    },
    logTail: (lines) => tail(logFile, lines),
  };

  const deadline = Date.now() + readyTimeoutMs;
  while (Date.now() < deadline) {
    if (exited) {
      await server.stop();
      const why = exited.error ? exited.error.message : `exit code ${exited.code ?? exited.signal}`;
      throw new RigError(`VS Code (code-server) did not start (${why}). Its log, ${logFile}:\n${tail(logFile)}`);
    }
    try {
      const response = await fetch(`${server.origin}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return server;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  await server.stop();
  throw new RigError(`VS Code (code-server) did not answer on 127.0.0.1:${port} within ${readyTimeoutMs / 1000} s. Its log, ${logFile}:\n${tail(logFile)}`);
}

/** Chromium through playwright-core; rejects with the reason when it cannot start. */
export async function launchBrowser() {
  if (!existsSync(chromiumPath)) {
    throw new RigError(
      `Chromium is not installed at ${chromiumPath}: run scripts/setup-vscode.sh as root (it installs Debian's chromium), or set ACCORD_CHROMIUM to a Chromium binary.`,
    );
  }
  const { chromium } = await import('playwright-core');
  let browser;
  try {
    browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS, timeout: 60_000 });
  } catch (error) {
    // Playwright's message repeats the whole command line; keep what says why.
    const why = error.message
      .split('\n')
      .filter((line) => line.trim() && !/<launching>|--no-sandbox/.test(line))
      .slice(0, 8)
      .join('\n');
    throw new RigError(`Chromium (${chromiumPath}) could not start: ${why}`);
  }
  const cleanup = {
    sync: () => {
      // playwright kills its browsers on exit too; this covers a hard process.exit().
      const pid = browser.process?.()?.pid;
      if (pid) process.kill(pid, 'SIGKILL');
    },
  };
  cleanups.add(cleanup);
  const close = browser.close.bind(browser);
  browser.close = async () => {
    cleanups.delete(cleanup);
    await Promise.race([close(), sleep(10_000)]);
    cleanup.sync();
  };
  return browser;
}

/** Rejects after `ms` with a message naming what took too long. */
export function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new RigError(`${what} did not finish within ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Removes a temp folder made here; never anything else. */
export function removeTemp(path) {
  if (path && resolve(path).startsWith(tmpdir())) rmSync(path, { recursive: true, force: true });
}

export function ensureResultsDir() {
  mkdirSync(resultsDir, { recursive: true });
  return resultsDir;
}
