/**
 * Accord: Practice Feedback (issue 19 §4). A short exercise: rewrite a judgmental or vague
 * sentence as situation → behaviour → impact → request, or answer a piece of feedback without
 * getting defensive; the coach reads along, then the score explains each point beside the
 * exercise's own example. Exercises are the built-in ones and the team's `.accord/practice.json`
 * (read by the store, problems named); progress is private, in the extension's global storage,
 * so practice writes nothing in the repository and works in Restricted Mode too.
 */
import * as vscode from 'vscode';
import { safeText, withData } from '../core';
import type { Exercise, LoadedExercises } from '../core/practice';
import { nextExercise, type PracticeProgress, readProgress, recordAttempt } from '../core/practiceProgress';
import { FEEDBACK_PARTS, type FeedbackPart, type PracticeScore, scoreAnswer, scoreRewrite } from '../core/practiceScore';
import { readPracticeExercises } from '../store/practiceFile';
import { type FolderContext } from '../commands/handler';
import { DONE, pickStep, runFlow, type Step, type StepInfo, textStep } from '../util/quickInput';
import { defensiveHint, doneText, exampleLines, problemLines, problemsHeadline, progressByKind, progressLine, scoreHeadline, scoreLines } from './practiceText';

const TITLE = 'Accord: Practice Feedback';
/** Where the progress lives: the extension's global storage (VS Code's, on this computer), never the repository. */
export const PRACTICE_PROGRESS_KEY = 'accord.practiceProgress';
/** The longest answer a part takes: well above any rewrite, small enough to score at once. */
const MAX_ANSWER = 2000;

interface Choice<T> extends vscode.QuickPickItem {
  readonly value: T;
}

/** What one part of a rewrite asks, in Give Feedback's words. */
const PART_PROMPTS: Record<FeedbackPart, string> = {
  situation: 'Situation: when and where was it?',
  behaviour: 'Behaviour: what happened, as a camera would have seen it?',
  impact: 'Impact: what difference did it make to you, the work or the team?',
  request: 'Request: what one thing would you ask for next time?',
};

/** One scored attempt of this run, in the order they were made. */
export interface PracticeAttempt {
  readonly exercise: string;
  readonly points: number;
  readonly max: number;
}

/**
 * The command. Reads the exercises (`<data folder>/practice.json` through the store's bounded
 * reader; its problems are offered for reading, the built-ins work regardless) and the progress
 * (validated: storage is anyone's to edit), then runs exercises until the person is done.
 * Resolves to the attempts scored in this run (empty when they stopped before a score).
 */
export async function practiceFeedback(ctx: FolderContext): Promise<PracticeAttempt[]> {
  const { workspace, extensionContext } = ctx;
  const storage = extensionContext.globalState;
  const loaded = await readPracticeExercises(workspace.folder.uri.fsPath, workspace.dataFolder);
  const progress = () => readProgress(storage.get<unknown>(PRACTICE_PROGRESS_KEY));
  const attempts: PracticeAttempt[] = [];
  let exercise: Exercise | undefined;
  const rewrite: Record<FeedbackPart, string> = { situation: '', behaviour: '', impact: '', request: '' };
  let answer = '';
  const start = (next: Exercise | undefined) => {
    exercise = next;
    for (const part of FEEDBACK_PARTS) rewrite[part] = '';
    answer = '';
    return next ? 'intro' : DONE;
  };

  const partStep = (part: FeedbackPart, next: string) => (info: StepInfo) =>
    textStep(
      info,
      {
        title: withData`${TITLE}: “${exercise?.kind === 'rewrite' ? exercise.sentence : ''}”`,
        prompt: withData`${PART_PROMPTS[part]} The setting: ${exercise?.situation ?? ''}`,
        value: rewrite[part],
        // Never blocks on the coach; an empty part is the one thing asked again.
        optional: true,
        validate: (value) => (value.trim() ? undefined : `Write the ${part} in a few words, or press Escape to stop practising.`),
        maxLength: MAX_ANSWER,
        coach: true,
      },
      (value) => (rewrite[part] = value),
      next,
    );

  const steps: Record<string, Step> = {
    mode: async (info) => {
      const current = progress();
      const byKind = progressByKind(loaded.exercises, current);
      const items: Choice<'rewrite' | 'rolePlay' | 'choose' | 'problems'>[] = [
        {
          label: '$(edit) Rewrite a sentence',
          description: doneText(byKind.rewrite),
          detail: 'Turn a judgmental or vague sentence into situation, behaviour, impact and request.',
          value: 'rewrite',
        },
        {
          label: '$(comment-discussion) Answer feedback (role play)',
          description: doneText(byKind.rolePlay),
          detail: 'Read feedback you received and practise an answer that is not defensive.',
          value: 'rolePlay',
        },
        { label: '$(list-unordered) Choose an exercise…', detail: "Every exercise, your team's own too.", value: 'choose' },
        ...(loaded.problems.length > 0
          ? [
              { label: 'Your team’s exercises', kind: vscode.QuickPickItemKind.Separator, value: 'problems' as const },
              { label: `$(warning) ${problemsHeadline(loaded.problems)}`, detail: 'Pick to see where, and how to fix it.', value: 'problems' as const },
            ]
          : []),
      ];
      const pick = await pickStep(info, { title: TITLE, placeholder: progressLine(loaded.exercises, current), items, matchOnDetail: false });
      if (typeof pick === 'symbol') return pick;
      if (pick.value === 'problems') {
        await showProblems(loaded);
        return 'mode';
      }
      if (pick.value === 'choose') return 'choose';
      return start(nextExercise(loaded.exercises, current, pick.value));
    },
    choose: async (info) => {
      const current = progress();
      const items: Choice<Exercise>[] = loaded.exercises.map((e) => {
        const seen = current.exercises[e.id];
        return {
          label: `${seen ? '$(pass)' : '$(circle-large-outline)'} ${safeText(e.title)}`,
          description: [
            e.kind === 'rewrite' ? 'rewrite' : 'role play',
            e.origin === 'team' ? 'your team’s' : undefined,
            seen ? `best ${seen.best} of ${seen.max}` : undefined,
          ]
            .filter(Boolean)
            .join(' · '),
          detail: withData`${e.kind === 'rewrite' ? e.sentence : e.feedback}`,
          value: e,
        };
      });
      const pick = await pickStep(info, {
        title: TITLE,
        placeholder: 'Pick an exercise (type to search)',
        items,
        active: items.find((i) => i.value === exercise),
      });
      if (typeof pick === 'symbol') return pick;
      return start(pick.value);
    },
    intro: async () => {
      if (!exercise) return DONE;
      const shown = exercise;
      const go = await vscode.window.showInformationMessage(
        shown.kind === 'rewrite' ? withData`Rewrite this sentence: “${shown.sentence}”` : withData`Your partner tells you: “${shown.feedback}”`,
        { modal: true, detail: introDetail(shown) },
        shown.kind === 'rewrite' ? 'Start Writing' : 'Answer',
      );
      if (!go) return DONE;
      return shown.kind === 'rewrite' ? 'situation' : 'answer';
    },
    situation: partStep('situation', 'behaviour'),
    behaviour: partStep('behaviour', 'impact'),
    impact: partStep('impact', 'request'),
    request: partStep('request', 'score'),
    answer: (info) =>
      textStep(
        info,
        {
          title: withData`${TITLE}: ${exercise?.title ?? ''}`,
          prompt: withData`They said: “${exercise?.kind === 'rolePlay' ? exercise.feedback : ''}” Your answer: thank them, ask, and name a next step.`,
          value: answer,
          optional: true,
          validate: (value) => (value.trim() ? undefined : 'Write your answer, or press Escape to stop practising.'),
          describe: defensiveHint,
          maxLength: MAX_ANSWER,
          coach: true,
        },
        (value) => (answer = value),
        'score',
      ),
    score: async () => {
      if (!exercise) return DONE;
      const shown = exercise;
      const score: PracticeScore = shown.kind === 'rewrite' ? scoreRewrite(rewrite) : scoreAnswer(answer);
      const recorded: PracticeProgress = recordAttempt(progress(), shown, score);
      await storage.update(PRACTICE_PROGRESS_KEY, recorded);
      attempts.push({ exercise: shown.id, points: score.points, max: score.max });
      const next: vscode.MessageItem = { title: 'Next Exercise' };
      const again: vscode.MessageItem = { title: 'Try Again' };
      const done: vscode.MessageItem = { title: 'Done', isCloseAffordance: true };
      const choice = await vscode.window.showInformationMessage(
        scoreHeadline(shown, score),
        { modal: true, detail: `${scoreLines(score).join('\n\n')}\n\n${exampleLines(shown).join('\n')}` },
        next,
        again,
        done,
      );
      if (choice === next) return start(nextExercise(loaded.exercises, recorded, shown.kind));
      if (choice === again) return shown.kind === 'rewrite' ? 'situation' : 'answer';
      return DONE;
    },
  };

  const order = () => (exercise?.kind === 'rolePlay' ? ['mode', 'intro', 'answer'] : ['mode', 'intro', ...FEEDBACK_PARTS]);
  const estimate = (history: readonly string[]) => history.length + order().filter((s) => !history.includes(s)).length;
  await runFlow(steps, 'mode', estimate);
  return attempts;
}

/** The setting of an exercise and what to do, for the modal that opens it. */
function introDetail(exercise: Exercise): string {
  const hints = exercise.hints.length > 0 ? ['If you get stuck:', ...exercise.hints.map((h) => withData`• ${h}`)] : [];
  const task =
    exercise.kind === 'rewrite'
      ? 'Rewrite it in four short parts: the situation, the behaviour as a camera would have seen it, its impact, and one request. The coach reads along; the score explains each point.'
      : 'Practise an answer that is not defensive: thank them, ask a question, and name a next step. The coach reads along; the score explains each point.';
  return [withData`${exercise.situation}`, task, hints.join('\n')].filter(Boolean).join('\n\n');
}

/** Names every problem of the team's practice file (file, place, fix) in one modal. */
async function showProblems(loaded: LoadedExercises): Promise<void> {
  await vscode.window.showInformationMessage(problemsHeadline(loaded.problems), { modal: true, detail: problemLines(loaded.problems).join('\n\n') });
}
