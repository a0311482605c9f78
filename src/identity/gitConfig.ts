import { execFile } from 'node:child_process';
import { lstat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { readRegularFile } from '../store/safeFile';

/** A value from `git config` in the folder, or undefined when git or the value is missing. */
export function gitConfig(cwd: string, key: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', ['config', '--get', key], { cwd, timeout: 5000 }, (error, stdout) => {
      const value = stdout?.trim();
      resolve(error || !value ? undefined : value);
    });
  });
}

/** The `[user] email` of an INI-style git config text, or undefined. */
export function userEmailIn(configText: string): string | undefined {
  let inUser = false;
  let email: string | undefined;
  for (const raw of configText.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('[')) inUser = /^\[\s*user\s*\]$/i.test(line);
    else if (inUser) {
      const match = /^email\s*=\s*"?([^"#;]*)"?/i.exec(line);
      if (match?.[1]?.trim()) email = match[1].trim();
    }
  }
  return email;
}

/** The most folders walked up from the workspace to find `.git`. */
const MAX_LEVELS = 64;
const SMALL_FILE = 4096;

/** A small regular file's text (a `.git` file, `commondir`), or undefined. Never throws. */
async function smallText(path: string, maxBytes = SMALL_FILE): Promise<string | undefined> {
  try {
    return (await readRegularFile(path, maxBytes))?.bytes.toString('utf8');
  } catch {
    return undefined;
  }
}

/**
 * The git configuration files of the repository that holds `folder`, as git itself finds
 * them, without running git: `.git` in the folder or the nearest folder above it (a
 * sub-folder of a repository); when `.git` is a file, the `gitdir:` it names (a worktree, a
 * submodule), and that folder's `commondir` (a worktree's shared git folder). Returns the
 * paths in the order git reads them: the shared `config`, then the worktree's
 * `config.worktree`. Empty when no repository holds the folder. Source: gitrepository-layout(5)
 * (`.git` file, `commondir`, `config.worktree`) and git-worktree(1).
 */
export async function gitConfigFiles(folder: string): Promise<string[]> {
  let at = resolve(folder);
  for (let level = 0; level < MAX_LEVELS; level++) {
    const dotGit = join(at, '.git');
    const info = await lstat(dotGit).catch(() => undefined);
    if (info?.isDirectory()) return [join(dotGit, 'config')];
    if (info?.isFile()) {
      const pointer = /^gitdir:\s*(.+?)\s*$/m.exec((await smallText(dotGit)) ?? '')?.[1];
      if (!pointer) return [];
      const gitDir = resolve(at, pointer);
      const common = (await smallText(join(gitDir, 'commondir')))?.trim();
      const commonDir = common ? resolve(gitDir, common) : gitDir;
      return [join(commonDir, 'config'), join(gitDir, 'config.worktree')];
    }
    const parent = dirname(at);
    if (parent === at) return [];
    at = parent;
  }
  return [];
}

/**
 * user.email without running anything from the folder: for an untrusted workspace, the
 * repository's config files (see gitConfigFiles: a worktree's and a parent folder's too) are
 * read as text, the later one winning as in git, then git runs from the home folder for the
 * person's own (global) setting.
 */
export async function userEmailWithoutRepository(folder: string): Promise<string | undefined> {
  let fromRepository: string | undefined;
  for (const path of await gitConfigFiles(folder)) {
    // Untrusted bytes: a regular file only (a FIFO or a link to /dev/zero must not hang or fill memory), at most 1 MB.
    const text = await smallText(path, 1024 * 1024);
    fromRepository = (text === undefined ? undefined : userEmailIn(text)) ?? fromRepository;
  }
  if (fromRepository) return fromRepository;
  return gitConfig(homedir(), 'user.email');
}
