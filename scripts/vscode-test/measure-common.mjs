// What the measurement scripts (measure-activation.mjs, measure-scale.mjs) share: the copy of
// the built extension they load as the extension under development, and a hello-world
// extension to measure against in the same extension host.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, RigError, tempDir } from './launch.mjs';

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
  if (!existsSync(join(repoRoot, manifest.main ?? 'dist/extension.js'))) throw new RigError('dist/extension.js is missing: run "npm run build" first.');
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
