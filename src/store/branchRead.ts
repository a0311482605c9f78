/**
 * Reading the team's copies on branches: every copy of each member file git holds, on the data
 * branch (here and on every configured remote) and, from the layout before the data branch,
 * under the data folder on every local and remote-tracking branch tip. Objects come through
 * `git cat-file --batch`; each blob is parsed once per member, against the member's working
 * file (store/incremental.ts), within the same limits as the working copy.
 */
import { ARCHIVE_PERIOD_PATTERN, compareText, MEMBER_ID_PATTERN } from '../core';
import { COVENANT_FILE } from '../core/covenant';
import { AccordFileError } from './errors';
import { MAX_FILE_BYTES, type MemberFileData, parseMemberFile } from './format';
import { catFileBatch, type GitOptions, gitText, parseTree } from './gitProcess';
import { parseAgainst, type ReadVersion } from './incremental';

/** What the root of the data branch may hold. */
const DATA_BRANCH_FILES = new Set(['people', COVENANT_FILE, '.gitattributes']);

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

export interface Tip {
  oid: string;
  ref: string;
  /** A name for messages: `accord`, `origin/accord`, `feature-x`. */
  name: string;
  data: boolean;
}

type Parsed = { data: MemberFileData } | { error: AccordFileError };

export class BranchReader {
  private readonly trees = new Map<string, Buffer>();
  /** Parsed copies by member and blob id (`<member>\0<oid>`). */
  private parsed = new Map<string, Parsed>();
  /** The size of each blob found, by blob id. */
  private readonly sizes = new Map<string, number>();
  private formatKnown: Promise<number> | undefined;
  /** Hex digits of an object id here: 40 (SHA-1) or 64 (SHA-256); known after the first read. */
  hexLength = 40;

  /**
   * @param git the repository
   * @param branch the data branch's name
   * @param dataFolder the data folder's path from the repository's root, in `/` form (set again
   *   by TeamBranches.isRepository when the workspace is a sub-folder of the repository)
   * @param maxBytes the most bytes of copies kept in all
   */
  constructor(
    private readonly git: GitOptions,
    private readonly branch: string,
    public dataFolder: string,
    private readonly maxBytes: number,
  ) {}

  private get localRef(): string {
    return `refs/heads/${this.branch}`;
  }

  /** Hex digits of this repository's object ids: 40 (SHA-1) or 64 (SHA-256), asked of git once. */
  async idLength(): Promise<number> {
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
  async dataShaped(commits: readonly string[]): Promise<Set<string>> {
    const answers = await catFileBatch(
      this.git,
      commits.map((c) => `${c}^{tree}`),
      true,
    );
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
  async tips(): Promise<Tip[]> {
    await this.idLength();
    const [out, remoteList] = await Promise.all([
      gitText(this.git, ['for-each-ref', '--format=%(objectname) %(objecttype) %(refname)', 'refs/heads', 'refs/remotes']),
      gitText(this.git, ['remote']),
    ]);
    const dataRefs = new Set([
      this.localRef,
      ...remoteList
        .split('\n')
        .filter(Boolean)
        .map((r) => `refs/remotes/${r}/${this.branch}`),
    ]);
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
            problem(
              new AccordFileError(
                where,
                'not-a-member-file',
                `On branch ${tip.name}, its name is not a member id (lower-case letters, digits, dot, dash or underscore), so Accord does not read it.`,
                'If it is a member\'s file, rename it on that branch to the id in its "member" field, in lower case.',
              ),
            );
            continue;
          }
          if (entry.mode !== '100644' && entry.mode !== '100755') {
            problem(
              new AccordFileError(
                where,
                'not-a-file',
                `On branch ${tip.name} it is ${entry.mode === '120000' ? 'a symbolic link' : 'not a file'}, so Accord does not read it.`,
                "Commit the member's real file there, or remove the entry.",
              ),
            );
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
      ? [
          ...new Set(
            [...found.keys()]
              .filter(
                (key) =>
                  !this.parsed.has(key) &&
                  sizeOf(key) !== undefined &&
                  sizeOf(key)! <= MAX_FILE_BYTES &&
                  sizeOf(key) !== working.sizes!.get(found.get(key)!.member),
              )
              .map((key) => found.get(key)!.oid),
          ),
        ].filter((oid) => (early += this.sizes.get(oid)!) <= this.maxBytes)
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
      if (size > MAX_FILE_BYTES)
        problem(
          new AccordFileError(
            first,
            'too-large',
            `This copy is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB, the most Accord reads.`,
            'Check whether something other than Accord wrote it; restore it with git if so.',
          ),
        );
      else if (size > budget)
        problem(
          new AccordFileError(
            first,
            'over-team-budget',
            `The copies on branches hold more than ${Math.round(this.maxBytes / 1024 / 1024)} MB in all, the most Accord reads; this one was left out.`,
            'Delete branches you no longer need, or merge them.',
          ),
        );
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

  /**
   * Every copy of a closed period (`people/<id>/<year>.json`, issue 20 §1) on the data branch
   * and under the data folder on every branch tip, for when the closed history is read
   * (AccordStore.useArchives). `working` gives the blob id of each closed period in the working
   * copy, by `<member>/<year>`: a copy with that id is not read. Copies are bounded as in read:
   * MAX_FILE_BYTES each and `maxBytes` in all, smallest first. Entries that are not closed
   * periods, links, and files that fail validation are named with the branch and the path.
   * Each copy comes back as a MemberCopy of its member.
   */
  async readClosedPeriods(working: (hexLength: number) => ReadonlyMap<string, string>): Promise<Pick<BranchRead, 'copies' | 'problems'>> {
    const tips = await this.tips();
    const oidBytes = this.hexLength / 2;
    const problems: AccordFileError[] = [];
    const named = new Set<string>();
    const problem = (where: string, kind: AccordFileError['problem'], reason: string, fix: string) => {
      if (named.has(where)) return;
      named.add(where);
      problems.push(new AccordFileError(where, kind, reason, fix));
    };
    // The people folder of each tip, then each member's folder in it.
    const places = tips.map((tip) => ({ tip, path: tip.data ? 'people' : `${this.dataFolder}/people` }));
    const people = await catFileBatch(
      this.git,
      places.map(({ tip, path }) => `${tip.oid}:${path}`),
      true,
    );
    const folders: Array<{ tip: Tip; path: string; member: string; oid: string }> = [];
    people.forEach((answer, i) => {
      if (answer.missing || answer.type !== 'tree' || !answer.bytes) return;
      for (const entry of parseTree(Buffer.from(answer.bytes), oidBytes))
        if (entry.mode === '40000' && MEMBER_ID_PATTERN.test(entry.name)) folders.push({ ...places[i]!, member: entry.name, oid: entry.oid });
    });
    const trees = await catFileBatch(this.git, [...new Set(folders.map((f) => f.oid))], true);
    const treeBytes = new Map(trees.flatMap((t) => (t.missing || !t.bytes ? [] : [[t.oid, Buffer.from(t.bytes)] as const])));
    const known = working(this.hexLength);
    const found = new Map<string, { member: string; oid: string; where: string[]; first: string }>();
    for (const { tip, path, member, oid } of folders) {
      for (const entry of parseTree(treeBytes.get(oid) ?? Buffer.alloc(0), oidBytes)) {
        const where = `${tip.name}:${path}/${member}/${entry.name}`;
        const period = entry.name.endsWith('.json') ? entry.name.slice(0, -5) : '';
        if (!ARCHIVE_PERIOD_PATTERN.test(period)) {
          if (entry.name.endsWith('.json'))
            problem(
              where,
              'not-a-member-file',
              `On branch ${tip.name}, its name is not a year, so Accord does not read it.`,
              'Move it out of that folder on that branch.',
            );
          continue;
        }
        if (entry.mode !== '100644' && entry.mode !== '100755') {
          problem(
            where,
            'not-a-file',
            `On branch ${tip.name} it is not a file, so Accord does not read it.`,
            'Commit the real file there, or remove the entry.',
          );
          continue;
        }
        if (known.get(`${member}/${period}`) === entry.oid) continue;
        const key = `${member}\0${entry.oid}`;
        const seen = found.get(key) ?? { member, oid: entry.oid, where: [], first: where };
        seen.where.push(tip.data ? tip.name : where);
        found.set(key, seen);
      }
    }
    const sizes = new Map<string, number>();
    for (const answer of await catFileBatch(this.git, [...new Set([...found.values()].map((f) => f.oid))], false))
      if (!answer.missing) sizes.set(answer.oid, answer.size);
    let budget = this.maxBytes;
    const order = [...found.keys()].filter((key) => sizes.has(found.get(key)!.oid));
    order.sort((a, b) => sizes.get(found.get(a)!.oid)! - sizes.get(found.get(b)!.oid)! || compareText(a, b));
    const kept = order.filter((key) => {
      const size = sizes.get(found.get(key)!.oid)!;
      if (size <= MAX_FILE_BYTES && size <= budget) {
        budget -= size;
        return true;
      }
      problem(
        found.get(key)!.first,
        size > MAX_FILE_BYTES ? 'too-large' : 'over-team-budget',
        size > MAX_FILE_BYTES
          ? `This copy is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB, the most Accord reads.`
          : `The copies on branches hold more than ${Math.round(this.maxBytes / 1024 / 1024)} MB in all, the most Accord reads; this one was left out.`,
        'Check whether something other than Accord wrote it; restore it with git if so.',
      );
      return false;
    });
    const bytes = new Map<string, Buffer>();
    for (const answer of await catFileBatch(this.git, [...new Set(kept.map((key) => found.get(key)!.oid))], true))
      if (!answer.missing && answer.bytes) bytes.set(answer.oid, Buffer.from(answer.bytes));
    const copies = new Map<string, MemberCopy[]>();
    for (const key of kept.sort(compareText)) {
      const { member, oid, where, first } = found.get(key)!;
      const text = bytes.get(oid)?.toString('utf8');
      if (text === undefined) continue;
      try {
        const { data } = parseMemberFile(text, { file: first, member });
        copies.set(member, [...(copies.get(member) ?? []), { member, oid, where, data }]);
      } catch (error) {
        if (!(error instanceof AccordFileError)) throw error;
        if (named.has(first)) continue;
        named.add(first);
        problems.push(error);
      }
    }
    return { copies, problems };
  }
}
