/**
 * The covenant's escalation path and decision rights (issue 19 §2–3) in a real VS Code: Kim, a
 * third member, has said blocked for 3 working days; the covenant's step shows in my Follow-ups
 * and each of its actions does its thing. Then "the mentor accepts the mentee's date changes":
 * the mentor's accept works, and once the covenant names someone else, mine is refused with its
 * words. Everything written to the shared fixture (covenant, Kim's file, my file) is put back.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import * as vscode from 'vscode';
import { addDaysToDay, availableWorkingDays, dayIn, type FollowUp, memberEntityId } from '../../src/core';
import type { FollowUpNode } from '../../src/daily/views/followUpsProvider';
import { PlanningAgenda } from '../../src/planning/draftStore';
import type { PlanningPanel, PlanningServices } from '../../src/planning/planningPanel';
import { AccordStore } from '../../src/store';
import type { AccordWorkspace } from '../../src/workspace/accordWorkspace';
import { accordExtension, accordWorkspace, answerPrompts, folderPath, ME, PARTNER, peopleDir, readMemberFile, waitFor } from './helpers';
import { asPerson, pick, type } from './relationshipUi.test';

const KIM = { id: 'kim-example.com', name: 'Kim Lee' };
const covenantPath = () => join(folderPath(), '.accord', 'covenant.md');
const kimFile = () => join(peopleDir(), `${KIM.id}.json`);
const myFile = () => join(peopleDir(), `${ME.id}.json`);

function daily() {
  return accordExtension().exports.daily;
}

/** Kim's own Accord: a store of the same folder with Kim as "me". */
async function kim(): Promise<AccordStore> {
  const store = new AccordStore({ root: folderPath(), me: KIM.id });
  await store.loadAll();
  return store;
}

function covenant(mentor: string, mentee: string): string {
  return [
    '# How we work together',
    '',
    '## Escalation path',
    '',
    '```accord',
    'roles:',
    `  mentor: ${mentor}`,
    `  mentee: ${mentee}`,
    'escalation:',
    '  - after: 2',
    '    step: pair',
    '  - after: 5',
    '    step: planning',
    'decisions:',
    '  renegotiations:',
    '    - accepts: mentor',
    '      for: mentee',
    '      changes: [due]',
    '```',
    '',
  ].join('\n');
}

/** Writes the covenant naming `mentor` and `mentee`, and waits until the extension has read its rules. */
async function writeCovenant(mentor: string, mentee: string): Promise<void> {
  writeFileSync(covenantPath(), covenant(mentor, mentee));
  const roles = () => daily().services?.covenant?.rules.roles;
  await waitFor(
    () => roles()?.get('mentor')?.[0] === mentor && roles()?.get('mentee')?.[0] === mentee,
    `the covenant read: ${mentor} mentors ${mentee}`,
    15_000,
  );
}

/** The rows of the real Follow-ups view, as tree items. */
function followUpRows(): { item: FollowUp; tree: vscode.TreeItem }[] {
  const provider = daily().followUps;
  return (
    provider
      .getChildren()
      .flatMap((group) => provider.getChildren(group))
      .filter((node): node is Extract<FollowUpNode, { type: 'item' }> => node.type === 'item')
      // The row as a person hovering it sees it: the tooltip is built on hover (resolveTreeItem).
      .map((node) => ({ item: node.item, tree: provider.resolveTreeItem(provider.getTreeItem(node), node) }))
  );
}

/** The hover text as a person reads it: the markdown source with appendText's escapes taken out. */
const tooltipOf = (tree: vscode.TreeItem) =>
  (typeof tree.tooltip === 'string' ? tree.tooltip : (tree.tooltip?.value ?? '')).replaceAll('&nbsp;', ' ').replace(/\\([\\`*_{}[\]()#+\-.!<>|~])/g, '$1');

describe('Escalation steps and decision rights from the covenant', function () {
  this.timeout(60_000);
  let workspace: AccordWorkspace;
  let savedCovenant: string | undefined;
  let savedMine: string;
  let microGoal: string;
  let blocked: string;
  const scratch = mkdtempSync(join(tmpdir(), 'accord-escalation-'));

  before(async () => {
    workspace = await accordWorkspace();
    savedCovenant = existsSync(covenantPath()) ? readFileSync(covenantPath(), 'utf8') : undefined;
    savedMine = readFileSync(myFile(), 'utf8');
    // Kim joins, and says blocked on her micro-goal on the day that makes 3 of her working days until today.
    const store = await kim();
    const today = dayIn(new Date(), 'UTC');
    let since = addDaysToDay(today, -1);
    await store.update((edit) => edit.set(memberEntityId(KIM.id), 'member', { name: KIM.name, timeZone: 'UTC', capacityHours: 10 }));
    while (availableWorkingDays(store.state, KIM.id, { from: addDaysToDay(since, 1), to: today }).length < 3) since = addDaysToDay(since, -1);
    microGoal = (await store.update((edit) =>
      edit.create('microGoal', 'mg', {
        title: 'Wire the webhook',
        owner: KIM.id,
        done: false,
        createdAt: `${addDaysToDay(since, -7)}T09:00:00.000Z`,
        due: addDaysToDay(today, 14),
      }),
    ))!;
    blocked = (await store.update((edit) =>
      edit.create('checkIn', 'ci', {
        member: KIM.id,
        at: `${since}T12:00:00.000Z`,
        microGoals: [microGoal],
        status: 'blocked',
        note: 'the vendor has not answered',
      }),
    ))!;
    await writeCovenant(ME.id, KIM.id);
  });

  after(async () => {
    if (savedCovenant === undefined) rmSync(covenantPath(), { force: true });
    else writeFileSync(covenantPath(), savedCovenant);
    rmSync(kimFile(), { force: true });
    // My file back as it was (as a checkout would), read again by the store.
    writeFileSync(myFile(), savedMine);
    await waitFor(
      () => !workspace.state.entities.member.has(memberEntityId(KIM.id)) && ![...workspace.state.entities.response.values()].some((r) => r.to === blocked),
      'Kim and my answers gone from the state',
      15_000,
    );
    rmSync(scratch, { recursive: true, force: true });
  });

  it('shows the step in my Follow-ups, counted as waiting for me, with one click to pair', async () => {
    await waitFor(() => followUpRows().some((row) => row.item.kind === 'escalation'), 'the escalation step in Follow-ups', 15_000);
    const { item, tree } = followUpRows().find((row) => row.item.kind === 'escalation')!;
    assert.equal(item.id, `${blocked}:${microGoal}`);
    assert.equal(tree.label, 'Kim Lee has been blocked for 3 working days on “Wire the webhook”: Pair on it');
    assert.equal(item.mine, true);
    assert.equal(tree.contextValue, 'accord.followUp.escalation.mine');
    assert.match(tooltipOf(tree), /escalation path \(covenant\.md line 10\): after 2 working days blocked, pair on it/);
    assert.deepEqual([tree.command?.command, tree.command?.arguments], ['accord.proposePairing', [item.id]]);
    // The status bar and the view count the same list.
    const waiting = daily()
      .followUps.items()
      .filter((f) => f.mine).length;
    assert.ok(waiting >= 2, 'Kim’s block and its step both wait for me');
  });

  it('Propose a Pairing Time records the time on Kim’s check-in, in my file, and saves an .ics for my calendar', async () => {
    const id = `${blocked}:${microGoal}`;
    const target = vscode.Uri.file(join(scratch, 'pairing.ics'));
    const { shown, messages } = await asPerson(
      'accord.proposePairing',
      [id],
      [pick('2')], // the first slot: its label starts with the day, 20xx-…
      (message) => (message.items.includes('Save Invitation…') ? 'Save Invitation…' : undefined),
      target,
    );
    assert.match(shown[0]!.title ?? '', /Pair with Kim Lee on “Wire the webhook”/);
    assert.match(shown[0]!.items![0]!, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} your time · \d{4}-\d{2}-\d{2} \d{2}:\d{2} for Kim Lee$/);
    const offer = Object.values(readMemberFile(ME.id).entities).find((e) => e.kind === 'response' && e.fields.to === blocked);
    assert.ok(offer, 'the proposal is an answer on Kim’s check-in, in my own file');
    assert.equal(offer.fields.kind, 'help');
    assert.match(messages[0]!.text, /Pairing proposed: Kim Lee sees it in Follow-ups/);
    const event = new ICAL.Component(ICAL.parse(readFileSync(target.fsPath, 'utf8'))).getFirstSubcomponent('vevent')!;
    assert.equal(event.getFirstPropertyValue('summary'), 'Pairing: Wire the webhook');
    assert.equal((event.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString(), offer.fields.pairAt);
    assert.match(messages[1]!.text, /Invitation saved: .*pairing\.ics/);
  });

  it('Check In on It opens Quick Check-In on the micro-goal; Add to the Planning Agenda puts it there once', async () => {
    const id = `${blocked}:${microGoal}`;
    // Kim's micro-goal: only Kim marks it done (design.md §2), so "done:" is refused in the box and nothing is written.
    const untouched = readFileSync(myFile(), 'utf8');
    await assert.rejects(
      asPerson('accord.checkInOnBlocked', [id], [type('done: it works now')]),
      /Only Kim Lee can mark “Wire the webhook” done: say what moved instead/,
    );
    assert.equal(readFileSync(myFile(), 'utf8'), untouched);
    const { shown } = await asPerson('accord.checkInOnBlocked', [id], [type('Looked at it with Kim: the vendor needs a nudge')]);
    assert.equal(shown[0]!.title, 'Accord: Quick Check-In on “Wire the webhook”');
    const mine = Object.values(readMemberFile(ME.id).entities).find(
      (e) => e.kind === 'checkIn' && e.fields.note === 'Looked at it with Kim: the vendor needs a nudge',
    );
    assert.ok(mine, 'my check-in is written');
    assert.deepEqual(mine.fields.microGoals, [microGoal]);

    const first = await asPerson('accord.addToAgenda', [id], []);
    assert.deepEqual(
      first.messages.map((m) => m.text),
      ['“Wire the webhook” is on the agenda of the next planning session.'],
    );
    const again = await asPerson('accord.addToAgenda', [id], []);
    assert.deepEqual(
      again.messages.map((m) => m.text),
      ["“Wire the webhook” is on the next planning session's agenda already."],
    );

    // The planning session opens with it, first, and an empty agenda shows nothing.
    const planning = (await vscode.commands.executeCommand<PlanningPanel>('accord.startPlanningSession'))!;
    try {
      await waitFor(() => planning.view().agenda.length === 1, 'the agenda in the planning panel');
      assert.deepEqual(planning.view().agenda, [{ microGoal, title: 'Wire the webhook', owner: 'Kim Lee', reason: planning.view().agenda[0]!.reason }]);
      assert.match(planning.view().agenda[0]!.reason, /^Kim Lee has been blocked for \d+ working days on “Wire the webhook”/);
      // What Commit does once the session has raised it (the planning suite commits for real).
      await (planning as unknown as { services: PlanningServices }).services.agenda!.clear();
      await waitFor(() => planning.view().agenda.length === 0, 'the agenda cleared');
    } finally {
      planning.dispose();
    }
  });

  it('two holders of the agenda (the command and the panel) never lose each other’s adds', async () => {
    const folder = vscode.Uri.file(mkdtempSync(join(tmpdir(), 'accord-agenda-')));
    try {
      const [command, panel] = [new PlanningAgenda(folder), new PlanningAgenda(folder)];
      const at = new Date().toISOString();
      const adds = ['mg-a', 'mg-b', 'mg-c', 'mg-d'].map((microGoal, i) =>
        (i % 2 ? panel : command).add({ microGoal, reason: `Raise ${microGoal}`, addedAt: at }),
      );
      assert.deepEqual(await Promise.all(adds), ['added', 'added', 'added', 'added']);
      assert.deepEqual(
        (await command.items()).map((item) => item.microGoal),
        ['mg-a', 'mg-b', 'mg-c', 'mg-d'],
      );
      // A clear queued by one and an add by the other land in the order they were asked.
      await Promise.all([panel.clear(), command.add({ microGoal: 'mg-e', reason: 'Raise it', addedAt: at })]);
      assert.deepEqual(
        (await panel.items()).map((item) => item.microGoal),
        ['mg-e'],
      );
    } finally {
      rmSync(folder.fsPath, { recursive: true, force: true });
    }
  });

  it('an action on a step that is no longer there says so and writes nothing', async () => {
    const before = readFileSync(myFile(), 'utf8');
    const { messages } = await asPerson('accord.proposePairing', [`${blocked}:mg-nothere`], []);
    assert.match(messages[0]!.text, /no longer needed/);
    assert.equal(readFileSync(myFile(), 'utf8'), before);
  });

  it('the mentor accepts the mentee’s date change; once the covenant names another mentor, my accept is refused with its words', async () => {
    const store = await kim();
    const propose = (due: string) =>
      store.update((edit) =>
        edit.create('renegotiation', 'rn', {
          microGoal,
          proposer: KIM.id,
          change: { due },
          reason: 'The vendor answers next week',
          state: 'proposed',
          at: new Date().toISOString(),
          beforeDue: true,
        }),
      );
    const first = (await propose(addDaysToDay(dayIn(new Date(), 'UTC'), 21)))!;
    await waitFor(() => followUpRows().some((row) => row.item.id === first), 'the proposal in my Follow-ups');
    const row = followUpRows().find((r) => r.item.id === first)!;
    assert.equal(row.item.mine, true);
    assert.match(tooltipOf(row.tree), /Alex Rivera may accept: the covenant says mentor accepts the date changes of mentee \(covenant\.md line 16\)/);
    await asPerson('accord.acceptRenegotiation', [first], [pick('Accept')]);
    await waitFor(() => workspace.state.entities.renegotiation.get(first)?.state === 'accepted', 'the mentor’s acceptance');
    assert.equal(workspace.state.entities.microGoal.get(microGoal)?.due, addDaysToDay(dayIn(new Date(), 'UTC'), 21));

    await writeCovenant(PARTNER.id, KIM.id);
    const second = (await propose(addDaysToDay(dayIn(new Date(), 'UTC'), 28)))!;
    await waitFor(() => workspace.state.entities.renegotiation.has(second), 'the second proposal read');
    assert.ok(!followUpRows().some((r) => r.item.id === second && r.item.mine), 'not waiting for me: the covenant gives it to Sam');
    const before = readFileSync(myFile(), 'utf8');
    const refusal =
      'This one is not yours to answer. Sam Okafor may accept: the covenant says mentor accepts the date changes of mentee (covenant.md line 16).';
    const accept = await asPerson('accord.acceptRenegotiation', [second], []);
    assert.deepEqual(
      accept.messages.map((m) => m.text),
      [refusal],
    );
    const counter = await asPerson('accord.counterRenegotiation', [second], []);
    assert.deepEqual(
      counter.messages.map((m) => m.text),
      [refusal],
    );
    assert.equal(readFileSync(myFile(), 'utf8'), before, 'nothing written');
    assert.equal(workspace.state.entities.renegotiation.get(second)?.state, 'proposed');
  });
  it('my own date change, as the mentee, says who may accept it, and waits for them', async () => {
    await writeCovenant(PARTNER.id, ME.id);
    const mine = [...workspace.state.entities.microGoal.values()].find((m) => m.owner === ME.id && !m.done);
    assert.ok(mine, 'the fixture gives me an open micro-goal');
    type Window = { -readonly [K in keyof typeof vscode.window]: (typeof vscode.window)[K] };
    const window = vscode.window as Window;
    const script = answerPrompts(['Due date', '2030-04-22', 'The vendor answers next week']);
    const scriptedPick = window.showQuickPick;
    const original = { setStatusBarMessage: window.setStatusBarMessage };
    const said: string[] = [];
    // The parts to change are a multi-select: the scripted answer as a one-item selection.
    window.showQuickPick = (async (items: never, options?: vscode.QuickPickOptions) => {
      const result: unknown = await scriptedPick(items, options);
      return options?.canPickMany && result && !Array.isArray(result) ? [result] : result;
    }) as unknown as typeof window.showQuickPick;
    window.setStatusBarMessage = ((text: string) => {
      said.push(text);
      return { dispose: () => undefined };
    }) as typeof window.setStatusBarMessage;
    try {
      await vscode.commands.executeCommand('accord.renegotiate', mine.id);
    } finally {
      window.showQuickPick = scriptedPick;
      Object.assign(window, original);
      script.restore();
    }
    const words = 'Sam Okafor may accept: the covenant says mentor accepts the date changes of mentee (covenant.md line 16)';
    assert.deepEqual(said, [`$(comment-discussion) Proposed: ${words}`]);
    const proposal = [...workspace.state.entities.renegotiation.values()].find(
      (r) => r.microGoal === mine.id && r.proposer === ME.id && r.state === 'proposed',
    );
    assert.ok(proposal, 'the proposal is read');
    await waitFor(() => followUpRows().some((row) => row.item.id === proposal.id), 'my proposal in Follow-ups');
    const row = followUpRows().find((r) => r.item.id === proposal.id)!;
    assert.equal(row.item.mine, false, 'due back to me from Sam');
    assert.ok(tooltipOf(row.tree).includes(words), tooltipOf(row.tree));
  });
});
