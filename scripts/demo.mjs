#!/usr/bin/env node
// Opens Accord on a copy of the sample workspace (sample/): Maya mentors Sam, four weeks of
// goals, micro-goals, check-ins and feedback, with dates moved so "today" is today.
//   node scripts/demo.mjs [--as sam|maya] [--browser] [--port N] [--keep]
// With `code` on PATH it opens desktop VS Code with the extension under development; otherwise
// (or with --browser) it serves VS Code (code-server) on 127.0.0.1 and prints the URL, until Ctrl+C.
// The committed sample/ is never touched: the copy lives in a temp folder, git-initialised.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { atExit, copyWorkspace, QUIET_SETTINGS, removeTemp, repoRoot, RigError, startCodeServer, workbenchUrl } from './vscode-test/launch.mjs';

const PEOPLE = {
  sam: { email: 'sam@example.com', name: 'Sam Okafor' },
  maya: { email: 'maya@example.com', name: 'Maya Chen' },
};

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).status === 0;
}

/** Moves the copy's dates so the sample's "today" is today (scripts/make-sample.ts --rebase). */
function rebaseToToday(folder) {
  const tsx = join(repoRoot, 'node_modules/.bin/tsx');
  if (!existsSync(tsx)) throw new RigError('tsx is missing: run npm install first.');
  const result = spawnSync(tsx, [join(repoRoot, 'scripts/make-sample.ts'), '--rebase', folder], { stdio: 'inherit' });
  if (result.status !== 0) throw new RigError('Could not move the sample to today (scripts/make-sample.ts --rebase failed).');
}

async function main() {
  const who = option('--as') ?? 'sam';
  const me = PEOPLE[who];
  if (!me) throw new RigError(`--as must be one of: ${Object.keys(PEOPLE).join(', ')}`);
  for (const bundle of ['dist/extension.js', 'dist/accord.js'])
    if (!existsSync(join(repoRoot, bundle))) throw new RigError(`${bundle} is missing: run "npm run build" (npm run demo does).`);
  const folder = copyWorkspace(join(repoRoot, 'sample'), { ...me, prefix: 'demo', prepare: rebaseToToday });
  console.log(`accord demo: ${me.name} (${me.email}) in ${folder}`);

  if (!args.includes('--browser') && onPath('code')) {
    const code = spawnSync('code', ['--new-window', `--extensionDevelopmentPath=${repoRoot}`, folder], { stdio: 'inherit' });
    if (code.status !== 0) throw new RigError(`"code" exited with ${code.status ?? code.signal}`);
    console.log('accord demo: opened in VS Code. The sample copy stays in the temp folder above; delete it when done.');
    return 'detached';
  }

  const port = option('--port') ? Number(option('--port')) : undefined;
  // Trusted, so check-ins and goals can be written; git on, so Source Control shows the JSON diffs.
  const server = await startCodeServer({
    folder,
    trust: true,
    settings: { ...QUIET_SETTINGS, 'git.enabled': true },
    label: 'demo',
    port,
    readyTimeoutMs: 90_000,
  });
  atExit(() => removeTemp(server.home));
  if (!args.includes('--keep')) atExit(() => removeTemp(join(folder, '..')));
  const url = workbenchUrl(server, folder, { extensionDevelopmentPath: repoRoot });
  console.log(
    `\naccord demo: VS Code is ready. Open this URL in a browser on this machine:\n\n  ${url}\n\nThen click the Accord icon in the activity bar. Ctrl+C stops it.`,
  );
  // Until Ctrl+C: launch.mjs stops code-server on the way out.
  await new Promise((resolve) => {
    const watch = setInterval(() => {
      if (server.exited) {
        clearInterval(watch);
        resolve();
      }
    }, 1000);
  });
  throw new RigError(`VS Code (code-server) stopped. Its log:\n${server.logTail()}`);
}

try {
  const outcome = await main();
  if (outcome === 'detached') process.exit(0);
} catch (error) {
  console.error(`accord demo: ${error instanceof RigError ? error.message : error.stack}`);
  process.exit(1);
}
