/**
 * The team's record across branches. Accord keeps the shared record on its own branch (the
 * data branch, `accord` unless configured), apart from the code: each person's writes go to
 * the working copy under `.accord/` as before, and from there into commits on the data branch,
 * made with git's plumbing (a private index, `commit-tree`, `update-ref`) so the checked-out
 * branch, its index and its working tree are never touched. Reading takes every copy of each
 * member file git holds: the data branch, locally and on every remote, and, from the layout
 * before the data branch, `.accord/` on the tip of every local and remote-tracking branch. The
 * per-field merge makes all those copies one well-defined state.
 *
 * Plain Node: git runs as a child process (`gitProcess.ts`); fetch and push go through a
 * Transport, which VS Code provides so that its credential prompts are used.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { compareText, mergeOwnCopy, MEMBER_ID_PATTERN } from '../core';
import { AccordFileError } from './errors';
import { highestClock, MAX_FILE_BYTES, type MemberFileData, parseMemberFile, serializeMemberFile } from './format';
import { catFileBatch, GitError, type GitOptions, gitText, parseTree, runGit } from './gitProcess';
import { parseAgainst, type ReadVersion } from './incremental';

/** The data branch's name unless the `accord.dataBranch` setting names another. */
export const DEFAULT_DATA_BRANCH = 'accord';
const COVENANT = 'covenant.md';
const GITATTRIBUTES = '.gitattributes';
const GITATTRIBUTES_TEXT = '# Accord: member files are JSON with LF line endings on every machine\n* text eol=lf\n';
/** The subject of the commits that record a person's writes; a record not pushed yet is amended, not stacked. */
const RECORD_SUBJECT = 'Accord: record of ';
/** What the root of the data branch may hold besides nothing. */
const DATA_BRANCH_FILES = new Set(['people', COVENANT, GITATTRIBUTES]);

/**
 * Where a repository keeps the team's data:
 * - `branch`: on the data branch (it exists here or on a remote, or there is no data in the code yet);
 * - `with-code`: committed with the code under `.accord/`, the layout before the data branch.
 */
export type DataLayout = 'branch' | 'with-code';

/** One version of a member's file that git holds and the working copy does not. */
export interface MemberCopy {
  member: string;
  /** The blob's id: the same bytes on twenty branches are one copy, parsed once. */
  oid: string;
  /** Where it was found, for messages: `origin/accord`, `feature-x:.accord/people/sam.json`. */
  where: string[];
  data: MemberFileData;
}

export interface BranchRead {
  layout: DataLayout;
  /** Copies by member, each member's sorted by blob id (the order does not change the merge). */
  copies: Map<string, MemberCopy[]>;
  /** Copies that could not be used, each named by branch and path. */
  problems: AccordFileError[];
}

/** What TeamBranches.read needs of the working copy (AccordStore.workingCopy gives it). */
export interface WorkingCopy {
  /**
   * Each member's working file's git blob id, in `hexLength` hex digits, once the working copy
   * is read (a promise while it loads): a copy with that id under that member's name holds
   * nothing new and is not read.
   */
  blobIds(hexLength: number): ReadonlyMap<string, string> | Promise<ReadonlyMap<string, string>>;
  /** Each member's working file size in bytes, known before it is read: a copy of another size differs, and is fetched while the working copy loads. */
  sizes?: ReadonlyMap<string, number>;
  /** A member's working file as read, to read their copies against (store/incremental.ts). */
  versionOf?(member: string): ReadVersion | undefined;
}

/**
 * Fetching and pushing the data branch, each with a full refspec (`+refs/heads/accord:
 * refs/remotes/origin/accord`, `refs/heads/accord:refs/heads/accord`): a single-branch clone
 * maps no other branch to a remote-tracking one, and a tag of the branch's name would make a
 * short name ambiguous. VS Code's git extension provides one that can ask for credentials.
 */
export interface Transport {
  fetch(remote: string, refspec: string): Promise<void>;
  /** Pushes and sets the local branch's upstream. */
  push(remote: string, refspec: string): Promise<void>;
}

export interface TeamBranchesOptions extends GitOptions {
  /** The data folder inside the working tree (`accord.dataFolder`), `.accord` by default. */
  dataFolder?: string;
  /** The data branch's name. */
  branch?: string;
  /** The most bytes of copies one read parses, beyond those already parsed. */
  maxBytes?: number;
  transport?: Transport;
}

export interface ShareResult {
  remote: string;
  /** Whether the push happened (false: the remote already had everything). */
  pushed: boolean;
  /** Whether partners' commits were merged in first. */
  merged: boolean;
  /** Shared files that changed on both sides and could not be merged line by line (the covenant): theirs is kept on the branch, the merge with markers is returned for the working copy. */
  conflicts: { path: string; text: string }[];
}

interface Tip {
  oid: string;
  ref: string;
  /** A name for messages: `accord`, `origin/accord`, `feature-x`. */
  name: string;
  data: boolean;
}

type Parsed = { data: MemberFileData } | { error: AccordFileError };

/** A short reason from git's standard error: its `error:`/`fatal:` lines, else its first line. */
export function gitReason(error: unknown): string {
  const stderr = error instanceof GitError ? error.stderr : typeof (error as { stderr?: unknown })?.stderr === 'string' ? String((error as { stderr: string }).stderr) : '';
  const lines = stderr.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
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

export class TeamBranches {
  readonly branch: string;
  readonly dataFolder: string;
  private readonly git: GitOptions;
  private readonly maxBytes: number;
  private readonly transport: Transport;
  private readonly trees = new Map<string, Buffer>();
  /** Parsed copies by member and blob id (`<member>\0<oid>`). */
  private parsed = new Map<string, Parsed>();
  /** The size of each blob found, by blob id. */
  private readonly sizes = new Map<string, number>();
  private formatKnown: Promise<number> | undefined;
  /** Hex digits of an object id here: 40 (SHA-1) or 64 (SHA-256); known after the first read or record. */
  hexLength = 40;
  /** The blob of my file this instance last put on the branch. */
  private lastRecorded: string | undefined;

  constructor(options: TeamBranchesOptions) {
    this.git = { cwd: options.cwd, gitPath: options.gitPath };
    this.branch = options.branch ?? DEFAULT_DATA_BRANCH;
    this.dataFolder = (options.dataFolder ?? '.accord').split('\\').join('/').replace(/^\.\/|\/$/g, '');
    this.maxBytes = options.maxBytes ?? 256 * 1024 * 1024;
    this.transport = options.transport ?? {
      fetch: async (remote, refspec) => void (await runGit(this.git, ['fetch', '--no-tags', '--quiet', remote, refspec])),
      push: async (remote, refspec) => void (await runGit(this.git, ['push', '--quiet', '--set-upstream', remote, refspec])),
    };
  }

  private get localRef(): string {
    return `refs/heads/${this.branch}`;
  }

  /** Whether the folder is inside a git working tree (false also when there is no git). */
  async isRepository(): Promise<boolean> {
    try {
      return (await gitText(this.git, ['rev-parse', '--is-inside-work-tree'])) === 'true';
    } catch {
      return false;
    }
  }

  /** Hex digits of this repository's object ids: 40 (SHA-1) or 64 (SHA-256), asked of git once. */
  private async idLength(): Promise<number> {
    this.formatKnown ??= gitText(this.git, ['rev-parse', '--show-object-format'])
      .then((format) => (format === 'sha256' ? 64 : 40))
      .catch(() => 40);
    this.hexLength = await this.formatKnown;
    return this.hexLength;
  }

  /**
   * Whether a commit's tree has the data branch's shape: a `people` folder, and beside it only
   * `covenant.md` and `.gitattributes`. A branch that merely has the data branch's name (a
   * project's own `accord` branch, another remote's) is never taken for it.
   */
  private async dataShaped(commits: readonly string[]): Promise<Set<string>> {
    const answers = await catFileBatch(this.git, commits.map((c) => `${c}^{tree}`), true);
    const oidBytes = (await this.idLength()) / 2;
    const shaped = new Set<string>();
    answers.forEach((answer, i) => {
      if (answer.missing || answer.type !== 'tree' || !answer.bytes) return;
      const entries = parseTree(answer.bytes, oidBytes);
      const people = entries.find((e) => e.name === 'people');
      if (people?.mode === '40000' && entries.every((e) => DATA_BRANCH_FILES.has(e.name))) shaped.add(commits[i]!);
    });
    return shaped;
  }

  /**
   * Every local and remote-tracking branch tip. A tip is the data branch's when it is
   * `refs/heads/<branch>` or `refs/remotes/<remote>/<branch>` of a configured remote, and its
   * tree has the data branch's shape (see dataShaped); every other tip is a code branch.
   */
  private async tips(): Promise<Tip[]> {
    await this.idLength();
    const [out, remoteList] = await Promise.all([
      gitText(this.git, ['for-each-ref', '--format=%(objectname) %(objecttype) %(refname)', 'refs/heads', 'refs/remotes']),
      gitText(this.git, ['remote']),
    ]);
    const dataRefs = new Set([this.localRef, ...remoteList.split('\n').filter(Boolean).map((r) => `refs/remotes/${r}/${this.branch}`)]);
    const tips: Tip[] = [];
    for (const line of out.split('\n')) {
      const [oid, type, ref] = line.split(' ');
      if (!oid || type !== 'commit' || !ref || ref.endsWith('/HEAD')) continue;
      const name = ref.replace(/^refs\/(heads|remotes)\//, '');
      tips.push({ oid, ref, name, data: dataRefs.has(ref) });
    }
    const candidates = tips.filter((t) => t.data);
    if (candidates.length) {
      const shaped = await this.dataShaped(candidates.map((t) => t.oid));
      for (const tip of candidates) tip.data = shaped.has(tip.oid);
    }
    return tips;
  }

  /**
   * Every ref and HEAD, as one string (`git show-ref --head`): while it is unchanged, the
   * copies on branches and the layout are too, and a refresh has nothing to read.
   */
  async refsFingerprint(): Promise<string> {
    return gitText(this.git, ['show-ref', '--head'], { okCodes: [0, 1] });
  }

  /** Where this repository keeps the data (see DataLayout). */
  async layout(tips?: Tip[]): Promise<DataLayout> {
    tips ??= await this.tips();
    if (tips.some((t) => t.data)) return 'branch';
    const head = await catFileBatch(this.git, [`HEAD:${this.dataFolder}/people`], false);
    return head[0] && !head[0].missing && head[0].type === 'tree' ? 'with-code' : 'branch';
  }

  /**
   * Reads every copy of every member file on the data branch (local and remote-tracking) and in
   * `.accord/people/` on every local and remote-tracking branch. A copy that is its member's
   * working file (`working.blobIds`) is skipped, copies are read against the working file
   * (only changed entities are parsed, see store/incremental.ts), and copies whose size shows
   * they differ are fetched while the working copy still loads. Each distinct blob under
   * each member's name is parsed once, and kept parsed while some branch still holds it.
   * Copies are bounded like the working copy: MAX_FILE_BYTES each and `maxBytes` in all,
   * smallest first, counting those parsed before, so what is read depends on the branches
   * alone. Beyond that, and for links, folders, names that are not member ids and files that
   * fail validation, a problem names the branch and the path.
   */
  async read(working: WorkingCopy = { blobIds: () => new Map() }): Promise<BranchRead> {
    const tips = await this.tips();
    const layout = await this.layout(tips);
    const requests: string[] = [];
    const requested: Array<{ commit: string; path: string }> = [];
    for (const commit of new Set(tips.map((t) => t.oid))) {
      for (const path of new Set(tips.filter((t) => t.oid === commit).map((t) => (t.data ? 'people' : `${this.dataFolder}/people`)))) {
        requests.push(`${commit}:${path}`);
        requested.push({ commit, path });
      }
    }
    const treeIds = await catFileBatch(this.git, requests, false);
    const wanted = [...new Set(treeIds.flatMap((a) => (a.missing || a.type !== 'tree' || this.trees.has(a.oid) ? [] : [a.oid])))];
    for (const answer of await catFileBatch(this.git, wanted, true)) if (!answer.missing && answer.bytes) this.trees.set(answer.oid, Buffer.from(answer.bytes));

    const problems: AccordFileError[] = [];
    const named = new Set<string>();
    const problem = (error: AccordFileError) => {
      if (named.has(error.file)) return;
      named.add(error.file);
      problems.push(error);
    };
    // Keyed by member and blob: the same bytes under another member's name are another copy.
    const found = new Map<string, { member: string; oid: string; where: string[]; first: string }>();
    const oidBytes = this.hexLength / 2;
    const seenTrees = new Set<string>();
    treeIds.forEach((answer, i) => {
      if (answer.missing || answer.type !== 'tree') return;
      seenTrees.add(answer.oid);
      const { commit, path } = requested[i]!;
      for (const entry of parseTree(this.trees.get(answer.oid)!, oidBytes)) {
        if (!entry.name.endsWith('.json')) continue;
        const member = entry.name.slice(0, -5);
        for (const tip of tips) {
          if (tip.oid !== commit || tip.data !== (path === 'people')) continue;
          const where = `${tip.name}:${path}/${entry.name}`;
          if (!MEMBER_ID_PATTERN.test(member)) {
            problem(new AccordFileError(where, 'not-a-member-file', `On branch ${tip.name}, its name is not a member id (lower-case letters, digits, dot, dash or underscore), so Accord does not read it.`, 'If it is a member\'s file, rename it on that branch to the id in its "member" field, in lower case.'));
            continue;
          }
          if (entry.mode !== '100644' && entry.mode !== '100755') {
            problem(new AccordFileError(where, 'not-a-file', `On branch ${tip.name} it is ${entry.mode === '120000' ? 'a symbolic link' : 'not a file'}, so Accord does not read it.`, 'Commit the member\'s real file there, or remove the entry.'));
            continue;
          }
          const key = `${member}\0${entry.oid}`;
          const seen = found.get(key) ?? { member, oid: entry.oid, where: [], first: where };
          seen.where.push(tip.data ? tip.name : where);
          found.set(key, seen);
        }
      }
    });
    for (const tree of [...this.trees.keys()]) if (!seenTrees.has(tree)) this.trees.delete(tree);

    // Sizes first, of every copy found (remembered for those parsed before): nothing over a
    // file's cap or the budget is read at all, and the budget covers every copy kept.
    const unsized = [...new Set([...found.values()].map((f) => f.oid).filter((oid) => !this.sizes.has(oid)))];
    for (const answer of await catFileBatch(this.git, unsized, false)) if (!answer.missing) this.sizes.set(answer.oid, answer.size);
    const sizeOf = (key: string) => this.sizes.get(found.get(key)!.oid);
    // A copy whose size is not its member's working file's cannot be that file: fetched now,
    // while the working copy may still be loading (git inflates blobs in its own process).
    let early = 0;
    const fetchNow = working.sizes
      ? [...new Set([...found.keys()].filter((key) => !this.parsed.has(key) && sizeOf(key) !== undefined && sizeOf(key)! <= MAX_FILE_BYTES && sizeOf(key) !== working.sizes!.get(found.get(key)!.member)).map((key) => found.get(key)!.oid))].filter((oid) => (early += this.sizes.get(oid)!) <= this.maxBytes)
      : [];
    const fetching = fetchNow.length ? catFileBatch(this.git, fetchNow, true) : undefined;
    const known = await working.blobIds(this.hexLength);
    for (const [key, { member, oid }] of [...found]) if (known.get(member) === oid) found.delete(key);
    let budget = this.maxBytes;
    const inBudget: string[] = [];
    const order = [...found.keys()].filter((key) => sizeOf(key) !== undefined);
    order.sort((a, b) => sizeOf(a)! - sizeOf(b)! || compareText(a, b));
    for (const key of order) {
      const { first } = found.get(key)!;
      const size = sizeOf(key)!;
      if (size > MAX_FILE_BYTES) problem(new AccordFileError(first, 'too-large', `This copy is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB, the most Accord reads.`, 'Check whether something other than Accord wrote it; restore it with git if so.'));
      else if (size > budget) problem(new AccordFileError(first, 'over-team-budget', `The copies on branches hold more than ${Math.round(this.maxBytes / 1024 / 1024)} MB in all, the most Accord reads; this one was left out.`, 'Delete branches you no longer need, or merge them.'));
      else {
        budget -= size;
        inBudget.push(key);
      }
    }
    const bytesOf = new Map<string, Buffer>();
    for (const answer of (await fetching) ?? []) if (!answer.missing && answer.bytes) bytesOf.set(answer.oid, answer.bytes);
    const toRead = [...new Set(inBudget.filter((key) => !this.parsed.has(key)).map((key) => found.get(key)!.oid))].filter((oid) => !bytesOf.has(oid));
    for (const answer of await catFileBatch(this.git, toRead, true)) if (!answer.missing && answer.bytes) bytesOf.set(answer.oid, answer.bytes);
    const kept = new Map<string, Parsed>();
    const copies = new Map<string, MemberCopy[]>();
    const lastCopy = new Map<string, ReadVersion>();
    for (const key of inBudget.sort(compareText)) {
      const { member, oid, where, first } = found.get(key)!;
      let parsed = this.parsed.get(key);
      if (!parsed) {
        const bytes = bytesOf.get(oid);
        if (!bytes) continue;
        try {
          // Against the member's working file, else a copy of theirs read just before: only changed entities are parsed.
          const base = working.versionOf?.(member) ?? lastCopy.get(member);
          const text = bytes.toString('utf8');
          const data = parseAgainst(text, base, { file: first, member });
          lastCopy.set(member, { text, data });
          parsed = { data };
        } catch (error) {
          if (!(error instanceof AccordFileError)) throw error;
          parsed = { error };
        }
      }
      kept.set(key, parsed);
      if ('error' in parsed) {
        problem(parsed.error);
        continue;
      }
      const list = copies.get(member) ?? [];
      list.push({ member, oid, where, data: parsed.data });
      copies.set(member, list);
    }
    this.parsed = kept;
    const present = new Set([...found.values()].map((f) => f.oid));
    for (const oid of [...this.sizes.keys()]) if (!present.has(oid)) this.sizes.delete(oid);
    return { layout, copies, problems };
  }

  /** The local data branch's tip and tree, or undefined before its first commit. */
  private async localTip(): Promise<{ commit: string; tree: string; parents: string[]; subject: string } | undefined> {
    const out = await gitText(this.git, ['for-each-ref', '--format=%(objectname) %(tree) %(parent)%00%(subject)', this.localRef]);
    if (!out) return undefined;
    const [ids, subject = ''] = out.split('\0');
    const [commit, tree, ...parents] = ids!.trim().split(' ');
    return { commit: commit!, tree: tree!, parents: parents.filter(Boolean), subject };
  }

  /** Writes bytes into git's object store; their blob id. */
  private async writeBlob(bytes: Uint8Array): Promise<string> {
    return gitText(this.git, ['hash-object', '-w', '--stdin'], { input: Buffer.from(bytes) });
  }

  /**
   * A tree: `base` (a tree id, or none) with `changes` applied, each path to a blob id, made
   * in a private index so the person's own index is never touched.
   */
  private async makeTree(base: string | undefined, changes: ReadonlyMap<string, string>): Promise<string> {
    const folder = await mkdtemp(join(tmpdir(), 'accord-index-'));
    const env = { GIT_INDEX_FILE: join(folder, 'index') };
    try {
      await runGit(this.git, base ? ['read-tree', base] : ['read-tree', '--empty'], { env });
      const lines = [...changes].map(([path, oid]) => `100644 ${oid}\t${path}\n`).join('');
      if (lines) await runGit(this.git, ['update-index', '--index-info'], { env, input: lines });
      return await gitText(this.git, ['write-tree'], { env });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }

  /** `git commit-tree`, with an identity of last resort when git has none configured here. */
  private async commitTree(tree: string, parents: readonly string[], message: string, me: string): Promise<string> {
    const args = ['commit-tree', tree, ...parents.flatMap((p) => ['-p', p])];
    try {
      return await gitText(this.git, args, { input: message });
    } catch (error) {
      if (!(error instanceof GitError) || !/tell me who you are|auto-detect|empty ident/i.test(error.stderr)) throw error;
      const who = { GIT_AUTHOR_NAME: me, GIT_AUTHOR_EMAIL: `${me}@accord.invalid`, GIT_COMMITTER_NAME: me, GIT_COMMITTER_EMAIL: `${me}@accord.invalid` };
      return gitText(this.git, args, { input: message, env: who });
    }
  }

  /** Moves the local data branch from `from` (undefined: it must not exist yet) to `to`; false when it moved meanwhile. */
  private async moveLocal(to: string, from: string | undefined, why: string): Promise<boolean> {
    try {
      await runGit(this.git, ['update-ref', '-m', why, this.localRef, to, from ?? '0'.repeat(this.hexLength)]);
      return true;
    } catch (error) {
      if (error instanceof GitError) return false;
      throw error;
    }
  }

  private async isAncestor(a: string, b: string): Promise<boolean> {
    return (await runGit(this.git, ['merge-base', '--is-ancestor', a, b], { okCodes: [0, 1] })).code === 0;
  }

  /** Whether a commit is on no remote-tracking branch (it was never pushed or fetched). */
  private async unpublished(commit: string): Promise<boolean> {
    return (await gitText(this.git, ['for-each-ref', '--count=1', '--contains', commit, 'refs/remotes'])) === '';
  }

  /**
   * Records `files` (paths in the data branch, e.g. `people/<me>.json` and `covenant.md`, to
   * their bytes) as a commit on the local data branch, creating it when needed. The checked-out
   * branch is untouched. While the last record of `me` is not pushed it is amended rather than
   * followed by another, so one share is one commit. Resolves to false when nothing changed.
   * Retries when another window moved the branch meanwhile; throws GitError when git refuses.
   */
  async record(me: string, files: ReadonlyMap<string, Uint8Array>): Promise<boolean> {
    await this.idLength();
    await this.assertWritable();
    const mine = `people/${me}.json`;
    for (let attempt = 1; ; attempt++) {
      const tip = await this.localTip();
      const changes = new Map<string, string>();
      for (const [path, bytes] of files) changes.set(path, await this.writeBlob(bytes));
      // The branch may hold a version of my file this window did not record (another window,
      // a fast-forward to my other machine's): merged per field, never replaced by older bytes.
      const theirs = tip && changes.has(mine) ? await this.oidAt(tip.commit, mine) : undefined;
      if (theirs && theirs !== changes.get(mine) && theirs !== this.lastRecorded) {
        changes.set(mine, await this.mergeMemberBlobs(me, mine, changes.get(mine)!, theirs));
      }
      if (!tip) changes.set(GITATTRIBUTES, await this.writeBlob(Buffer.from(GITATTRIBUTES_TEXT)));
      const tree = await this.makeTree(tip?.tree, changes);
      if (tip && tree === tip.tree) {
        this.lastRecorded = changes.get(mine) ?? this.lastRecorded;
        return false;
      }
      const subject = `${RECORD_SUBJECT}${me}`;
      const amend = tip !== undefined && tip.subject === subject && tip.parents.length <= 1 && (await this.unpublished(tip.commit));
      const parents = !tip ? [] : amend ? tip.parents : [tip.commit];
      let moved: boolean;
      if (amend && parents.length && tree === (await gitText(this.git, ['rev-parse', `${parents[0]}^{tree}`]))) {
        // The amended record would change nothing against its parent: drop it instead.
        moved = await this.moveLocal(parents[0]!, tip.commit, 'accord: record');
      } else {
        const commit = await this.commitTree(tree, parents, `${subject}\n\nWritten by Accord on its data branch; the code's branches are not touched.\n`, me);
        moved = await this.moveLocal(commit, tip?.commit, 'accord: record');
      }
      if (moved) {
        this.lastRecorded = changes.get(mine) ?? this.lastRecorded;
        return true;
      }
      if (attempt >= 5) throw new GitError(['update-ref'], 1, `error: ${this.localRef} kept changing while Accord recorded to it.`);
    }
  }

  /** The blob id of a path in a commit, or undefined. */
  private async oidAt(commit: string, path: string): Promise<string | undefined> {
    const [answer] = await catFileBatch(this.git, [`${commit}:${path}`], false);
    return answer && !answer.missing && answer.type === 'blob' ? answer.oid : undefined;
  }

  /**
   * Accord moves the local data branch only while nothing has it checked out (a worktree of it
   * would show Accord's records as reversals, and its next commit would undo them) and only
   * when it has the data branch's shape (a project's own branch of that name is never written).
   * Throws GitError saying which, and the fix.
   */
  private async assertWritable(): Promise<void> {
    const worktrees = await gitText(this.git, ['worktree', 'list', '--porcelain']);
    const at = worktrees.split('\n\n').find((block) => block.split('\n').includes(`branch ${this.localRef}`));
    if (at) {
      const path = /^worktree (.*)$/m.exec(at)?.[1] ?? 'a worktree';
      throw new GitError(['update-ref'], 1, `error: the ${this.branch} branch is checked out in ${path}, and Accord does not move a checked-out branch under it. Detach that worktree (git -C "${path}" switch --detach), or set accord.dataBranch to another name.`);
    }
    const tip = await this.localTip();
    if (tip && !(await this.dataShaped([tip.commit])).has(tip.commit)) {
      throw new GitError(['update-ref'], 1, `error: the branch ${this.branch} holds something other than Accord's data (only people/, covenant.md and .gitattributes belong there), so Accord does not write to it. Set accord.dataBranch to another name.`);
    }
  }

  /** The remote to share with: the current branch's, else `origin`, else the only one; undefined when there is none. */
  async remote(): Promise<string | undefined> {
    const remotes = (await gitText(this.git, ['remote'])).split('\n').filter(Boolean);
    const head = await gitText(this.git, ['symbolic-ref', '-q', '--short', 'HEAD'], { okCodes: [0, 1] });
    const own = head ? await gitText(this.git, ['config', '--get', `branch.${head}.remote`], { okCodes: [0, 1] }) : '';
    if (own && remotes.includes(own)) return own;
    if (remotes.includes('origin')) return 'origin';
    return remotes.length === 1 ? remotes[0] : undefined;
  }

  private async remoteTip(remote: string): Promise<string | undefined> {
    return (await gitText(this.git, ['rev-parse', '-q', '--verify', `refs/remotes/${remote}/${this.branch}^{commit}`], { okCodes: [0, 1] })) || undefined;
  }

  /**
   * Brings the remote's data branch in: fetched, then the local data branch fast-forwarded to
   * it, or merged with it (member files per field, other files line by line). Resolves to the
   * remote's tip (undefined when the remote has no data branch yet) and any conflicts.
   */
  private async integrate(remote: string, me: string): Promise<{ remoteTip: string | undefined; merged: boolean; conflicts: ShareResult['conflicts'] }> {
    try {
      await this.transport.fetch(remote, `+${this.localRef}:refs/remotes/${remote}/${this.branch}`);
    } catch (error) {
      if (!/couldn't find remote ref|could not find remote ref/i.test(gitReason(error))) throw error;
      return { remoteTip: undefined, merged: false, conflicts: [] };
    }
    const theirs = await this.remoteTip(remote);
    const local = await this.localTip();
    if (!theirs || theirs === local?.commit) return { remoteTip: theirs, merged: false, conflicts: [] };
    if (!local || (await this.isAncestor(local.commit, theirs))) {
      await this.moveLocal(theirs, local?.commit, `accord: fast-forward to ${remote}/${this.branch}`);
      return { remoteTip: theirs, merged: false, conflicts: [] };
    }
    if (await this.isAncestor(theirs, local.commit)) return { remoteTip: theirs, merged: false, conflicts: [] };
    const { tree, conflicts } = await this.mergeTrees(local.commit, theirs);
    const commit = await this.commitTree(tree, [local.commit, theirs], `Accord: merge ${remote}/${this.branch}\n\nMember files are merged per field, as Accord merges them on every load.\n`, me);
    if (!(await this.moveLocal(commit, local.commit, `accord: merge ${remote}/${this.branch}`))) throw new GitError(['update-ref'], 1, `${this.localRef} changed while Accord merged it.`);
    return { remoteTip: theirs, merged: true, conflicts };
  }

  /** Every path of a commit's tree (files only) to its blob id. */
  private async files(commit: string | undefined): Promise<Map<string, string>> {
    if (!commit) return new Map();
    const out = (await runGit(this.git, ['ls-tree', '-r', '-z', '--full-tree', commit])).stdout.toString('utf8');
    const files = new Map<string, string>();
    for (const line of out.split('\0')) {
      const match = /^(\d+) blob ([0-9a-f]+)\t(.+)$/s.exec(line);
      if (match) files.set(match[3]!, match[2]!);
    }
    return files;
  }

  private async blobText(oid: string): Promise<Buffer> {
    const [answer] = await catFileBatch(this.git, [oid], true);
    if (!answer || answer.missing || !answer.bytes) throw new GitError(['cat-file'], 1, `object ${oid} is missing`);
    return answer.bytes;
  }

  /**
   * The merge of two data-branch commits: a path changed on one side only takes that side; a
   * member file changed on both is merged per field (Accord's merge, so no change is lost); any
   * other file changed on both is merged by `git merge-file`, and when that conflicts theirs is
   * kept and the merge with conflict markers is returned. A file is never deleted by a merge.
   */
  private async mergeTrees(ours: string, theirs: string): Promise<{ tree: string; conflicts: ShareResult['conflicts'] }> {
    const base = (await gitText(this.git, ['merge-base', ours, theirs], { okCodes: [0, 1] })) || undefined;
    const [b, o, t] = await Promise.all([this.files(base), this.files(ours), this.files(theirs)]);
    const result = new Map<string, string>();
    const conflicts: ShareResult['conflicts'] = [];
    for (const path of [...new Set([...o.keys(), ...t.keys()])].sort(compareText)) {
      const [bo, oo, to] = [b.get(path), o.get(path), t.get(path)];
      if (oo === to || !oo) result.set(path, to!);
      else if (!to || to === bo) result.set(path, oo);
      else if (oo === bo) result.set(path, to);
      else {
        const member = /^people\/(.+)\.json$/.exec(path)?.[1];
        if (member && MEMBER_ID_PATTERN.test(member)) result.set(path, await this.mergeMemberBlobs(member, path, oo, to));
        else {
          const merged = await this.mergeText(bo, oo, to);
          result.set(path, merged.clean ? await this.writeBlob(merged.text) : to);
          if (!merged.clean) conflicts.push({ path, text: merged.text.toString('utf8') });
        }
      }
    }
    return { tree: await this.makeTree(undefined, result), conflicts };
  }

  private async mergeMemberBlobs(member: string, path: string, ours: string, theirs: string): Promise<string> {
    const read = async (oid: string) => {
      try {
        return parseMemberFile((await this.blobText(oid)).toString('utf8'), { file: `${this.branch}:${path}`, member, resolveConflicts: true }).data;
      } catch (error) {
        if (error instanceof AccordFileError) return undefined;
        throw error;
      }
    };
    const [a, b] = await Promise.all([read(ours), read(theirs)]);
    if (!a || !b) return a ? ours : theirs; // a side that is not a valid file adds nothing to keep
    const merged: MemberFileData = { ...b, ...a, entities: mergeOwnCopy(member, a.entities, b.entities) };
    merged.clock = Math.max(a.clock, b.clock, highestClock(merged));
    return this.writeBlob(Buffer.from(serializeMemberFile(merged)));
  }

  private async mergeText(base: string | undefined, ours: string, theirs: string): Promise<{ clean: boolean; text: Buffer }> {
    const folder = await mkdtemp(join(tmpdir(), 'accord-merge-'));
    try {
      const paths = ['ours', 'base', 'theirs'].map((n) => join(folder, n));
      await writeFile(paths[0]!, await this.blobText(ours));
      await writeFile(paths[1]!, base ? await this.blobText(base) : '');
      await writeFile(paths[2]!, await this.blobText(theirs));
      const run = await runGit(this.git, ['merge-file', '-p', '-L', 'yours', '-L', 'before', '-L', 'theirs', ...paths], { okCodes: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] });
      return { clean: run.code === 0, text: run.stdout };
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }

  /**
   * Share: records `files`, brings in the remote's data branch (fetch, then fast-forward or
   * merge), and pushes the local data branch, setting its upstream. A push the remote refuses
   * because it moved meanwhile is tried again after another fetch, three times in all. Throws
   * GitError with git's words when there is no remote or the fetch or push fails otherwise.
   */
  async share(me: string, files: ReadonlyMap<string, Uint8Array>, remote?: string): Promise<ShareResult> {
    remote ??= await this.remote();
    if (!remote) throw new GitError(['push'], 128, 'fatal: No configured push destination.');
    await this.record(me, files);
    for (let attempt = 1; ; attempt++) {
      const { remoteTip, merged, conflicts } = await this.integrate(remote, me);
      const local = await this.localTip();
      if (!local) return { remote, pushed: false, merged, conflicts };
      if (local.commit === remoteTip) return { remote, pushed: false, merged, conflicts };
      try {
        await this.transport.push(remote, `${this.localRef}:${this.localRef}`);
        return { remote, pushed: true, merged, conflicts };
      } catch (error) {
        if (attempt >= 3 || !/non-fast-forward|fetch first|rejected/i.test(gitReason(error))) throw error;
      }
    }
  }

  /**
   * Keeps the local data branch up with a remote's after a fetch: fast-forwards it when it has
   * nothing of its own. Resolves to the files whose blob changed (paths in the branch), so the
   * caller can update the working copy's shared files (the covenant).
   */
  async fastForward(): Promise<Map<string, { before?: string; after?: string }>> {
    const local = await this.localTip();
    const remote = await this.remote();
    const tips = (await this.tips()).filter((t) => t.data && t.ref === `refs/remotes/${remote}/${this.branch}`);
    for (const tip of tips) {
      if (tip.oid === local?.commit) continue;
      if (local && !(await this.isAncestor(local.commit, tip.oid))) continue;
      const [before, after] = await Promise.all([this.files(local?.commit), this.files(tip.oid)]);
      if (!(await this.moveLocal(tip.oid, local?.commit, `accord: fast-forward to ${tip.name}`))) return new Map();
      const changed = new Map<string, { before?: string; after?: string }>();
      for (const path of new Set([...before.keys(), ...after.keys()])) if (before.get(path) !== after.get(path)) changed.set(path, { before: before.get(path), after: after.get(path) });
      return changed;
    }
    return new Map();
  }

  /** How many commits the local data branch has that the remote's (undefined: no remote) does not. */
  async unpushed(remote: string | undefined): Promise<number> {
    const local = await this.localTip();
    if (!local) return 0;
    const theirs = remote ? await this.remoteTip(remote) : undefined;
    return Number(await gitText(this.git, ['rev-list', '--count', local.commit, ...(theirs ? [`^${theirs}`] : []), '--'])) || 0;
  }

  /**
   * How the working copy's text of a shared file (`covenant.md`) stands against the data
   * branch: `same` as the local tip's; `stale`, an older version from the branch's history
   * (a partner changed it since; the caller brings the working copy up to the tip); `edited`
   * here since (to be recorded); `none` when the working copy has no such file.
   */
  async sharedFileStatus(path: string, working: Uint8Array | undefined): Promise<'same' | 'stale' | 'edited' | 'none'> {
    if (working === undefined) return 'none';
    const length = await this.idLength();
    const oid = blobId(working, length);
    const tip = await this.oidAtTip(path);
    if (tip === undefined || oid === tip) return tip === undefined ? 'edited' : 'same';
    const history = (await gitText(this.git, ['log', '--format=%H', '-n', '100', `--glob=${this.localRef}`, `--glob=refs/remotes/*/${this.branch}`, '--', path])).split('\n').filter(Boolean);
    const versions = await catFileBatch(this.git, history.map((c) => `${c}:${path}`), false);
    return versions.some((v) => !v.missing && v.oid === oid) ? 'stale' : 'edited';
  }

  /** The bytes of a file at the local data branch's tip, or undefined. */
  async fileAtTip(path: string): Promise<Buffer | undefined> {
    const [answer] = await catFileBatch(this.git, [`${this.localRef}:${path}`], true);
    return answer && !answer.missing ? answer.bytes : undefined;
  }

  /** The blob id of a file at the local data branch's tip, or undefined. */
  async oidAtTip(path: string): Promise<string | undefined> {
    const [answer] = await catFileBatch(this.git, [`${this.localRef}:${path}`], false);
    return answer && !answer.missing ? answer.oid : undefined;
  }

  /**
   * Moves a repository from the layout before the data branch: commits `members` (each member's
   * whole data, merged from every copy) and `covenant` as the data branch, then removes the
   * data folder from the checked-out branch's index (the files stay on disk) and ignores it in
   * the root `.gitignore`, in one commit of those two changes only. Throws GitError when
   * other changes are staged, or git refuses.
   */
  async moveOut(me: string, members: ReadonlyMap<string, MemberFileData>, covenant: Uint8Array | undefined): Promise<{ dataCommit: string; codeCommit: string }> {
    const staged = (await gitText(this.git, ['diff', '--cached', '--name-only', '-z'])).split('\0').filter(Boolean);
    if (staged.length) throw new GitError(['commit'], 1, `error: ${staged.length} file${staged.length === 1 ? ' is' : 's are'} staged (${staged.slice(0, 3).join(', ')}); commit or unstage ${staged.length === 1 ? 'it' : 'them'} first.`);
    const files = new Map<string, Uint8Array>();
    for (const [member, data] of members) files.set(`people/${member}.json`, Buffer.from(serializeMemberFile(data)));
    if (covenant) files.set(COVENANT, covenant);
    await this.record(me, files);
    const dataCommit = (await this.localTip())!.commit;
    await runGit(this.git, ['rm', '-r', '--cached', '--quiet', '--ignore-unmatch', '--', this.dataFolder]);
    const top = await gitText(this.git, ['rev-parse', '--show-toplevel']);
    const ignore = join(top, '.gitignore');
    const line = `/${this.dataFolder}/`;
    const onDisk = await readFile(ignore, 'utf8').catch(() => '');
    if (!onDisk.split(/\r?\n/).includes(line)) await writeFile(ignore, `${onDisk}${onDisk && !onDisk.endsWith('\n') ? '\n' : ''}# Accord keeps the team's data on the ${this.branch} branch; this is its working copy\n${line}\n`);
    await runGit(this.git, ['add', '--', '.gitignore']);
    await runGit(this.git, ['commit', '--quiet', '-m', `Accord: keep the team's data on branch ${this.branch}, apart from the code\n\nThe files under ${this.dataFolder}/ stay on disk as Accord's working copy; their history is on ${this.branch}.\n`]);
    return { dataCommit, codeCommit: await gitText(this.git, ['rev-parse', 'HEAD']) };
  }

  /** Adds the data folder to this clone's `.git/info/exclude`, so it never shows as a change to the code. */
  async excludeLocally(): Promise<void> {
    const path = await gitText(this.git, ['rev-parse', '--path-format=absolute', '--git-path', 'info/exclude']);
    const text = await readFile(path, 'utf8').catch(() => '');
    const line = `/${this.dataFolder}/`;
    if (text.split(/\r?\n/).includes(line)) return;
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, `${text}${text && !text.endsWith('\n') ? '\n' : ''}# Accord's working copy of the ${this.branch} branch\n${line}\n`);
  }
}



/**
 * The next step after a fetch or push failed, from git's reason (see gitReason): a missing
 * remote, credentials, the network, a protected branch, or a remote that moved on. With the
 * data on its own branch a moved remote is merged by sharing again; with it in the code, the
 * person pulls first.
 */
export function nextStepAfter(reason: string, layout: DataLayout): string {
  if (/no configured push destination|does not appear to be a git repository|no such remote|not a valid remote/i.test(reason)) return 'Add a remote (git remote add origin <url>), then share again.';
  if (/authentication failed|could not read (username|password)|permission denied|terminal prompts disabled|\b40[13]\b|access denied/i.test(reason)) return 'Check that you can push to this remote (sign in, or add your SSH key), then share again.';
  if (/could not resolve host|unable to access|connection (refused|timed out|reset)|network is unreachable|timed out/i.test(reason)) return 'Check your connection, then share again; your updates are committed and wait here.';
  if (/protected branch|pre-receive hook declined|GH006|not allowed to push/i.test(reason)) return 'The remote does not let you push this branch: ask who runs it to allow your team to push it.';
  if (/non-fast-forward|fetch first|rejected|stale info/i.test(reason)) return layout === 'branch' ? 'Someone shared at the same moment: share again, and Accord merges their updates first.' : 'Pull, then share again.';
  return 'Your updates are committed and safe; fix what git says, then share again.';
}
