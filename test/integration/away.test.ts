import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { addDaysToDay, awayWords, dayIn, type Entity, isAwayOn, memberEntityId, timeZoneOf } from '../../src/core';
import { accordExtension, accordWorkspace, answerPrompts, ME, readMemberFile, waitFor } from './helpers';

type Window = { -readonly [K in keyof typeof vscode.window]: (typeof vscode.window)[K] };

/** What the fake input box showed for one step: its prompt after typing, and any blocking message. */
interface Typed {
  title?: string;
  prompt?: string;
  step?: number;
  totalSteps?: number;
  error?: string;
}

/**
 * Types each of `answers` into the multi-step input boxes (createInputBox) of a command as a
 * person would, pressing Enter after each. An answer the box refuses (an error message) is
 * recorded and the box is then closed with Escape, as a person who gave up would.
 */
async function typeInto<T>(answers: string[], action: () => Thenable<T>): Promise<{ result: T; typed: Typed[] }> {
  const window = vscode.window as Window;
  const original = window.createInputBox;
  const typed: Typed[] = [];
  const queue = [...answers];
  window.createInputBox = (() => {
    const changeValue = new vscode.EventEmitter<string>();
    const accept = new vscode.EventEmitter<void>();
    const hide = new vscode.EventEmitter<void>();
    const button = new vscode.EventEmitter<vscode.QuickInputButton>();
    const box = {
      value: '',
      title: undefined as string | undefined,
      prompt: undefined as string | undefined,
      placeholder: undefined as string | undefined,
      step: undefined as number | undefined,
      totalSteps: undefined as number | undefined,
      validationMessage: undefined as string | vscode.InputBoxValidationMessage | undefined,
      buttons: [] as readonly vscode.QuickInputButton[],
      ignoreFocusOut: false,
      onDidChangeValue: changeValue.event,
      onDidAccept: accept.event,
      onDidHide: hide.event,
      onDidTriggerButton: button.event,
      show: () =>
        setTimeout(() => {
          const answer = queue.shift();
          if (answer === undefined) return hide.fire();
          box.value = answer;
          changeValue.fire(answer);
          const message = box.validationMessage;
          const error = typeof message === 'string' ? message : message?.severity === vscode.InputBoxValidationSeverity.Error ? message.message : undefined;
          typed.push({ title: box.title, prompt: box.prompt, step: box.step, totalSteps: box.totalSteps, ...(error ? { error } : {}) });
          if (error) hide.fire();
          else accept.fire();
        }, 0),
      hide: () => hide.fire(),
      dispose: () => undefined,
    };
    return box as unknown as vscode.InputBox;
  }) as typeof window.createInputBox;
  try {
    return { result: await action(), typed };
  } finally {
    window.createInputBox = original;
  }
}

function myAways(): Entity<'away'>[] {
  return [...accordExtension().exports.workspace!.state.entities.away.values()].filter((a) => a.member === ME.id);
}

describe('Away days: Set Away, I’m Back, Skip Today and the Partners row (issue 18)', () => {
  let today: string;
  before(async () => {
    const workspace = await accordWorkspace();
    today = dayIn(new Date(), timeZoneOf(workspace.state, ME.id));
  });
  // Leave no away period of mine holding today or later: the suites after this one read today.
  after(async () => {
    const workspace = await accordWorkspace();
    const left = myAways().filter((a) => a.to >= today);
    if (left.length) await workspace.write((edit) => left.forEach((a) => edit.delete(a.id, 'away')));
  });

  it('Set Away refuses a range it cannot read or one that is over, in the box, and writes nothing', async () => {
    const before = myAways().length;
    const { result, typed } = await typeInto(['next blue moon'], () => vscode.commands.executeCommand('accord.setAway'));
    assert.equal(result, undefined);
    assert.match(typed[0]!.error ?? '', /is not a day Accord reads: try today/);
    const past = await typeInto([`${addDaysToDay(today, -9)}..${addDaysToDay(today, -2)}`], () => vscode.commands.executeCommand('accord.setAway'));
    assert.match(past.typed[0]!.error ?? '', /over already/);
    assert.equal(myAways().length, before);
  });

  it('Set Away writes the period and its note in my file; the Partners row says "away until …" with the note in the tooltip', async () => {
    const workspace = await accordWorkspace();
    const { result, typed } = await typeInto(['+3d', 'Back Thursday; Sam has my reviews'], () => vscode.commands.executeCommand<string>('accord.setAway'));
    assert.ok(result, 'an away period was written');
    assert.deepEqual(
      typed.map((t) => [t.step, t.totalSteps]),
      [
        [1, 2],
        [2, 2],
      ],
    );
    assert.match(typed[0]!.prompt ?? '', /Away .*\(3 days\)\./, 'what the range means is said as it is typed');
    const written = readMemberFile(ME.id).entities[result!];
    assert.equal(written?.kind, 'away');
    assert.deepEqual(
      { from: written?.fields.from, to: written?.fields.to, note: written?.fields.note },
      { from: today, to: addDaysToDay(today, 2), note: 'Back Thursday; Sam has my reviews' },
    );
    assert.ok(isAwayOn(workspace.state, ME.id, today));

    const partners = accordExtension().exports.daily.partners;
    const row = partners.getChildren().find((p) => p.member === ME.id)!;
    const item = partners.getTreeItem(row);
    const words = awayWords(workspace.state, ME.id, today)!;
    assert.match(words, /^away until /);
    assert.ok(String(item.description).startsWith(`${words} · `), `the row begins with "${words}": ${String(item.description)}`);
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'coffee');
    // MarkdownString.appendText writes spaces as &nbsp;.
    assert.match((item.tooltip as vscode.MarkdownString).value.replace(/&nbsp;/g, ' '), /Away until .*: “Back Thursday; Sam has my reviews”/);
    assert.match(item.accessibilityInformation?.label ?? '', /Away until .*Back Thursday; Sam has my reviews/);
  });

  it('the status bar says I am away and does not nudge', async () => {
    const statusBar = accordExtension().exports.daily.services!.statusBar;
    statusBar.update();
    assert.match(statusBar.text, /\$\(coffee\) Away until /);
    assert.doesNotMatch(statusBar.text, /Check-in time/);
  });

  it("I'm Back removes a period that starts today, so today is a working day again and the row no longer says away", async () => {
    const workspace = await accordWorkspace();
    const changed = await vscode.commands.executeCommand<number>('accord.imBack');
    assert.equal(changed, 1);
    assert.equal(isAwayOn(workspace.state, ME.id, today), false);
    assert.ok(myAways().every((a) => a.to < today || a.from > today));
    const partners = accordExtension().exports.daily.partners;
    const item = partners.getTreeItem(partners.getChildren().find((p) => p.member === ME.id)!);
    assert.doesNotMatch(String(item.description), /away/);
    // Said once more, it has nothing to end and says so.
    const window = vscode.window as Window;
    const original = window.showInformationMessage;
    const said: string[] = [];
    window.showInformationMessage = (async (message: string) => void said.push(message)) as typeof window.showInformationMessage;
    try {
      assert.equal(await vscode.commands.executeCommand<number>('accord.imBack'), 0);
    } finally {
      window.showInformationMessage = original;
    }
    assert.deepEqual(said, ['You are not away today: nothing to end.']);
  });

  it('Skip Today, "Not working today": an away day for today only, in my file', async () => {
    const script = answerPrompts([(p) => p.items!.find((i) => i.includes('Not working today'))]);
    try {
      assert.equal(await vscode.commands.executeCommand('accord.skipToday'), 'notWorking');
    } finally {
      script.restore();
    }
    assert.equal(script.prompts[0]?.title, 'Accord: Skip Today');
    const period = myAways().find((a) => a.from === today);
    assert.deepEqual({ from: period?.from, to: period?.to }, { from: today, to: today });
    assert.ok(isAwayOn((await accordWorkspace()).state, ME.id, today));
    await vscode.commands.executeCommand('accord.imBack');
  });

  it('Skip Today, "Working, just no check-in": nothing written, today remembered on this computer', async () => {
    const before = JSON.stringify(readMemberFile(ME.id));
    const script = answerPrompts([(p) => p.items!.find((i) => i.includes('Working, just no check-in'))]);
    try {
      assert.equal(await vscode.commands.executeCommand('accord.skipToday'), 'working');
    } finally {
      script.restore();
    }
    assert.equal(JSON.stringify(readMemberFile(ME.id)), before, 'my file is unchanged: it is simply no check-in');
    assert.equal(accordExtension().exports.daily.services!.nudges.skippedDay, today);
  });

  it('Set Working Hours refuses hours it cannot read or that end before they start, and writes mine in my profile', async () => {
    const profile = () => readMemberFile(ME.id).entities[memberEntityId(ME.id)]?.fields as { workingHours?: { start: string; end: string } } | undefined;
    // The fixture's profile has no working hours (the default); the suites after this one compare it whole.
    const workspace = await accordWorkspace();
    const myFile = workspace.store.fileOf(ME.id);
    const asItWas = readFileSync(myFile);
    for (const bad of ['nine to five', '17:30-09:00', '25:00-26:00']) {
      const { result, typed } = await typeInto([bad], () => vscode.commands.executeCommand('accord.setWorkingHours'));
      assert.equal(result, undefined, bad);
      assert.ok(typed[0]?.error, `${bad}: refused in the box`);
    }
    const { result, typed } = await typeInto(['8-16'], () => vscode.commands.executeCommand('accord.setWorkingHours'));
    assert.deepEqual(result, { start: '08:00', end: '16:00' });
    assert.match(typed[0]?.prompt ?? '', /From 08:00 to 16:00\./, 'the box says what it read');
    assert.deepEqual(profile()?.workingHours, { start: '08:00', end: '16:00' });
    // My file back as it was (as a checkout would put it), and the store has read it again.
    writeFileSync(myFile, asItWas);
    await waitFor(() => workspace.state.entities.member.get(memberEntityId(ME.id))?.workingHours === undefined, 'my profile read again without working hours');
  });
});
