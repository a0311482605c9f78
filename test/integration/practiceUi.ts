/**
 * Not a suite: what the Practice Feedback suites share (trusted and Restricted Mode). A scripted
 * person practises a rewrite; the files under .accord are read to show practice wrote none.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtInExercises, type RewriteExercise } from '../../src/core/practice';
import type { PracticeAttempt } from '../../src/relationship/practice';
import { type Act, asPerson, folder, type Message, pick } from './relationshipUi.test';

export const COMMAND = 'accord.practiceFeedback';
export const builtIn = builtInExercises();

/** Everything under .accord, path → text. */
export function accordFiles(): Map<string, string> {
  const root = join(folder(), '.accord');
  const out = new Map<string, string>();
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) out.set(join(entry.parentPath, entry.name), readFileSync(join(entry.parentPath, entry.name), 'utf8'));
  }
  return out;
}

/** The built-in rewrite whose sentence the intro modal quotes. */
function rewriteShownIn(message: Message): RewriteExercise {
  const found = builtIn.find((e): e is RewriteExercise => e.kind === 'rewrite' && message.text === `Rewrite this sentence: “${e.sentence}”`);
  assert.ok(found, `no built-in rewrite is quoted in "${message.text}"`);
  return found;
}

/** An act whose text is known only once the intro named the exercise: read when its prompt comes. */
function typeLater(text: () => string): Act {
  return {
    get type() {
      return text();
    },
  };
}

/**
 * Starts a rewrite, learns which exercise Accord chose from the intro, and answers each part by
 * `answers(exercise)`; then presses `after` on the score.
 */
export async function practiseRewrite(answers: (exercise: RewriteExercise) => string[], after = 'Done') {
  let exercise: RewriteExercise | undefined;
  const parts: string[] = [];
  const outcome = await asPerson<PracticeAttempt[]>(
    COMMAND,
    [],
    [pick('Rewrite a sentence'), ...[0, 1, 2, 3].map((i) => typeLater(() => parts[i]!))],
    (message) => {
      if (message.text.startsWith('Rewrite this sentence')) {
        exercise = rewriteShownIn(message);
        parts.push(...answers(exercise));
        return 'Start Writing';
      }
      return message.modal ? after : undefined;
    },
  );
  assert.ok(exercise, 'the intro named an exercise');
  return { ...outcome, exercise };
}
