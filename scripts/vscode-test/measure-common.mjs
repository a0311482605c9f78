// What the measurement scripts (measure-activation.mjs, measure-scale.mjs) share: the copy of
// the built extension they load as the extension under development, and a hello-world
// extension to measure against in the same extension host.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeTemp, repoRoot, RigError, tempDir } from './launch.mjs';

/** The id of the hello-world extension made by {@link helloExtension}. */
export const HELLO_ID = 'accord-bench.hello';

/**
 * A copy of the built extension (dist/, media/, package.json, package.nls.json) in a temp
 * folder, with `entry` copied next to it as measure-entry.js. `activationEvents` is emptied
 * unless `keepActivationEvents`, so Accord stays inactive until the entry activates it.
 * Returns the folder; the caller removes its parent with removeTemp.
 */
export function extensionCopy(entry, { keepActivationEvents = false } = {}) {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  // The entry VS Code activates and the rest of Accord it loads (src/extension.ts).
  for (const bundle of [manifest.main ?? 'dist/extension.js', 'dist/accord.js'])
    if (!existsSync(join(repoRoot, bundle))) throw new RigError(`${bundle} is missing: run "npm run build" first.`);
  const dir = join(tempDir('measure-ext'), 'accord');
  mkdirSync(dir, { recursive: true });
  // Copies, not symlinks: VS Code maps require('vscode') to an extension by the file's real path.
  for (const name of ['dist', 'media', 'package.nls.json'])
    if (existsSync(join(repoRoot, name))) cpSync(join(repoRoot, name), join(dir, name), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify(keepActivationEvents ? manifest : { ...manifest, activationEvents: [] }, null, 2));
  cpSync(join(repoRoot, 'scripts/vscode-test', entry), join(dir, 'measure-entry.js'));
  return dir;
}

/**
 * A hello-world extension next to `extensionDir` (in the same temp folder): a manifest with no
 * activation events and a main whose activate() does nothing. Its activate() timed in the same
 * extension host is the fixed cost any extension pays (loading a module, making its API).
 */
export function helloExtension(extensionDir) {
  const dir = join(extensionDir, '..', 'hello');
  mkdirSync(dir, { recursive: true });
  const [publisher, name] = HELLO_ID.split('.');
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name, publisher, version: '0.0.1', engines: { vscode: '^1.95.0' }, activationEvents: [], main: './extension.js' }, null, 2),
  );
  writeFileSync(join(dir, 'extension.js'), 'exports.activate = () => {};\n');
  return dir;
}

/**
 * Opens `url` (a workbench on `server`, whose measurement entry writes `resultFile`) in a new
 * browser context, waits up to `timeoutMs` for the result, and returns it parsed, after
 * `onResult(result)` (run while the server still runs, e.g. to read its logs). Throws RigError
 * when VS Code stops, no result comes in time (with `logTail()`), or the result carries an
 * error. Always closes the context, stops the server and removes its home and the result's
 * folder. `beforeOpen` runs just before the page loads.
 */
export async function measureInWindow({
  browser,
  server,
  url,
  resultFile,
  timeoutMs,
  what,
  contextOptions = {},
  beforeOpen,
  onResult,
  logTail = () => server.logTail(),
}) {
  const context = await browser.newContext(contextOptions);
  try {
    const page = await context.newPage();
    beforeOpen?.();
    await page.goto(url);
    const deadline = Date.now() + timeoutMs;
    while (!existsSync(resultFile)) {
      if (server.exited) throw new RigError(`VS Code stopped before ${what} finished. Its log:\n${server.logTail()}`);
      if (Date.now() > deadline) throw new RigError(`No result of ${what} within ${timeoutMs / 1000} s. Log:\n${logTail()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    // The entry writes the file in one call; a moment lets the write finish.
    await new Promise((r) => setTimeout(r, 50));
    const result = JSON.parse(readFileSync(resultFile, 'utf8'));
    if (result.error) throw new RigError(`${what} failed in the extension host: ${result.error}`);
    onResult?.(result);
    return result;
  } finally {
    await context.close().catch(() => {});
    await server.stop();
    removeTemp(server.home);
    removeTemp(join(resultFile, '..'));
  }
}
