/** Running the built `accord` (dist/cli.js) as a child process, as a person or a CI job does, for the CLI tests. */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const ROOT = join(__dirname, '..', '..');
export const CLI = join(ROOT, 'dist', 'cli.js');
const run = promisify(execFile);

/** How a run ended: its exit code and what it wrote on each stream. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** A git that reads no settings of this machine's user or system: only the repository's own. */
export const NO_HOST_GIT = { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };

/**
 * Runs `node dist/cli.js …args` in `cwd` and resolves to how it ended; never rejects, whatever the
 * exit code. The child gets this process's environment without what would change its answer
 * (NO_COLOR, FORCE_COLOR, ACCORD_*, GIT_*, TZ) and with a git that reads no host settings, then
 * `env` on top.
 */
export async function accord(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(NO_COLOR|FORCE_COLOR|ACCORD_|GIT_|TZ$)/.test(name)));
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { cwd, env: { ...clean, ...NO_HOST_GIT, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: unknown; stdout: string; stderr: string };
    assert.equal(typeof failed.code, 'number', `accord ${args.join(' ')} did not run: ${String(error)}`);
    return { code: failed.code as number, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** Every entry under `folder`: its kind, size, modification time and content hash (or link target), by path. */
export async function snapshot(folder: string): Promise<Map<string, string>> {
  const seen = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    for (const name of (await readdir(dir)).sort()) {
      const path = join(dir, name);
      const info = await lstat(path);
      if (info.isSymbolicLink()) seen.set(path, `link ${await readlink(path)} ${info.mtimeMs}`);
      else if (info.isDirectory()) {
        seen.set(path, `dir ${info.mtimeMs}`);
        await walk(path);
      } else
        seen.set(
          path,
          `file ${info.size} ${info.mtimeMs} ${createHash('sha256')
            .update(await readFile(path))
            .digest('hex')}`,
        );
    }
  };
  await walk(folder);
  return seen;
}

/** A covenant whose mentor, Kim, alone accepts Sam Okafor's renegotiations of due dates (decision rights, issue 17). */
export const MENTOR_COVENANT = [
  '# Our covenant',
  '',
  '```accord',
  'roles:',
  '  mentor: kim',
  'decisions:',
  '  renegotiations:',
  '    - accepts: mentor',
  '      for: Sam Okafor',
  '      changes: [due]',
  '```',
  '',
].join('\n');
