import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { session } from './session';
import { Workbench } from './workbench';

interface MemberFile {
  entities: Record<string, { kind: string; fields: Record<string, unknown> }>;
}

function memberFile(member: string): MemberFile {
  return JSON.parse(readFileSync(join(session().workspace, '.accord', 'people', `${member}.json`), 'utf8')) as MemberFile;
}

const ME = 'alex-example.com';
const NEW_STEP = 'Review the CSV importer PR';

describe('Accord in VS Code, as a person uses it', () => {
  let workbench: Workbench;

  before(async () => {
    workbench = Workbench.current();
    await workbench.ready();
  });

  it("shows both partners' micro-goals in the Accord side bar", async () => {
    await workbench.openContainer('Accord', 'workbench.view.extension.accord');
    // Partners folded, so Micro-goals has room for both partners' micro-goals, as a person makes it.
    await workbench.expandView('Partners', false);
    await workbench.widenSideBar(560);
    await workbench.page.locator('.part.sidebar .monaco-list-row').first().waitFor(); // the data has loaded
    await workbench.revealRow(workbench.treeRow('Review pull requests within a day')); // groups such as "Later" start collapsed; a person opens them
    for (const [title, owner] of [
      ['Review the parser PR', 'Alex Rivera'],
      ['Write a review checklist', 'Alex Rivera'],
      ['Write error messages that name the row', 'Sam Okafor'],
      ['Pair on the tokenizer', 'Sam Okafor'],
    ] as const) {
      await workbench.treeRow(title).first().waitFor({ timeout: 5000 });
      assert.match(await workbench.rowDescription(title), new RegExp(`· ${owner}$`), `"${title}" shows its owner`);
    }
    assert.equal(await workbench.treeRow('Set up the CI cache').count(), 0, 'done long ago, so not listed');
    await workbench.screenshot('e2e-1-micro-goals-view');
  });

  it('adds a micro-goal from the command palette, and shows it in the tree and on disk', async () => {
    await workbench.runCommand('Accord: Add Micro-goal', 'e2e-2-command-palette');
    await workbench.pick('Accord: Add Micro-goal (1/4)', 'Review pull requests within a day', 'e2e-3-pick-goal');
    await workbench.answer('Accord: Add Micro-goal (2/4)', NEW_STEP);
    await workbench.answer('Accord: Add Micro-goal (3/4)', undefined, 'e2e-4-due-date'); // keeps "tomorrow"
    await workbench.answer('Accord: Add Micro-goal (4/4)', '1');

    await workbench.page
      .locator('.part.sidebar .monaco-list-row', { hasText: NEW_STEP })
      .or(workbench.page.locator('.part.sidebar .monaco-list-row[aria-expanded="false"]'))
      .first()
      .waitFor();
    await workbench.revealRow(workbench.treeRow(NEW_STEP)); // tomorrow may fall in a group that starts collapsed
    assert.equal(await workbench.rowDescription(NEW_STEP), 'due tomorrow · Alex Rivera');
    await workbench.screenshot('e2e-5-micro-goal-added');

    const entities = memberFile(ME).entities;
    const goalId = Object.keys(entities).find((id) => entities[id]!.kind === 'goal' && entities[id]!.fields.title === 'Review pull requests within a day');
    const added = Object.values(entities).find((e) => e.kind === 'microGoal' && e.fields.title === NEW_STEP);
    assert.ok(added, `${ME}.json has no micro-goal "${NEW_STEP}"`);
    assert.equal(added.fields.owner, ME);
    assert.equal(added.fields.goal, goalId);
    assert.equal(added.fields.estimateHours, 1);
    assert.equal(added.fields.done, false);
  });
});
