/**
 * Accord: Practice Feedback in a real VS Code: one full rewrite by keyboard, from the command
 * palette to the score, read back from the screen; nothing lands in the repository.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { builtInExercises, type RewriteExercise } from '../../src/core/practice';
import { session } from './session';
import { Workbench } from './workbench';

const TITLE = 'Accord: Practice Feedback';
const gitStatus = () => execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: session().workspace, encoding: 'utf8' });

describe('Practice Feedback in VS Code, as a person uses it', () => {
  let workbench: Workbench;

  before(async () => {
    workbench = Workbench.current();
    await workbench.ready();
    for (let i = 0; i < 3; i++) await workbench.page.keyboard.press('Escape');
  });

  it('rewrites a judgmental sentence step by step, with the coach reading along, and shows the score explained', async () => {
    const statusBefore = gitStatus();
    const dialog = workbench.page.locator('.monaco-dialog-box');

    await workbench.runCommand(TITLE);
    await workbench.step(TITLE);
    await workbench.quickInput.locator('.monaco-list-row', { hasText: 'Answer feedback (role play)' }).waitFor();
    await workbench.restMouse();
    await workbench.screenshot('e2e-practice-1-choose');
    await workbench.pick(TITLE, 'Rewrite a sentence');

    // The intro quotes the sentence; Enter starts writing.
    await dialog.waitFor();
    const intro = (await dialog.locator('.dialog-message-text').textContent()) ?? '';
    const exercise = builtInExercises().find((e): e is RewriteExercise => e.kind === 'rewrite' && intro === `Rewrite this sentence: “${e.sentence}”`);
    assert.ok(exercise, `the intro quotes a built-in sentence: ${intro}`);
    assert.match((await dialog.textContent()) ?? '', new RegExp(exercise.situation.slice(0, 30).replace(/[.*+?^${}()|[\]\\#]/g, '\\$&')));
    await workbench.screenshot('e2e-practice-2-intro');
    await workbench.page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });

    await workbench.step(`${TITLE}: “${exercise.sentence}”`);
    await workbench.reply('Situation: when and where', exercise.example.situation);
    // A judging behaviour first: the coach says why while the person types.
    const message = workbench.quickInput.locator('.quick-input-message');
    const input = workbench.quickInput.locator('input.input');
    await message.filter({ hasText: 'Behaviour: what happened' }).waitFor();
    await workbench.page.keyboard.type('You never review anything, it is careless', { delay: 5 });
    await message.filter({ hasText: 'Coach: "careless" judges rather than describes' }).waitFor();
    await workbench.screenshot('e2e-practice-3-coach');
    await input.press('Control+A');
    await input.press('Backspace');
    await workbench.page.keyboard.type(exercise.example.behaviour, { delay: 5 });
    await message.filter({ hasText: 'Behaviour: what happened' }).waitFor(); // observable wording: the coach is quiet again
    await workbench.page.keyboard.press('Enter');
    await workbench.reply('Impact: what difference', exercise.example.impact);
    await workbench.reply('Request: what one thing', exercise.example.request);

    // The score, each point explained, with the example.
    await dialog.filter({ hasText: '12 of 12 points' }).waitFor();
    const score = (await dialog.textContent()) ?? '';
    for (const part of ['Situation', 'Behaviour', 'Impact', 'Request']) assert.ok(score.includes(`✓ ${part}, 3 of 3: It is there.`), score);
    assert.ok(score.includes('One way to write it:'), score);
    for (const button of ['Next Exercise', 'Try Again', 'Done']) await dialog.getByRole('button', { name: button }).waitFor();
    await workbench.restMouse();
    await workbench.screenshot('e2e-practice-4-score');
    await workbench.page.keyboard.press('Escape'); // Done
    await dialog.waitFor({ state: 'detached' });

    // Progress is private: the next run counts the exercise, and git sees nothing new.
    await workbench.runCommand(TITLE);
    await workbench.quickInput.locator('input.input[placeholder^="1 of 52 exercises done."]').waitFor();
    await workbench.page.keyboard.press('Escape');
    assert.equal(gitStatus(), statusBefore, 'practice wrote nothing in the repository');
  });
});
