#!/usr/bin/env node
// Activation cost of Accord inside a real extension host (code-server + Chromium).
//   node scripts/vscode-test/measure-activation.mjs <workspace> [--runs N] [--settle-ms N]
// Prints {"activate_ms": N} on stdout (the median over runs); details go to stderr.
//
// How: Accord's manifest activates on workspaceContains:.accord/people, so in a real
// workspace it is already active before any test code runs. This copies the built extension
// (dist/, media/, package.json, package.nls.json) to a temp folder with "activationEvents"
// emptied, opens the workspace with that copy as the extension under development, and runs
// measure-entry.cjs in the extension host: after the host settles it times
// `await extension.activate()` (module load + activate()) with performance.now(). It also
// reports, on stderr, when the data finished loading (workspace.ready). Each run is a fresh
// code-server, so every measurement is a cold activation. The workspace is only read.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchBrowser, removeTemp, RigError, startCodeServer, tempDir, withTimeout, workbenchUrl } from './launch.mjs';
import { extensionCopy, measureInWindow } from './measure-common.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const workspaceArg = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
const runs = Number(option('--runs', '1'));
const settleMs = option('--settle-ms', '2000');
const RUN_TIMEOUT_MS = 3 * 60_000;

async function measureOnce(browser, extension, workspace, run) {
  const resultFile = join(tempDir('measure-result'), 'result.json');
  const server = await startCodeServer({
    folder: workspace,
    trust: true,
    env: { ACCORD_MEASURE_RESULT: resultFile, ACCORD_MEASURE_SETTLE_MS: settleMs },
    label: 'measure',
  });
  const result = await measureInWindow({
    browser,
    server,
    url: workbenchUrl(server, workspace, { extensionDevelopmentPath: extension, extensionTestsPath: join(extension, 'measure-entry.js') }),
    resultFile,
    timeoutMs: RUN_TIMEOUT_MS,
    what: 'the activation measurement',
  });
  if (result.wasActive) throw new RigError('Accord was already active before the measurement: something activated it (an open Accord view?).');
  console.error(
    `run ${run}: activate ${result.activate_ms.toFixed(1)} ms, data ready ${result.data_ready_ms?.toFixed(1) ?? '?'} ms, ${JSON.stringify(result.counts ?? {})}${result.errors?.length ? `, errors: ${result.errors.join('; ')}` : ''}`,
  );
  return result;
}

async function main() {
  if (!workspaceArg) throw new RigError('usage: node scripts/vscode-test/measure-activation.mjs <workspace> [--runs N] [--settle-ms N]');
  const workspace = resolve(workspaceArg);
  if (!existsSync(workspace)) throw new RigError(`No such workspace: ${workspace}`);
  if (!Number.isInteger(runs) || runs < 1) throw new RigError('--runs needs a whole number of 1 or more');
  const extension = extensionCopy('measure-entry.cjs');
  const browser = await launchBrowser();
  const results = [];
  try {
    for (let run = 1; run <= runs; run++) results.push(await measureOnce(browser, extension, workspace, run));
  } finally {
    await browser.close();
    removeTemp(join(extension, '..'));
  }
  const sorted = results.map((r) => r.activate_ms).sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  console.log(JSON.stringify({ activate_ms: Math.round(median * 10) / 10 }));
}

try {
  await withTimeout(main(), (runs || 1) * RUN_TIMEOUT_MS + 60_000, 'The activation measurement');
  process.exit(0);
} catch (error) {
  console.error(`measure-activation: ${error instanceof RigError ? error.message : error.stack}`);
  process.exit(1);
}
