/**
 * The partnership's check-ins, seen and answered (issue 16), as a pair lives it in a real VS
 * Code. I am in the Explorer when Sam's blocked check-in arrives in his file (written from this
 * process by an Accord store of Sam's own, as his window or a pull would): the Accord icon
 * counts it, his block tops my Follow-ups and the Timeline marks it new, until I have seen it. I
 * offer help from the Timeline row (a note and a pairing time): the answer goes in my own file,
 * Sam's file is untouched, and Sam's Accord (the same files read as Sam) shows him "Alex Rivera
 * offered you help". Screenshots of the Timeline and Follow-ups in light, dark and high contrast
 * go to test-results/e2e-timeline-*.png. Then Sam checks in again, no longer blocked, and the
 * block leaves my Follow-ups.
 *
 * It leaves the workspace as later specs (evidence.e2e.ts, branches.e2e.ts) expect it: no check-in
 * of mine (branches asserts none from the last minute), Sam not blocked, nothing committed, the
 * Timeline's default window and everyone in it, the light theme, no quick input open.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TZDate } from '@date-fns/tz';
import type { Locator } from 'playwright-core';
import { followUpsFor } from '../../src/core';
import { AccordStore } from '../../src/store';
import { session } from './session';
import { Workbench } from './workbench';

/** "Me" in the fixture (git user.email alex@example.com), and my partner. */
const ME = 'alex-example.com';
const SAM = 'sam-example.com';
const MY_ZONE = 'Europe/Berlin'; // Alex's time zone in the fixture
const SAM_ZONE = 'America/New_York'; // Sam's
/** Sam's micro-goal in the fixture that his block is about. */
const SAM_MICRO_GOAL = 'mg-zylmee6lgwmb';
const SAM_MICRO_GOAL_TITLE = 'Write error messages that name the row';
/** Text nothing else in the fixture or the other specs holds. */
const BLOCKED_NOTE = 'Waiting for the staging API keys from ops';
const HELP_NOTE = 'I have the staging keys: shall I send them over?';
const MOVING_NOTE = 'Keys arrived, wiring the client now';
const BLOCKED_ROW = `Sam Okafor checked in: blocked, “${BLOCKED_NOTE}”`;
const BLOCKED_FOLLOW_UP = `Sam Okafor is blocked: “${BLOCKED_NOTE}”`;
const MY_ANSWER_ROW = `Alex Rivera offered Sam Okafor help: “${HELP_NOTE}”`;
const MOVING_ROW = `Sam Okafor checked in: on track, “${MOVING_NOTE}”`;
/** Accord's views, top to bottom. */
const VIEWS = ['Micro-goals', 'Partners', 'Follow-ups', 'Timeline'];
/** A row's description in the Timeline: "new · 2026-11-30 10:15", then " · 1 answer" once answered. */
const WHEN = '\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}';

interface MemberFile {
  entities: Record<string, { kind: string; fields: Record<string, unknown> }>;
}

const peopleFile = (member: string) => join(session().workspace, '.accord', 'people', `${member}.json`);
const fileText = (member: string) => readFileSync(peopleFile(member), 'utf8');
const entitiesOf = (member: string) => Object.entries((JSON.parse(fileText(member)) as MemberFile).entities);

/** Sam's own Accord: a store of the workspace folder with Sam as "me", loaded from disk now. */
async function samsAccord(): Promise<AccordStore> {
  const store = new AccordStore({ root: session().workspace, me: SAM });
  await store.loadAll();
  return store;
}

/** Sam checks in, in his own file, as his window would write it; the check-in's id. */
async function samChecksIn(fields: {
  status: 'on-track' | 'at-risk' | 'blocked' | 'done';
  microGoals: string[];
  note?: string;
  hindered?: string;
  next?: string;
  energy?: number;
}): Promise<string> {
  const store = await samsAccord();
  const id = await store.update((edit) => edit.create('checkIn', 'ci', { member: SAM, at: new Date().toISOString(), ...fields }));
  assert.ok(id, 'Sam’s check-in is written');
  return id;
}

/** Waits for a fact read from disk, which a person would check in a terminal or a file. */
async function eventually(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** An instant on a zone's clock, "2026-12-01 08:00", worked out here with @date-fns/tz, not with the product's code. */
function onClock(instant: string, zone: string): string {
  const t = new TZDate(Date.parse(instant), zone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${t.getFullYear()}-${two(t.getMonth() + 1)}-${two(t.getDate())} ${two(t.getHours())}:${two(t.getMinutes())}`;
}

/** Tomorrow at 14:00 on Alex's clock, as an instant: what "tomorrow 14:00" proposes. */
function tomorrowAtTwo(now: Date): string {
  const today = new TZDate(now.getTime(), MY_ZONE);
  return new Date(new TZDate(today.getFullYear(), today.getMonth(), today.getDate() + 1, 14, 0, 0, MY_ZONE).getTime()).toISOString();
}

describe('The Timeline: a partner’s blocked check-in arrives, I offer help, and the partner sees it', function () {
  this.timeout(120_000);
  let workbench: Workbench;
  let blocked: string;
  let pairAt: string;
  /** Whether each of Accord's views was open when the spec started. */
  const expandedBefore = new Map<string, boolean>();

  /** A row of the Timeline view by its label. */
  const timelineRow = (label: string): Locator => workbench.viewPane('Timeline').locator('.monaco-list-row', { has: labelled(label) });
  /** A row of the Follow-ups view by its label. */
  const followUpRow = (label: string): Locator => workbench.viewPane('Follow-ups').locator('.monaco-list-row', { has: labelled(label) });
  const labelled = (label: string): Locator => workbench.page.locator('.label-name', { hasText: label });
  /** The Accord icon in the activity bar: its label carries the badge's words, its badge the count. */
  const accordItem = (): Locator => workbench.activityItem('Accord');

  async function openAccord(): Promise<void> {
    await workbench.openContainer('Accord', 'workbench.view.extension.accord');
  }

  before(async () => {
    workbench = Workbench.current();
    await workbench.ready();
    for (let i = 0; i < 3; i++) await workbench.page.keyboard.press('Escape');
    await openAccord();
    await workbench.widenSideBar(560);
    for (const view of VIEWS)
      expandedBefore.set(view, (await workbench.viewPane(view).locator('.pane-header').first().getAttribute('aria-expanded')) === 'true');
    // Micro-goals and Partners folded, so Follow-ups and the Timeline have room, as a person makes it.
    await workbench.expandView('Micro-goals', false);
    await workbench.expandView('Partners', false);
    await workbench.expandView('Follow-ups');
    await workbench.expandView('Timeline');
  });

  after(async () => {
    if (!workbench) return;
    for (let i = 0; i < 3 && (await workbench.quickInput.isVisible().catch(() => false)); i++) await workbench.page.keyboard.press('Escape');
    await workbench.setTheme('Light Modern', 'vs');
    await workbench.runCommand('Notifications: Clear All Notifications');
    await openAccord();
    // Everyone's activity in the Timeline, as by default, even when a test stopped with Sam's alone in it.
    if (((await workbench.viewPane('Timeline').locator('.pane-header .description').textContent()) ?? '').includes('·')) {
      await workbench.expandView('Timeline');
      await workbench.clickViewAction('Timeline', 'Filter Timeline by Person…');
      await workbench.choose('Whose activity?', 'Everyone');
    }
    // The views as they were: the specs after this one look for rows in Micro-goals and Partners.
    for (const [view, expanded] of expandedBefore) await workbench.expandView(view, expanded);
  });

  it('Sam’s blocked check-in, arriving in his file while I am in the Explorer, is counted on the Accord icon, tops my Follow-ups and is new in the Timeline until I have seen it', async () => {
    await workbench.openContainer('Explorer', 'workbench.view.explorer');
    blocked = await samChecksIn({
      status: 'blocked',
      note: BLOCKED_NOTE,
      hindered: 'Ops are at an offsite until Thursday',
      next: 'Ask ops again at stand-up',
      energy: 2,
      microGoals: [SAM_MICRO_GOAL],
    });
    // The Timeline's badge shows on the Accord icon ("1 new in the partnership's timeline").
    await accordItem().locator(`a[aria-label*="new in the partnership's timeline"]`).waitFor({ timeout: 20_000 });
    await workbench.screenshot('e2e-timeline-1-badge');

    await openAccord();
    // Newest first, and new: I have not seen it yet.
    const row = timelineRow(BLOCKED_ROW);
    await row
      .first()
      .locator('.label-description', { hasText: new RegExp(`^new · ${WHEN}$`) })
      .waitFor();
    await workbench.screenshot('e2e-timeline-2-new');
    // Once the Timeline has been in view a moment, what it shows is read: the mark and the badge go.
    await row
      .first()
      .locator('.label-description', { hasText: new RegExp(`^${WHEN}$`) })
      .waitFor();
    await accordItem().locator(`a[aria-label*="new in the partnership's timeline"]`).waitFor({ state: 'detached' });
    assert.equal(await workbench.viewRows('Timeline').first().locator('.label-name').textContent(), BLOCKED_ROW, 'the newest entry is first');

    // The top of Follow-ups: Sam is blocked, with Offer Help and Open Check-in on the row.
    const top = workbench
      .viewRows('Follow-ups')
      .filter({ hasNot: workbench.page.locator('.monaco-tl-twistie.collapsible') })
      .first();
    await top.locator('.label-name', { hasText: BLOCKED_FOLLOW_UP }).waitFor();
    await top.hover();
    for (const action of ['Offer Help…', 'Open Check-in']) await top.locator(`.actions .action-label[aria-label^="${action}"]`).waitFor();
    await workbench.restMouse();

    // Everything his check-in says, in the row's tooltip.
    const tooltip = await workbench.rowTooltip(row, 'Next step', 'e2e-timeline-3-tooltip');
    for (const line of [
      'Status: blocked',
      `Note: ${BLOCKED_NOTE}`,
      'Got in the way: Ops are at an offsite until Thursday',
      'Next step: Ask ops again at stand-up',
      'Energy: 2/5',
      `Micro-goals: “${SAM_MICRO_GOAL_TITLE}”`,
    ])
      assert.ok(tooltip.includes(line), `the tooltip says "${line}": ${tooltip}`);
  });

  it('Open Check-in on the Follow-ups row shows Sam’s activity in the Timeline, his check-in in it; Filter Timeline by Person… shows everyone again', async () => {
    await workbench.clickRowAction(followUpRow(BLOCKED_FOLLOW_UP), 'Open Check-in');
    const timeline = workbench.viewPane('Timeline');
    await timeline.locator('.pane-header .description', { hasText: 'Since my last check-in · Sam Okafor' }).waitFor();
    await timelineRow(BLOCKED_ROW).first().waitFor();
    const labels = await workbench.viewRows('Timeline').locator('.label-name').allTextContents();
    assert.ok(
      labels.every((label) => label.startsWith('Sam Okafor ')),
      `only Sam's activity: ${labels.join(' | ')}`,
    );
    await workbench.restMouse();
    await workbench.screenshot('e2e-timeline-4-open-check-in');

    await workbench.clickViewAction('Timeline', 'Filter Timeline by Person…');
    await workbench.choose('Whose activity?', 'Everyone');
    await timeline.locator('.pane-header .description', { hasText: /^Since my last check-in$/ }).waitFor();
  });

  it('offering help from the Timeline row (a note, then a pairing time) writes the answer in my own file and never in Sam’s', async () => {
    const samBefore = fileText(SAM);
    const now = new Date();
    await workbench.clickRowAction(timelineRow(BLOCKED_ROW), 'Offer Help…');
    await workbench.step('Accord: Offer Sam Okafor Help');
    await workbench.reply('A short note', HELP_NOTE, 'e2e-timeline-5-offer-note');
    await workbench.reply('Propose a time to pair', 'tomorrow 14:00', 'e2e-timeline-6-offer-time');
    await workbench.page.locator('.part.statusbar', { hasText: 'Offer sent: Sam Okafor sees it in Follow-ups' }).waitFor();

    await eventually(() => entitiesOf(ME).some(([, e]) => e.kind === 'response' && e.fields.to === blocked), 'my answer in my file');
    const [, answer] = entitiesOf(ME).find(([, e]) => e.kind === 'response' && e.fields.to === blocked)!;
    pairAt = tomorrowAtTwo(now);
    assert.deepEqual(
      { by: answer.fields.by, kind: answer.fields.kind, note: answer.fields.note, pairAt: answer.fields.pairAt },
      { by: ME, kind: 'help', note: HELP_NOTE, pairAt },
      'an offer of help by me, with the note and tomorrow 14:00 on my clock',
    );
    assert.equal(fileText(SAM), samBefore, 'Sam’s file is untouched');

    // The Timeline shows the answer on the check-in, and my answer as an entry of its own.
    const row = timelineRow(BLOCKED_ROW);
    await row
      .first()
      .locator('.label-description', { hasText: new RegExp(`^${WHEN} · 1 answer$`) })
      .waitFor();
    await timelineRow(MY_ANSWER_ROW).first().waitFor();
    const tooltip = await workbench.rowTooltip(row, 'Answers', 'e2e-timeline-7-answered-tooltip');
    const day = new TZDate(Date.parse(pairAt), MY_ZONE);
    const clock = `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')} 14:00`;
    assert.ok(tooltip.includes(`Alex Rivera offered help: ${HELP_NOTE} (pair at ${clock})`), tooltip);
    const mine = await workbench.rowTooltip(timelineRow(MY_ANSWER_ROW), `Note: ${HELP_NOTE}`, 'e2e-timeline-8-my-answer-tooltip');
    assert.ok(mine.includes(`On Sam Okafor's check-in: blocked, “${BLOCKED_NOTE}”`), mine);
    // My Follow-ups still has Sam's block (it stays until he moves), and says I offered help.
    const followUpTooltip = await workbench.rowTooltip(followUpRow(BLOCKED_FOLLOW_UP), 'You offered help');
    for (const line of [`On “${SAM_MICRO_GOAL_TITLE}”`, 'You offered help.']) assert.ok(followUpTooltip.includes(line), followUpTooltip);
  });

  it('Sam’s Accord, reading the same files as Sam, shows him “Alex Rivera offered you help” with the pairing time', async () => {
    const sam = await samsAccord();
    const his = followUpsFor(sam.state, SAM, new Date());
    const offer = his.find((f) => f.kind === 'response');
    assert.ok(offer, `Sam has an answer waiting: ${his.map((f) => f.label).join(' | ')}`);
    assert.equal(offer.label, `Alex Rivera offered you help: “${HELP_NOTE}”`);
    assert.equal(offer.detail, `Pairing: ${onClock(pairAt, SAM_ZONE)}`, 'with the time proposed, on his clock');
    assert.ok(!his.some((f) => f.kind === 'blocked'), 'his own block is not a follow-up of his');
  });

  it('looks right in light, dark and high contrast: the Timeline with the blocked check-in, and Follow-ups', async () => {
    for (const [theme, kind, tag] of [
      ['Light Modern', 'vs', 'light'],
      ['Dark Modern', 'vs-dark', 'dark'],
      ['Dark High Contrast', 'hc-black', 'high-contrast'],
    ] as const) {
      await workbench.setTheme(theme, kind);
      await timelineRow(BLOCKED_ROW).first().waitFor();
      await followUpRow(BLOCKED_FOLLOW_UP).first().waitFor();
      await workbench.screenshot(`e2e-timeline-9-views-${tag}`);
      await workbench.rowTooltip(timelineRow(BLOCKED_ROW), 'Answers', `e2e-timeline-10-tooltip-${tag}`);
    }
    await workbench.setTheme('Light Modern', 'vs');
  });

  it('Sam’s next check-in, no longer blocked, takes the block off my Follow-ups and tops the Timeline', async () => {
    const moving = await samChecksIn({ status: 'on-track', note: MOVING_NOTE, next: 'Wire the client', microGoals: [] });
    await followUpRow(BLOCKED_FOLLOW_UP).first().waitFor({ state: 'detached' });
    await timelineRow(MOVING_ROW).first().waitFor();
    const labels = (await workbench.viewRows('Timeline').locator('.label-name').allTextContents()).map((t) => t.trim());
    const order = [MOVING_ROW, MY_ANSWER_ROW, BLOCKED_ROW].map((label) => labels.indexOf(label));
    assert.ok(order[0] === 0 && order[0] < order[1]! && order[1]! < order[2]!, `newest first: ${labels.join(' | ')}`);
    await workbench.screenshot('e2e-timeline-11-moving-again');

    // A thumbs-up on it, from the row: my file holds it, and Sam's Accord shows it to him.
    await workbench.clickRowAction(timelineRow(MOVING_ROW), 'Acknowledge Check-in…');
    await workbench.choose('A reaction they will see', 'Thumbs up', 'e2e-timeline-12-reactions');
    await eventually(
      () => entitiesOf(ME).some(([, e]) => e.kind === 'response' && e.fields.to === moving && e.fields.reaction === 'thumbsUp'),
      'my thumbs-up in my file',
    );
    const his = followUpsFor((await samsAccord()).state, SAM, new Date()).map((f) => f.label);
    assert.ok(his.includes('Alex Rivera gave a thumbs up to your check-in'), his.join(' | '));
    await timelineRow(MOVING_ROW)
      .locator('.label-description', { hasText: / · 1 answer$/ })
      .first()
      .waitFor();
  });
});
