/**
 * `accord check`: every problem the extension would name in a team's data folder, found by the
 * store itself (opened read-only, so nothing is ever written) and told in the store's words.
 */
import {
  answerGivenToOthersWords,
  answersGivenToOthers,
  compareText,
  decisionRightProblems,
  mayCommitMemberFile,
  memberEntityId,
  otherAuthorWords,
} from '../core';
import { NO_RULES, readCovenantRules } from '../core/agreements';
import { COVENANT_FILE, MAX_COVENANT_BYTES } from '../core/covenant';
import { AccordFileError, AccordStore, type FileProblem, lineOfPath, MAX_FILE_BYTES, memberFileHistory, refusedWriteWords } from '../store';
import { readRegularFile } from '../store/safeFile';
import { join } from 'node:path';

/** One problem, as every output format tells it. */
export interface CheckProblem {
  /** The file, relative to the team's folder, with `/` (`.accord/people/sam.json`). */
  readonly file: string;
  /** 1-based line and column, when the problem has a place in the file. */
  readonly line?: number;
  readonly column?: number;
  /**
   * The store's kind of problem (src/store/errors.ts), `left-out` for a write the authority rule
   * leaves out, `other-author` for a commit since the base that changed someone else's file,
   * `covenant-rule` for a line of the covenant's ```accord blocks Accord could not read, or
   * `covenant-answer` for an answer since the base that the covenant gives to someone else.
   */
  readonly problem: FileProblem | 'left-out' | 'other-author' | 'covenant-rule' | 'covenant-answer';
  /** What is wrong, in the extension's words. */
  readonly reason: string;
  /** What to do about it. */
  readonly fix: string;
}

/** What a check found: the problems in a stable order (file, line, column, text) and how many member files were read. */
export interface CheckResult {
  readonly problems: readonly CheckProblem[];
  readonly memberFiles: number;
}

/**
 * Checks the data folder `dataFolder` (relative, already made safe by safeDataFolder) of the team
 * folder `root` as the extension reads it: every member file and closed period (AccordStore.loadAll and useArchives: JSON, schema,
 * size and depth caps, links, names, conflict markers, clocks), every write the authority rule
 * leaves out (TeamState.refused, placed on its entity's line), and the covenant (a regular file of
 * at most MAX_COVENANT_BYTES, each line of its ```accord blocks that core readCovenantRules
 * could not read, and each decision right whose names match nobody, core decisionRightProblems). Copies on git branches are not read: the check is of the files
 * present. With `base` (a commit git can read in `root`'s repository) it also checks ownership
 * (core/ownership.ts): every commit in `base..HEAD` that changed a member file (a merge: beyond its parents) must
 * be that member's, by the email their file recorded at the base (for a file new since then,
 * the email it records now; so a file made for an id nobody holds yet is taken at its word) or
 * the ids Accord gives the author's email; and every renegotiation answer new since the base
 * (its responder's file changed, and did not hold that answer at the base) must come from
 * someone the covenant's decision rights name (core answersGivenToOthers). Never writes. Throws
 * UnknownBaseError for a base git cannot read, and a failure the store does not describe.
 */
export async function checkTeam(root: string, dataFolder: string, base?: string): Promise<CheckResult> {
  const store = new AccordStore({ root, dataFolder, readOnly: true, historyInState: true });
  await store.loadAll();
  // Everything, the closed history too: a check reads every file.
  await store.useArchives();
  return checkLoaded(store, root, dataFolder, base);
}

/**
 * {@link checkTeam} of a `store` already loaded (read-only) from `root` and `dataFolder`, for a
 * command that goes on to read the team (the digest, status, calendar): the files are read once.
 */
export async function checkLoaded(store: AccordStore, root: string, dataFolder: string, base?: string): Promise<CheckResult> {
  const problems: CheckProblem[] = store.errors.map(fromFileError);
  const texts = new Map<string, string | undefined>();
  const textOf = async (path: string) => {
    if (!texts.has(path)) texts.set(path, (await readRegularFile(path, MAX_FILE_BYTES).catch(() => undefined))?.bytes.toString('utf8'));
    return texts.get(path);
  };
  for (const write of store.state.refused) {
    const path = store.fileHolding(write.member, write.entity);
    const text = await textOf(path);
    const words = refusedWriteWords(write);
    problems.push({
      file: store.displayPath(path),
      line: text === undefined ? undefined : lineOfPath(text, ['entities', write.entity]),
      problem: 'left-out',
      reason: `${words.summary}. ${words.reason}`,
      fix: words.fix,
    });
  }
  let covenant: string | undefined;
  try {
    covenant = await store.readDataFile(COVENANT_FILE, MAX_COVENANT_BYTES);
  } catch (error) {
    if (!(error instanceof AccordFileError)) throw error;
    problems.push(fromFileError(error));
  }
  const rules = covenant === undefined ? NO_RULES : readCovenantRules(covenant);
  const covenantFile = store.displayPath(join(root, dataFolder, COVENANT_FILE));
  for (const problem of [...rules.problems, ...decisionRightProblems(store.state, rules)])
    problems.push({
      file: covenantFile,
      line: problem.line,
      problem: 'covenant-rule',
      reason: problem.message,
      fix: 'Mend that line; until then Accord leaves that part of the block out and reads the rest.',
    });
  if (base !== undefined) {
    const history = await memberFileHistory({ cwd: root }, base, `${dataFolder}/people`);
    // A file new since the base: the email its own profile record holds now (only its member creates that file honestly).
    const recordedNow = (member: string) => {
      const email = store.recordsOf(member)[memberEntityId(member)]?.fields.email;
      return typeof email === 'string' ? email : undefined;
    };
    for (const change of history.changes) {
      for (const member of change.members) {
        const recorded = history.atBase.has(member) ? history.baseEmails.get(member) : recordedNow(member);
        if (mayCommitMemberFile(member, change.authorEmail, recorded)) continue;
        problems.push({ file: store.displayPath(store.fileOf(member)), problem: 'other-author', ...otherAuthorWords(change, member) });
      }
    }
    // An answer is new since the base when the responder's file changed since then, and what the
    // responder wrote of it (their own record, not the merged state another member may have moved
    // on, as a proposer accepting a counter does) differs from what their file held at the base.
    const changed = new Set(history.changes.flatMap((change) => change.members));
    for (const answer of answersGivenToOthers(store.state, rules)) {
      const { renegotiation, responder } = answer;
      if (!changed.has(responder)) continue;
      const before = history.baseRecords.get(responder)?.[renegotiation.id]?.fields;
      const now = store.recordsOf(responder)[renegotiation.id]?.fields;
      if (before?.respondedBy === responder && before.state === now?.state) continue;
      const path = store.fileHolding(responder, renegotiation.id);
      const text = await textOf(path);
      problems.push({
        file: store.displayPath(path),
        line: text === undefined ? undefined : lineOfPath(text, ['entities', renegotiation.id]),
        problem: 'covenant-answer',
        ...answerGivenToOthersWords(store.state, answer),
      });
    }
  }
  problems.sort((a, b) => compareText(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0) || compareText(a.reason, b.reason));
  return { problems, memberFiles: store.members.length };
}

function fromFileError(error: AccordFileError): CheckProblem {
  return { file: error.file, line: error.line, column: error.column, problem: error.problem, reason: error.reason, fix: error.fix };
}
