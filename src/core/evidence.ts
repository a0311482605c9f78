/**
 * Evidence: the commits that link micro-goals (issue 15 §3–§5), as plain data. The VS Code side
 * reads git (newest first, as `git log` gives commits) and hands the commits here; nothing in
 * this file runs git, reads a clock or depends on the host's time zone or locale.
 *
 * Two steps, so a pull costs the new commits only:
 * 1. {@link indexCommits} / {@link mergeCommits} build an {@link EvidenceIndex} from commits:
 *    which micro-goal ids each commit names (`Accord:` / `Accord-Done:` trailers, trailers.ts)
 *    and which commits each commit reverts. The index does not look at the team state, so a
 *    micro-goal that arrives later (a partner's file, pulled after the commit) finds its commits.
 * 2. {@link evidenceFor} reads the index against a {@link TeamState}: per micro-goal that exists,
 *    its commits, whether they were reverted, and whether a commit says it is done.
 */
import * as v from 'valibot';
import { InstantSchema } from './entities';
import { memberIdOf, sameEmail } from './ids';
import { memberName, type TeamState } from './team';
import { type AccordLinks, accordLinks, mayLinkMicroGoals } from './trailers';

/** A commit as the VS Code side reads it from git: `at` is an ISO instant with its zone (`2026-03-10T09:30:00+01:00`). */
export interface CommitInfo {
  readonly hash: string;
  readonly parents: readonly string[];
  readonly author: string;
  readonly authorEmail?: string;
  readonly at: string;
  readonly subject: string;
  readonly message: string;
}

/** What the index keeps of a commit that names a micro-goal: enough for a tooltip and a check-in summary, no body. */
export interface EvidenceCommit {
  /** The full hash, lower case. */
  readonly hash: string;
  /** The author's name as git has it, at most {@link EVIDENCE_LIMITS}.text characters. */
  readonly author: string;
  readonly authorEmail?: string;
  /** The commit's instant as given. */
  readonly at: string;
  /** `at` in milliseconds since 1970 (UTC); NaN when `at` is not an ISO instant with a zone. */
  readonly time: number;
  /** The subject line, at most {@link EVIDENCE_LIMITS}.text characters. */
  readonly subject: string;
  /** Whether it is a merge (more than one parent). */
  readonly merge: boolean;
  /** Whether it names this micro-goal in `Accord-Done:` (it says it finishes it) rather than only `Accord:`. */
  readonly done: boolean;
}

/**
 * The commits read so far, by what they say. Immutable: {@link mergeCommits} returns a new index.
 * - `links`: micro-goal id → the commits that name it, newest first (by `time`, then hash).
 * - `revertedBy`: commit hash → the hashes of commits whose message says it reverts it, in hash order.
 * - `seen`: the hashes of every commit that named a micro-goal or reverted a commit, so a
 *   commit read twice (overlapping batches, two branches) counts once.
 */
export interface EvidenceIndex {
  readonly links: ReadonlyMap<string, readonly EvidenceCommit[]>;
  readonly revertedBy: ReadonlyMap<string, readonly string[]>;
  readonly seen: ReadonlySet<string>;
}

/**
 * Bounds on untrusted commits: `text`, the longest author or subject kept (longer ones are
 * cut); `revertsPerCommit`, how many `This reverts commit` lines of one message count;
 * `summary`, the longest check-in summary; `revertDepth`, how deep a chain of reverts of
 * reverts is followed (deeper counts as not reverted).
 */
export const EVIDENCE_LIMITS = { text: 300, revertsPerCommit: 50, summary: 200, revertDepth: 32 } as const;

/** An empty index, to merge the first batch into. */
export const EMPTY_EVIDENCE: EvidenceIndex = { links: new Map(), revertedBy: new Map(), seen: new Set() };

/** A full SHA-1 (40) or SHA-256 (64) object name, as git writes it. */
const FULL_HASH = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
/**
 * What `git revert` writes in the message (sequencer.c `do_pick_commit`): "This reverts commit
 * <full hash>." (or ", reversing\nchanges made to <hash>." for a merge). Found anywhere in the
 * message, so a squash that holds a revert counts too; abbreviated hashes (typed by hand) do not.
 */
const REVERTS = /This reverts commit ([0-9a-f]{40}(?:[0-9a-f]{24})?)(?![0-9a-f])/g;

function clip(text: unknown): string {
  if (typeof text !== 'string') return '';
  if (text.length <= EVIDENCE_LIMITS.text) return own(text);
  return own(text.slice(0, EVIDENCE_LIMITS.text - (isHighSurrogate(text.charCodeAt(EVIDENCE_LIMITS.text - 1)) ? 1 : 0)));
}

/**
 * The same text in a string of its own. What git gives is cut out of one `git log` output of
 * megabytes, and a JavaScript engine may keep a cut-out piece as a view of the whole (V8's
 * sliced strings), so an index that kept the pieces would keep every output it was built from.
 * Joining forces a copy of the few characters; the result is equal to `text`.
 */
function own(text: string): string {
  return text.length < 13 ? text : `${text}\0`.slice(0, -1);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Milliseconds of an ISO instant with a zone (entities.ts InstantSchema); NaN for anything else, never host-local time. */
function instantTime(at: unknown): number {
  return typeof at === 'string' && v.is(InstantSchema, at) ? Date.parse(at) : NaN;
}

/** Newest first: by time (unreadable times last), then by hash, so the order never depends on how commits were batched. */
function newestFirst(a: EvidenceCommit, b: EvidenceCommit): number {
  const ta = Number.isNaN(a.time) ? -Infinity : a.time;
  const tb = Number.isNaN(b.time) ? -Infinity : b.time;
  if (ta !== tb) return tb - ta;
  return a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0;
}

/**
 * The index with a batch of commits merged in; `index` itself is not changed. Commits may come
 * in any order and batches may overlap: a commit already in the index (by hash) is skipped, and
 * each micro-goal's commits are kept newest first, so merging a history in any batches gives
 * the index of reading it whole (`mergeCommits(mergeCommits(EMPTY_EVIDENCE, old), new)` equals
 * `indexCommits([...new, ...old])`). Cost: the new commits, plus the lists of the micro-goals
 * they name.
 *
 * Per commit (malformed ones are skipped, nothing throws): its hash must be a full hash
 * (40 or 64 hex digits, any case); it names the ids of `accordLinks(message)` (trailers.ts:
 * git's trailer rules, bounded); its reverts are the `This reverts commit <full hash>` lines
 * `git revert` writes (at most {@link EVIDENCE_LIMITS}.revertsPerCommit).
 */
export function mergeCommits(index: EvidenceIndex, commits: readonly CommitInfo[]): EvidenceIndex {
  let links: Map<string, readonly EvidenceCommit[]> | undefined;
  let revertedBy: Map<string, readonly string[]> | undefined;
  let seen: Set<string> | undefined;
  const touched = new Set<string>();
  for (const commit of commits) {
    if (!commit || typeof commit.hash !== 'string' || typeof commit.message !== 'string') continue;
    // Most commits name nothing and revert nothing: they are passed over on a look at the message alone, building nothing.
    const mayLink = mayLinkMicroGoals(commit.message);
    if (!mayLink && !commit.message.includes(REVERT_LINE)) continue;
    const { links: ids, done } = mayLink ? accordLinks(commit.message) : NO_LINKS;
    const reverts = revertsIn(commit.message);
    if (ids.length === 0 && reverts.length === 0) continue;
    const hash = own(commit.hash.toLowerCase());
    if (!FULL_HASH.test(hash) || (seen ?? index.seen).has(hash)) continue;
    seen ??= new Set(index.seen);
    seen.add(hash);
    if (reverts.length > 0) {
      revertedBy ??= new Map(index.revertedBy);
      for (const named of reverts) {
        const target = own(named);
        if (target === hash) continue;
        const by = revertedBy.get(target) ?? [];
        // Kept in hash order, so the index does not depend on the order commits were read in.
        if (!by.includes(hash)) revertedBy.set(target, [...by, hash].sort());
      }
    }
    if (ids.length === 0) continue;
    links ??= new Map(index.links);
    const author = clip(commit.author);
    const authorEmail = typeof commit.authorEmail === 'string' ? clip(commit.authorEmail) : undefined;
    const at = typeof commit.at === 'string' ? clip(commit.at) : '';
    const time = instantTime(commit.at);
    const subject = clip(commit.subject);
    const merge = Array.isArray(commit.parents) && commit.parents.length > 1;
    for (const named of ids) {
      const id = own(named);
      const list = touched.has(id) ? (links.get(id) as EvidenceCommit[]) : [...(links.get(id) ?? [])];
      touched.add(id);
      const isDone = done.includes(named);
      // Literals of one shape (no spreads): thousands of these are made on a first read.
      list.push(
        authorEmail === undefined
          ? { hash, author, at, time, subject, merge, done: isDone }
          : { hash, author, authorEmail, at, time, subject, merge, done: isDone },
      );
      links.set(id, list);
    }
  }
  if (!seen) return index;
  if (links) for (const id of touched) (links.get(id) as EvidenceCommit[]).sort(newestFirst);
  return { links: links ?? index.links, revertedBy: revertedBy ?? index.revertedBy, seen };
}

/** The index of a history read whole (newest first, as `git log` gives it): `mergeCommits(EMPTY_EVIDENCE, commits)`. */
export function indexCommits(commits: readonly CommitInfo[]): EvidenceIndex {
  return mergeCommits(EMPTY_EVIDENCE, commits);
}

const REVERT_LINE = 'This reverts commit ';
const NO_LINKS: AccordLinks = { links: [], done: [] };

function revertsIn(message: string): string[] {
  if (!message.includes(REVERT_LINE)) return [];
  const found: string[] = [];
  for (const match of message.matchAll(REVERTS)) {
    if (found.length >= EVIDENCE_LIMITS.revertsPerCommit) break;
    if (!found.includes(match[1]!)) found.push(match[1]!);
  }
  return found;
}

/**
 * Whether a commit is reverted in the index: some commit reverts it that is not itself
 * reverted (a revert of a revert, git's "Reapply", puts the change back). Chains deeper than
 * {@link EVIDENCE_LIMITS}.revertDepth count as not reverted, and a cycle (possible only in
 * crafted messages) is cut where the walk comes back to a commit, which counts as not reverted there.
 */
export function isReverted(index: EvidenceIndex, hash: string): boolean {
  return reverted(index, hash.toLowerCase(), 0, new Map());
}

function reverted(index: EvidenceIndex, hash: string, depth: number, memo: Map<string, boolean>): boolean {
  const known = memo.get(hash);
  if (known !== undefined) return known;
  const by = index.revertedBy.get(hash);
  if (!by || depth >= EVIDENCE_LIMITS.revertDepth) return false;
  memo.set(hash, false); // a cycle back here reads as not reverted
  const answer = by.some((reverter) => !reverted(index, reverter, depth + 1, memo));
  memo.set(hash, answer);
  return answer;
}

/** A commit that names a micro-goal, with whether a later commit reverted it. */
export interface LinkedCommit extends EvidenceCommit {
  readonly reverted: boolean;
}

function linkedCommit(c: EvidenceCommit, isReverted: boolean): LinkedCommit {
  // The fields of EvidenceCommit, copied as literals (a spread of each of thousands of commits is slow).
  return c.authorEmail === undefined
    ? { hash: c.hash, author: c.author, at: c.at, time: c.time, subject: c.subject, merge: c.merge, done: c.done, reverted: isReverted }
    : {
        hash: c.hash,
        author: c.author,
        authorEmail: c.authorEmail,
        at: c.at,
        time: c.time,
        subject: c.subject,
        merge: c.merge,
        done: c.done,
        reverted: isReverted,
      };
}

/** What the history says about one micro-goal of the team. */
export interface MicroGoalEvidence {
  readonly id: string;
  /** The micro-goal's owner: the only member whose Accord may write its completion (authority.ts). */
  readonly owner: string;
  /** Whether the micro-goal is already done in the team state. */
  readonly isDone: boolean;
  /** Every commit that names it (`Accord:` or `Accord-Done:`), newest first. */
  readonly commits: readonly LinkedCommit[];
  /** Whether at least one of them is not reverted: its work is in the history. */
  readonly backed: boolean;
  /**
   * When the micro-goal was last reopened (its `reopenedAt`, milliseconds since 1970, UTC);
   * undefined when it never was, or the instant cannot be read.
   */
  readonly reopenedAt?: number;
  /**
   * The newest commit, not reverted, whose `Accord-Done:` says it finishes the micro-goal,
   * while the micro-goal is still open ({@link offeredDone}); undefined when it is done already
   * (nothing to offer), no such commit is left (a revert of the `Accord-Done` commit withdraws
   * it), or every such commit is from before the micro-goal was reopened (a reopen answers them).
   */
  readonly doneBy?: LinkedCommit;
}

/**
 * The evidence of each micro-goal that exists in `state` and that some commit names, by id
 * (ids in code-unit order). Rules:
 * - A link to an id that is not a micro-goal of the state (unknown, another kind, deleted:
 *   tombstones are not in `state.entities`) is ignored; it shows once the micro-goal arrives.
 * - A commit is reverted when a commit that is not itself reverted says `This reverts commit
 *   <its hash>.` ({@link isReverted}); a reverted commit stays in `commits`, marked.
 * - `doneBy` is the newest non-reverted `Accord-Done` commit of an open micro-goal; a done
 *   micro-goal has nothing to offer.
 * - Whose decision a completion is: the micro-goal's `owner` (the single-writer rule); see
 *   {@link doneByCommits} for what each member is shown.
 */
export function evidenceFor(index: EvidenceIndex, state: TeamState): Map<string, MicroGoalEvidence> {
  const ids = [...index.links.keys()].filter((id) => state.entities.microGoal.has(id)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const memo = new Map<string, boolean>();
  const result = new Map<string, MicroGoalEvidence>();
  for (const id of ids) {
    const micro = state.entities.microGoal.get(id)!;
    const commits = index.links.get(id)!.map((commit) => linkedCommit(commit, reverted(index, commit.hash, 0, memo)));
    const reopened = instantTime(micro.reopenedAt);
    const reopenedAt = Number.isNaN(reopened) ? undefined : reopened;
    const doneBy = offeredDone(commits, micro.done, reopenedAt);
    const backed = commits.some((commit) => !commit.reverted);
    const item: MicroGoalEvidence = { id, owner: micro.owner, isDone: micro.done, commits, backed };
    result.set(
      id,
      reopenedAt === undefined && !doneBy ? item : { ...item, ...(reopenedAt !== undefined ? { reopenedAt } : {}), ...(doneBy ? { doneBy } : {}) },
    );
  }
  return result;
}

/**
 * The commit a micro-goal's owner is asked about: the newest of `commits` (newest first) that
 * says `Accord-Done`, is not reverted, and, when the micro-goal was reopened at `reopenedAt`
 * (milliseconds), is from after that (its author time; a commit whose time cannot be read
 * does not count then): reopening a micro-goal says it is not done, which answers the commits
 * that said it was. Undefined while the micro-goal is done.
 */
export function offeredDone(commits: readonly LinkedCommit[], isDone: boolean, reopenedAt: number | undefined): LinkedCommit | undefined {
  if (isDone) return undefined;
  return commits.find((commit) => commit.done && !commit.reverted && (reopenedAt === undefined || commit.time > reopenedAt));
}

/** A completion a commit asks of the member who owns the micro-goal. */
export interface DoneByCommit {
  readonly microGoal: string;
  readonly title: string;
  readonly commit: LinkedCommit;
  /** The member whose commit it is (the author's email is theirs), or undefined when no member has that email. */
  readonly by?: string;
  /**
   * `offer`: my micro-goal and my own commit: offer to complete it with one click.
   * `followUp`: my micro-goal and someone else's commit: a Follow-up, "<partner>'s commit says this is done".
   */
  readonly kind: 'offer' | 'followUp';
  /** Plain text (draw it through safeText): "Your commit says this is done" or "Sam's commit says this is done". */
  readonly label: string;
}

/**
 * The completions `me` is asked for: one per open micro-goal that `me` owns and a
 * non-reverted `Accord-Done` commit says is done (`doneBy` of {@link evidenceFor}), in id order.
 * The single-writer rule (design.md §2, authority.ts): only the owner writes a completion, so
 * a micro-goal owned by someone else is never in my list; it is in theirs. Nothing completes
 * by itself: the caller shows these and the owner decides.
 *
 * Whose commit it is: the member whose profile email is the author's email (`sameEmail`: case
 * and Unicode normalization ignored), or `me` when it is `myEmail` (the email git commits
 * under here, e.g. `user.email`). A commit by me is an `offer`; any other, including an
 * author no member's email matches, is a `followUp` named after the member, else after the
 * git author name.
 */
export function doneByCommits(evidence: ReadonlyMap<string, MicroGoalEvidence>, state: TeamState, me: string, myEmail?: string): DoneByCommit[] {
  const out: DoneByCommit[] = [];
  for (const item of evidence.values()) {
    if (item.owner !== me || !item.doneBy) continue;
    const commit = item.doneBy;
    const by = commitMember(state, commit, me, myEmail);
    const who = by === undefined ? commit.author || 'Someone' : memberName(state, by);
    out.push({
      microGoal: item.id,
      title: state.entities.microGoal.get(item.id)?.title ?? item.id,
      commit,
      ...(by !== undefined ? { by } : {}),
      kind: by === me ? 'offer' : 'followUp',
      label: by === me ? 'Your commit says this is done' : `${who}'s commit says this is done`,
    });
  }
  return out;
}

/** The member whose email the commit's author email is (`me` first, by `myEmail` or my profile), or undefined. */
export function commitMember(state: TeamState, commit: Pick<EvidenceCommit, 'authorEmail'>, me?: string, myEmail?: string): string | undefined {
  const email = commit.authorEmail;
  if (!email) return undefined;
  if (me !== undefined && myEmail && sameEmail(email, myEmail)) return me;
  let found: string | undefined;
  for (const [id, profile] of state.entities.member) {
    if (!profile.email || !sameEmail(profile.email, email)) continue;
    const member = memberIdOf(id);
    if (member === me) return me;
    found ??= member;
  }
  return found;
}

/** What the history offers a check-in. */
export interface CheckInEvidence {
  /** The open micro-goals with a non-reverted commit after the instant, in id order: Check In pre-ticks them. */
  readonly microGoals: string[];
  /** Those commits, oldest first, each once. */
  readonly commits: LinkedCommit[];
  /** One line for "what moved", at most {@link EVIDENCE_LIMITS}.summary characters; empty when nothing moved. */
  readonly summary: string;
}

/**
 * What moved since `since` (an ISO instant with a zone: my last check-in's `at`), for Check In:
 * the open micro-goals with at least one commit strictly after it that is not reverted, and a
 * one-line summary of those commits' subjects. Commits whose time cannot be read never count,
 * and an unreadable `since` gives nothing (never host-local time).
 *
 * The summary: the distinct subjects of those commits, oldest first, merges left out (their
 * subject says nothing of the work), each made one plain line (control characters and line
 * breaks become spaces, runs of whitespace one space), joined by "; ", and cut to fit
 * {@link EVIDENCE_LIMITS}.summary characters with "(+N more)" for the subjects left out
 * (a single subject too long for it ends in "…"): "Parse trailers; Link commits (+2 more)".
 */
export function evidenceSince(evidence: ReadonlyMap<string, MicroGoalEvidence>, since: string): CheckInEvidence {
  const after = instantTime(since);
  if (Number.isNaN(after)) return { microGoals: [], commits: [], summary: '' };
  const microGoals: string[] = [];
  const byHash = new Map<string, LinkedCommit>();
  for (const item of evidence.values()) {
    if (item.isDone) continue;
    let moved = false;
    for (const commit of item.commits) {
      if (commit.reverted || !(commit.time > after)) continue;
      moved = true;
      if (!byHash.has(commit.hash)) byHash.set(commit.hash, commit);
    }
    if (moved) microGoals.push(item.id);
  }
  microGoals.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const commits = [...byHash.values()].sort((a, b) => newestFirst(b, a));
  const subjects: string[] = [];
  for (const commit of commits) {
    const line = plainLine(commit.subject);
    if (!commit.merge && line && !subjects.includes(line)) subjects.push(line);
  }
  return { microGoals, commits, summary: summarize(subjects) };
}

function plainLine(text: string): string {
  // C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
  return text
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function summarize(subjects: readonly string[]): string {
  const max = EVIDENCE_LIMITS.summary;
  const more = (count: number) => (count > 0 ? ` (+${count} more)` : '');
  let out = '';
  let used = 0;
  for (const subject of subjects) {
    const piece = (out ? '; ' : '') + subject;
    if (out.length + piece.length + more(subjects.length - used - 1).length > max) break;
    out += piece;
    used++;
  }
  if (used === 0 && subjects.length > 0) {
    const room = max - more(subjects.length - 1).length - 1;
    let cut = subjects[0]!.slice(0, room);
    if (isHighSurrogate(cut.charCodeAt(cut.length - 1))) cut = cut.slice(0, -1);
    out = `${cut.trimEnd()}…`;
    used = 1;
  }
  return out + more(subjects.length - used);
}
