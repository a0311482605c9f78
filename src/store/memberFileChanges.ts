/**
 * The commits that changed member files since a base commit, and the member profiles the base
 * held: what `accord check --base` judges (core/ownership.ts). Plain Node; runs git.
 */
import { ARCHIVE_PERIOD_PATTERN, MEMBER_ID_PATTERN, memberEntityId, mergeMemberFiles } from '../core';
import { catFileBatch, type GitOptions, gitText, parseTree, runGit } from './gitProcess';
import { MAX_FILE_BYTES, type MemberFileData, parseMemberFile } from './format';

/** One commit and the members whose files it changed. */
export interface MemberFileChange {
  readonly hash: string;
  readonly author: string;
  readonly authorEmail: string;
  readonly subject: string;
  /** The members whose `<people>/<id>.json` it added, changed or deleted, sorted. */
  readonly members: readonly string[];
}

/** What the base held: its commit, and each member file's recorded profile email (undefined: none, or the file is not there). */
export interface MemberFileHistory {
  readonly base: string;
  /**
   * Newest first, as git gives them. A merge commit counts with the files it changed beyond
   * every parent (git's dense combined diff: a hand edit or a conflict resolved in the merge);
   * what it brings from a branch is judged in that branch's own commits.
   */
  readonly changes: readonly MemberFileChange[];
  /** The members whose file existed at the base. */
  readonly atBase: ReadonlySet<string>;
  /** The email each file at the base records for its member, when it records one and can be read. */
  readonly baseEmails: ReadonlyMap<string, string>;
  /** The records of each changed member's file at the base, when it was there and could be read (what `accord check` compares answers with). */
  readonly baseRecords: ReadonlyMap<string, MemberFileData['entities']>;
}

/** The base could not be read as a commit: `base` as given, and git's words. */
export class UnknownBaseError extends Error {
  constructor(
    readonly base: string,
    readonly reason: string,
  ) {
    super(`git does not know the commit "${base}" (${reason}).`);
    this.name = 'UnknownBaseError';
  }
}

const RECORD = '\x1e';
const FIELD = '\x1f';

/**
 * The commits in `<base>..HEAD` that changed a file `<peopleFolder>/<id>.json` (ids as
 * MEMBER_ID_PATTERN; `peopleFolder` relative to `git.cwd`, `/`-separated; a merge by what it
 * changed beyond every parent), with the member
 * profiles and records the base held. Renames count as a deletion and an addition. A `base` that starts
 * with `-` or that git cannot read as a commit throws UnknownBaseError; other git failures
 * throw GitError.
 */
export async function memberFileHistory(git: GitOptions, base: string, peopleFolder: string): Promise<MemberFileHistory> {
  if (base.startsWith('-') || base.includes('\n')) throw new UnknownBaseError(base, 'a commit name cannot start with "-"');
  const resolved = await runGit(git, ['rev-parse', '--verify', '--quiet', `${base}^{commit}`], { okCodes: [0, 1, 128] });
  const baseCommit = resolved.stdout.toString('utf8').trim();
  if (resolved.code !== 0 || !baseCommit)
    throw new UnknownBaseError(
      base,
      resolved.stderr.trim() || 'no such commit in this clone: fetch it first; in GitHub Actions, check out with fetch-depth: 0',
    );
  const prefix = await gitText(git, ['rev-parse', '--show-prefix']);
  const folder = `${prefix}${peopleFolder}`.replace(/\/+$/, '');
  const log = await runGit(git, [
    '-c',
    'core.quotePath=true',
    'log',
    '--diff-merges=dense-combined',
    '--no-renames',
    '--name-only',
    '--full-history',
    `--format=${RECORD}%H${FIELD}%an${FIELD}%ae${FIELD}%s`,
    '--end-of-options',
    `${baseCommit}..HEAD`,
    '--',
    `:(top,literal)${folder}`,
  ]);
  const changes: MemberFileChange[] = [];
  for (const entry of log.stdout.toString('utf8').split(RECORD).slice(1)) {
    const [header = '', ...files] = entry.split('\n');
    const [hash = '', author = '', authorEmail = '', subject = ''] = header.split(FIELD);
    const members = new Set<string>();
    for (const file of files) {
      if (!file.startsWith(`${folder}/`)) continue;
      const name = file.slice(folder.length + 1);
      // A member's live file, or anything in their folder of closed periods (`sam/2024.json`): both are theirs alone.
      const member = name.includes('/') ? name.slice(0, name.indexOf('/')) : name.endsWith('.json') ? name.slice(0, -5) : '';
      if (MEMBER_ID_PATTERN.test(member)) members.add(member);
    }
    if (members.size > 0) changes.push({ hash, author, authorEmail, subject, members: [...members].sort() });
  }
  const touched = [...new Set(changes.flatMap((change) => change.members))].sort();
  const requests = touched.map((member) => `${baseCommit}:${folder}/${member}.json`);
  const sizes = await catFileBatch(git, requests, false);
  const atBase = new Set<string>();
  const readable: string[] = [];
  sizes.forEach((answer, i) => {
    if (answer.missing) return;
    atBase.add(touched[i]!);
    if (answer.type === 'blob' && answer.size <= MAX_FILE_BYTES) readable.push(answer.request);
  });
  const baseEmails = new Map<string, string>();
  const baseRecords = new Map<string, MemberFileData['entities']>();
  for (const answer of await catFileBatch(git, readable, true)) {
    if (answer.missing || !answer.bytes) continue;
    const member = answer.request.slice(answer.request.lastIndexOf('/') + 1, -5);
    try {
      const { data } = parseMemberFile(answer.bytes.toString('utf8'), { file: answer.request, member });
      baseRecords.set(member, data.entities);
      const email = data.entities[memberEntityId(member)]?.fields.email;
      if (typeof email === 'string') baseEmails.set(member, email);
    } catch {
      // A base file Accord cannot read records no email: only the id rule can then say who may change it.
    }
  }
  // What each of them had moved to their closed periods by the base counts as theirs at the base too.
  const folders = await catFileBatch(
    git,
    touched.map((member) => `${baseCommit}:${folder}/${member}`),
    true,
  );
  const periods: Array<{ member: string; request: string }> = [];
  folders.forEach((answer, i) => {
    if (answer.missing || answer.type !== 'tree' || !answer.bytes) return;
    for (const entry of parseTree(Buffer.from(answer.bytes), baseCommit.length / 2)) {
      const period = entry.name.endsWith('.json') ? entry.name.slice(0, -5) : '';
      if (ARCHIVE_PERIOD_PATTERN.test(period) && entry.mode.startsWith('100'))
        periods.push({ member: touched[i]!, request: `${baseCommit}:${folder}/${touched[i]}/${entry.name}` });
    }
  });
  const periodAnswers = await catFileBatch(
    git,
    periods.map((p) => p.request),
    true,
  );
  periodAnswers.forEach((answer, i) => {
    const { member, request } = periods[i]!;
    if (answer.missing || !answer.bytes || answer.size > MAX_FILE_BYTES) return;
    try {
      const { data } = parseMemberFile(answer.bytes.toString('utf8'), { file: request, member });
      baseRecords.set(member, mergeMemberFiles(member, [baseRecords.get(member) ?? Object.create(null), data.entities]));
    } catch {
      // A closed period Accord cannot read at the base records nothing.
    }
  });
  return { base: baseCommit, changes, atBase, baseEmails, baseRecords };
}
