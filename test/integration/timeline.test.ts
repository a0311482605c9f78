/**
 * The partnership's check-ins, seen and answered (issue 16), in a real VS Code: Sam's blocked
 * check-in arrives in his file (as a pull or his own window would write it), tops my
 * Follow-ups and the Timeline, whose badge counts it; my answers go in my own file only, and
 * Sam's Accord shows them to him; the block leaves with his next check-in.
 */
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { followUpsFor, lastCheckInOf, type TeamState } from '../../src/core';
import { AccordStore } from '../../src/store';
import { accordExtension, accordWorkspace, folderPath, ME, PARTNER, readMemberFile, runWithAnswers, snapshotPeople, waitFor } from './helpers';

/** Sam's own Accord: a store of the same folder with Sam as "me". */
async function sam(): Promise<AccordStore> {
  const store = new AccordStore({ root: folderPath(), me: PARTNER.id });
  await store.loadAll();
  return store;
}

/** Now, or a minute after `member`'s latest check-in when an earlier suite dated one at a moment to come: the new one is the latest. */
function nextCheckInTime(state: TeamState, member: string): string {
  const last = lastCheckInOf(state, member)?.getTime() ?? 0;
  return new Date(Math.max(Date.now(), last + 60_000)).toISOString();
}

async function samChecksIn(fields: { status: 'on-track' | 'blocked'; note?: string; next?: string }): Promise<string> {
  const store = await sam();
  const at = nextCheckInTime(store.state, PARTNER.id);
  const id = await store.update((edit) => edit.create('checkIn', 'ci', { member: PARTNER.id, at, microGoals: [], ...fields }));
  return id!;
}

function daily() {
  return accordExtension().exports.daily;
}

describe('The timeline and answers to check-ins', function () {
  this.timeout(60_000);
  let blocked: string;

  before(async () => {
    await accordWorkspace();
  });

  it("puts a partner's blocked check-in at the top of my Follow-ups and in the Timeline as news, counted on its badge", async () => {
    blocked = await samChecksIn({ status: 'blocked', note: 'waiting for the API keys' });
    await waitFor(() => daily().followUps.items()[0]?.id === blocked, 'the block at the top of Follow-ups', 15_000);
    const first = daily().followUps.items()[0]!;
    assert.equal(first.kind, 'blocked');
    assert.match(first.label, /Sam Okafor is blocked: “waiting for the API keys”/);
    const timeline = daily().timeline;
    await timeline.setWindow('week');
    const entry = timeline.page()!.entries.find((e) => e.entity === blocked);
    assert.ok(entry, 'the check-in is in the Timeline');
    assert.equal(entry.unread, true);
    assert.ok(timeline.unread >= 1);
    await waitFor(() => (daily().timelineView.badge?.value ?? 0) >= 1, 'the badge to count it');
  });

  it('Open Check-in shows its author in the Timeline and selects the row', async () => {
    await vscode.commands.executeCommand('accord.openCheckIn', blocked);
    const view = daily().timelineView;
    await waitFor(() => view.selection[0]?.type === 'entry' && view.selection[0].entry.entity === blocked, 'the row selected');
    assert.equal(daily().timeline.member, PARTNER.id);
    await daily().timeline.setMember(undefined);
    await daily().timeline.setWindow('week');
  });

  it("Offer Help writes my answer in my own file, never in Sam's, and Sam's Accord shows it to him", async () => {
    const before = snapshotPeople();
    await runWithAnswers('accord.offerHelp', ['I have the keys: shall I send them?', 'tomorrow 14:00'], blocked);
    const mine = Object.entries(readMemberFile(ME.id).entities).find(([, e]) => e.kind === 'response' && e.fields.to === blocked);
    assert.ok(mine, 'the answer is in my file');
    assert.equal(mine[1].fields.kind, 'help');
    assert.equal(mine[1].fields.by, ME.id);
    assert.match(String(mine[1].fields.pairAt), /^\d{4}-\d{2}-\d{2}T/);
    const after = snapshotPeople();
    const samFile = [...after.keys()].find((f) => f.startsWith(PARTNER.id))!;
    assert.equal(after.get(samFile), before.get(samFile), "Sam's file is untouched");
    const samState = (await sam()).state;
    const his = followUpsFor(samState, PARTNER.id, new Date()).filter((f) => f.kind === 'response');
    assert.ok(
      his.some((f) => /Alex Rivera offered you help/.test(f.label)),
      his.map((f) => f.label).join('\n'),
    );
  });

  it('a reaction is an answer too, and the Timeline shows the answers on the check-in', async () => {
    await runWithAnswers('accord.acknowledgeCheckIn', ['$(thumbsup) Thumbs up'], blocked);
    const timeline = daily().timeline;
    await waitFor(() => (timeline.page()?.entries.find((e) => e.entity === blocked)?.responses.length ?? 0) === 2, 'both answers on the check-in');
  });

  it('Mark Timeline Read clears the badge, until something new arrives; a check-in dated years ahead hides nothing', async () => {
    // A wrong clock (or a hand-written file) dates one of Sam's check-ins in 2040.
    const store = await sam();
    await store.update((edit) => edit.create('checkIn', 'ci', { member: PARTNER.id, at: '2040-01-01T09:00:00.000Z', microGoals: [], status: 'on-track' }));
    await waitFor(() => (daily().timeline.page()?.entries[0]?.at ?? '').startsWith('2040'), 'the far-future check-in listed');
    await vscode.commands.executeCommand('accord.markTimelineRead');
    await waitFor(() => daily().timeline.unread === 0 && daily().timelineView.badge === undefined, 'no unread left');
    const today = await store.update((edit) =>
      edit.create('checkIn', 'ci', { member: PARTNER.id, at: new Date().toISOString(), microGoals: [], status: 'on-track', note: 'keys arrived' }),
    );
    await waitFor(
      () =>
        daily()
          .timeline.page()
          ?.entries.find((e) => e.entity === today)?.unread === true,
      "today's check-in unread all the same",
    );
    await waitFor(() => (daily().timelineView.badge?.value ?? 0) >= 1, 'the badge to count it');
  });

  it("the block leaves my Follow-ups with Sam's next check-in, which is not blocked", async () => {
    await waitFor(
      () =>
        !daily()
          .followUps.items()
          .some((f) => f.kind === 'blocked'),
      'the block gone',
      15_000,
    );
  });

  it('the status bar tooltip shows my own last check-in and next step', async () => {
    const workspace = await accordWorkspace();
    const at = nextCheckInTime(workspace.state, ME.id);
    await workspace.write((edit) => edit.create('checkIn', 'ci', { member: ME.id, at, microGoals: [], status: 'on-track', next: 'review the parser PR' }));
    const statusBar = daily().services!.statusBar;
    await waitFor(() => /Your next step: review the parser PR/.test(String(statusBar.item.tooltip)), 'my next step in the tooltip');
  });

  it('names a blocked partner once, at the next check-in moment, and not at the one after', async () => {
    await samChecksIn({ status: 'blocked', note: 'the build server is down' });
    await waitFor(() => daily().followUps.items()[0]?.kind === 'blocked', 'the block in Follow-ups', 15_000);
    const statusBar = daily().services!.statusBar;
    // Monday 2035-01-08 in Berlin, a minute after the team's 09:30 and then its 16:30: later than any check-in so far.
    const moments = [new Date('2035-01-08T08:31:00Z'), new Date('2035-01-08T15:31:00Z')];
    try {
      statusBar.clock = () => moments[0]!;
      statusBar.update();
      assert.match(statusBar.text, /Check-in time.*Sam Okafor is blocked/);
      assert.match(String(statusBar.item.tooltip), /Sam Okafor is blocked: the build server is down\. Follow-ups has Offer Help\./);
      statusBar.clock = () => moments[1]!;
      statusBar.update();
      assert.match(statusBar.text, /Check-in time/);
      assert.doesNotMatch(statusBar.text, /blocked/, 'said once, never again');
    } finally {
      statusBar.clock = () => new Date();
      await samChecksIn({ status: 'on-track' });
    }
  });
});
