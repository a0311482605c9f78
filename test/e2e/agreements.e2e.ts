/**
 * The dashboard's Agreements section as partners see it (issue 19 §1): first the friendly empty
 * state without a covenant, then a covenant with an ```accord block measured over four weeks of
 * the partners' record, each agreement in words of learning with its trend, and what Accord
 * cannot measure with the covenant line. Screenshots in light, dark and high contrast go to
 * test-results/agreements-*.png. The covenant, the member files and the theme are put back.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { AccordStore } from '../../src/store';
import { session } from './session';
import { Workbench } from './workbench';

const ME = 'alex-example.com';
const SAM = 'sam-example.com';

const COVENANT = [
  '# How Alex and Sam work together',
  '',
  '## Expected behaviours',
  '',
  'We check in most working days, say thanks when the other helped, and look back at a setback',
  'by its follow-up date.',
  '',
  '```accord',
  'agreements:',
  '  - kind: check-ins-per-week',
  '    target: 3',
  '  - kind: kudos-per-cycle',
  '    target: 1',
  '    label: Say thanks at least once a cycle',
  '  - kind: pairing-hours # not a kind Accord knows',
  '    label: Pair <b>weekly</b> $(bell)',
  '    target: 2',
  '```',
  '',
].join('\n');

const peopleDir = () => join(session().workspace, '.accord', 'people');
const covenantPath = () => join(session().workspace, '.accord', 'covenant.md');

/** The visible webview's page (VS Code nests it in two iframes). */
function webview(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready >> visible=true').frameLocator('#active-frame');
}

/**
 * Four weeks of check-ins before today, written into each partner's own file as their extension
 * would: Alex on Monday, Tuesday and Thursday every week; Sam twice a week in the last cycle and
 * three times a week in this one. Alex thanked Sam three days ago.
 */
async function seedHistory(workspace: string): Promise<void> {
  const now = new Date();
  const day = (offset: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + offset));
  const at = (offset: number, time: string) => `${day(offset).toISOString().slice(0, 10)}T${time}:00.000Z`;
  const offsets = Array.from({ length: 28 }, (_, i) => i - 27);
  const weekday = (o: number) => day(o).getUTCDay();
  const write = async (member: string, apply: (edit: Parameters<Parameters<AccordStore['update']>[0]>[0]) => void) => {
    const store = new AccordStore({ root: workspace, me: member });
    await store.loadAll();
    await store.update(apply);
  };
  await write(ME, (edit) => {
    for (const o of offsets.filter((o) => [1, 2, 4].includes(weekday(o))))
      edit.create('checkIn', 'ci', { member: ME, at: at(o, '08:30'), microGoals: [], status: 'on-track', energy: 4 });
    edit.create('feedback', 'fb', { from: ME, to: SAM, type: 'kudos', behaviour: 'Reviewed the importer PR within the hour', at: at(-3, '16:00') });
  });
  await write(SAM, (edit) => {
    for (const o of offsets.filter((o) => (o < -13 ? [2, 4] : [1, 3, 5]).includes(weekday(o))))
      edit.create('checkIn', 'ci', { member: SAM, at: at(o, '09:00'), microGoals: [], status: 'on-track', energy: 4 });
  });
}

describe('Agreements on the dashboard, as partners see them', function () {
  this.timeout(180_000);
  let workbench: Workbench;
  let page: Page;
  let filesBefore: Map<string, string>;
  let covenantBefore: string | undefined;

  before(async () => {
    workbench = Workbench.current();
    page = workbench.page;
    await workbench.ready();
    filesBefore = new Map(readdirSync(peopleDir()).map((name) => [name, readFileSync(join(peopleDir(), name), 'utf8')]));
    covenantBefore = existsSync(covenantPath()) ? readFileSync(covenantPath(), 'utf8') : undefined;
    if (covenantBefore !== undefined) rmSync(covenantPath());
    await seedHistory(session().workspace);
  });

  after(async () => {
    // The specs after this one expect the fixture as it was, in the light theme.
    await page.keyboard.press('Escape');
    await workbench.runCommand('View: Close All Editors').catch(() => page.keyboard.press('Escape'));
    for (const name of readdirSync(peopleDir())) if (!filesBefore.has(name)) rmSync(join(peopleDir(), name));
    for (const [name, text] of filesBefore) writeFileSync(join(peopleDir(), name), text);
    if (covenantBefore === undefined) rmSync(covenantPath(), { force: true });
    else writeFileSync(covenantPath(), covenantBefore);
    await workbench.setTheme('Light Modern', 'vs').catch(() => {});
  });

  it('without a covenant, says how to add agreements', async () => {
    await workbench.runCommand('View: Close Primary Side Bar').catch(() => page.keyboard.press('Escape'));
    await workbench.runCommand('Accord: Open Dashboard');
    const section = webview(page).locator('[data-testid="agreements"]');
    await section.locator('[data-testid="agreements-empty"]').waitFor();
    assert.equal((await section.locator('h2').textContent())?.trim(), 'Agreements');
    const text = ((await section.textContent()) ?? '').replace(/\s+/g, ' ');
    assert.match(text, /No agreements to follow yet\./);
    assert.match(text, /Run Accord: Open Covenant from the Command Palette to start one/);
    await section.scrollIntoViewIfNeeded();
    await workbench.restMouse();
    await workbench.screenshot('agreements-1-empty-light');
  });

  it('measures each agreement for both partners, in words, with the trend; lists what it cannot measure with the line', async () => {
    writeFileSync(covenantPath(), COVENANT);
    const section = webview(page).locator('[data-testid="agreements"]');
    await section.locator('[data-testid="agreement"]').first().waitFor();
    const agreements = section.locator('[data-testid="agreement"]');
    assert.deepEqual(
      (await agreements.locator('h3').allTextContents()).map((t) => t.trim()),
      ['Three check-ins a week', 'Say thanks at least once a cycle'],
    );
    const rows = async (index: number) =>
      (await agreements.nth(index).locator('[data-testid="agreement-person"]').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    // The check-in weeks depend on the weekday the spec runs on (partial weeks ask for fewer): their shape, then the kudos exactly.
    const trendWords =
      '(More than last cycle|About the same as last cycle|Less than last cycle: worth a word at the next planning session|Nothing to compare with yet)';
    const weeks = '(\\d+ of \\d+ weeks? with three check-ins|No working week to count yet)';
    const checkIns = await rows(0);
    assert.equal(checkIns.length, 2);
    assert.match(checkIns[0]!, new RegExp(`^Alex Rivera ${weeks} ${weeks} ${trendWords}$`));
    assert.match(checkIns[1]!, new RegExp(`^Sam Okafor ${weeks} ${weeks} ${trendWords}$`));
    // Sam has not said thanks yet: while days of the cycle are left that is not judged ("still
    // running"); on its last day (or a team without planning sessions) it is "about the same".
    const kudos = await rows(1);
    assert.equal(kudos[0], 'Alex Rivera 1 kudos given (agreed: 1) 0 kudos given (agreed: 1) More than last cycle');
    const running = kudos[1]!.endsWith('still running: there is time to reach it');
    assert.equal(
      kudos[1],
      `Sam Okafor 0 kudos given (agreed: 1) 0 kudos given (agreed: 1) ${running ? 'The cycle is still running: there is time to reach it' : 'About the same as last cycle'}`,
    );
    const trendIcons = agreements.nth(1).locator('.trend-icon[role="img"]');
    assert.deepEqual(
      [await trendIcons.nth(0).getAttribute('aria-label'), await trendIcons.nth(1).getAttribute('aria-label')],
      ['Trend: Up', running ? 'Trend: Still running' : 'Trend: Level'],
    );
    assert.equal(await section.locator('table caption').count(), 2, 'each table is named for a screen reader');

    const notMeasured = section.locator('[data-testid="agreements-not-measured"]');
    const item = ((await notMeasured.locator('li').first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
    assert.match(item, /^covenant\.md line 15: Pair <b>weekly<\/b> \$\u200b\(bell\) — Accord does not know kind "pairing-hours"/);
    assert.equal(await notMeasured.locator('b').count(), 0, 'a label from the covenant is text, never markup');
    assert.doesNotMatch(await section.innerText(), /fail/i, 'words of learning, never a verdict');

    for (const [theme, kind, tag] of [
      ['Light Modern', 'vs', 'light'],
      ['Dark Modern', 'vs-dark', 'dark'],
      ['Dark High Contrast', 'hc-black', 'high-contrast'],
    ] as const) {
      await workbench.setTheme(theme, kind);
      await notMeasured.scrollIntoViewIfNeeded();
      await workbench.restMouse();
      await page.waitForTimeout(300);
      await workbench.screenshot(`agreements-2-measured-${tag}`);
    }
  });
});
