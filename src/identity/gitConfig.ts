import { execFile } from 'node:child_process';

/** A value from `git config` in the folder, or undefined when git or the value is missing. */
export function gitConfig(cwd: string, key: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', ['config', '--get', key], { cwd, timeout: 5000 }, (error, stdout) => {
      const value = stdout?.trim();
      resolve(error || !value ? undefined : value);
    });
  });
}
