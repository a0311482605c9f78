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
 * Plain Node: git runs as a child process (`gitProcess.ts`); reading is `branchRead.ts`, the
 * plumbing and the merge of two data-branch commits `plumbing.ts`; fetch and push go through
 * a Transport, which VS Code provides so that its credential prompts are used.
 */
import { COVENANT_FILE } from '../core/covenant';
import { type EntityRecord, mergeMemberFiles } from '../core';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { nextTurn } from './concurrency';
import { type BranchRead, BranchReader, type DataLayout, type WorkingCopy } from './branchRead';
import { type MemberFileData, parseMemberFile, serializeMemberFile } from './format';
import { blobId, catFileBatch, GitError, type GitOptions, gitReason, gitText, runGit } from './gitProcess';
import { commitTree, isAncestor, makeTree, memberOfDataPath, mergeDataTrees, mergeMemberBlobs, oidAt, type TextConflict, writeBlob } from './plumbing';

/** The data branch's name unless the `accord.dataBranch` setting names another. */
export const DEFAULT_DATA_BRANCH = 'accord';
const COVENANT = COVENANT_FILE;
const GITATTRIBUTES = '.gitattributes';
const GITATTRIBUTES_TEXT = '# Accord: member files are JSON with LF line endings on every machine\n* text eol=lf\n';
/** The subject of the commits that record a person's writes; a record not pushed yet is amended, not stacked. */
const RECORD_SUBJECT = 'Accord: record of ';

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

/** Fetch and push by running git itself (no credential prompt: GIT_TERMINAL_PROMPT=0). */
export function gitTransport(git: GitOptions): Transport {
  return {
    fetch: async (remote, refspec) => void (await runGit(git, ['fetch', '--no-tags', '--quiet', remote, refspec])),
    push: async (remote, refspec) => void (await runGit(git, ['push', '--quiet', '--set-upstream', remote, refspec])),
  };
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
  conflicts: TextConflict[];
}

export class TeamBranches {
  readonly branch: string;
  readonly dataFolder: string;
  private readonly git: GitOptions;
  private readonly transport: Transport;
  private readonly reader: BranchReader;
  /** The blob of my file this instance last put on the branch. */
  /** The blob each of my files (live and closed periods) was last recorded with, by path. */
  private readonly lastRecorded = new Map<string, string>();

  constructor(options: TeamBranchesOptions) {
    this.git = { cwd: options.cwd, gitPath: options.gitPath };
    this.branch = options.branch ?? DEFAULT_DATA_BRANCH;
    this.dataFolder = (options.dataFolder ?? '.accord')
      .split('\\')
      .join('/')
      .replace(/^\.\/|\/$/g, '');
    this.reader = new BranchReader(this.git, this.branch, this.dataFolder, options.maxBytes ?? 256 * 1024 * 1024);
    this.transport = options.transport ?? gitTransport(this.git);
  }

  /** Hex digits of an object id here: 40 (SHA-1) or 64 (SHA-256); known after the first read or record. */
  get hexLength(): number {
    return this.reader.hexLength;
  }

  /** See BranchReader.read. */
  read(working?: WorkingCopy): Promise<BranchRead> {
    return this.reader.read(working);
  }

  /** Every copy of a closed period on the branches (BranchReader.readClosedPeriods). */
  readClosedPeriods(working: (hexLength: number) => ReadonlyMap<string, string>): Promise<Pick<BranchRead, 'copies' | 'problems'>> {
    return this.reader.readClosedPeriods(working);
  }

  /** See BranchReader.layout. */
  layout(): Promise<DataLayout> {
    return this.reader.layout();
  }

  /** See BranchReader.refsFingerprint. */
  refsFingerprint(): Promise<string> {
    return this.reader.refsFingerprint();
  }

  private get localRef(): string {
    return `refs/heads/${this.branch}`;
  }

  /**
   * Whether the folder is inside a git working tree (false also when there is no git). Also
   * learns where the folder is in the repository: in a workspace that is a sub-folder of it,
   * the data folder's path in the code's branches starts with that sub-folder.
   */
  async isRepository(): Promise<boolean> {
    try {
      const [inside, prefix = ''] = (await gitText(this.git, ['rev-parse', '--is-inside-work-tree', '--show-prefix'])).split('\n');
      if (inside !== 'true') return false;
      this.reader.dataFolder = `${prefix}${this.dataFolder}`;
      return true;
    } catch {
      return false;
    }
  }

  /** The data folder's path from the repository's root, in `/` form. */
  private get dataPath(): string {
    return this.reader.dataFolder;
  }

  /** The local data branch's tip and tree, or undefined before its first commit. */
  private async localTip(): Promise<{ commit: string; tree: string; parents: string[]; subject: string } | undefined> {
    // for-each-ref reads its argument as a prefix by path component: refs/heads/accord also
    // lists refs/heads/accord/x, a branch of that name that is not the data branch. Only the exact ref counts.
    const out = await gitText(this.git, ['for-each-ref', '--format=%(refname)%00%(objectname) %(tree) %(parent)%00%(subject)', this.localRef]);
    const line = out.split('\n').find((entry) => entry.startsWith(`${this.localRef}\0`));
    if (!line) return undefined;
    const [, ids, subject = ''] = line.split('\0');
    const [commit, tree, ...parents] = ids!.trim().split(' ');
    return { commit: commit!, tree: tree!, parents: parents.filter(Boolean), subject };
  }

  /** Moves the local data branch from `from` (undefined: it must not exist yet) to `to`; false when it moved meanwhile. */
  private async moveLocal(to: string, from: string | undefined, why: string): Promise<boolean> {
    try {
      await runGit(this.git, ['update-ref', '-m', why, this.localRef, to, from ?? '0'.repeat(this.reader.hexLength)]);
      return true;
    } catch (error) {
      if (error instanceof GitError) return false;
      throw error;
    }
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
    await this.reader.idLength();
    await this.assertWritable();
    for (let attempt = 1; ; attempt++) {
      const tip = await this.localTip();
      const changes = new Map<string, string>();
      for (const [path, bytes] of files) changes.set(path, await writeBlob(this.git, bytes));
      // The branch may hold a version of one of my files this window did not record (another
      // window, a fast-forward to my other machine's): merged per field, never replaced by older
      // bytes. My closed periods too: my other machine may have moved other records there.
      const mine = [...changes.keys()].filter((path) => memberOfDataPath(path) === me);
      // What my closed periods hold (those recorded now): the branch's version of my live file
      // from before a move must not put it back. Read only when that merge happens (rare: another window or machine).
      let closed: Promise<Record<string, EntityRecord>> | undefined;
      for (const path of tip ? mine : []) {
        const theirs = await oidAt(this.git, tip!.commit, path);
        if (theirs && theirs !== changes.get(path) && theirs !== this.lastRecorded.get(path)) {
          const live = path === `people/${me}.json`;
          changes.set(
            path,
            await mergeMemberBlobs(this.git, me, path, changes.get(path)!, theirs, live ? await (closed ??= closedRecordsIn(me, files)) : undefined),
          );
        }
      }
      if (!tip) changes.set(GITATTRIBUTES, await writeBlob(this.git, Buffer.from(GITATTRIBUTES_TEXT)));
      const tree = await makeTree(this.git, tip?.tree, changes);
      const recorded = () => mine.forEach((path) => this.lastRecorded.set(path, changes.get(path)!));
      if (tip && tree === tip.tree) {
        recorded();
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
        const commit = await commitTree(
          this.git,
          tree,
          parents,
          `${subject}\n\nWritten by Accord on its data branch; the code's branches are not touched.\n`,
          me,
        );
        moved = await this.moveLocal(commit, tip?.commit, 'accord: record');
      }
      if (moved) {
        recorded();
        return true;
      }
      if (attempt >= 5) throw new GitError(['update-ref'], 1, `error: ${this.localRef} kept changing while Accord recorded to it.`);
    }
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
      throw new GitError(
        ['update-ref'],
        1,
        `error: the ${this.branch} branch is checked out in ${path}, and Accord does not move a checked-out branch under it. Detach that worktree (git -C "${path}" switch --detach), or set accord.dataBranch to another name.`,
      );
    }
    // Git keeps refs as paths: with a branch accord/x there can be no branch accord.
    const below = (await gitText(this.git, ['for-each-ref', '--count=1', '--format=%(refname:short)', `${this.localRef}/`])).trim();
    if (below) {
      throw new GitError(
        ['update-ref'],
        1,
        `error: this repository has a branch ${below}, and git cannot keep a branch ${this.branch} beside a branch named ${this.branch}/…, so Accord cannot record there. Rename that branch (git branch -m ${below} <new name>), or set accord.dataBranch to another name.`,
      );
    }
    const tip = await this.localTip();
    if (tip && !(await this.reader.dataShaped([tip.commit])).has(tip.commit)) {
      throw new GitError(
        ['update-ref'],
        1,
        `error: the branch ${this.branch} holds something other than Accord's data (only people/, covenant.md and .gitattributes belong there), so Accord does not write to it. Set accord.dataBranch to another name.`,
      );
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
  private async integrate(remote: string, me: string): Promise<{ remoteTip: string | undefined; merged: boolean; conflicts: TextConflict[] }> {
    try {
      await this.transport.fetch(remote, `+${this.localRef}:refs/remotes/${remote}/${this.branch}`);
    } catch (error) {
      if (!/couldn't find remote ref|could not find remote ref/i.test(gitReason(error))) throw error;
      return { remoteTip: undefined, merged: false, conflicts: [] };
    }
    const theirs = await this.remoteTip(remote);
    const local = await this.localTip();
    if (!theirs || theirs === local?.commit) return { remoteTip: theirs, merged: false, conflicts: [] };
    if (!local || (await isAncestor(this.git, local.commit, theirs))) {
      await this.moveLocal(theirs, local?.commit, `accord: fast-forward to ${remote}/${this.branch}`);
      return { remoteTip: theirs, merged: false, conflicts: [] };
    }
    if (await isAncestor(this.git, theirs, local.commit)) return { remoteTip: theirs, merged: false, conflicts: [] };
    const { tree, conflicts } = await mergeDataTrees(this.git, local.commit, theirs);
    const commit = await commitTree(
      this.git,
      tree,
      [local.commit, theirs],
      `Accord: merge ${remote}/${this.branch}\n\nMember files are merged per field, as Accord merges them on every load.\n`,
      me,
    );
    if (!(await this.moveLocal(commit, local.commit, `accord: merge ${remote}/${this.branch}`)))
      throw new GitError(['update-ref'], 1, `${this.localRef} changed while Accord merged it.`);
    return { remoteTip: theirs, merged: true, conflicts };
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
   * Keeps the local data branch up with the share remote's after a fetch: fast-forwards it when
   * it has nothing of its own. Resolves to whether it moved.
   */
  async fastForward(): Promise<boolean> {
    const local = await this.localTip();
    const remote = await this.remote();
    const tip = (await this.reader.tips()).find((t) => t.data && t.ref === `refs/remotes/${remote}/${this.branch}`);
    if (!tip || tip.oid === local?.commit) return false;
    if (local && !(await isAncestor(this.git, local.commit, tip.oid))) return false;
    return this.moveLocal(tip.oid, local?.commit, `accord: fast-forward to ${tip.name}`);
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
    const length = await this.reader.idLength();
    const oid = blobId(working, length);
    const tip = await this.oidAtTip(path);
    if (tip === undefined || oid === tip) return tip === undefined ? 'edited' : 'same';
    const history = (
      await gitText(this.git, ['log', '--format=%H', '-n', '100', `--glob=${this.localRef}`, `--glob=refs/remotes/*/${this.branch}`, '--', path])
    )
      .split('\n')
      .filter(Boolean);
    const versions = await catFileBatch(
      this.git,
      history.map((c) => `${c}:${path}`),
      false,
    );
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
   * live data, merged from every copy), `closed` (each closed period, by its path on the data
   * branch, `people/<id>/<year>.json`) and `covenant` as the data branch, then removes the
   * data folder from the checked-out branch's index (the files stay on disk) and ignores it in
   * the root `.gitignore`, in one commit of those two changes only. Throws GitError when
   * other changes are staged, or git refuses.
   */
  async moveOut(
    me: string,
    members: ReadonlyMap<string, MemberFileData>,
    covenant: Uint8Array | undefined,
    closed: ReadonlyMap<string, MemberFileData> = new Map(),
  ): Promise<{ dataCommit: string; codeCommit: string }> {
    const staged = (await gitText(this.git, ['diff', '--cached', '--name-only', '-z'])).split('\0').filter(Boolean);
    if (staged.length)
      throw new GitError(
        ['commit'],
        1,
        `error: ${staged.length} file${staged.length === 1 ? ' is' : 's are'} staged (${staged.slice(0, 3).join(', ')}); commit or unstage ${staged.length === 1 ? 'it' : 'them'} first.`,
      );
    const files = new Map<string, Uint8Array>();
    for (const [member, data] of members) files.set(`people/${member}.json`, Buffer.from(serializeMemberFile(data)));
    for (const [path, data] of closed) if (memberOfDataPath(path) === data.member) files.set(path, Buffer.from(serializeMemberFile(data)));
    if (covenant) files.set(COVENANT, covenant);
    await this.record(me, files);
    const dataCommit = (await this.localTip())!.commit;
    await runGit(this.git, ['rm', '-r', '--cached', '--quiet', '--ignore-unmatch', '--', this.dataFolder]);
    const top = await gitText(this.git, ['rev-parse', '--show-toplevel']);
    const ignore = join(top, '.gitignore');
    const line = `/${this.dataPath}/`;
    const onDisk = await readFile(ignore, 'utf8').catch(() => '');
    if (!onDisk.split(/\r?\n/).includes(line))
      await writeFile(
        ignore,
        `${onDisk}${onDisk && !onDisk.endsWith('\n') ? '\n' : ''}# Accord keeps the team's data on the ${this.branch} branch; this is its working copy\n${line}\n`,
      );
    await runGit(this.git, ['add', '--', '.gitignore']);
    await runGit(this.git, [
      'commit',
      '--quiet',
      '-m',
      `Accord: keep the team's data on branch ${this.branch}, apart from the code\n\nThe files under ${this.dataFolder}/ stay on disk as Accord's working copy; their history is on ${this.branch}.\n`,
    ]);
    return { dataCommit, codeCommit: await gitText(this.git, ['rev-parse', 'HEAD']) };
  }

  /** Adds the data folder to this clone's `.git/info/exclude`, so it never shows as a change to the code. */
  async excludeLocally(): Promise<void> {
    const path = await gitText(this.git, ['rev-parse', '--path-format=absolute', '--git-path', 'info/exclude']);
    const text = await readFile(path, 'utf8').catch(() => '');
    const line = `/${this.dataPath}/`;
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
  if (/no configured push destination|does not appear to be a git repository|no such remote|not a valid remote/i.test(reason))
    return 'Add a remote (git remote add origin <url>), then share again.';
  if (/authentication failed|could not read (username|password)|permission denied|terminal prompts disabled|\b40[13]\b|access denied/i.test(reason))
    return 'Check that you can push to this remote (sign in, or add your SSH key), then share again.';
  if (/could not resolve host|unable to access|connection (refused|timed out|reset)|network is unreachable|timed out/i.test(reason))
    return 'Check your connection, then share again; your updates are committed and wait here.';
  if (/protected branch|pre-receive hook declined|GH006|not allowed to push/i.test(reason))
    return 'The remote does not let you push this branch: ask who runs it to allow your team to push it.';
  if (/non-fast-forward|fetch first|rejected|stale info/i.test(reason))
    return layout === 'branch' ? 'Someone shared at the same moment: share again, and Accord merges their updates first.' : 'Pull, then share again.';
  return 'Your updates are committed and safe; fix what git says, then share again.';
}

/**
 * The records of `member`'s closed periods among `files` (data-branch paths to bytes), merged;
 * files that do not parse add nothing. One file a turn (a closed year can be megabytes), so the
 * extension host is never held for all of them at once.
 */
async function closedRecordsIn(member: string, files: ReadonlyMap<string, Uint8Array>): Promise<Record<string, EntityRecord>> {
  const parts: Record<string, EntityRecord>[] = [];
  for (const [path, bytes] of files) {
    if (path === `people/${member}.json` || memberOfDataPath(path) !== member) continue;
    await nextTurn();
    try {
      parts.push(parseMemberFile(Buffer.from(bytes).toString('utf8'), { file: path, member }).data.entities);
    } catch {
      // Not a file Accord can read: it holds nothing to leave out.
    }
  }
  return mergeMemberFiles(member, parts);
}
