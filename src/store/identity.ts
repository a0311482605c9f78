/**
 * Who "me" is, without VS Code: a configured email or handle (the extension's `accord.me`
 * setting; the command line's --me or ACCORD_ME), else git's `user.email`, matched against the
 * member files so that existing members keep their ids (core `resolveMemberId`). The extension
 * (src/identity/identity.ts) and the `accord` command line both ask {@link resolveMe}.
 */
import { execFile } from 'node:child_process';
import { lstat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { looksLikeEmail, memberEntityId, MEMBER_ID_PATTERN, type ProfileLookup, resolveMemberId } from '../core';
import { MemberFileAdapter } from './adapter';
import { AccordFileError } from './errors';
import { readRegularFile } from './safeFile';

/** Who "me" is, and where that came from. */
export interface Identity {
  /** The member id: the name of the person's file, `<people>/<member>.json`. */
  member: string;
  /** Where it came from, for messages: configured (a setting, --me, ACCORD_ME), git's user.email, or asked by Set Up. */
  source: 'setting' | 'git' | 'asked';
  /** The email it was matched by, when it was one. */
  email?: string;
}

/**
 * A value from `git config --get <key>` run in `cwd`, or undefined when git, the value or the
 * folder is missing. git runs as the person's own git would (their environment), and reads the
 * repository's config: only in a folder the person trusts (git may run programs it names).
 */
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

/**
 * Reads the member files in `peopleDir` (absolute) for {@link resolveMemberId}: undefined when
 * an id has no file, `{ email }` with the `email` its own profile stores, `{}` when the file
 * has no profile, no email, or cannot be read (it is someone's file all the same). Reads
 * through the store's adapter, so its size cap and validation apply to these untrusted files.
 */
export function storedProfiles(peopleDir: string): ProfileLookup {
  return async (member) => {
    if (!MEMBER_ID_PATTERN.test(member)) return undefined;
    const path = join(peopleDir, `${member}.json`);
    try {
      const data = await new MemberFileAdapter({ path, displayPath: `${member}.json`, member, own: false }).read();
      if (!data) return undefined;
      const id = memberEntityId(member);
      const record = Object.hasOwn(data.entities, id) ? data.entities[id] : undefined;
      const email = record && record.kind === 'member' && record.deleted === undefined ? record.fields.email : undefined;
      return typeof email === 'string' ? { email } : {};
    } catch (error) {
      if (error instanceof AccordFileError) return {};
      throw error;
    }
  };
}

/** What {@link resolveMe} reads. */
export interface MeSources {
  /** An email or handle the person named (the `accord.me` setting, --me, ACCORD_ME); blank or undefined when none. */
  readonly configured?: string;
  /** The folder (absolute) whose repository's `user.email` counts. */
  readonly folder: string;
  /** The member files' folder (absolute): the store's `peopleDir`. */
  readonly peopleDir: string;
  /**
   * Whether git may run in `folder` (it runs programs named in the repository's config): true
   * for a trusted workspace and for the command line, which the person runs in their own
   * repository as they run git. False reads the repository's config files as text
   * ({@link userEmailWithoutRepository}).
   */
  readonly trustedGit: boolean;
}

/**
 * Who "me" is: `configured` when it gives a member id, else git's `user.email` in `folder`,
 * each matched against the member files in `peopleDir` by core `resolveMemberId` (a member
 * whose file records that email keeps its id; an id someone else's file holds is never
 * given). Undefined when neither gives an id. The id need not have a file yet (Set Up makes
 * it): callers that need a member check the team. Throws only what reading a member file
 * throws beyond AccordFileError (which counts as someone's file).
 */
export async function resolveMe(sources: MeSources): Promise<Identity | undefined> {
  const profiles = storedProfiles(sources.peopleDir);
  const configured = sources.configured?.trim();
  if (configured) {
    const member = await resolveMemberId(configured, profiles);
    if (member) return { member, source: 'setting', email: looksLikeEmail(configured) ? configured : undefined };
  }
  const email = sources.trustedGit ? await gitConfig(sources.folder, 'user.email') : await userEmailWithoutRepository(sources.folder);
  const member = email ? await resolveMemberId(email, profiles) : undefined;
  return member ? { member, source: 'git', email } : undefined;
}
