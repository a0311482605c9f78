/**
 * Running git: one command at a time, or many objects through one `git cat-file --batch`
 * process. Plain Node (no `vscode`), so the store reads and writes the team's branches the
 * same way in the extension, in the tests and in a command-line tool.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { turnQueue } from './concurrency';

export interface GitOptions {
  /** The repository's working tree (any folder inside it). */
  cwd: string;
  /** The git executable: the one VS Code's git extension found, else `git` on the PATH. */
  gitPath?: string;
}

export interface RunOptions {
  /** Bytes written to git's standard input, which is then closed. */
  input?: Buffer | string;
  /** Extra environment variables (e.g. GIT_INDEX_FILE for a private index). */
  env?: Record<string, string>;
  /** Exit codes that are answers rather than failures (e.g. 1 for `merge-base --is-ancestor`). */
  okCodes?: readonly number[];
}

export interface RunResult {
  stdout: Buffer;
  stderr: string;
  code: number;
}

/** A git command that failed: its arguments, exit code and git's own words (standard error). */
export class GitError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly code: number,
    readonly stderr: string,
  ) {
    super(`git ${args[0] ?? ''} failed (${code}): ${stderr.trim() || 'no message'}`);
    this.name = 'GitError';
  }
}

/**
 * The environment of every git run: never a prompt for a password (it would hang an editor
 * with no terminal), English messages (parsed here and named in errors), no pager, and none of
 * the variables that would point git at another repository or index.
 */
function gitEnvironment(extra: Record<string, string> | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_NAMESPACE', 'GIT_COMMON_DIR', 'GIT_PREFIX']) delete env[name];
  return { ...env, GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', LC_ALL: 'C', LANGUAGE: 'C', GIT_OPTIONAL_LOCKS: '0', ...extra };
}

/**
 * Git processes start one per turn of the event loop: starting a process costs the extension
 * host milliseconds of its thread (the fork of a large process), and a refresh that started a
 * dozen at once held it for tens of milliseconds in one block (issue 20 §2).
 */
const spawnTurn = turnQueue();

/**
 * Runs `git <args>` in `options.cwd` and resolves with its output. Rejects with GitError when
 * git exits with a code not in `okCodes` (default: only 0), and with the spawn error (ENOENT)
 * when there is no git.
 */
export async function runGit(options: GitOptions, args: readonly string[], run: RunOptions = {}): Promise<RunResult> {
  await spawnTurn();
  return new Promise((resolve, reject) => {
    const child = spawn(options.gitPath ?? 'git', args, { cwd: options.cwd, env: gitEnvironment(run.env), stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.stdin.on('error', () => undefined); // git may exit before reading all of it
    child.on('close', (code) => {
      const result = { stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8'), code: code ?? -1 };
      if ((run.okCodes ?? [0]).includes(result.code)) resolve(result);
      else reject(new GitError(args, result.code, result.stderr));
    });
    child.stdin.end(run.input ?? '');
  });
}

/** `runGit`, then standard output as text without its trailing newline. */
export async function gitText(options: GitOptions, args: readonly string[], run?: RunOptions): Promise<string> {
  return (await runGit(options, args, run)).stdout.toString('utf8').replace(/\n$/, '');
}

export type BatchAnswer = { request: string; missing: true } | { request: string; missing?: false; oid: string; type: string; size: number; bytes?: Buffer };

/**
 * Asks one `git cat-file` process for many objects, in order: `--batch` gives each object's
 * bytes, `--batch-check` only its id, type and size. Each request is an object name such as
 * `<commit>:people` or a blob id; a name that does not exist answers `missing`. Names may not
 * hold a newline (git reads one per line).
 */
export async function catFileBatch(options: GitOptions, requests: readonly string[], contents: boolean): Promise<BatchAnswer[]> {
  if (requests.length === 0) return [];
  if (requests.some((r) => r.includes('\n'))) throw new Error('An object name holds a newline.');
  const { stdout } = await runGit(options, ['cat-file', contents ? '--batch' : '--batch-check'], { input: `${requests.join('\n')}\n` });
  const answers: BatchAnswer[] = [];
  let at = 0;
  for (const request of requests) {
    const end = stdout.indexOf(0x0a, at);
    if (end < 0) throw new Error(`git cat-file stopped before answering ${request}.`);
    const header = stdout.toString('utf8', at, end);
    at = end + 1;
    const parts = header.split(' ');
    if (parts[parts.length - 1] === 'missing' || parts[parts.length - 1] === 'ambiguous') {
      answers.push({ request, missing: true });
      continue;
    }
    const [oid, type, sizeText] = parts;
    const size = Number(sizeText);
    if (!oid || !type || !Number.isSafeInteger(size)) throw new Error(`git cat-file answered "${header}" for ${request}.`);
    if (contents) {
      answers.push({ request, oid, type, size, bytes: stdout.subarray(at, at + size) });
      at += size + 1;
    } else answers.push({ request, oid, type, size });
  }
  return answers;
}

export interface TreeEntry {
  /** Octal mode as git writes it: `100644` a file, `100755` an executable, `40000` a tree, `120000` a link. */
  mode: string;
  name: string;
  oid: string;
}

/**
 * The entries of a tree object as `git cat-file --batch` gives it: `<mode> <name>\0<id>` with
 * the id in binary, 20 bytes (SHA-1) or 32 (SHA-256), told apart by `oidBytes`. Source: git's
 * tree format, Documentation/gitformat-index and tree-walk.c.
 */
export function parseTree(bytes: Buffer, oidBytes: number): TreeEntry[] {
  const entries: TreeEntry[] = [];
  let at = 0;
  while (at < bytes.length) {
    const space = bytes.indexOf(0x20, at);
    const nul = bytes.indexOf(0, space + 1);
    if (space < 0 || nul < 0 || nul + 1 + oidBytes > bytes.length) throw new Error('A git tree object is cut short.');
    entries.push({
      mode: bytes.toString('latin1', at, space),
      name: bytes.toString('utf8', space + 1, nul),
      oid: bytes.toString('hex', nul + 1, nul + 1 + oidBytes),
    });
    at = nul + 1 + oidBytes;
  }
  return entries;
}

/** A short reason from git's standard error: its `error:`/`fatal:` lines, else its first line. */
export function gitReason(error: unknown): string {
  const stderr =
    error instanceof GitError ? error.stderr : typeof (error as { stderr?: unknown })?.stderr === 'string' ? String((error as { stderr: string }).stderr) : '';
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const told = lines.filter((l) => /^(error|fatal|remote|!)/i.test(l));
  return (told.length ? told : lines).slice(0, 3).join(' ') || (error as Error)?.message || String(error);
}

/** The git blob id of some bytes: SHA-1 (40 hex digits) or SHA-256 (64) of `blob <size>\0<bytes>`. */
export function blobId(bytes: Uint8Array, hexLength: number): string {
  const hash = createHash(hexLength === 64 ? 'sha256' : 'sha1');
  hash.update(`blob ${bytes.length}\0`);
  hash.update(bytes);
  return hash.digest('hex');
}
