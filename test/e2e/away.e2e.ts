/**
 * Away days as a pair lives them in a real VS Code (issue 18 §6): Sam sets himself away in his
 * own file (written from this process by an Accord store of Sam's own, as his window or a pull
 * would), with a note holding `$(bell)` and a stray right-to-left override. My Partners view says
 * "away until …" on his row, and its tooltip shows the note as text. The planning session then
 * gives Sam fewer hours for the cycle, "Sam: N h, away Tue–Thu". Then I set myself away with
 * Accord: Set Away… from the palette, keyboard only, the status bar says Away, and Accord: I'm
 * Back ends it. Every expected word and number comes from Accord's core (partnerSummaries,
 * capacityReport/capacityView, dayOffWords), read from the files on disk, not worked out by hand.
 * Screenshots go to test-results/e2e-away-*.png.
 *
 * In name order this spec runs first (scripts/vscode-test/run.mjs), on the fresh fixture, so it
 * leaves the workspace exactly as it found it: both member files byte for byte, no new file in
 * .accord/, the theme it started in, Accord's views folded or open as they were, no editor or
 * quick input open, and the planning draft back on its Review step (the draft store keeps the
 * step, and planning.e2e.ts expects a session to open on Review).
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Locator } from 'playwright-core';
import {
  addDaysToDay,
  AWAY_ID_PREFIX,
  capacityReport,
  capacityView,
  cycleCapacityHours,
  dayIn,
  dayOffReason,
  dayOffWords,
  isAwayOn,
  nextCycle,
  parseDayRange,
  partnerSummaries,
  safeText,
  type TeamState,
  timeZoneOf,
} from '../../src/core';
import { AccordStore } from '../../src/store';
import { session } from './session';
import { Workbench } from './workbench';

/** "Me" in the fixture (git user.email alex@example.com), and my partner. */
const ME = 'alex-example.com';
const SAM = 'sam-example.com';
const SAM_NAME = 'Sam Okafor';
const MY_NAME = 'Alex Rivera';
/** Sam's out-of-office note: an icon's syntax and an unmatched RIGHT-TO-LEFT OVERRIDE, which must show as text and reverse nothing. */
const SAM_NOTE = 'Back Thursday $(bell) \u202Eask Alex for reviews';
/** What I type into Set Away: today and the two days after it. */
const MY_RANGE = '+3d';
const MY_NOTE = 'At the conference; Sam has my reviews';
/** Accord's views, top to bottom. */
const VIEWS = ['Micro-goals', 'Partners', 'Follow-ups', 'Timeline'];
const THEMES = { vs: 'Light Modern', 'vs-dark': 'Dark Modern', 'hc-black': 'Dark High Contrast', 'hc-light': 'Light High Contrast' } as const;
type ThemeKind = keyof typeof THEMES;

const accordDir = () => join(session().workspace, '.accord');
const peopleDir = () => join(accordDir(), 'people');

/** Accord as `member` sees the team: a store of the workspace folder with them as "me", loaded from disk now. */
async function accordAs(member: string): Promise<AccordStore> {
  const store = new AccordStore({ root: session().workspace, me: member });
  await store.loadAll();
  return store;
}

/** A member's own local day now, `YYYY-MM-DD` in the zone of their profile. */
function todayOf(state: TeamState, member: string): string {
  return dayIn(new Date(), timeZoneOf(state, member));
}

/** Waits for a fact read from disk, which a person would check in a terminal or a file. */
async function eventually<T>(read: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) assert.fail(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The visible webview's page (VS Code nests it in two iframes). */
function webview(workbench: Workbench): FrameLocator {
  return workbench.page.frameLocator('iframe.webview.ready >> visible=true').frameLocator('#active-frame');
}

describe('Away days: a partner away in the Partners view, the planning capacity that follows, and my own Set Away and I’m Back', function () {
  this.timeout(180_000);
  let workbench: Workbench;
  /** The member files and the other entries of .accord/ when the spec started, to leave them so. */
  let filesBefore: Map<string, string>;
  let accordEntriesBefore: Set<string>;
  let themeBefore: ThemeKind = 'vs';
  /** Whether each of Accord's views was open when the spec started. */
  const expandedBefore = new Map<string, boolean>();
  /** The team as I saw it before Sam's away period: his full capacity for the cycle comes from it. */
  let stateBefore: TeamState;

  /** A row of the Partners view by its label ("Sam Okafor", "Alex Rivera (you)"). */
  const partnerRow = (label: string): Locator =>
    workbench
      .viewPane('Partners')
      .locator('.monaco-list-row', { has: workbench.page.locator('.label-name', { hasText: new RegExp(`^${label.replace(/[()]/g, '\\$&')}$`) }) });
  const description = async (row: Locator): Promise<string> => ((await row.first().locator('.label-description').textContent()) ?? '').trim();
  /** Accord's item in the status bar. */
  const accordStatus = (): Locator => workbench.page.locator('.part.statusbar [id="accord-team.accord.accord.status"]');

  /** Waits until `row`'s description satisfies `test`, and fails saying what it shows instead. */
  async function waitForDescription(row: Locator, test: (text: string) => boolean, what: string): Promise<string> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const text = await description(row).catch(() => '');
      if (test(text)) return text;
      if (Date.now() > deadline) assert.fail(`${what}; the row says "${text}"`);
      await workbench.page.waitForTimeout(100);
    }
  }

  async function closeEditors(): Promise<void> {
    for (let i = 0; i < 3 && (await workbench.quickInput.isVisible().catch(() => false)); i++) await workbench.page.keyboard.press('Escape');
    await workbench.runCommand('View: Close All Editors');
    await workbench.quickInput.waitFor({ state: 'hidden' });
  }

  before(async () => {
    workbench = Workbench.current();
    await workbench.ready();
    for (let i = 0; i < 3; i++) await workbench.page.keyboard.press('Escape');
    filesBefore = new Map(readdirSync(peopleDir()).map((name) => [name, readFileSync(join(peopleDir(), name), 'utf8')]));
    accordEntriesBefore = new Set(readdirSync(accordDir()));
    const workbenchClass = (await workbench.page.locator('.monaco-workbench').first().getAttribute('class')) ?? '';
    themeBefore = (Object.keys(THEMES) as ThemeKind[]).find((kind) => workbenchClass.split(/\s+/).includes(kind)) ?? 'vs';
    stateBefore = (await accordAs(ME)).state;
    assert.ok(!isAwayOn(stateBefore, SAM, todayOf(stateBefore, SAM)), 'Sam is not away when the spec starts');

    await workbench.openContainer('Accord', 'workbench.view.extension.accord');
    await workbench.widenSideBar(560);
    for (const view of VIEWS)
      expandedBefore.set(view, (await workbench.viewPane(view).locator('.pane-header').first().getAttribute('aria-expanded')) === 'true');
    // Partners open and the others folded, so its rows and their tooltips have room, as a person makes it.
    await workbench.expandView('Micro-goals', false);
    await workbench.expandView('Follow-ups', false);
    await workbench.expandView('Timeline', false);
    await workbench.expandView('Partners');
    await partnerRow(SAM_NAME).first().waitFor();
  });

  after(async () => {
    if (!workbench) return;
    await closeEditors().catch(() => undefined);
    // The member files as they were, byte for byte, and no file of .accord/ that was not there.
    for (const name of readdirSync(peopleDir())) if (!filesBefore.has(name)) rmSync(join(peopleDir(), name), { force: true });
    for (const [name, text] of filesBefore) writeFileSync(join(peopleDir(), name), text);
    for (const name of readdirSync(accordDir())) if (!accordEntriesBefore.has(name)) rmSync(join(accordDir(), name), { recursive: true, force: true });
    await workbench.setTheme(THEMES[themeBefore], themeBefore);
    await workbench.runCommand('Notifications: Clear All Notifications');
    await workbench.openContainer('Accord', 'workbench.view.extension.accord');
    // Wait until Accord has read the files back: nobody is away, and the status bar is its calm self.
    await workbench.expandView('Partners');
    await waitForDescription(partnerRow(SAM_NAME), (text) => text !== '' && !text.startsWith('away'), 'Sam is not away once his file is back');
    await accordStatus().filter({ hasText: 'Away' }).waitFor({ state: 'detached' });
    for (const [view, expanded] of expandedBefore) await workbench.expandView(view, expanded);
  });

  it('Sam’s away period, written in his own file, shows on his Partners row as “away until …”, with his note as plain text in the tooltip', async () => {
    const sam = await accordAs(SAM);
    const samToday = todayOf(sam.state, SAM);
    // Today and the three days after it on Sam's own calendar: days of the cycle I plan today.
    const id = await sam.update((edit) =>
      edit.create('away', AWAY_ID_PREFIX, { member: SAM, from: samToday, to: addDaysToDay(samToday, 3), at: new Date().toISOString(), note: SAM_NOTE }),
    );
    assert.ok(id, 'Sam’s away period is written in his file');

    // What my Accord makes of the files now, from the core: "away until Thu 3 Dec" and the note.
    const summary = partnerSummaries((await accordAs(ME)).state, new Date()).find((p) => p.member === SAM);
    assert.ok(summary?.away, 'the core says Sam is away today');
    assert.match(summary.away.words, /^away until \w{3} \d{1,2} \w{3}$/);
    assert.equal(summary.away.note, SAM_NOTE);

    const row = partnerRow(SAM_NAME);
    const text = await waitForDescription(row, (t) => t.startsWith(`${summary.away!.words} · `), `Sam's row begins with "${summary.away.words} · "`);
    assert.doesNotMatch(text, /FAIL|miss/i, `calm words: ${text}`);
    await row.first().locator('.codicon-coffee').waitFor(); // the quiet coffee icon instead of the person

    const tooltip = await workbench.rowTooltip(row, 'Away until', 'e2e-away-1-partner-tooltip');
    const awayLine = `${summary.away.words.charAt(0).toUpperCase()}${summary.away.words.slice(1)}: “${safeText(SAM_NOTE)}”`;
    assert.ok(tooltip.includes(awayLine), `the tooltip says "${awayLine}": ${tooltip}`);
    // As text: the icon's syntax is there in letters (an icon would leave no "(bell)"), and the
    // override is shown by its code point, so it turns nothing after it around.
    assert.ok(tooltip.includes('(bell)'), tooltip);
    assert.ok(tooltip.includes('<U+202E>'), tooltip);
    assert.ok(!tooltip.includes('\u202E'), 'no live right-to-left override in the tooltip');
  });

  it('the planning session gives Sam fewer hours for the cycle, and says “away …” beside them (light and dark)', async () => {
    const state = (await accordAs(ME)).state;
    const today = todayOf(state, ME);
    const cycle = nextCycle(state, today);
    // Capacity does not depend on the work in the cycle: the report over no items gives every member's hours and words.
    const expected = capacityView(capacityReport(state, [], cycle), today).find((c) => c.member === SAM);
    const full = cycleCapacityHours(stateBefore, SAM, cycle).hours;
    assert.ok(expected?.capacityHours !== undefined, 'Sam has a capacity');
    assert.ok(expected.capacityHours < full, `fewer hours while away: ${expected.capacityHours} h, ${full} h without the away period`);
    assert.ok(
      expected.lost.some((run) => run.away),
      'working days lost to the away period',
    );
    assert.match(expected.words, /^Sam: \d+(\.\d+)? h, away /);

    await workbench.runCommand('Accord: Start Planning Session');
    const view = webview(workbench);
    // The draft opens on the step it was left on (the planning spec, before this one, ends on Commit).
    await view.locator('#step-title').waitFor();
    await view.locator('[data-testid="step-plan"]').click();
    await view.locator('#step-title', { hasText: 'Plan the next cycle' }).waitFor();

    const words = view.locator('[data-testid="capacity-words"]', { hasText: /^\s*Sam:/ });
    await words.waitFor();
    assert.equal(((await words.textContent()) ?? '').trim(), safeText(expected.words), 'Sam’s capacity line');
    const row = view.locator('[data-testid="capacity-row"]', { has: words });
    assert.equal(await row.locator('[role="meter"]').getAttribute('aria-valuemax'), String(expected.capacityHours), 'the meter’s full mark is his hours');
    // Mine has no away words: I am here all cycle.
    const mine = capacityView(capacityReport(state, [], cycle), today).find((c) => c.member === ME)!;
    await view.locator('[data-testid="capacity-words"]', { hasText: safeText(mine.words) }).waitFor();
    assert.doesNotMatch(mine.words, /away/);

    await row.evaluate((element) => element.scrollIntoView({ block: 'center' }));
    await workbench.restMouse();
    await view.locator('body.vscode-light').waitFor();
    await workbench.screenshot('e2e-away-2-planning-capacity-light');
    await workbench.setTheme('Dark Modern', 'vs-dark');
    await view.locator('body.vscode-dark').waitFor();
    await words.waitFor();
    await workbench.screenshot('e2e-away-3-planning-capacity-dark');
    await workbench.setTheme('Light Modern', 'vs');
    await view.locator('body.vscode-light').waitFor();

    // Back to Review before closing: the step is kept for the next session, which opens where this one was.
    await view.locator('[data-testid="step-review"]').click();
    await view.locator('[data-testid="step-review"][aria-current="step"]').waitFor();
    await closeEditors();
  });

  it('I set myself away with Accord: Set Away… (keyboard only): the status bar says Away, my row says so, and Accord: I’m Back ends it', async () => {
    const myToday = todayOf(stateBefore, ME);
    const range = parseDayRange(MY_RANGE, myToday).range;
    assert.ok(range, `"${MY_RANGE}" reads as a range`);

    await workbench.runCommand('Accord: Set Away…');
    await workbench.step('Accord: Set Away');
    await workbench.reply('When are you away?', MY_RANGE, 'e2e-away-4-set-away-range');
    // What the range means is said in the box as it is typed; the note is the second step.
    await workbench.reply('A note for your team', MY_NOTE);

    const state = await eventually(async () => {
      const s = (await accordAs(ME)).state;
      return [...s.entities.away.values()].some((a) => a.member === ME && a.from === range.from) ? s : undefined;
    }, 'my away period in my file');
    const mine = [...state.entities.away.values()].find((a) => a.member === ME && a.from === range.from)!;
    assert.deepEqual({ from: mine.from, to: mine.to, note: mine.note }, { from: range.from, to: range.to, note: MY_NOTE });

    // The status bar, from the core's one rule: "Away until Wed 2 Dec", and no nudge.
    const words = dayOffWords(state, ME, myToday, dayOffReason(state, ME, myToday));
    assert.ok(words?.startsWith('Away'), `the core says I am away: ${words}`);
    await accordStatus()
      .filter({ hasText: new RegExp(`^\\s*${words}\\s*$`) })
      .waitFor({ timeout: 20_000 });
    assert.doesNotMatch((await accordStatus().textContent()) ?? '', /Check-in time/);
    const myWords = partnerSummaries(state, new Date()).find((p) => p.member === ME)?.away?.words;
    assert.ok(myWords, 'my own row is away too');
    await waitForDescription(partnerRow(`${MY_NAME} (you)`), (t) => t.startsWith(`${myWords} · `), `my row begins with "${myWords} · "`);
    await workbench.restMouse();
    await workbench.screenshot('e2e-away-5-status-bar-away');

    await workbench.runCommand("Accord: I'm Back");
    await accordStatus().filter({ hasText: 'Away' }).waitFor({ state: 'detached', timeout: 20_000 });
    await waitForDescription(partnerRow(`${MY_NAME} (you)`), (t) => t !== '' && !t.startsWith('away'), 'my row no longer says away');
    const back = await eventually(async () => {
      const s = (await accordAs(ME)).state;
      return isAwayOn(s, ME, myToday) ? undefined : s;
    }, 'today a working day again in my file');
    assert.ok(![...back.entities.away.values()].some((a) => a.member === ME && a.from <= myToday && myToday <= a.to), 'no period of mine holds today');
    // Sam is still away: I'm Back is mine alone.
    await waitForDescription(partnerRow(SAM_NAME), (t) => t.startsWith('away until '), 'Sam is still away');
    await workbench.screenshot('e2e-away-6-back');
  });
});
