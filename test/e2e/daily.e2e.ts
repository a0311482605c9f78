import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { session } from './session';
import { Workbench } from './workbench';

interface Entity {
  kind: string;
  fields: Record<string, unknown>;
}

function entities(member: string): Record<string, Entity> {
  return (JSON.parse(readFileSync(join(session().workspace, '.accord', 'people', `${member}.json`), 'utf8')) as { entities: Record<string, Entity> }).entities;
}

async function eventually(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const ME = 'alex-example.com';
const REVIEW_PR = 'mg-fkt1c6twy8w7';
const CHECKLIST = 'mg-3bgmpad1npq8';

describe('The daily loop, as a person does it', () => {
  let workbench: Workbench;

  before(async () => {
    workbench = Workbench.current();
    await workbench.ready();
    await workbench.openContainer('Accord', 'workbench.view.extension.accord');
    // Partners folded, so Micro-goals has room for its groups, as a person makes it.
    await workbench.expandView('Partners', false);
    await workbench.widenSideBar(560);
    await workbench.page.locator('.part.sidebar .monaco-list-row').first().waitFor();
  });

  it('checks in from F1: ticks what moved, picks a status, goes back once, adds what helped, and it is in my file', async () => {
    const before = Object.keys(entities(ME)).length;
    await workbench.runCommand('Accord: Check In');
    await workbench.step('Accord: Check In');
    const quickInput = workbench.quickInput;
    // Step 1: tick "Review the parser PR" (a multi-select), then go on.
    await workbench.page.keyboard.type('Review the parser', { delay: 10 });
    const row = quickInput.locator('.monaco-list-row', { hasText: 'Review the parser PR' }).first();
    await row.waitFor();
    await row.locator('.monaco-custom-toggle[role="checkbox"]').first().click();
    await workbench.screenshot('e2e-daily-1-check-in-what-moved');
    await workbench.page.keyboard.press('Enter');
    // Step 2: the status, with why it matters in view.
    await quickInput.locator('.monaco-list-row', { hasText: 'At risk' }).waitFor();
    await workbench.screenshot('e2e-daily-2-check-in-status');
    await workbench.page.keyboard.type('At risk', { delay: 10 });
    await quickInput.locator('.monaco-list-row.focused', { hasText: 'At risk' }).waitFor();
    await workbench.page.keyboard.press('Enter');
    // Step 3: "What helped?" — first go Back to the status, then return.
    await quickInput.locator('.quick-input-message, .quick-input-header', { hasText: 'What helped?' }).first().waitFor();
    await quickInput.locator('.codicon-quick-input-back, [aria-label="Back"]').first().click();
    await quickInput.locator('.monaco-list-row', { hasText: 'At risk' }).waitFor();
    await workbench.page.keyboard.press('Enter'); // "At risk" is still the active choice
    await quickInput.locator('.quick-input-message, .quick-input-header', { hasText: 'What helped?' }).first().waitFor();
    await workbench.page.keyboard.type('Pairing with Sam on the tricky part', { delay: 5 });
    await workbench.screenshot('e2e-daily-3-check-in-helped');
    await workbench.page.keyboard.press('Enter');
    await quickInput.locator('.quick-input-message, .quick-input-header', { hasText: 'What got in the way?' }).first().waitFor();
    await workbench.page.keyboard.type('Flaky CI', { delay: 5 });
    await workbench.page.keyboard.press('Enter');
    await quickInput.locator('.quick-input-message, .quick-input-header', { hasText: 'Next step?' }).first().waitFor();
    await workbench.page.keyboard.type('Ask Sam for a second look', { delay: 5 });
    await workbench.page.keyboard.press('Enter');
    await quickInput.locator('.monaco-list-row', { hasText: '4 · good' }).waitFor();
    await workbench.page.keyboard.type('4 · good', { delay: 10 });
    await quickInput.locator('.monaco-list-row.focused', { hasText: '4 · good' }).waitFor();
    await workbench.page.keyboard.press('Enter');

    await eventually(() => Object.keys(entities(ME)).length > before, 'the check-in in my file');
    const checkIn = Object.values(entities(ME)).find((e) => e.kind === 'checkIn' && e.fields.helped === 'Pairing with Sam on the tricky part');
    assert.ok(checkIn, 'the check-in is in my file');
    assert.deepEqual(
      [checkIn.fields.status, checkIn.fields.microGoals, checkIn.fields.hindered, checkIn.fields.next, checkIn.fields.energy, checkIn.fields.member],
      ['at-risk', [REVIEW_PR], 'Flaky CI', 'Ask Sam for a second look', 4, ME],
    );
    await workbench.page.locator('.part.statusbar', { hasText: 'Checked in' }).first().waitFor({ timeout: 5000 });
    await workbench.screenshot('e2e-daily-4-checked-in');
  });

  it("ticks a micro-goal's checkbox in the tree, and my file says it is done", async () => {
    await workbench.expandAll();
    const row = workbench.treeRow('Write a review checklist').first();
    await row.waitFor();
    // On a busy machine the row can be drawn again (a file reload) between finding the box and the
    // click, which then only selects the row: click again while the box is still not ticked.
    const box = row.locator('.custom-view-tree-node-item-checkbox');
    for (let attempt = 0; attempt < 3 && entities(ME)[CHECKLIST]?.fields.done !== true; attempt++) {
      const ticked = await box
        .locator('[aria-checked="true"], .checked')
        .count()
        .catch(() => 0);
      if (ticked === 0 && (await box.getAttribute('aria-checked').catch(() => null)) !== 'true') await box.click();
      await eventually(() => entities(ME)[CHECKLIST]?.fields.done === true, 'done: true in my file', 4_000).catch(() => undefined);
    }
    await eventually(() => entities(ME)[CHECKLIST]?.fields.done === true, 'done: true in my file');
    assert.equal(typeof entities(ME)[CHECKLIST]?.fields.doneAt, 'string');
    await workbench.restMouse();
    // It moves to "Done recently", which starts folded.
    const doneRow = workbench.page.locator('.part.sidebar .monaco-list-row', { hasText: 'Done recently' }).first();
    await doneRow.waitFor();
    await workbench.revealRow(workbench.page.locator('.part.sidebar .monaco-list-row', { hasText: 'Write a review checklist' }).filter({ hasText: /done ·/ }));
    await workbench.screenshot('e2e-daily-5-ticked');
  });

  it('shows a calm summary in the status bar', async () => {
    const item = workbench.page
      .locator('.part.statusbar [id="accord-team.accord.accord.status"], .part.statusbar .statusbar-item', {
        hasText: /today|All clear|Check-in time|to answer/,
      })
      .first();
    await item.waitFor({ timeout: 10_000 });
    assert.doesNotMatch((await item.textContent()) ?? '', /FAIL/i);
  });
});
