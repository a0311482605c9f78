/** Accord: Search Lessons — a quick pick over what setbacks taught, ranked by src/core/lessons.ts. */
import * as vscode from 'vscode';
import { safeText, withData } from '../core';
import { type Lesson, searchLessons } from '../core/lessons';
import { type FolderContext } from '../commands/handler';

interface LessonItem extends vscode.QuickPickItem {
  readonly lesson: Lesson;
}

function toItem(lesson: Lesson): LessonItem {
  return {
    label: safeText(lesson.lesson ?? lesson.whatHappened),
    description: [safeText(lesson.memberName), lesson.reviewedDay ?? lesson.loggedDay].join(' · '),
    detail: lessonDetail(lesson).join(' · '),
    // Our ranking decides what shows; the quick pick's own label filter would hide matches in the details.
    alwaysShow: true,
    lesson,
  };
}

/** What a lesson was about, what happened and its cause, each made safe to show. */
function lessonDetail(lesson: Lesson): string[] {
  return [
    lesson.aboutTitle && withData`About: ${lesson.aboutTitle}`,
    withData`What happened: ${lesson.whatHappened}`,
    lesson.rootCause && withData`Root cause: ${lesson.rootCause}`,
  ].filter((line): line is string => !!line);
}

/** Resolves to the chosen lesson's setback id. */
export async function searchLessonsCommand(ctx: FolderContext, query?: unknown): Promise<string | undefined> {
  const { workspace } = ctx;
  if (searchLessons(workspace.state, '').length === 0) {
    void vscode.window.showInformationMessage(
      'No lessons yet. They come from setbacks: log one with Accord: Log Setback…, and record what you learned at its follow-up.',
    );
    return undefined;
  }
  const chosen = await new Promise<Lesson | undefined>((resolve) => {
    const pick = vscode.window.createQuickPick<LessonItem>();
    pick.title = 'Accord: Search Lessons';
    pick.placeholder = 'Search what we learned from setbacks: words from the lesson, what happened, the cause or the goal';
    pick.matchOnDescription = false;
    pick.matchOnDetail = false;
    const update = () => (pick.items = searchLessons(workspace.state, pick.value).map((m) => toItem(m.lesson)));
    pick.onDidChangeValue(update);
    if (typeof query === 'string') pick.value = query;
    update();
    let result: Lesson | undefined;
    pick.onDidAccept(() => {
      result = pick.activeItems[0]?.lesson;
      pick.hide();
    });
    pick.onDidHide(() => {
      pick.dispose();
      resolve(result);
    });
    pick.show();
  });
  if (!chosen) return undefined;
  const detail = [
    ...lessonDetail(chosen),
    withData`Logged by ${chosen.memberName} on ${chosen.loggedDay}${chosen.reviewedDay ? `, reviewed on ${chosen.reviewedDay}` : ''}.`,
  ].join('\n');
  void vscode.window.showInformationMessage(withData`Lesson: ${chosen.lesson ?? ''}`, { modal: true, detail });
  return chosen.setbackId;
}
