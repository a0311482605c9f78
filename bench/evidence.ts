/**
 * Evidence (issue 15 §8): linking a generated repository of 20,000 commits, 2,000 of which carry
 * `Accord:` / `Accord-Done:` trailers naming micro-goals of the two-year team, to that team.
 * Cold (the whole history read, indexed and linked) is compared with `git log
 * --format=%H%x00%B` of the same repository in the same run; incremental reads, indexes and
 * links 50 new commits on top of the last head read, as after a pull.
 *
 * The repository is written by `git fast-import` (three streams, so that revert messages can
 * name the hashes of earlier commits) in seconds rather than 20,000 `git commit` runs, then
 * `git gc` (packed, with a commit-graph, as a repository in use is). It is seeded, so every run
 * measures the same history: merges of short topic branches, `Signed-off-by:` /
 * `Co-authored-by:` trailers, subjects that say "Accord" without a trailer, micro-goal ids the
 * team does not have, and `git revert` messages of `Accord-Done` commits, some reverted again.
 * The timings are medians of interleaved runs, reported against the baseline of the same run.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CommitInfo, evidenceFor, type EvidenceIndex, indexCommits, mergeCommits, type TeamState } from '../src/core';
import { type GitOptions, readCommitsSince, runGit } from '../src/store';
import { rng } from './dataset';
import { median, round, timeInterleaved, timeRuns } from './measure';

/** Commits in the generated history, and how many of them carry Accord trailers. */
export const EVIDENCE_COMMITS = 20_000;
export const EVIDENCE_LINKED = 2_000;
/** New commits per incremental read, and how many of them carry trailers. */
const NEW_COMMITS = 50;
const NEW_LINKED = 10;
const REVERTS = 20;
const MERGE_EVERY = 250;
const TOPIC_COMMITS = 3;
const RUNS = 7;
const END = Date.parse('2026-11-24T12:00:00Z');
const DAYS = 730;

export interface EvidenceResult {
  /** `git log --format=%H%x00%B` of the whole history, spawned and read (the baseline). */
  git_log_ms: number;
  /** Cold: `readCommitsSince(undefined)` + `indexCommits` + `evidenceFor`, p50. */
  evidence_ms: number;
  /** After 50 new commits: `readCommitsSince(last head)` + `mergeCommits` + `evidenceFor`, p50. */
  evidence_incremental_ms: number;
  evidence_ratio: number;
  /** Micro-goals of the team with at least one linked commit. */
  linked_micro_goals: number;
  /** Bytes of the baseline's output. */
  log_bytes: number;
}

const VERBS = ['Add', 'Fix', 'Refactor', 'Document', 'Test', 'Rename', 'Remove', 'Speed up', 'Simplify', 'Handle', 'Guard', 'Cache', 'Split', 'Move', 'Log'];
const WORDS =
  'parser tests docs cache release onboarding metrics flaky build api schema migration accessibility latency triage design deploy logging tree view status bar check-in planning webview merge store'.split(
    ' ',
  );
const ZONES = ['+0100', '+0200', '-0500', '-0800', '+0900', '+0000', '+0530'];

function git(cwd: string, args: string[], input?: string): string {
  const result = spawnSync('git', ['-c', 'init.defaultBranch=main', '-c', 'core.autocrlf=false', ...args], {
    cwd,
    input,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

interface Author {
  name: string;
  email: string;
}

/** Writes commits as a `git fast-import` stream. */
class ImportStream {
  private readonly parts: string[] = [];

  commit(c: {
    ref: string;
    mark: number;
    author: Author;
    time: number;
    zone: string;
    message: string;
    from?: string;
    merge?: string;
    files: [string, string][];
  }): void {
    const who = `${c.author.name} <${c.author.email}> ${Math.floor(c.time / 1000)} ${c.zone}`;
    this.parts.push(`commit ${c.ref}\nmark :${c.mark}\nauthor ${who}\ncommitter ${who}\ndata ${Buffer.byteLength(c.message)}\n${c.message}\n`);
    if (c.from) this.parts.push(`from ${c.from}\n`);
    if (c.merge) this.parts.push(`merge ${c.merge}\n`);
    for (const [path, content] of c.files) this.parts.push(`M 100644 inline ${path}\ndata ${Buffer.byteLength(content)}\n${content}\n`);
    this.parts.push('\n');
  }

  text(): string {
    return `${this.parts.join('')}done\n`;
  }
}

/** Reads a fast-import marks file (`:<mark> <hash>` lines). */
async function readMarks(file: string): Promise<Map<number, string>> {
  const marks = new Map<number, string>();
  for (const line of (await readFile(file, 'utf8')).split('\n')) {
    const match = /^:(\d+) ([0-9a-f]+)$/.exec(line);
    if (match) marks.set(Number(match[1]), match[2]!);
  }
  return marks;
}

/** The generator of commit messages and authors, seeded. */
class History {
  private readonly random = rng(15);
  readonly authors: Author[];
  readonly microGoals: string[];
  private fileCounter = 0;

  constructor(state: TeamState) {
    this.microGoals = [...state.entities.microGoal.keys()].sort();
    this.authors = [...state.entities.member.entries()]
      .map(([id, profile]) => ({ name: profile.name, email: id.replace(/^member:/, '').replace(/-example\.com$/, '@example.com') }))
      .sort((a, b) => (a.email < b.email ? -1 : 1));
  }

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)]!;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.random() * n);
  }

  chance(p: number): boolean {
    return this.random() < p;
  }

  author(): Author {
    return this.pick(this.authors);
  }

  zone(): string {
    return this.pick(ZONES);
  }

  subject(): string {
    const subject = `${this.pick(VERBS)} ${this.pick(WORDS)} ${this.pick(WORDS)}${this.chance(0.5) ? ` in the ${this.pick(WORDS)}` : ''}`;
    // Some subjects name Accord itself without linking anything: the quick look for "accord" must not be the whole filter.
    return this.chance(0.03) ? `${subject} (Accord settings)` : subject;
  }

  body(): string {
    if (this.chance(0.4)) return '';
    const lines = 1 + Math.floor(this.random() * 4);
    const text = Array.from({ length: lines }, () => Array.from({ length: 8 + Math.floor(this.random() * 5) }, () => this.pick(WORDS)).join(' ')).join('\n');
    return `\n\n${text}`;
  }

  /** A micro-goal id of the team, now and then one that is not (deleted, or not pulled yet). */
  microGoal(): string {
    return this.chance(0.02) ? `mg-unknown${String(Math.floor(this.random() * 1e4)).padStart(4, '0')}` : this.pick(this.microGoals);
  }

  /** A message, with Accord trailers when `linked`; `done` says whether it finishes a micro-goal. */
  message(linked: boolean): { text: string; done?: string } {
    let text = `${this.subject()}${this.body()}`;
    const trailers: string[] = [];
    let done: string | undefined;
    if (linked) {
      const id = this.microGoal();
      if (this.chance(0.25)) {
        trailers.push(`Accord-Done: ${id}`);
        done = id;
      } else trailers.push(`Accord: ${id}`);
      if (this.chance(0.1)) trailers.push(`Accord: ${this.microGoal()}`);
      if (this.chance(0.2)) {
        const partner = this.author();
        trailers.push(`Co-authored-by: ${partner.name} <${partner.email}>`);
      }
    }
    if (this.chance(0.15)) {
      const signer = this.author();
      trailers.push(`Signed-off-by: ${signer.name} <${signer.email}>`);
    }
    if (trailers.length > 0) text += `\n\n${trailers.join('\n')}`;
    return { text: `${text}\n`, ...(done ? { done } : {}) };
  }

  /** One small file change, so commits have trees that change as real ones do. */
  change(topic?: string): [string, string] {
    this.fileCounter++;
    const dir = topic ?? this.pick(WORDS);
    return [`src/${dir.replace(/ /g, '-')}/file${this.fileCounter % 10}.ts`, `export const change = ${this.fileCounter};\n`];
  }
}

interface Planned {
  mark: number;
  ref: string;
  from?: number;
  merge?: number;
  linked: boolean;
  files: [string, string][];
  subject?: string;
}

/**
 * Writes the repository in `repoDir`: EVIDENCE_COMMITS commits ending on `main` (HEAD), with merges
 * of topic branches, EVIDENCE_LINKED linked commits, and REVERTS reverts of `Accord-Done`
 * commits (reverts of reverts among them); then `git gc`, as a repository in use has been.
 */
async function generateRepository(repoDir: string, history: History): Promise<void> {
  await mkdir(repoDir, { recursive: true });
  git(repoDir, ['init', '-q']);
  // The shape first: which commit is on main, on a topic, a merge; then which carry trailers.
  const plan: Planned[] = [];
  let tip = 0;
  let onMain = 0;
  let topics = 0;
  while (plan.length < EVIDENCE_COMMITS) {
    const mark = plan.length + 1;
    if (onMain > 0 && onMain % MERGE_EVERY === 0 && plan.length + TOPIC_COMMITS + 1 <= EVIDENCE_COMMITS) {
      const topic = `topic-${++topics}`;
      let topicTip = tip;
      const files: [string, string][] = [];
      for (let i = 0; i < TOPIC_COMMITS; i++) {
        const change = history.change(topic);
        files.push(change);
        plan.push({ mark: plan.length + 1, ref: 'refs/heads/topic', from: topicTip, linked: false, files: [change] });
        topicTip = plan.length;
      }
      plan.push({ mark: plan.length + 1, ref: 'refs/heads/main', from: tip, merge: topicTip, linked: false, files, subject: `Merge branch '${topic}'` });
      tip = plan.length;
      onMain++;
      continue;
    }
    plan.push({ mark, ref: 'refs/heads/main', ...(tip ? { from: tip } : {}), linked: false, files: [history.change()] });
    tip = mark;
    onMain++;
  }
  // Three imports, so a message can name the hash of a commit of an earlier one: reverts of
  // Accord-Done commits of the first half land in the third quarter, reverts of those reverts
  // (git's "Reapply") in the fourth.
  const bounds = [0, EVIDENCE_COMMITS / 2, (EVIDENCE_COMMITS * 3) / 4, EVIDENCE_COMMITS] as const;
  const reverts = new Map<number, 'revert' | 'reapply'>();
  const reapplies = Math.floor(REVERTS / 4);
  const slot = (from: number, to: number, kind: 'revert' | 'reapply') => {
    for (;;) {
      const i = from + history.int(to - from);
      if (!plan[i]!.merge && plan[i]!.ref === 'refs/heads/main' && !reverts.has(i)) return void reverts.set(i, kind);
    }
  };
  for (let n = 0; n < REVERTS - reapplies; n++) slot(bounds[1], bounds[2], 'revert');
  for (let n = 0; n < reapplies; n++) slot(bounds[2], bounds[3], 'reapply');
  const candidates = plan.filter((p, i) => !p.merge && !reverts.has(i));
  let linked = 0;
  while (linked < EVIDENCE_LINKED) {
    const p = history.pick(candidates);
    if (!p.linked) {
      p.linked = true;
      linked++;
    }
  }
  const start = END - DAYS * 86_400_000;
  const spacing = (DAYS * 86_400_000) / EVIDENCE_COMMITS;
  const marksFile = join(repoDir, '.git', 'bench-marks');
  let marks = new Map<number, string>();
  const subjects = new Map<number, string>();
  const done: number[] = [];
  const reverted: number[] = [];
  for (let stage = 0; stage < 3; stage++) {
    const stream = new ImportStream();
    for (let i = bounds[stage]!; i < bounds[stage + 1]!; i++) {
      const p = plan[i]!;
      let message: string;
      const kind = reverts.get(i);
      if (kind) {
        // A reapply reverts one of the reverts, each at most once.
        const target = kind === 'revert' ? history.pick(done) : reverted.splice(history.int(reverted.length), 1)[0]!;
        if (kind === 'revert') reverted.push(p.mark);
        message = `Revert "${subjects.get(target)}"\n\nThis reverts commit ${marks.get(target)}.\n`;
      } else if (p.subject) message = `${p.subject}\n`;
      else {
        const made = history.message(p.linked);
        if (made.done && stage === 0) done.push(p.mark);
        message = made.text;
      }
      subjects.set(p.mark, message.slice(0, message.indexOf('\n')));
      stream.commit({
        ref: p.ref,
        mark: p.mark,
        author: history.author(),
        time: start + i * spacing + (history.chance(0.5) ? Math.floor(spacing / 2) : 0),
        zone: history.zone(),
        message,
        ...(p.from ? { from: `:${p.from}` } : {}),
        ...(p.merge ? { merge: `:${p.merge}` } : {}),
        files: p.files,
      });
    }
    git(repoDir, ['fast-import', '--quiet', ...(stage > 0 ? [`--import-marks=${marksFile}`] : []), `--export-marks=${marksFile}`], stream.text());
    marks = await readMarks(marksFile);
  }
  git(repoDir, ['branch', '-q', '-D', 'topic']);
  git(repoDir, ['gc', '-q']);
}

/** Adds `count` commits on top of `head` (NEW_LINKED of them with trailers) and returns the new head. */
function addCommits(repoDir: string, history: History, head: string, count: number, after: number): string {
  const stream = new ImportStream();
  for (let i = 0; i < count; i++) {
    stream.commit({
      ref: 'refs/heads/main',
      mark: i + 1,
      author: history.author(),
      time: after + (i + 1) * 60_000,
      zone: history.zone(),
      message: history.message(i % Math.floor(count / NEW_LINKED) === 0).text,
      from: i === 0 ? head : `:${i}`,
      files: [history.change()],
    });
  }
  git(repoDir, ['fast-import', '--quiet'], stream.text());
  return git(repoDir, ['rev-parse', 'HEAD']).trim();
}

/**
 * How a measured read gets commits: those of HEAD's history after `since` (all of them, newest
 * first, when it is undefined). The command line's way is `readCommitsSince` (store/commitLog.ts,
 * one `git log` run); the extension's is the git extension's `Repository.log`
 * (daily/evidence.ts `commitsSince`), measured in a real extension host by
 * test/integration/evidence.perf.test.ts.
 */
export interface CommitReader {
  /** Run before each timed read, untimed: the git extension learns of commits git wrote behind its back. */
  refresh?(): Promise<void>;
  read(since: string | undefined): Promise<{ head: string | undefined; commits: readonly CommitInfo[] }>;
}

/** `readCommitsSince` in `repoDir`: one `git log` run. */
export function cliReader(repoDir: string): CommitReader {
  return { read: (since) => readCommitsSince({ cwd: repoDir }, since) };
}

/** Generates the repository in `repoDir` and measures linking it to `state` (the two-year team), reading commits with `reader`. */
export async function benchEvidence(repoDir: string, state: TeamState, reader: CommitReader = cliReader(repoDir)): Promise<EvidenceResult> {
  const history = new History(state);
  await generateRepository(repoDir, history);
  const options: GitOptions = { cwd: repoDir };
  let logBytes = 0;
  const baseline = async () => {
    logBytes = (await runGit(options, ['log', '--format=%H%x00%B'])).stdout.length;
  };
  let index: EvidenceIndex | undefined;
  let head: string | undefined;
  let linkedMicroGoals = 0;
  await reader.refresh?.();
  const cold = async () => {
    const read = await reader.read(undefined);
    index = indexCommits(read.commits);
    head = read.head;
    linkedMicroGoals = evidenceFor(index, state).size;
  };
  await baseline();
  await cold();
  const checked = await reader.read(undefined);
  if (checked.commits.length !== EVIDENCE_COMMITS) throw new Error(`the cold read found ${checked.commits.length} commits, not ${EVIDENCE_COMMITS}`);
  const linkedCommits = new Set([...index!.links.values()].flatMap((list) => list.map((c) => c.hash)));
  if (linkedCommits.size !== EVIDENCE_LINKED) throw new Error(`${linkedCommits.size} commits link micro-goals, not ${EVIDENCE_LINKED}`);
  const withdrawn = [...evidenceFor(index!, state).values()].filter((item) => item.commits.some((c) => c.done && c.reverted));
  if (index!.revertedBy.size === 0 || withdrawn.length === 0) throw new Error('no revert of an Accord-Done commit was found');
  const [baseTimes, coldTimes] = await timeInterleaved(RUNS, baseline, cold);

  // Incremental: 50 new commits on top of the last head read, as after a pull; each run from the previous one's head.
  let after = END + 86_400_000;
  const incrementalTimes: number[] = [];
  for (let run = 0; run < RUNS + 1; run++) {
    const next = addCommits(repoDir, history, head!, NEW_COMMITS, after);
    after += NEW_COMMITS * 60_000 + 3_600_000;
    let found = 0;
    await reader.refresh?.();
    const [time] = await timeRuns(1, async () => {
      const read = await reader.read(head);
      index = mergeCommits(index!, read.commits);
      head = read.head;
      found = read.commits.length;
      return evidenceFor(index, state).size;
    });
    if (found !== NEW_COMMITS || head !== next) throw new Error(`the incremental read found ${found} commits, not ${NEW_COMMITS}`);
    if (run > 0) incrementalTimes.push(time!); // the first one warms up
  }

  const git_log_ms = round(median(baseTimes), 1);
  const evidence_ms = round(median(coldTimes), 1);
  return {
    git_log_ms,
    evidence_ms,
    evidence_incremental_ms: round(median(incrementalTimes), 1),
    evidence_ratio: round(evidence_ms / git_log_ms, 2),
    linked_micro_goals: linkedMicroGoals,
    log_bytes: logBytes,
  };
}
