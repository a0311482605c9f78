/**
 * The words Accord: Practice Feedback shows (issue 19 §4): the progress line, the rule a person
 * misses most, a score explained point by point, the example answer and the problems of a
 * team's `practice.json`. Free of `vscode`, so the wording is tested in plain Node; every piece
 * of data (an exercise from the team's file, the person's own words quoted back) goes through
 * safeText, and the result is plain text for a quick pick, an input box or a modal's detail,
 * never markup.
 */
import { COACH_RULES, coachNoteText } from '../core/coach';
import type { Exercise, PracticeProblem } from '../core/practice';
import { type PracticeProgress, weakestRules } from '../core/practiceProgress';
import { DEFENSIVE_RULES, defensiveNotes, defensiveNoteText, FEEDBACK_PARTS, type PracticeScore } from '../core/practiceScore';
import { safeText } from '../core/safeText';

/** How many exercises of one kind a person has scored at least once, of how many there are. */
export interface KindProgress {
  readonly done: number;
  readonly total: number;
}

/** Done and total per kind: `{ rewrite: { done: 12, total: 40 }, rolePlay: { done: 3, total: 10 } }`. */
export function progressByKind(exercises: readonly Exercise[], progress: PracticeProgress): Record<Exercise['kind'], KindProgress> {
  const of = (kind: Exercise['kind']) => {
    const pool = exercises.filter((e) => e.kind === kind);
    return { done: pool.filter((e) => progress.exercises[e.id]).length, total: pool.length };
  };
  return { rewrite: of('rewrite'), rolePlay: of('rolePlay') };
}

/** "12 of 40 done", or "none of 40 done yet". */
export function doneText({ done, total }: KindProgress): string {
  return done === 0 ? `none of ${total} done yet` : `${done} of ${total} done`;
}

/** What a check that earned nothing is about, for a check id of practiceScore (`request.specific`, `answer.calm`). */
const CHECK_WORDS: Record<string, string> = {
  present: 'writing every part',
  'answer.acknowledge': 'thanking them first',
  'answer.curious': 'asking a question',
  'answer.nextStep': 'naming a next step',
  'answer.calm': 'staying open',
};

/** How a rule whose id is not its words reads: the words it looks for. */
const RULE_WORDS: Record<string, string> = {
  'nobody-everyone': 'nobody, everyone',
  'you-are': 'you are …',
  'you-so': 'you are so …',
  'dont-care': "you don't care",
  'should-have': 'should have',
  'yes-but': 'yes, but',
  'not-my-fault': 'not my fault',
  'blame-others': "someone else's fault",
};

/**
 * A missed rule or check (an id of `PracticeScore.missed`, as `weakestRules` returns it) in the
 * coach's own words: a coach rule as its note reads (`"never" generalizes from one moment`), a
 * defensive rule likewise (`"yes but" argues back`), a check by what it asks for
 * (`a specific request`, `asking a question`). An id Accord does not know is quoted as it is.
 */
export function missedLabel(id: string): string {
  const words = RULE_WORDS[id] ?? id.replace(/-/g, ' ');
  const coachRule = COACH_RULES.find((r) => r.id === id);
  if (coachRule) return withoutSuggestion(coachNoteText({ rule: coachRule, words, index: 0 }), coachRule.suggestion);
  const defensive = DEFENSIVE_RULES.find((r) => r.id === id);
  if (defensive) return withoutSuggestion(defensiveNoteText({ rule: defensive, words, index: 0 }), defensive.suggestion);
  if (CHECK_WORDS[id]) return CHECK_WORDS[id];
  const [part, check] = id.split('.');
  if ((FEEDBACK_PARTS as readonly string[]).includes(part!)) {
    if (check === 'present') return `writing the ${part}`;
    if (check === 'specific') return `a specific ${part}`;
    if (check === 'observable') return `an observable ${part}`;
  }
  return `"${safeText(id)}"`;
}

/** A note's text without its suggestion: `"never" generalizes from one moment`. */
function withoutSuggestion(text: string, suggestion: string): string {
  return text.endsWith(` ${suggestion}`) ? text.slice(0, -suggestion.length - 2) : text;
}

/**
 * The line above the first choice: how far the person got, and the rule they miss most when
 * there is one (of `weakestRules`): `12 of 50 exercises done. The rule you miss most: "never"
 * generalizes from one moment.`
 */
export function progressLine(exercises: readonly Exercise[], progress: PracticeProgress): string {
  const done = exercises.filter((e) => progress.exercises[e.id]).length;
  if (done === 0) return 'Pick a way to practise. Nothing is shared: your progress stays on this computer.';
  const weakest = weakestRules(exercises, progress)[0];
  const head = `${done} of ${exercises.length} exercises done.`;
  return weakest ? `${head} The rule you miss most: ${missedLabel(weakest.id)}.` : `${head} Nothing missed so far.`;
}

/**
 * A score explained point by point, one paragraph per part: `✓ Situation, 3 of 3: It is there.
 * It names when or where…`, or `→` for a part with points still to earn. A part left empty
 * gets only the reason to write it. Reasons quote the person's words: they are made safe here.
 */
export function scoreLines(score: PracticeScore): string[] {
  return score.parts.map((part) => {
    const absent = part.checks.find((c) => c.id.endsWith('.present') && c.points === 0);
    const reasons = absent ? [absent.reason] : part.checks.map((c) => c.reason);
    const mark = part.points === part.max ? '✓' : '→';
    return `${mark} ${part.label}, ${part.points} of ${part.max}: ${safeText(reasons.join(' '))}`;
  });
}

/** The score's headline: `12 of 12 points: every part reads as an observation.` */
export function scoreHeadline(exercise: Exercise, score: PracticeScore): string {
  if (score.full) return `${score.points} of ${score.max} points. ${exercise.kind === 'rewrite' ? 'Every part reads as an observation.' : 'An open answer.'}`;
  return `${score.points} of ${score.max} points. Here is what would earn the rest.`;
}

/** The exercise's own example, as lines: the four parts of a rewrite, or the role-play answer. */
export function exampleLines(exercise: Exercise): string[] {
  if (exercise.kind === 'rolePlay') return ['An answer that works:', safeText(exercise.example)];
  const { situation, behaviour, impact, request } = exercise.example;
  return [
    'One way to write it:',
    `Situation: ${safeText(situation)}`,
    `Behaviour: ${safeText(behaviour)}`,
    `Impact: ${safeText(impact)}`,
    `Request: ${safeText(request)}`,
  ];
}

/**
 * What the coach says while a role-play answer is typed: the first defensive phrase in it and
 * what to say instead (`Coach: "but" argues back. A "but" takes back…`), or undefined.
 */
export function defensiveHint(answer: string): string | undefined {
  const [first, ...rest] = defensiveNotes(answer);
  if (!first) return undefined;
  const more = rest.length > 0 ? ` (${rest.length} more: ${rest.map((n) => `"${n.words}"`).join(', ')})` : '';
  return `Coach: ${safeText(defensiveNoteText(first) + more)}`;
}

/**
 * The problems of a team's practice file, one paragraph each: where (`exercises[3].hints[1]`,
 * or "The file"), what is wrong and the fix. All of it is made safe: it quotes the file.
 */
export function problemLines(problems: readonly PracticeProblem[]): string[] {
  return problems.map((p) => safeText(`${p.place ? `At ${p.place}` : 'The file'}: ${p.message} Fix: ${p.fix}`));
}

/** "2 exercises in .accord/practice.json could not be read", or "… cannot be read" for the whole file. */
export function problemsHeadline(problems: readonly PracticeProblem[]): string {
  const file = safeText(problems[0]?.file ?? '');
  if (problems.some((p) => p.place === '')) return `${file} cannot be read; the built-in exercises work as usual.`;
  return `${problems.length === 1 ? 'One exercise' : `${problems.length} exercises`} in ${file} could not be read; the others work as usual.`;
}
