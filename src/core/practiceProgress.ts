/**
 * A person's Practice Feedback progress (issue 19 §4), and which exercise to offer next.
 * Progress is private: the extension keeps it in its own storage, never in the repository,
 * so it has no clock of its own here. Attempts are numbered by a counter, not by the time, so
 * the next exercise is the same on every machine and in every time zone.
 */
import * as v from 'valibot';
import type { Exercise } from './practice';
import type { PracticeScore } from './practiceScore';

/** What one exercise has seen so far. */
export interface ExerciseProgress {
  /** How many times it was scored. */
  readonly tries: number;
  /** The best points earned, of `max`. */
  readonly best: number;
  readonly max: number;
  /** The number of the latest attempt (`PracticeProgress.attempts` when it was recorded). */
  readonly last: number;
  /** For each rule or check id in `PracticeScore.missed`: in how many tries it was missed. */
  readonly missed: Readonly<Record<string, number>>;
}

/** Everything Accord remembers of one person's practice: one JSON value in extension storage. */
export interface PracticeProgress {
  readonly schema: 1;
  /** How many attempts were ever recorded, across all exercises. */
  readonly attempts: number;
  /** By exercise id (built-in ids and `team:` ids alike). */
  readonly exercises: Readonly<Record<string, ExerciseProgress>>;
}

/** The most exercises a progress record keeps: room for every exercise a team may add, several times. */
export const MAX_PROGRESS_EXERCISES = 2000;

export function emptyProgress(): PracticeProgress {
  return { schema: 1, attempts: 0, exercises: {} };
}

const count = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));
const ExerciseProgressSchema = v.object({
  tries: count,
  best: count,
  max: count,
  last: count,
  missed: v.pipe(
    v.record(v.pipe(v.string(), v.maxLength(80)), count),
    v.check((m) => Object.keys(m).length <= 100),
  ),
});
const ProgressSchema = v.object({
  schema: v.literal(1),
  attempts: count,
  exercises: v.pipe(
    v.record(v.pipe(v.string(), v.maxLength(80)), v.unknown()),
    v.check((m) => Object.keys(m).length <= MAX_PROGRESS_EXERCISES),
  ),
});

/**
 * Progress as read back from extension storage (`unknown`: an older Accord, a hand edit or a
 * bad sync may have written anything). Keeps every exercise entry that is well formed and
 * drops the others; anything else unreadable gives {@link emptyProgress}. Never throws.
 */
export function readProgress(stored: unknown): PracticeProgress {
  const result = v.safeParse(ProgressSchema, stored);
  if (!result.success) return emptyProgress();
  const exercises: Record<string, ExerciseProgress> = Object.create(null);
  for (const [id, entry] of Object.entries(result.output.exercises)) {
    const parsed = v.safeParse(ExerciseProgressSchema, entry);
    if (parsed.success) exercises[id] = { ...parsed.output, missed: Object.assign(Object.create(null), parsed.output.missed) };
  }
  return { schema: 1, attempts: result.output.attempts, exercises };
}

/** Progress with one more scored attempt of `exercise`; the input is not changed. */
export function recordAttempt(
  progress: PracticeProgress,
  exercise: Pick<Exercise, 'id'>,
  score: Pick<PracticeScore, 'points' | 'max' | 'missed'>,
): PracticeProgress {
  const attempts = progress.attempts + 1;
  const before = progress.exercises[exercise.id];
  const missed: Record<string, number> = Object.assign(Object.create(null), before?.missed);
  for (const id of score.missed) missed[id] = (missed[id] ?? 0) + 1;
  const entry: ExerciseProgress = {
    tries: (before?.tries ?? 0) + 1,
    best: Math.max(before?.best ?? 0, score.points),
    max: score.max,
    last: attempts,
    missed,
  };
  return { schema: 1, attempts, exercises: { ...progress.exercises, [exercise.id]: entry } };
}

/**
 * How often each rule or check was missed, of the tries that could miss it: for each id, the
 * misses over the tries of the exercises that train it (their `rules`) or missed it. Only ids
 * missed at least once are listed; weakest first (highest share, then most misses, then id).
 */
export function weakestRules(exercises: readonly Exercise[], progress: PracticeProgress): { id: string; missed: number; tries: number }[] {
  const tally = new Map<string, { missed: number; tries: number }>();
  for (const exercise of exercises) {
    const seen = progress.exercises[exercise.id];
    if (!seen) continue;
    for (const id of new Set([...exercise.rules, ...Object.keys(seen.missed)])) {
      const t = tally.get(id) ?? { missed: 0, tries: 0 };
      t.missed += seen.missed[id] ?? 0;
      t.tries += seen.tries;
      tally.set(id, t);
    }
  }
  return [...tally]
    .filter(([, t]) => t.missed > 0)
    .map(([id, t]) => ({ id, ...t }))
    .sort((a, b) => b.missed / b.tries - a.missed / a.tries || b.missed - a.missed || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The exercise to offer next, of `kind` when given: the first one never tried (in list order:
 * built-in, then the team's); once all were tried, one that trains the weakest rule (see
 * {@link weakestRules}; for a check such as `request.specific`, any exercise of that kind
 * trains it), fewest tries first, then the longest ago; with nothing missed, the one practised
 * longest ago. Undefined only when there is no exercise of that kind.
 */
export function nextExercise(exercises: readonly Exercise[], progress: PracticeProgress, kind?: Exercise['kind']): Exercise | undefined {
  const pool = kind ? exercises.filter((e) => e.kind === kind) : exercises;
  const unseen = pool.find((e) => !progress.exercises[e.id]);
  if (unseen) return unseen;
  const byRecency = (list: readonly Exercise[]) =>
    [...list].sort((a, b) => {
      const pa = progress.exercises[a.id]!;
      const pb = progress.exercises[b.id]!;
      return pa.tries - pb.tries || pa.last - pb.last;
    })[0];
  for (const weak of weakestRules(pool, progress)) {
    const training = pool.filter((e) => e.rules.includes(weak.id) || (weak.id.includes('.') && trainsCheck(e, weak.id)));
    if (training.length > 0) return byRecency(training);
  }
  return [...pool].sort((a, b) => progress.exercises[a.id]!.last - progress.exercises[b.id]!.last)[0];
}

/** Whether a check id (`situation.specific`, `answer.calm`) is one this kind of exercise scores. */
function trainsCheck(exercise: Exercise, check: string): boolean {
  return exercise.kind === 'rolePlay' ? check.startsWith('answer.') : !check.startsWith('answer.');
}
