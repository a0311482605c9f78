// Runs inside the extension host as `extensionTestsPath` (copied next to the measured copy of
// Accord by measure-activation.mjs): times activate() of the not-yet-active extension.
/* eslint-disable @typescript-eslint/no-require-imports -- the extension host loads this entry with require() */
const { writeFileSync } = require('node:fs');
const { performance } = require('node:perf_hooks');
const vscode = require('vscode');

exports.run = async function run() {
  const out = process.env.ACCORD_MEASURE_RESULT;
  const result = {};
  try {
    const extension = vscode.extensions.getExtension('accord-team.accord');
    if (!extension) throw new Error('accord-team.accord is not loaded');
    result.wasActive = extension.isActive;
    // Let the extension host finish its own start-up work before the clock starts.
    await new Promise((resolve) => setTimeout(resolve, Number(process.env.ACCORD_MEASURE_SETTLE_MS || 2000)));
    result.wasActive ||= extension.isActive;
    const started = performance.now();
    const api = await extension.activate(); // loads dist/extension.js and calls activate()
    result.activate_ms = performance.now() - started;
    // Accord loads the rest of itself in the turns after activate(); reading the API sooner would load it at once.
    if (api) await api.started;
    if (api && api.workspace) {
      await api.workspace.ready; // the data, loaded off the activation path
      result.data_ready_ms = performance.now() - started;
      const entities = api.workspace.state.entities;
      result.counts = Object.fromEntries(Object.entries(entities).map(([kind, map]) => [kind, map.size]));
      result.errors = api.workspace.store.errors.map((error) => error.message);
    }
  } catch (error) {
    result.error = String((error && error.stack) || error);
  }
  writeFileSync(out, JSON.stringify(result));
};
