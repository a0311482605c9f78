/**
 * Practice Feedback exercises (issue 19 §4): their file format, the built-in set and a team's
 * own `.accord/practice.json`, merged. Pure: the loader takes text and returns exercises and
 * problems; reading the team file from disk is the store's (`readTeamPractice`).
 *
 * File format (the built-in `practiceExercises.json` and a team's file alike):
 *
 * ```json
 * { "schema": 1, "exercises": [
 *   { "kind": "rewrite", "id": "missed-review", "title": "…", "situation": "…",
 *     "sentence": "You never review my PRs.", "rules": ["never"], "hints": ["…"],
 *     "example": { "situation": "…", "behaviour": "…", "impact": "…", "request": "…?" } },
 *   { "kind": "rolePlay", "id": "…", "title": "…", "situation": "…", "feedback": "…",
 *     "defensive": "…", "rules": ["yes-but"], "hints": ["…"], "example": "…" } ] }
 * ```
 *
 * `rules` names what the exercise trains: for a rewrite, the coach rules (COACH_RULES ids) its
 * sentence fires; for a role-play, the defensive rules (DEFENSIVE_RULES ids) its `defensive`
 * sample answer fires. An exercise is accepted only when those rules really fire and its
 * example earns full marks, so a team cannot ship an exercise that teaches the wrong thing.
 */
import * as v from 'valibot';
import { COACH_RULES, coach } from './coach';
import { expectedWords } from './schemaWords';
import builtInFile from './practiceExercises.json';
import { DEFENSIVE_RULES, defensiveNotes, scoreAnswer, scoreRewrite } from './practiceScore';

/** Where a team keeps its own exercises, inside the data folder. */
export const TEAM_PRACTICE_FILE = 'practice.json';
/** A team's file larger than this (bytes, or UTF-16 units of text) is not read: 200 exercises at their longest fit. */
export const MAX_PRACTICE_BYTES = 512 * 1024;
/** The most exercises one file may hold. */
export const MAX_EXERCISES = 200;
/** The deepest nesting of arrays and objects the format has (file → exercises → exercise → example) plus room. */
export const MAX_PRACTICE_DEPTH = 8;
/** The file format this Accord reads and writes. */
export const PRACTICE_SCHEMA = 1;
/** What a team exercise's id becomes, so it can never replace a built-in one: `team:missed-review`. */
export const TEAM_PREFIX = 'team:';

const ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$/;
const text = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1, 'some text'), v.maxLength(max, `at most ${max} characters`));
const Id = v.pipe(v.string(), v.regex(ID_PATTERN, 'an id of lower-case letters, digits and dashes, like missed-review (at most 60)'));
const Hints = v.pipe(v.array(text(300)), v.maxLength(5, 'at most 5 hints'));
const Rules = v.pipe(v.array(v.string()), v.maxLength(8, 'at most 8 rules'));

const RewriteSchema = v.object({
  kind: v.literal('rewrite'),
  id: Id,
  title: text(120),
  situation: text(600),
  sentence: text(400),
  rules: Rules,
  hints: Hints,
  example: v.object({ situation: text(400), behaviour: text(400), impact: text(400), request: text(400) }),
});

const RolePlaySchema = v.object({
  kind: v.literal('rolePlay'),
  id: Id,
  title: text(120),
  situation: text(600),
  feedback: text(800),
  defensive: text(400),
  rules: Rules,
  hints: Hints,
  example: text(600),
});

const ExerciseSchema = v.variant('kind', [RewriteSchema, RolePlaySchema], 'an exercise whose "kind" is "rewrite" or "rolePlay"');

export type RewriteExercise = v.InferOutput<typeof RewriteSchema> & { readonly origin: ExerciseOrigin };
export type RolePlayExercise = v.InferOutput<typeof RolePlaySchema> & { readonly origin: ExerciseOrigin };
export type Exercise = RewriteExercise | RolePlayExercise;
export type ExerciseOrigin = 'built-in' | 'team';

/**
 * Something wrong in a practice file, told so a person can fix it: the file, the place in it
 * (a JSON path such as `exercises[3].hints[1]`, or empty for the whole file), what is wrong and
 * what to do. A problem with one exercise skips that exercise only.
 */
export interface PracticeProblem {
  readonly file: string;
  readonly place: string;
  readonly message: string;
  readonly fix: string;
}

export interface LoadedExercises {
  readonly exercises: readonly Exercise[];
  readonly problems: readonly PracticeProblem[];
}

const FIX_BY_HAND =
  'Fix it by hand (a "rewrite" needs id, title, situation, sentence, rules, hints and an example with situation, behaviour, impact and request; a "rolePlay" needs id, title, situation, feedback, defensive, rules, hints and example) or restore the file with git; the other exercises still load.';

/**
 * Reads one practice file. `text` is the file's content (untrusted), `file` its name as shown
 * in problems, `origin` who wrote it: team exercises get ids `team:<id>`. Never throws: a file
 * that is too large, too deep, not JSON or of a newer schema gives no exercises and one
 * problem; an exercise that fails the schema, repeats an id, names a rule that does not exist
 * or does not fire, or whose example does not earn full marks is skipped with a problem naming
 * it. Strings are kept exactly as written (display them as data: safeText, never HTML).
 */
export function parsePracticeFile(text: string, file: string, origin: ExerciseOrigin): LoadedExercises {
  const whole = (message: string, fix: string): LoadedExercises => ({ exercises: [], problems: [{ file, place: '', message, fix }] });
  if (text.length > MAX_PRACTICE_BYTES)
    return whole(`The file is larger than ${MAX_PRACTICE_BYTES / 1024} KB.`, `Keep at most ${MAX_EXERCISES} exercises in it.`);
  if (nestingDepth(text) > MAX_PRACTICE_DEPTH) return whole(`The file is nested more than ${MAX_PRACTICE_DEPTH} levels deep.`, FIX_BY_HAND);
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return whole(`The file is not valid JSON (${(error as Error).message}).`, 'Fix the JSON by hand or restore the file with git.');
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    return whole('The file is not a JSON object.', 'Start it with { "schema": 1, "exercises": [ … ] }.');
  const record = data as Record<string, unknown>;
  if (typeof record.schema === 'number' && record.schema > PRACTICE_SCHEMA)
    return whole(`The file was written for a newer Accord (schema ${record.schema}).`, 'Update Accord to read it.');
  if (record.schema !== PRACTICE_SCHEMA) return whole(`"schema" must be ${PRACTICE_SCHEMA}.`, `Set "schema": ${PRACTICE_SCHEMA}.`);
  if (!Array.isArray(record.exercises)) return whole('"exercises" must be a list.', 'Write "exercises": [ … ] with one object per exercise.');
  if (record.exercises.length > MAX_EXERCISES)
    return whole(`The file holds ${record.exercises.length} exercises; at most ${MAX_EXERCISES} are read.`, 'Split them across fewer, or remove some.');

  const exercises: Exercise[] = [];
  const problems: PracticeProblem[] = [];
  const seen = new Set<string>();
  record.exercises.forEach((raw, i) => {
    const at = `exercises[${i}]`;
    const problem = (place: string, message: string, fix = FIX_BY_HAND) => problems.push({ file, place, message, fix });
    const result = v.safeParse(ExerciseSchema, raw);
    if (!result.success) {
      const issue = result.issues[0];
      const path = (issue.path ?? []).map((p) => (typeof p.key === 'number' ? `[${p.key}]` : `.${String(p.key).slice(0, 40)}`)).join('');
      problem(`${at}${path}`, `Exercise ${i + 1}${path ? ` (${path.replace(/^\./, '')})` : ''}: ${expectedWords(issue)}.`);
      return;
    }
    const exercise = result.output;
    if (seen.has(exercise.id)) return problem(`${at}.id`, `Exercise ${i + 1}: the id "${exercise.id}" is used twice.`, 'Give each exercise its own id.');
    const wrong = whyNotTeaching(exercise);
    if (wrong) return problem(`${at}.${wrong.field}`, `Exercise "${exercise.id}": ${wrong.message}`, wrong.fix);
    seen.add(exercise.id);
    exercises.push({ ...exercise, id: origin === 'team' ? TEAM_PREFIX + exercise.id : exercise.id, origin });
  });
  return { exercises, problems };
}

/** Why an exercise that fits the schema would teach the wrong thing, or undefined. */
function whyNotTeaching(exercise: v.InferOutput<typeof ExerciseSchema>): { field: string; message: string; fix: string } | undefined {
  const rewrite = exercise.kind === 'rewrite';
  const known = new Set<string>((rewrite ? COACH_RULES : DEFENSIVE_RULES).map((r) => r.id));
  const unknown = exercise.rules.find((id) => !known.has(id));
  if (unknown !== undefined) {
    const table = rewrite ? 'coach rule' : 'defensive-answer rule';
    return { field: 'rules', message: `"${unknown.slice(0, 60)}" is not a ${table}.`, fix: `Use one of: ${[...known].join(', ')}.` };
  }
  const fired = new Set((rewrite ? coach(exercise.sentence) : defensiveNotes(exercise.defensive)).map((n) => n.rule.id));
  const silent = exercise.rules.find((id) => !fired.has(id));
  if (silent !== undefined) {
    const field = rewrite ? 'sentence' : 'defensive';
    return {
      field,
      message: `the rule "${silent}" does not fire on its ${field}.`,
      fix: `Reword the ${field} so it uses the words that rule looks for, or take "${silent}" out of "rules".`,
    };
  }
  const score = rewrite ? scoreRewrite(exercise.example) : scoreAnswer(exercise.example);
  if (!score.full) {
    const missing = score.parts.flatMap((p) => p.checks.filter((c) => c.points < c.max).map((c) => `${p.label}: ${c.reason}`));
    return { field: 'example', message: `its example earns ${score.points} of ${score.max} points.`, fix: missing.join(' ') };
  }
  return undefined;
}

/**
 * The deepest nesting of `[` and `{` outside strings, counted before JSON.parse builds
 * anything, so a file of brackets costs one pass. Stops counting once past the limit.
 */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      deepest = Math.max(deepest, ++depth);
      if (deepest > MAX_PRACTICE_DEPTH) return deepest;
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth--;
  }
  return deepest;
}

/**
 * The exercises Accord ships (`practiceExercises.json`, bundled into the extension). Throws if
 * that file has a problem: it is Accord's own, and its tests keep it clean.
 */
export function builtInExercises(): readonly Exercise[] {
  const loaded = parsePracticeFile(JSON.stringify(builtInFile), 'practiceExercises.json', 'built-in');
  if (loaded.problems.length > 0) throw new Error(loaded.problems.map((p) => `${p.place}: ${p.message} ${p.fix}`).join('\n'));
  return loaded.exercises;
}

/**
 * Every exercise a person can practise: the built-in ones, then the team's (ids `team:<id>`, so
 * a team file can add exercises but never replace or hide a built-in one). `teamText` is the
 * content of `<data folder>/practice.json`, undefined when there is none; `file` names it in
 * problems.
 */
export function practiceExercises(teamText: string | undefined, file = `.accord/${TEAM_PRACTICE_FILE}`): LoadedExercises {
  const builtIn = builtInExercises();
  if (teamText === undefined) return { exercises: builtIn, problems: [] };
  const team = parsePracticeFile(teamText, file, 'team');
  return { exercises: [...builtIn, ...team.exercises], problems: team.problems };
}
