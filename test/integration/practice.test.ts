/**
 * Accord: Practice Feedback in the real extension host: a full rewrite and a role play,
 * answered by a scripted person; the score, the private progress, and a hostile team file.
 */
import { strict as assert } from 'node:assert';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { RolePlayExercise } from '../../src/core/practice';
import type { PracticeAttempt } from '../../src/relationship/practice';
import { accordExtension, accordWorkspace } from './helpers';
import { accordFiles, builtIn, COMMAND, practiseRewrite } from './practiceUi';
import { asPerson, escape, folder, gitStatus, pick, type } from './relationshipUi.test';

/** The first choice's line "12 of 52 exercises done. …" → 12. */
function doneOf(placeholder: string | undefined): number {
  const match = /^(\d+) of 52 exercises done\./.exec(placeholder ?? '');
  assert.ok(match, `"${placeholder}" says no progress`);
  return Number(match[1]);
}

describe('Practice Feedback', () => {
  let statusBefore: string;
  let filesBefore: Map<string, string>;

  before(async () => {
    await accordWorkspace();
  });

  beforeEach(() => {
    statusBefore = gitStatus();
    filesBefore = accordFiles();
  });

  afterEach(() => {
    // Practice is private: nothing under .accord changes, and git sees nothing new.
    assert.deepEqual(accordFiles(), filesBefore, 'a file under .accord changed');
    assert.equal(gitStatus(), statusBefore, 'git sees a change');
  });

  it('scores a rewrite written like the example with full marks, explains each point, and keeps the progress', async () => {
    const first = await practiseRewrite((e) => [e.example.situation, e.example.behaviour, e.example.impact, e.example.request]);
    const steps = first.shown.filter((s) => s.kind === 'input');
    assert.deepEqual(
      steps.map((s) => s.prompt),
      [
        'Situation: when and where was it?',
        'Behaviour: what happened, as a camera would have seen it?',
        'Impact: what difference did it make to you, the work or the team?',
        'Request: what one thing would you ask for next time?',
      ].map((prompt) => `${prompt} The setting: ${first.exercise.situation}`),
    );
    assert.ok(
      steps.every((s) => s.title === `Accord: Practice Feedback: “${first.exercise.sentence}”`),
      'every step shows the sentence being rewritten',
    );
    assert.ok(
      steps.every((s) => s.message === undefined),
      `the coach is quiet on the example: ${JSON.stringify(steps.map((s) => s.message))}`,
    );

    const score = first.messages.find((m) => m.text.startsWith('12 of 12 points'));
    assert.ok(score, `a full score is shown: ${first.messages.map((m) => m.text).join(' | ')}`);
    assert.equal(score.modal, true);
    assert.deepEqual(score.items, ['Next Exercise', 'Try Again', 'Done']);
    for (const part of ['Situation', 'Behaviour', 'Impact', 'Request']) assert.match(score.detail!, new RegExp(`^✓ ${part}, 3 of 3: It is there\\. `, 'm'));
    assert.match(score.detail!, /No judgment words: it describes rather than labels\./);
    assert.ok(score.detail!.includes(`One way to write it:\nSituation: ${first.exercise.example.situation}`), score.detail);
    assert.deepEqual(first.result, [{ exercise: first.exercise.id, points: 12, max: 12 }]);

    // The progress is kept: the next run counts this exercise done and offers another.
    const again = await asPerson(COMMAND, [], [escape]);
    const done = doneOf(again.shown[0]!.placeholder);
    assert.ok(done >= 1, again.shown[0]!.placeholder);
    // One letter per part is accepted and scored (never blocked), and counts as one more exercise done.
    const next = await practiseRewrite(() => ['x', 'x', 'x', 'x']);
    assert.notEqual(next.exercise.id, first.exercise.id, 'the next rewrite is one not tried yet');
    assert.equal(next.result?.[0]?.points, 8, 'a point each for being there and for no judgment words');
    const after = await asPerson(COMMAND, [], [escape]);
    assert.equal(doneOf(after.shown[0]!.placeholder), done + 1);
  });

  it('explains a vague, judging rewrite in the coach’s words, and offers the next exercise', async () => {
    const vague = await practiseRewrite(() => ['stuff happened', 'You always do things like that, it is careless', 'bad', 'fix it']);
    const score = vague.messages.find((m) => / of 12 points\. Here is what would earn the rest\./.test(m.text));
    assert.ok(score, vague.messages.map((m) => m.text).join(' | '));
    const detail = score.detail!;
    assert.match(detail, /^→ Situation, 2 of 3: .*Try naming when or where it happened/m);
    assert.match(detail, /^→ Behaviour, 1 of 3: .*"always" generalizes from one moment\. .*"careless" judges rather than describes\./m);
    assert.match(detail, /^→ Impact, 2 of 3: .*Try saying what it meant for you or the team/m);
    assert.match(detail, /^→ Request, 2 of 3: .*Try asking for one concrete thing/m);
    // The coach spoke while the behaviour was typed, as in Give Feedback.
    const behaviour = vague.shown.find((s) => s.prompt?.startsWith('Behaviour'))!;
    assert.equal(behaviour.message?.severity, 'warning');
    assert.match(behaviour.message!.text, /^Coach: "careless" judges rather than describes/);

    // The rule missed shows up as the one to work on.
    const again = await asPerson(COMMAND, [], [escape]);
    assert.match(again.shown[0]!.placeholder ?? '', /The rule you miss most: /);
  });

  it('notes the defensive phrases of a role-play answer that says "but you also…"', async () => {
    let exercise: RolePlayExercise | undefined;
    const answer = 'Thanks, but you also merged without tests last week.';
    const { shown, messages, result } = await asPerson<PracticeAttempt[]>(COMMAND, [], [pick('Answer feedback (role play)'), type(answer)], (message) => {
      if (message.text.startsWith('Your partner tells you')) {
        exercise = builtIn.find((e): e is RolePlayExercise => e.kind === 'rolePlay' && message.text === `Your partner tells you: “${e.feedback}”`);
        return 'Answer';
      }
      return message.modal ? 'Done' : undefined;
    });
    assert.ok(exercise, 'the intro quoted a built-in role play');
    const input = shown.find((s) => s.kind === 'input')!;
    assert.ok(input.prompt!.includes(exercise.feedback), 'the feedback stays in sight while answering');
    const score = messages.find((m) => / of 5 points/.test(m.text))!;
    assert.match(score.detail!, /^✓ Acknowledge, 1 of 1: It shows you heard them\.$/m);
    assert.match(score.detail!, /^→ Stay open, 0 of 2: "but" argues back\. .* "you also" turns the feedback around\./m);
    assert.ok(score.detail!.includes(`An answer that works:\n${exercise.example}`));
    assert.deepEqual(result, [{ exercise: exercise.id, points: 1, max: 5 }]);
  });

  describe('a team practice.json', () => {
    const file = () => join(folder(), '.accord', 'practice.json');
    let teamStatus: string;

    beforeEach(() => {
      teamStatus = gitStatus();
    });

    afterEach(() => {
      rmSync(file(), { force: true });
      statusBefore = teamStatus; // the outer check runs after the file is gone
    });

    it('names what is wrong in a hostile file, and shows its text as text', async () => {
      const hostile = {
        schema: 1,
        exercises: [
          {
            kind: 'rewrite',
            id: 'hostile',
            title: 'Bells $(bell) <b>bold</b> [run](command:workbench.action.quit)',
            situation: 'A review <img src=x onerror=alert(1)> came late \u202Eevil',
            sentence: 'You always \u202Ereview late.',
            rules: ['always'],
            hints: ['Name the review.'],
            example: {
              situation: 'On Monday in the review of #12',
              behaviour: 'The review came two days after the request',
              impact: 'I waited two days to merge',
              request: 'Could you tell me when you cannot review in a day?',
            },
          },
          { kind: 'rewrite', id: 'broken', title: 'No example' },
        ],
      };
      writeFileSync(file(), JSON.stringify(hostile));
      // The problems, then the chooser, then the team's exercise: its intro is dismissed.
      const { shown, messages } = await asPerson(
        COMMAND,
        [],
        [pick('One exercise in .accord/practice.json could not be read'), pick('Choose an exercise'), pick('Bells')],
      );
      const problems = messages[0]!;
      assert.equal(problems.modal, true);
      assert.match(problems.detail!, /^At exercises\[1\]\.situation: Exercise 2 \(situation\): .* Fix: Fix it by hand/);

      const chooser = shown.find((s) => s.placeholder === 'Pick an exercise (type to search)')!;
      const label = chooser.items!.find((i) => i.startsWith('Bells'))!;
      assert.ok(label.includes('$\u200B(bell)'), `the icon syntax is shown as text: ${label}`);
      assert.ok(label.includes('<b>bold</b>') && label.includes(']\u200B(command:'), label);

      const intro = messages.find((m) => m.text.startsWith('Rewrite this sentence'))!;
      assert.ok(intro.text.includes('<U+202E>review late.'), `an unmatched override is shown, not obeyed: ${intro.text}`);
      assert.ok(intro.detail!.includes('<img src=x onerror=alert(1)>'), 'the markup is shown as the text it is');
    });

    it('names an oversized file and practises with the built-in exercises', async () => {
      writeFileSync(file(), `{"schema":1,"exercises":[],"pad":"${'x'.repeat(600 * 1024)}"}`);
      const { shown, messages } = await asPerson(COMMAND, [], [pick('.accord/practice.json cannot be read'), escape]);
      assert.match(messages[0]!.text, /^\.accord\/practice\.json cannot be read; the built-in exercises work as usual\.$/);
      assert.match(messages[0]!.detail!, /^The file: It holds more than .* MB Accord reads\. Fix: /);
      // The first choice is offered again after the problems, with every built-in way to practise.
      assert.deepEqual(shown[1]!.items!.slice(0, 2), ['Rewrite a sentence', 'Answer feedback (role play)']);
    });
  });

  it('is a step of the walkthrough, completed by the command', () => {
    const steps = (accordExtension().packageJSON as { contributes: { walkthroughs: Array<{ steps: Array<{ id: string; completionEvents: string[] }> }> } })
      .contributes.walkthroughs[0]!.steps;
    assert.deepEqual(steps.find((s) => s.id === 'practice')?.completionEvents, ['onCommand:accord.practiceFeedback']);
  });

  after(() => {
    void vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
