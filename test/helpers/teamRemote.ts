/**
 * A team remote for a test workspace, as a person sets one up in a terminal: a bare repository
 * in a temp folder, added as `origin`, with everything so far committed and `main` pushed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
}

/** Returns the temp folder (remove it after the suite) and the bare repository's path. */
export function teamRemote(repo: string, prefix: string): { top: string; remote: string } {
  const top = mkdtempSync(join(tmpdir(), prefix));
  const remote = join(top, 'team.git');
  git(top, 'init', '-q', '--bare', remote);
  git(repo, 'remote', 'add', 'origin', remote);
  git(repo, 'add', '-A');
  if (spawnSync('git', ['diff', '--cached', '--quiet'], { cwd: repo }).status !== 0) git(repo, 'commit', '-q', '-m', 'Work so far');
  git(repo, 'push', '-q', '-u', 'origin', 'main');
  return { top, remote };
}
