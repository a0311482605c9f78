// The same integration suites on a desktop with internet, through @vscode/test-cli (which
// downloads VS Code): `npx vscode-test` runs both configurations, `npx vscode-test --label
// restricted` one of them. On machines without that download, npm run test:integration runs
// them in code-server instead (scripts/vscode-test/run.mjs).
//
// The suites are TypeScript; tsx compiles them in the extension host. Each configuration opens
// a fresh, git-initialised copy of test/fixtures/workspace with Alex as git user.email, as the
// code-server runner does. Build the extension first (npm run build).
import { defineConfig } from '@vscode/test-cli';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

function fixtureCopy(label) {
  const folder = join(mkdtempSync(join(tmpdir(), `accord-${label}-`)), 'workspace');
  cpSync(join(root, 'test/fixtures/workspace'), folder, { recursive: true });
  const git = (...args) => execFileSync('git', args, { cwd: folder, stdio: 'ignore' });
  git('init', '-q');
  git('config', 'user.email', 'alex@example.com');
  git('config', 'user.name', 'Alex Rivera');
  return folder;
}

const mocha = { ui: 'bdd', timeout: 20_000, require: ['tsx/cjs'] };
// As in test/integration/index.ts: restricted*.test.ts run in Restricted Mode, every other suite in
// a trusted folder; activation first, writes (which renames "me" and puts it back) last.
const suites = readdirSync(join(root, 'test/integration')).filter((file) => file.endsWith('.test.ts'));
const order = (file) => (file.startsWith('activation') ? 0 : file.startsWith('writes') ? 2 : 1);
const main = suites
  .filter((file) => !file.startsWith('restricted'))
  .sort((a, b) => order(a) - order(b) || a.localeCompare(b))
  .map((file) => `test/integration/${file}`);
const restricted = suites.filter((file) => file.startsWith('restricted')).map((file) => `test/integration/${file}`);

export default defineConfig([
  {
    label: 'integration',
    files: main,
    version: '1.100.3', // the oldest VS Code this repo is tested against (code-server 4.100.3); also try 'stable'
    extensionDevelopmentPath: root,
    workspaceFolder: fixtureCopy('integration'),
    launchArgs: ['--disable-workspace-trust', '--disable-extensions'],
    mocha,
  },
  {
    // Workspace trust left on: the fixture copy opens in Restricted Mode.
    label: 'restricted',
    files: restricted,
    version: '1.100.3',
    extensionDevelopmentPath: root,
    workspaceFolder: fixtureCopy('restricted'),
    launchArgs: ['--disable-extensions'],
    mocha,
  },
]);
