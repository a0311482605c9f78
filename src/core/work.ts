/**
 * Working on a micro-goal (issue 15 §2): the trailers Accord puts in the Source Control input
 * box for the micro-goal someone works on, the branch named after it, and the evidence that is
 * one person's own. Pure: the VS Code side keeps the active micro-goal and the input box.
 *
 * The input box is the person's: Accord adds its trailer lines to the message's last
 * paragraph and takes back only lines it put there, so what the person typed is never lost.
 */
import { commitMember, type LinkedCommit, type MicroGoalEvidence, offeredDone } from './evidence';
import { looksLikeEmail } from './ids';
import type { TeamState } from './team';
import { ACCORD_DONE_TRAILER, ACCORD_TRAILER, parseTrailers } from './trailers';

/** Someone who pairs on the work: `Co-authored-by: <name> <<email>>` (GitHub's convention, also read by GitLab). */
export interface CoAuthor {
  readonly name: string;
  readonly email: string;
}

/** What one person works on now: the micro-goal, whether the next commit finishes it, and who pairs. */
export interface WorkTrailers {
  readonly microGoal: string;
  /** `Accord-Done:` instead of `Accord:`: the next commit says it finishes the micro-goal. */
  readonly finishing?: boolean;
  readonly coAuthors?: readonly CoAuthor[];
}

/** The longest name kept in a `Co-authored-by` trailer; git's own ident has no bound, ours does. */
const MAX_NAME = 100;

/**
 * A member's name made fit for a trailer's ident: one line, no `<` `>` (they delimit the email
 * in git's ident), no controls, trimmed, at most {@link MAX_NAME} characters; undefined when
 * nothing is left. Names come from member files, which anyone can write.
 */
function identName(name: string): string | undefined {
  const cleaned = name
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029<>]+/g, ' ')
    .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_NAME)
    .trim();
  return cleaned || undefined;
}

/**
 * The `Co-authored-by` trailer value for a member, `Sam Lee <sam@example.com>`, or undefined
 * when the email is not one (`looksLikeEmail`, no spaces or angle brackets) or the name has
 * nothing left once cleaned (one line, no `<>`, no controls or bidi marks).
 */
export function coAuthorValue(author: CoAuthor): string | undefined {
  const name = identName(author.name);
  const email = author.email.trim();
  if (!name || !looksLikeEmail(email) || /[\s<>]/.test(email) || email.length > 254) return undefined;
  return `${name} <${email}>`;
}

/**
 * The trailer lines for `work`, in the order they go in the message: `Accord: mg-1` (or
 * `Accord-Done: mg-1` when `finishing`), then one `Co-authored-by:` per co-author whose
 * {@link coAuthorValue} is defined, each once.
 */
export function workTrailerLines(work: WorkTrailers): string[] {
  const lines = [`${work.finishing ? ACCORD_DONE_TRAILER : ACCORD_TRAILER}: ${work.microGoal}`];
  for (const author of work.coAuthors ?? []) {
    const value = coAuthorValue(author);
    if (value && !lines.includes(`Co-authored-by: ${value}`)) lines.push(`Co-authored-by: ${value}`);
  }
  return lines;
}

/**
 * `message` with the trailer lines Accord put there before (`previous`) taken out and `next`
 * added. Rules, so the person's own text is never lost:
 * - Only whole lines equal to a `previous` line are removed (each once, the last such line),
 *   and only from the message's last paragraph; a line the person edited is theirs and stays.
 * - `next` lines already in the message are not added again.
 * - The other lines go at the end: into the last paragraph when git reads that paragraph as
 *   trailers (`parseTrailers`, so `Signed-off-by:` lines and ours share one block), else as a
 *   new paragraph after a blank line. An empty message becomes a blank first line (the subject
 *   the person types), a blank line, and the trailers.
 * - Line ends stay as the message has them (`\r\n` when it uses them).
 * Returns `message` itself when nothing changes.
 */
export function withTrailerLines(message: string, previous: readonly string[], next: readonly string[]): string {
  const eol = message.includes('\r\n') ? '\r\n' : '\n';
  // Each line with the line end that followed it, so every line end typed stays as typed.
  const parts = message.split(/(\r?\n)/);
  const lines: { text: string; end: string }[] = [];
  for (let i = 0; i < parts.length; i += 2) lines.push({ text: parts[i]!, end: parts[i + 1] ?? '' });
  const blank = (i: number) => lines[i]!.text.trim() === '';
  // Trailing blank lines are not a paragraph of their own.
  let end = lines.length;
  while (end > 0 && blank(end - 1)) end--;
  let start = end;
  while (start > 0 && !blank(start - 1)) start--;
  // The text before the last paragraph stays exactly as typed.
  const head = lines.slice(0, start);
  const last = lines.slice(start, end);
  let removed = false;
  for (const line of previous) {
    const at = last.map((l) => l.text).lastIndexOf(line);
    if (at >= 0) {
      last.splice(at, 1);
      removed = true;
    }
  }
  const present = new Set([...head, ...last].map((l) => l.text));
  const toAdd = next.filter((line, i) => !present.has(line) && next.indexOf(line) === i);
  if (!removed && toAdd.length === 0) return message;
  // A paragraph emptied of Accord's lines goes with the blank lines that set it apart.
  if (last.length === 0) while (head.length > 0 && head[head.length - 1]!.text.trim() === '') head.pop();
  const added = toAdd.map((text) => ({ text, end: eol }));
  const gap = { text: '', end: eol };
  if (added.length > 0) {
    const hasSubject = head.some((line) => line.text.trim() !== '');
    if (last.length > 0 && hasSubject && isTrailerParagraph(last.map((l) => l.text))) last.push(...added);
    else if (last.length > 0) last.push(gap, ...added);
    else head.push(...(head.length ? [gap] : [gap, gap]), ...added);
  }
  const out = [...head, ...last];
  return out.map((line, i) => line.text + (i < out.length - 1 ? line.end || eol : '')).join('');
}

/** Whether every line of a paragraph is a trailer as git reads it (the paragraph set after a subject). */
function isTrailerParagraph(paragraph: readonly string[]): boolean {
  const found = parseTrailers(`subject\n\n${paragraph.join('\n')}\n`);
  return found.length > 0 && found.length >= paragraph.filter((line) => !/^\s/.test(line)).length;
}

/** The longest branch name Start Work offers (git allows far more; a name should fit a status bar). */
const MAX_BRANCH = 60;

/**
 * The branch Start Work offers for a micro-goal: `<id>-<words of the title>`, the title folded
 * to lower-case ASCII letters and digits joined by `-` (accents dropped by NFKD; any other
 * script leaves only the id), at most {@link MAX_BRANCH} characters. Always a name
 * `git check-ref-format --branch` accepts: ids are `[a-z0-9._:-]`, and `:` and `..` are
 * replaced. It has no `/`: a branch `accord/…` would make the data branch `accord` impossible
 * (git keeps refs as files, so `refs/heads/accord` cannot be both a branch and a folder).
 */
export function branchNameFor(microGoal: string, title: string): string {
  const id = branchSafeId(microGoal);
  const words = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const name = words ? `${id}-${words}` : id;
  return name.length <= MAX_BRANCH ? name : name.slice(0, MAX_BRANCH).replace(/[-.]+$/, '');
}

function branchSafeId(microGoal: string): string {
  return (
    microGoal
      .replace(/:/g, '-')
      .replace(/\.{2,}/g, '.')
      .replace(/^[.-]+|[.]+$/g, '')
      .replace(/\.lock$/, '-lock') || 'work'
  );
}

/**
 * The micro-goal a branch name names, when it is one Start Work offers (`<id>` or `<id>-…`)
 * and that id is a micro-goal of `state` (the longest such id wins); undefined otherwise.
 */
export function microGoalOfBranch(state: TeamState, branch: string | undefined): string | undefined {
  if (!branch) return undefined;
  let found: string | undefined;
  for (const id of state.entities.microGoal.keys()) {
    const asBranch = branchSafeId(id);
    if ((branch === asBranch || branch.startsWith(`${asBranch}-`)) && (!found || id.length > found.length)) found = id;
  }
  return found;
}

/**
 * The evidence with only the commits `me` wrote (`commitMember`: the author's email is mine,
 * by `myEmail` or my profile), and only the micro-goals left with a commit. What Check In
 * pre-ticks and summarises: my check-in is about my work, not a partner's.
 */
export function myEvidence(evidence: ReadonlyMap<string, MicroGoalEvidence>, state: TeamState, me: string, myEmail?: string): Map<string, MicroGoalEvidence> {
  const mine = new Map<string, MicroGoalEvidence>();
  for (const [id, item] of evidence) {
    const commits = item.commits.filter((commit) => commitMember(state, commit, me, myEmail) === me);
    if (commits.length) mine.set(id, { ...item, commits });
  }
  return mine;
}

/**
 * The evidence of several repositories as one (a multi-root workspace: the code in one
 * repository, the team's notes in another). Per micro-goal: the commits of every map, each
 * hash once, newest first (by time, then hash); `backed` when any is not reverted; `doneBy` the
 * newest non-reverted `Accord-Done` commit while the micro-goal is open (`offeredDone`). A revert counts only in
 * its own repository, as git sees it. One map is returned as it is.
 */
export function mergeEvidence(maps: readonly ReadonlyMap<string, MicroGoalEvidence>[]): ReadonlyMap<string, MicroGoalEvidence> {
  if (maps.length === 1) return maps[0]!;
  const merged = new Map<string, MicroGoalEvidence>();
  for (const map of maps) {
    for (const [id, item] of map) {
      const seen = merged.get(id);
      if (!seen) {
        merged.set(id, item);
        continue;
      }
      const hashes = new Set(seen.commits.map((commit) => commit.hash));
      const commits = [...seen.commits, ...item.commits.filter((commit) => !hashes.has(commit.hash))].sort(newestFirst);
      const doneBy = offeredDone(commits, seen.isDone, seen.reopenedAt);
      merged.set(id, { ...seen, commits, backed: commits.some((commit) => !commit.reverted), ...(doneBy ? { doneBy } : {}) });
    }
  }
  return new Map([...merged].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function newestFirst(a: LinkedCommit, b: LinkedCommit): number {
  const ta = Number.isNaN(a.time) ? -Infinity : a.time;
  const tb = Number.isNaN(b.time) ? -Infinity : b.time;
  return tb - ta || (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0);
}
