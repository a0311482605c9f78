/**
 * When the disk refuses a write (issue 9 §6): the message names the real file and the fix, the
 * edit the person made is kept (in memory, listed by Show Data Problems), and Try Again saves
 * that very edit, once. Also the notice while a write waits for another window's lock (§2).
 *
 * The tests run as root, where chmod cannot cause EACCES and no read-only or full disk can be
 * mounted, so the failure is injected through the store's documented seam `beforeWrite`: the
 * error then takes the same path as one from the disk.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { memberEntityId } from '../../src/core';
import { safeText } from '../../src/core';
import { AccordWorkspace, LOCK_WAIT_MESSAGE } from '../../src/workspace/accordWorkspace';
import { accordWorkspace, folderPath, ME, peopleDir, readMemberFile, runWithAnswers, snapshotPeople, waitFor } from './helpers';

type Window = { -readonly [K in keyof typeof vscode.window]: (typeof vscode.window)[K] };

/** A notification Accord showed, with the buttons it offered; `choose` clicks one (or closes it). */
interface Shown {
  kind: 'error' | 'warning' | 'information';
  message: string;
  items: string[];
  choose(item: string | undefined): void;
}

/** Records Accord's notifications and status bar messages instead of showing them, until `restore()`. */
function recordMessages() {
  const window = vscode.window as Window;
  const original = {
    showErrorMessage: window.showErrorMessage,
    showWarningMessage: window.showWarningMessage,
    showInformationMessage: window.showInformationMessage,
    setStatusBarMessage: window.setStatusBarMessage,
  };
  const shown: Shown[] = [];
  const statusBar: { text: string; disposed: boolean }[] = [];
  const recorder = (kind: Shown['kind']) =>
    ((message: string, ...rest: unknown[]) =>
      new Promise<string | undefined>((resolve) => {
        shown.push({ kind, message, items: rest.filter((item): item is string => typeof item === 'string'), choose: resolve });
      })) as never;
  window.showErrorMessage = recorder('error');
  window.showWarningMessage = recorder('warning');
  window.showInformationMessage = recorder('information');
  window.setStatusBarMessage = ((text: string) => {
    const entry = { text, disposed: false };
    statusBar.push(entry);
    return new vscode.Disposable(() => (entry.disposed = true));
  }) as typeof window.setStatusBarMessage;
  return {
    shown,
    statusBar,
    /** The one notification offering `item`; fails when there is none or more than one. */
    offering(item: string): Shown {
      const matching = shown.filter((s) => s.items.includes(item));
      assert.equal(matching.length, 1, `expected one notification offering "${item}", got: ${JSON.stringify(shown.map((s) => [s.message, s.items]))}`);
      return matching[0]!;
    },
    restore() {
      Object.assign(window, original);
      // Close whatever is still open, so nothing waits on a button no one will press.
      for (const s of shown) s.choose(undefined);
    },
  };
}

const MY_FILE = `.accord/people/${ME.id}.json`;

/** Makes every write of a file whose path ends with `suffix` fail with errno `code`, as the disk would. */
function refuseWrites(workspace: AccordWorkspace, suffix: string, code: string): void {
  workspace.store.beforeWrite = (path) => {
    if (path.replaceAll('\\', '/').endsWith(suffix)) throw Object.assign(new Error(`${code}: refused by the test's disk`), { code });
  };
}

/** My goals with this title in my file on disk. */
function goalsTitled(title: string) {
  return Object.values(readMemberFile(ME.id).entities).filter((e) => e.kind === 'goal' && e.fields.title === title);
}

/** Add Goal as a person types it: title, yardstick, why, no due date. */
async function addGoal(title: string): Promise<string | undefined> {
  const { result } = await runWithAnswers<string>('accord.addGoal', [title, '3 reviews', 'So nothing typed is lost.', '']);
  return result;
}

/** The labels Show Data Problems offers (the pick is closed with Escape). */
async function dataProblemsOffered(): Promise<string[]> {
  const { prompts } = await runWithAnswers('accord.showDataProblems', [undefined]);
  return prompts[0]?.items ?? [];
}

describe('Write failures: the file, the fix, and the edit kept', () => {
  let workspace: AccordWorkspace;
  let messages: ReturnType<typeof recordMessages>;

  before(async () => {
    workspace = await accordWorkspace();
  });

  beforeEach(() => {
    messages = recordMessages();
  });

  afterEach(() => {
    workspace.store.beforeWrite = undefined;
    messages.restore();
    workspace.discardUnsaved();
  });

  after(async () => {
    // Later suites expect the fixture's capacity.
    await workspace.write((edit) => edit.set(memberEntityId(ME.id), 'member', { capacityHours: 10 }));
  });

  const cases = [
    { code: 'EACCES', reason: /you do not have permission to write in \.accord\/people\./, fix: /Give your user account write permission to \.accord\/people/ },
    { code: 'EROFS', reason: /the disk that holds it is read-only\./, fix: /Open the workspace from a writable disk/ },
    { code: 'ENOSPC', reason: /the disk is full\./, fix: /Free some disk space, then try again\./ },
    { code: 'ELOCKED', reason: /another Accord window .* kept it busy/, fix: /Close other VS Code windows of this folder and try again/ },
  ];
  for (const { code, reason, fix } of cases) {
    it(`${code}: names my file and the fix, keeps the goal I typed, and Try Again saves that very goal once`, async () => {
      const title = `Keep the edit through ${code}`;
      const before = snapshotPeople();
      refuseWrites(workspace, `/${ME.id}.json`, code);

      assert.equal(await addGoal(title), undefined, 'nothing was written, so Add Goal returns nothing');
      const told = messages.offering('Try Again');
      assert.equal(told.kind, 'error');
      assert.ok(told.message.startsWith(`Accord could not save to ${MY_FILE}: `), `it names my file first: "${told.message}"`);
      assert.match(told.message, reason);
      assert.match(told.message, fix);
      assert.match(told.message, /Your change is kept until then\./);
      assert.deepEqual(told.items, ['Try Again']);

      // Nothing lost, nothing half-written: the files are as they were (no temp file left), the edit is kept.
      assert.deepEqual(snapshotPeople(), before);
      assert.ok(![...workspace.state.entities.goal.values()].some((g) => g.title === title), 'the view does not show a goal that is not on disk');
      assert.equal(workspace.unsavedChanges.length, 1);
      assert.equal((workspace.unsavedChanges[0]!.problem as { code?: string }).code, code);
      assert.ok((await dataProblemsOffered()).includes('$(sync) 1 change not saved yet — Try Again'), 'Show Data Problems lists the kept edit');

      // The disk is writable again; the person presses Try Again.
      workspace.store.beforeWrite = undefined;
      told.choose('Try Again');
      await waitFor(() => workspace.unsavedChanges.length === 0, 'the kept goal to be saved');
      const saved = goalsTitled(title);
      assert.equal(saved.length, 1, 'saved once');
      const { createdAt: _createdAt, ...fields } = saved[0]!.fields;
      assert.deepEqual(fields, { title, owner: ME.id, yardstick: { target: 3, unit: 'reviews' }, why: 'So nothing typed is lost.', state: 'active' });
      assert.ok(messages.statusBar.some((m) => m.text === '$(pass) Saved 1 change that could not be saved before'));

      // Pressing Try Again again (or from Show Data Problems) writes nothing more.
      assert.equal(await workspace.saveUnsaved(), true);
      assert.equal(goalsTitled(title).length, 1, 'never written twice');
      assert.ok(!(await dataProblemsOffered()).some((label) => label.includes('not saved yet')), 'nothing is listed as unsaved any more');
    });
  }

  it('a refused .accord/.gitignore is named (not my file), and Try Again repairs it and saves the check-in', async () => {
    const gitignore = join(folderPath(), '.accord', '.gitignore');
    const ours = '# the team\nnotes/\n';
    writeFileSync(gitignore, ours);
    const before = snapshotPeople();
    refuseWrites(workspace, '/.accord/.gitignore', 'ENOSPC');
    const note = 'Paired on the parser while the disk filled up';

    await runWithAnswers('accord.quickCheckIn', [note]);
    const told = messages.offering('Try Again');
    assert.ok(told.message.startsWith('Accord could not save to .accord/.gitignore: the disk is full. Free some disk space, then try again.'), told.message);
    assert.ok(!told.message.includes(MY_FILE), 'my file was not the one refused');
    assert.equal(readFileSync(gitignore, 'utf8'), ours, '.gitignore is never left empty or half-written');
    assert.deepEqual(snapshotPeople(), before);

    workspace.store.beforeWrite = undefined;
    told.choose('Try Again');
    await waitFor(() => workspace.unsavedChanges.length === 0, 'the kept check-in to be saved');
    const checkIns = Object.values(readMemberFile(ME.id).entities).filter((e) => e.kind === 'checkIn' && e.fields.note === note);
    assert.equal(checkIns.length, 1);
    const repaired = readFileSync(gitignore, 'utf8');
    assert.ok(repaired.startsWith(ours), "the team's own lines are kept");
    assert.match(repaired, /^people\/\*\.json\.\*$/m);
    assert.match(repaired, /^people\/\*\.lock$/m);
  });

  it('my own file unreadable: it is not overwritten, the edit waits, and Try Again saves it once the file is fixed', async () => {
    const path = join(peopleDir(), `${ME.id}.json`);
    const good = readFileSync(path);
    const broken = good.subarray(0, 40);
    writeFileSync(path, broken);
    const title = 'Keep the edit while my file is broken';
    try {
      assert.equal(await addGoal(title), undefined);
      const told = messages.offering('Try Again');
      assert.equal(told.kind, 'warning');
      assert.ok(told.message.startsWith(`Accord kept the last good data: ${MY_FILE}`), told.message);
      assert.match(told.message, /Your change is kept: fix the file, then Try Again\./);
      assert.deepEqual(told.items, ['Open File', 'Try Again']);
      assert.deepEqual(readFileSync(path), broken, 'a file Accord cannot read is never overwritten');
      assert.equal(workspace.unsavedChanges.length, 1);

      writeFileSync(path, good); // restored with git, say
      told.choose('Try Again');
      await waitFor(() => workspace.unsavedChanges.length === 0, 'the kept goal to be saved');
      assert.equal(goalsTitled(title).length, 1);
    } finally {
      if (readFileSync(path).equals(broken)) writeFileSync(path, good);
    }
  });

  it('a later write that succeeds offers the kept edit again and does not save it unasked', async () => {
    refuseWrites(workspace, `/${ME.id}.json`, 'EROFS');
    await addGoal('Refused first');
    workspace.store.beforeWrite = undefined;

    assert.ok(await addGoal('Saved second'), 'the later goal is saved');
    assert.equal(goalsTitled('Saved second').length, 1);
    assert.equal(goalsTitled('Refused first').length, 0, 'the kept edit waits for the person');
    const offer = messages.shown.find((s) => s.kind === 'information' && s.message.startsWith('Accord can save again.'));
    assert.ok(offer, `an offer to save the earlier change, got: ${JSON.stringify(messages.shown.map((s) => s.message))}`);
    assert.equal(offer.message, 'Accord can save again. An earlier change was not saved yet: save it now?');
    assert.deepEqual(offer.items, ['Try Again']);

    offer.choose('Try Again');
    await waitFor(() => workspace.unsavedChanges.length === 0, 'the kept goal to be saved');
    assert.equal(goalsTitled('Refused first').length, 1);
  });

  it('kept edits are saved in the order they were made: the last one typed wins', async () => {
    refuseWrites(workspace, `/${ME.id}.json`, 'ENOSPC');
    const member = memberEntityId(ME.id);
    await workspace.write((edit) => edit.set(member, 'member', { capacityHours: 7 }));
    await workspace.write((edit) => edit.set(member, 'member', { capacityHours: 8 }));
    assert.equal(workspace.unsavedChanges.length, 2);
    assert.ok((await dataProblemsOffered()).includes('$(sync) 2 changes not saved yet — Try Again'));
    assert.match(messages.shown.at(-1)!.message, /Your 2 changes are kept until then\.$/);

    workspace.store.beforeWrite = undefined;
    assert.equal(await workspace.saveUnsaved(), true);
    assert.equal(readMemberFile(ME.id).entities[member]!.fields.capacityHours, 8);
    assert.ok(messages.statusBar.some((m) => m.text === '$(pass) Saved 2 changes that could not be saved before'));
  });

  it('Try Again while the disk still refuses keeps the edit and says so again', async () => {
    refuseWrites(workspace, `/${ME.id}.json`, 'EACCES');
    await addGoal('Still refused');
    assert.equal(await workspace.saveUnsaved(), false);
    assert.equal(workspace.unsavedChanges.length, 1);
    assert.equal(messages.shown.filter((s) => s.items.includes('Try Again')).length, 2, 'told again, with Try Again');
    assert.equal(goalsTitled('Still refused').length, 0);
  });

  it('Show Data Problems can discard the kept edit; nothing is written', async () => {
    refuseWrites(workspace, `/${ME.id}.json`, 'EROFS');
    await addGoal('Changed my mind');
    workspace.store.beforeWrite = undefined;
    const before = snapshotPeople();
    const { prompts } = await runWithAnswers('accord.showDataProblems', ['$(trash) Discard the change not saved']);
    assert.equal(prompts[0]?.title, 'Accord: changes not saved yet');
    assert.equal(workspace.unsavedChanges.length, 0);
    assert.equal(await workspace.saveUnsaved(), true);
    assert.deepEqual(snapshotPeople(), before);
    assert.ok(messages.statusBar.some((m) => m.text === 'Discarded 1 change not saved'));
  });

  it("an edit kept for me is not saved into someone else's file after accord.me changes", async () => {
    refuseWrites(workspace, `/${ME.id}.json`, 'EROFS');
    await addGoal('Mine, whoever I am later');
    workspace.store.beforeWrite = undefined;
    const config = vscode.workspace.getConfiguration('accord');
    await config.update('me', 'jordan@example.com', vscode.ConfigurationTarget.Global); // accord.me is a user setting
    try {
      await waitFor(() => workspace.me !== ME.id, '"me" to follow the setting');
      const before = snapshotPeople();
      assert.equal(await workspace.saveUnsaved(), false);
      assert.deepEqual(snapshotPeople(), before, "nothing written in anyone's file");
      assert.equal(workspace.unsavedChanges.length, 1, 'still kept');
      const told = messages.shown.at(-1)!.message;
      assert.ok(told.startsWith(`An earlier change was made as ${ME.id}, and Accord now saves as ${workspace.me ?? 'no one'}, so it is not saved.`), told);
    } finally {
      await config.update('me', undefined, vscode.ConfigurationTarget.Global);
      await waitFor(() => workspace.me === ME.id, '"me" to be Alex again');
    }
    assert.equal(await workspace.saveUnsaved(), true);
    assert.equal(goalsTitled('Mine, whoever I am later').length, 1);
  });

  it('a folder name from the repository is shown as text: no icon, no link, no reversed words', async () => {
    // No ':' (Windows refuses it in a folder name, so safeDataFolder does); the link syntax stays.
    const dataFolder = 'team-$(bug)-[notes](workbench.action.quit)-\u202Eevil';
    const config = vscode.workspace.getConfiguration('accord');
    await config.update('dataFolder', dataFolder, vscode.ConfigurationTarget.Workspace);
    const other = new AccordWorkspace(vscode.workspace.workspaceFolders![0]!);
    try {
      await other.ready;
      assert.equal(other.store.dataFolder, dataFolder);
      refuseWrites(other, '/.gitignore', 'EACCES');
      assert.equal(await other.write((edit) => edit.set(memberEntityId(ME.id), 'member', { capacityHours: 5 })), undefined);
      const told = messages.offering('Try Again');
      assert.ok(!told.message.includes('$('), 'no $(icon) syntax left');
      assert.ok(!told.message.includes(']('), 'no [label](link) syntax left');
      assert.ok(!/[\u202A-\u202E\u2066-\u2069]/.test(told.message), 'no bidi control left');
      assert.ok(told.message.startsWith(`Accord could not save to ${safeText(`${dataFolder}/.gitignore`)}: `), told.message);
      assert.ok(told.message.includes('team-$\u200B(bug)-[notes]\u200B(workbench.action.quit)-<U+202E>evil/.gitignore'), 'the name is all there, as text');
      assert.equal(other.unsavedChanges.length, 1);
    } finally {
      other.dispose();
      await config.update('dataFolder', undefined, vscode.ConfigurationTarget.Workspace);
      rmSync(join(folderPath(), dataFolder), { recursive: true, force: true });
      workspace.reportErrors();
    }
  });

  it("while a write waits for another window's lock, the status bar says so, until the wait ends", async () => {
    const lock = join(peopleDir(), `${ME.id}.json.lock`);
    const member = memberEntityId(ME.id);
    mkdirSync(lock); // another window holds the lock (fresh, so not stale)
    let writing: Promise<unknown> | undefined;
    try {
      writing = workspace.write((edit) => edit.set(member, 'member', { capacityHours: 9 }));
      await waitFor(() => messages.statusBar.some((m) => m.text === LOCK_WAIT_MESSAGE), 'the waiting notice');
      const notice = messages.statusBar.find((m) => m.text === LOCK_WAIT_MESSAGE)!;
      assert.equal(notice.disposed, false, 'shown while the write waits');
      assert.notEqual(readMemberFile(ME.id).entities[member]!.fields.capacityHours, 9, 'not written while the other window holds the lock');
    } finally {
      rmSync(lock, { recursive: true, force: true }); // the other window is done
    }
    await writing;
    assert.equal(readMemberFile(ME.id).entities[member]!.fields.capacityHours, 9);
    assert.ok(
      messages.statusBar.filter((m) => m.text === LOCK_WAIT_MESSAGE).every((m) => m.disposed),
      'the notice goes when the wait ends',
    );
    assert.equal(workspace.unsavedChanges.length, 0);
  });
});
