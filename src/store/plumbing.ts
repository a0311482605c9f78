/**
 * Git plumbing for the data branch: objects and trees written without a working tree or the
 * person's index, commits made with `commit-tree`, and the merge of two data-branch commits
 * (member files per field, other files line by line). Plain Node; every function takes the
 * repository as GitOptions and rejects with GitError when git refuses.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareText, type EntityRecord, mergeOwnCopy, MEMBER_ID_PATTERN, withoutMoved } from '../core';
import { AccordFileError } from './errors';
import { highestClock, type MemberFileData, parseMemberFile, serializeMemberFile } from './format';
import { catFileBatch, GitError, type GitOptions, gitText, runGit } from './gitProcess';

/** A shared file changed on both sides in the same lines: the merge with git's conflict markers. */
export interface TextConflict {
  path: string;
  text: string;
}

/** Writes bytes into git's object store; their blob id. */
export async function writeBlob(git: GitOptions, bytes: Uint8Array): Promise<string> {
  return gitText(git, ['hash-object', '-w', '--stdin'], { input: Buffer.from(bytes) });
}

/**
 * A tree: `base` (a tree id, or none) with `changes` applied, each path to a blob id, made
 * in a private index so the person's own index is never touched.
 */
export async function makeTree(git: GitOptions, base: string | undefined, changes: ReadonlyMap<string, string>): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'accord-index-'));
  const env = { GIT_INDEX_FILE: join(folder, 'index') };
  try {
    await runGit(git, base ? ['read-tree', base] : ['read-tree', '--empty'], { env });
    const lines = [...changes].map(([path, oid]) => `100644 ${oid}\t${path}\n`).join('');
    if (lines) await runGit(git, ['update-index', '--index-info'], { env, input: lines });
    return await gitText(git, ['write-tree'], { env });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** `git commit-tree`, with an identity of last resort when git has none configured here. */
export async function commitTree(git: GitOptions, tree: string, parents: readonly string[], message: string, me: string): Promise<string> {
  const args = ['commit-tree', tree, ...parents.flatMap((p) => ['-p', p])];
  try {
    return await gitText(git, args, { input: message });
  } catch (error) {
    if (!(error instanceof GitError) || !/tell me who you are|auto-detect|empty ident/i.test(error.stderr)) throw error;
    const who = { GIT_AUTHOR_NAME: me, GIT_AUTHOR_EMAIL: `${me}@accord.invalid`, GIT_COMMITTER_NAME: me, GIT_COMMITTER_EMAIL: `${me}@accord.invalid` };
    return gitText(git, args, { input: message, env: who });
  }
}

export async function isAncestor(git: GitOptions, a: string, b: string): Promise<boolean> {
  return (await runGit(git, ['merge-base', '--is-ancestor', a, b], { okCodes: [0, 1] })).code === 0;
}

/** Every path of a commit's tree (files only) to its blob id. */
export async function filesOf(git: GitOptions, commit: string | undefined): Promise<Map<string, string>> {
  if (!commit) return new Map();
  const out = (await runGit(git, ['ls-tree', '-r', '-z', '--full-tree', commit])).stdout.toString('utf8');
  const files = new Map<string, string>();
  for (const line of out.split('\0')) {
    const match = /^(\d+) blob ([0-9a-f]+)\t(.+)$/s.exec(line);
    if (match) files.set(match[3]!, match[2]!);
  }
  return files;
}

export async function blobBytes(git: GitOptions, oid: string): Promise<Buffer> {
  const [answer] = await catFileBatch(git, [oid], true);
  if (!answer || answer.missing || !answer.bytes) throw new GitError(['cat-file'], 1, `object ${oid} is missing`);
  return answer.bytes;
}

/** The blob id of a path in a commit, or undefined. */
export async function oidAt(git: GitOptions, commit: string, path: string): Promise<string | undefined> {
  const [answer] = await catFileBatch(git, [`${commit}:${path}`], false);
  return answer && !answer.missing && answer.type === 'blob' ? answer.oid : undefined;
}

/**
 * The merge of two data-branch commits: a path changed on one side only takes that side; a
 * member file changed on both is merged per field (Accord's merge, so no change is lost); any
 * other file changed on both is merged by `git merge-file`, and when that conflicts theirs is
 * kept and the merge with conflict markers is returned. A file is never deleted by a merge.
 */
export async function mergeDataTrees(git: GitOptions, ours: string, theirs: string): Promise<{ tree: string; conflicts: TextConflict[] }> {
  const base = (await gitText(git, ['merge-base', ours, theirs], { okCodes: [0, 1] })) || undefined;
  const [b, o, t] = await Promise.all([filesOf(git, base), filesOf(git, ours), filesOf(git, theirs)]);
  const result = new Map<string, string>();
  const conflicts: TextConflict[] = [];
  for (const path of [...new Set([...o.keys(), ...t.keys()])].sort(compareText)) {
    const [bo, oo, to] = [b.get(path), o.get(path), t.get(path)];
    if (oo === to || !oo) result.set(path, to!);
    else if (!to || to === bo) result.set(path, oo);
    else if (oo === bo) result.set(path, to);
    else {
      const member = memberOfDataPath(path);
      if (member) result.set(path, await mergeMemberBlobs(git, member, path, oo, to));
      else {
        const merged = await mergeText(git, bo, oo, to);
        result.set(path, merged.clean ? await writeBlob(git, merged.text) : to);
        if (!merged.clean) conflicts.push({ path, text: merged.text.toString('utf8') });
      }
    }
  }
  return { tree: await makeTree(git, undefined, result), conflicts };
}

/**
 * The member whose file a data-branch path is: `people/<id>.json` (the live file) or
 * `people/<id>/<year>.json` (a closed period); undefined for any other path.
 */
export function memberOfDataPath(path: string): string | undefined {
  const match = /^people\/([^/]+?)(?:\/(\d{4}))?\.json$/.exec(path);
  return match && MEMBER_ID_PATTERN.test(match[1]!) ? match[1] : undefined;
}

/**
 * The blob of one member file merged per field from two versions of it (`ours`, `theirs`); a
 * side that is not a valid file adds nothing. `closed`: the member's closed periods, merged,
 * when `path` is their live file: a record they hold already (a copy from before a move) is
 * left out (core withoutMoved).
 */
export async function mergeMemberBlobs(
  git: GitOptions,
  member: string,
  path: string,
  ours: string,
  theirs: string,
  closed?: Readonly<Record<string, EntityRecord>>,
): Promise<string> {
  const read = async (oid: string) => {
    try {
      return parseMemberFile((await blobBytes(git, oid)).toString('utf8'), { file: path, member, resolveConflicts: true }).data;
    } catch (error) {
      if (error instanceof AccordFileError) return undefined;
      throw error;
    }
  };
  const [a, b] = await Promise.all([read(ours), read(theirs)]);
  if (!a || !b) return a ? ours : theirs; // a side that is not a valid file adds nothing to keep
  const entities = mergeOwnCopy(member, a.entities, b.entities);
  const merged: MemberFileData = { ...b, ...a, entities: closed ? withoutMoved(member, entities, closed) : entities };
  merged.clock = Math.max(a.clock, b.clock, highestClock(merged));
  return writeBlob(git, Buffer.from(serializeMemberFile(merged)));
}

export async function mergeText(git: GitOptions, base: string | undefined, ours: string, theirs: string): Promise<{ clean: boolean; text: Buffer }> {
  const folder = await mkdtemp(join(tmpdir(), 'accord-merge-'));
  try {
    const paths = ['ours', 'base', 'theirs'].map((n) => join(folder, n));
    await writeFile(paths[0]!, await blobBytes(git, ours));
    await writeFile(paths[1]!, base ? await blobBytes(git, base) : '');
    await writeFile(paths[2]!, await blobBytes(git, theirs));
    const run = await runGit(git, ['merge-file', '-p', '-L', 'yours', '-L', 'before', '-L', 'theirs', ...paths], {
      okCodes: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    });
    return { clean: run.code === 0, text: run.stdout };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
