/** The covenant, the calendar export and the walkthrough, in the real extension host. */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import * as vscode from 'vscode';
import { dayIn } from '../../src/core';
import { displayName } from '../../src/core';
import { covenantAckId, covenantHash, covenantStatus } from '../../src/core/covenant';
import { relationshipFollowUps } from '../../src/core/relationshipFollowUps';
import { offerStarterCovenant } from '../../src/relationship/covenant';
import { CovenantFile } from '../../src/relationship/covenantFile';
import type { AccordWorkspace } from '../../src/workspace/accordWorkspace';
import { accordExtension, accordWorkspace, ME, PARTNER } from './helpers';
import { asPerson, folder, readPerson, scriptPerson } from './relationshipUi.test';

const today = () => dayIn(new Date(), 'Europe/Berlin');
const covenantPath = () => join(folder(), '.accord', 'covenant.md');
const acknowledge = (m: { items: string[] }) => (m.items.includes('Acknowledge') ? 'Acknowledge' : undefined);

function diffTabs(): vscode.TabInputTextDiff[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs.map((t) => t.input))
    .filter((input): input is vscode.TabInputTextDiff => input instanceof vscode.TabInputTextDiff);
}

describe('Relationship: covenant, calendar and walkthrough', () => {
  let workspace: AccordWorkspace;

  before(async () => {
    workspace = await accordWorkspace();
    if (existsSync(covenantPath())) rmSync(covenantPath());
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Open Covenant writes a warm starter naming both partners, and opens it', async () => {
    const { result, messages } = await asPerson<string>('accord.openCovenant', [], []);
    assert.equal(result, covenantPath());
    const text = readFileSync(covenantPath(), 'utf8');
    for (const heading of ['## Expected behaviours', '## Decision rights', '## Escalation path', '## Success metrics'])
      assert.ok(text.includes(heading), heading);
    const names = [displayName(workspace.state, ME.id), 'Sam Okafor'].sort(); // another suite may rename Alex
    assert.ok(text.includes(`This is how ${names[0]} and ${names[1]} agree to work together.`), 'names both partners');
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, covenantPath());
    assert.match(messages[0]!.text, /starter covenant to make your own/);
  });

  it('offerStarterCovenant (end of Set Up) stays quiet when there is a covenant', async () => {
    const person = scriptPerson([]);
    let offered: boolean;
    try {
      offered = await offerStarterCovenant(workspace);
    } finally {
      person.restore();
    }
    assert.equal(offered, false);
    assert.deepEqual(person.messages, []);
  });

  it('Acknowledge Covenant records the sha-256 of this version in my own file', async () => {
    const { result } = await asPerson<string>('accord.acknowledgeCovenant', [], [], acknowledge);
    const hash = covenantHash(readFileSync(covenantPath(), 'utf8'));
    assert.equal(result, hash);
    const ack = readPerson(ME.id).entities[covenantAckId(ME.id)]!;
    assert.equal(ack.kind, 'covenantAck');
    assert.equal(ack.fields.member, ME.id);
    assert.equal(ack.fields.hash, hash);
    const accordFiles = readdirSync(join(folder(), '.accord'), { recursive: true }).map(String);
    assert.deepEqual(
      accordFiles.filter((name) => name.endsWith('.md')),
      ['covenant.md'],
      'the acknowledged copy is kept outside the repository',
    );
    assert.equal(relationshipFollowUps(workspace.state, ME.id, today(), hash).filter((f) => f.kind === 'covenant').length, 0);
    assert.deepEqual(
      covenantStatus(workspace.state, hash).map((s) => [s.member, s.status]),
      [
        [ME.id, 'current'],
        [PARTNER.id, 'never'],
      ],
    );

    const again = await asPerson<string>('accord.acknowledgeCovenant', [], [], acknowledge);
    assert.equal(again.result, hash);
    assert.equal(again.messages[0]!.text, 'You have already acknowledged this version of the covenant.');
  });

  it('when the covenant changes, nudges me and shows the diff since my acknowledgment before I acknowledge again', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const before = readFileSync(covenantPath(), 'utf8');
    const oldHash = covenantHash(before);
    const changed = before.replace('## Decision rights\n', '## Decision rights\n\n- We pair for an hour every Wednesday.\n');
    writeFileSync(covenantPath(), changed);
    const newHash = covenantHash(changed);

    const covenant = new CovenantFile(workspace);
    await covenant.ready;
    assert.equal(covenant.hash, newHash, 'CovenantFile follows the file');
    covenant.dispose();
    const nudge = relationshipFollowUps(workspace.state, ME.id, today(), newHash).find((f) => f.kind === 'covenant');
    assert.equal(nudge?.label, 'The covenant changed since you acknowledged it');
    assert.equal(covenantStatus(workspace.state, newHash)[0]!.status, 'older');

    let diff: vscode.TabInputTextDiff | undefined;
    const { result, messages } = await asPerson<string>('accord.acknowledgeCovenant', [nudge!.id], [], (m) => {
      diff = diffTabs()[0];
      return acknowledge(m);
    });
    assert.match(messages[0]!.text, /changed since you acknowledged it on \d{4}-\d{2}-\d{2}: the changes are open beside this/);
    assert.ok(diff, 'a diff editor was open while the question was asked');
    assert.equal(diff.original.scheme, 'accord-covenant');
    assert.equal(diff.modified.fsPath, covenantPath());
    assert.equal((await vscode.workspace.openTextDocument(diff.original)).getText(), before, 'the left side is the acknowledged version');
    assert.equal(result, newHash);
    assert.equal(readPerson(ME.id).entities[covenantAckId(ME.id)]!.fields.hash, newHash);
    assert.notEqual(oldHash, newHash);
    assert.equal(relationshipFollowUps(workspace.state, ME.id, today(), newHash).filter((f) => f.kind === 'covenant').length, 0);
  });

  it('Export Calendar writes an .ics file that an independent parser reads back', async () => {
    const target = vscode.Uri.file(join(tmpdir(), `accord-calendar-${process.pid}-${Date.now()}.ics`));
    try {
      const { result, messages } = await asPerson<string>('accord.exportCalendar', [], [], () => undefined, target);
      assert.equal(result, target.fsPath);
      const text = readFileSync(target.fsPath, 'utf8');
      assert.ok(text.includes('\r\n') && !/[^\r]\n/.test(text), 'CRLF line endings');
      const calendar = new ICAL.Component(ICAL.parse(text));
      const events = new Map(calendar.getAllSubcomponents('vevent').map((e) => [String(e.getFirstPropertyValue('uid')), e]));
      // UIDs are `<what>-<entity id>.<team key>@accord`, the key from the repository's first commit (or this machine's own).
      const keys = new Set([...events.keys()].map((uid) => /\.([0-9a-f]{16,64})@accord$/.exec(uid)?.[1]));
      assert.equal(keys.size, 1, `one team key in every UID: ${[...events.keys()].join(', ')}`);
      const uid = (what: string) => `${what}.${[...keys][0]}@accord`;
      const due = events.get(uid('due-mg-fkt1c6twy8w7'));
      assert.ok(due, 'Alex’s open micro-goal with a due date is in the calendar');
      assert.equal(due.getFirstPropertyValue('summary'), `Review the parser PR (${displayName(workspace.state, ME.id)})`);
      assert.equal(
        String(due.getFirstPropertyValue('dtstart')),
        workspace.state.entities.microGoal.get('mg-fkt1c6twy8w7')!.due,
        'on its due date (another suite may have renegotiated it)',
      );
      const checkIn = events.get(uid('checkin-0930'));
      assert.ok(checkIn, 'the check-in rhythm is in the calendar');
      assert.equal(String(checkIn.getFirstPropertyValue('rrule')), 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR');
      assert.ok(!events.has(uid('due-mg-v88t3asl0t19')), 'done micro-goals are not');
      assert.match(messages[0]!.text, new RegExp(`^Calendar saved with ${events.size} entries`));
    } finally {
      rmSync(target.fsPath, { force: true });
    }
  });

  it('contributes a walkthrough whose steps exist and complete on Accord commands', async () => {
    const extension = accordExtension();
    const walkthroughs = (
      extension.packageJSON as {
        contributes: { walkthroughs: Array<{ steps: Array<{ id: string; media: { markdown: string }; completionEvents: string[] }> }> };
      }
    ).contributes.walkthroughs;
    const steps = walkthroughs[0]!.steps;
    assert.deepEqual(
      steps.map((s) => s.id),
      ['setUp', 'covenant', 'planning', 'checkIn', 'feedback', 'practice'],
    );
    const commands = new Set(await vscode.commands.getCommands(true));
    for (const step of steps) {
      assert.ok(existsSync(join(extension.extensionPath, step.media.markdown)), step.media.markdown);
      for (const event of step.completionEvents.filter((e) => e.startsWith('onCommand:'))) assert.ok(commands.has(event.slice('onCommand:'.length)), event);
    }
  });
});
