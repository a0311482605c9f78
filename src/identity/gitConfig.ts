import { execFile } from 'node:child_process';
import { readRegularFile } from '../store/safeFile';
import { homedir } from 'node:os';
import { join } from 'node:path';

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

/**
 * user.email without running anything from the folder: for an untrusted workspace, the
 * repository's .git/config is read as text, then git runs from the home folder for the
 * person's own (global) setting.
 */
export async function userEmailWithoutRepository(folder: string): Promise<string | undefined> {
  try {
    // Untrusted bytes: a regular file only (a FIFO or a link to /dev/zero must not hang or fill memory), at most 1 MB.
    const config = await readRegularFile(join(folder, '.git', 'config'), 1024 * 1024);
    const fromRepository = config ? userEmailIn(config.bytes.toString('utf8')) : undefined;
    if (fromRepository) return fromRepository;
  } catch {
    // no repository here, or .git is a file (a worktree): fall through to the global setting
  }
  return gitConfig(homedir(), 'user.email');
}
