#!/usr/bin/env node
// Accord at scale in a real extension host (code-server + Chromium): issue 20 §3 and §4.
//   node scripts/vscode-test/measure-scale.mjs <spec.json>
// spec.json: [{ "name": "scale", "workspace": "/abs/folder", "plan": {...}, "realActivation": false, "me": "a@b.c" }, ...]
// Each entry is one cold VS Code window on its workspace, with Accord (a copy of the build) as
// the extension under development and a hello-world extension installed beside it, running
// measure-scale-entry.cjs in the extension host; that file says what each figure measures.
// `realActivation` keeps Accord's own activation events (for the start-up of a crowded
// workspace); otherwise they are emptied and the entry activates Accord itself.
// Prints one JSON line on stdout, { <name>: <figures> }; progress and details go to stderr.
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchBrowser, QUIET_SETTINGS, removeTemp, RigError, startCodeServer, tempDir, withTimeout, workbenchUrl } from './launch.mjs';
import { extensionCopy, HELLO_ID, helloExtension, measureInWindow } from './measure-common.mjs';

const RUN_TIMEOUT_MS = Number(process.env.ACCORD_MEASURE_TIMEOUT_S || 240) * 1000;

/**
 * Installs the hello-world extension into the fresh extensions folder of `server` before any
 * window opens (the workbench loads one extension under development only): the folder, and
 * its entry in the folder's extensions.json, which the extension host reads when it starts.
 */
function installBeforeWindow(server, hello) {
  const extensionsDir = join(server.home, 'extensions');
  const [publisher, name] = HELLO_ID.split('.');
  const relative = `${publisher}.${name}-0.0.1`;
  const target = join(extensionsDir, relative);
  cpSync(hello, target, { recursive: true });
  const listFile = join(extensionsDir, 'extensions.json');
  const list = existsSync(listFile) ? JSON.parse(readFileSync(listFile, 'utf8')) : [];
  list.push({
    identifier: { id: HELLO_ID },
    version: '0.0.1',
    location: { $mid: 1, path: target, scheme: 'file' },
    relativeLocation: relative,
    metadata: { installedTimestamp: 0, source: 'vsix' },
  });
  writeFileSync(listFile, JSON.stringify(list));
}

/** The last lines of the extension host's own log (activations, errors), for a run that gave no figures. */
function hostLogTail(server) {
  const logs = join(server.userDataDir, 'logs');
  const found = existsSync(logs) ? readdirSync(logs, { recursive: true }).filter((f) => String(f).endsWith('remoteexthost.log')) : [];
  return (
    found
      .map((f) =>
        readFileSync(join(logs, String(f)), 'utf8')
          .trimEnd()
          .split('\n')
          .slice(-25)
          .join('\n'),
      )
      .join('\n---\n') || '(no extension host log)'
  );
}

/**
 * When and by which event the extension host activated Accord, from its own log: milliseconds
 * from "Extension host with pid … started" to Accord's `_doActivateExtension` line, and the event
 * named there (`workspaceContains:.accord/people`, `onStartupFinished`, `api`…).
 */
function activationFromLog(server) {
  const logs = join(server.userDataDir, 'logs');
  const file = existsSync(logs) ? readdirSync(logs, { recursive: true }).find((f) => String(f).endsWith('remoteexthost.log')) : undefined;
  if (!file) return {};
  const text = readFileSync(join(logs, String(file)), 'utf8');
  const at = (line) => Date.parse(line.slice(0, 23).replace(' ', 'T') + 'Z');
  const started = text.split('\n').find((line) => /Extension host with pid \d+ started/.test(line));
  const activated = text.split('\n').find((line) => line.includes('_doActivateExtension accord-team.accord'));
  if (!started || !activated) return {};
  return { activation_event: /activationEvent: '([^']*)'/.exec(activated)?.[1], activated_after_host_start_ms: at(activated) - at(started) };
}

async function measureOne(browser, entry) {
  const extension = extensionCopy('measure-scale-entry.cjs', { keepActivationEvents: entry.realActivation === true });
  const hello = helloExtension(extension);
  const resultFile = join(tempDir('measure-result'), 'result.json');
  const server = await startCodeServer({
    folder: entry.workspace,
    trust: true,
    settings: { ...QUIET_SETTINGS, ...(entry.me ? { 'accord.me': entry.me } : {}) },
    env: {
      ACCORD_MEASURE_RESULT: resultFile,
      ACCORD_MEASURE_PLAN: JSON.stringify({ ...entry.plan, startup: entry.realActivation === true }),
      ...Object.fromEntries(['ACCORD_MEASURE_CPU_PROFILE', 'ACCORD_MEASURE_CPU_PROFILE_OF'].filter((k) => process.env[k]).map((k) => [k, process.env[k]])),
    },
    label: 'measure-scale',
  });
  try {
    const result = await measureInWindow({
      browser,
      server,
      url: workbenchUrl(server, entry.workspace, { extensionDevelopmentPath: extension, extensionTestsPath: join(extension, 'measure-entry.js') }),
      resultFile,
      timeoutMs: RUN_TIMEOUT_MS,
      what: `the measurement of ${entry.name}`,
      contextOptions: { viewport: { width: 1400, height: 900 } },
      beforeOpen: () => installBeforeWindow(server, hello),
      onResult: (result) => Object.assign(result, activationFromLog(server)),
      logTail: () => hostLogTail(server),
    });
    if (result.wasActive) throw new RigError(`${entry.name}: Accord or the hello-world extension was active before the measurement.`);
    return result;
  } finally {
    removeTemp(join(extension, '..'));
  }
}

async function main() {
  const specFile = process.argv[2];
  if (!specFile || !existsSync(specFile)) throw new RigError('usage: node scripts/vscode-test/measure-scale.mjs <spec.json>');
  const spec = JSON.parse(readFileSync(specFile, 'utf8'));
  const browser = await launchBrowser();
  const results = {};
  try {
    for (const entry of spec) {
      entry.workspace = resolve(entry.workspace);
      const started = Date.now();
      console.error(`measure-scale: ${entry.name} (${entry.workspace})…`);
      results[entry.name] = await measureOne(browser, entry);
      console.error(`measure-scale: ${entry.name} done in ${Math.round((Date.now() - started) / 1000)} s: ${JSON.stringify(results[entry.name])}`);
    }
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify(results));
}

try {
  await withTimeout(main(), 30 * 60_000, 'The scale measurement');
  process.exit(0);
} catch (error) {
  console.error(`measure-scale: ${error instanceof RigError ? error.message : error.stack}`);
  process.exit(1);
}
