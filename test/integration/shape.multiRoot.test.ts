/**
 * A multi-root workspace (issue 13 §1), opened from team.code-workspace: app/ first, with no
 * team, and team-notes/ second, the fixture's team. Run alone in its own VS Code by
 * scripts/vscode-test/run.mjs (shape multiRoot).
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { accordExtension, accordWorkspace, answerPrompts, ME, microGoalsProvider, PARTNER, treeRows, waitFor } from './helpers';

function folderNamed(name: string): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.name === name);
  assert.ok(folder, `the workspace has no folder ${name}`);
  return folder;
}

const peopleOf = (folder: string) => join(folderNamed(folder).uri.fsPath, '.accord', 'people');

/** Runs a command with scripted answers; returns what was asked. */
async function run(command: string, answers: Parameters<typeof answerPrompts>[0]) {
  const script = answerPrompts(answers);
  try {
    await vscode.commands.executeCommand(command);
    return script.prompts;
  } finally {
    script.restore();
  }
}

/** The labels of the Micro-goals view's rows, as the tree shows them now. */
async function microGoalTitles(): Promise<string[]> {
  return (await treeRows(await microGoalsProvider())).map((row) => row.label);
}

describe('A multi-root workspace: app/ first, the team in team-notes/ second', function () {
  this.timeout(60_000);

  it('shows the team of team-notes/, not an empty team in the first folder', async () => {
    assert.deepEqual(
      vscode.workspace.workspaceFolders?.map((f) => f.name),
      ['app', 'team-notes'],
    );
    const workspace = await accordWorkspace();
    assert.equal(workspace.folder.name, 'team-notes');
    assert.equal(workspace.me, ME.id);
    assert.ok(workspace.isSetUp, 'I am set up in the team: no Set Up offered');
    assert.deepEqual([...workspace.store.members].sort(), [ME.id, PARTNER.id]);
    assert.ok((await microGoalTitles()).includes('Review the parser PR'), "the Micro-goals view shows the team's micro-goals");
  });

  it('a Quick Check-In lands in team-notes/, and app/ gets no data folder', async () => {
    await run('accord.quickCheckIn', ['multi-root works']);
    const mine = JSON.parse(readFileSync(join(peopleOf('team-notes'), `${ME.id}.json`), 'utf8')) as {
      entities: Record<string, { kind: string; fields: { note?: string } }>;
    };
    assert.ok(Object.values(mine.entities).some((e) => e.kind === 'checkIn' && e.fields.note === 'multi-root works'));
    assert.equal(existsSync(join(folderNamed('app').uri.fsPath, '.accord')), false);
  });

  it("counts a commit in app/ that names a team-notes/ micro-goal as its evidence, and Start Work's trailer goes in both repositories' input boxes", async () => {
    const services = accordExtension().exports.daily.services!;
    await waitFor(() => services.evidence.repositories().length === 2, 'both repositories read', 20_000);
    const app = folderNamed('app').uri.fsPath;
    writeFileSync(join(app, 'parser.ts'), 'export {};\n');
    execFileSync('git', ['add', 'parser.ts'], { cwd: app });
    execFileSync('git', ['-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'Parser skeleton\n\nAccord: mg-fkt1c6twy8w7'], { cwd: app });
    await waitFor(
      () => !!services.evidence.evidence(accordExtension().exports.workspace!.state).get('mg-fkt1c6twy8w7')?.backed,
      'the commit in app/ read as evidence',
      20_000,
    );
    const rows = await treeRows(await microGoalsProvider());
    assert.match(rows.find((row) => row.label === 'Review the parser PR')!.description, /1 commit/);

    await run('accord.startWork', ['Review the parser PR', '$(person) Working alone', '$(git-branch) Stay on main']);
    const boxes = () => services.work.repositories().map((repository) => repository.inputBox.value);
    assert.equal(boxes().length, 2);
    assert.ok(
      boxes().every((value) => value.endsWith('Accord: mg-fkt1c6twy8w7')),
      boxes().join(' | '),
    );
    await vscode.commands.executeCommand('accord.stopWork');
    assert.deepEqual(boxes(), ['', '']);
  });

  it('Set Up asks which folder first, and starts a new team in the folder picked; Switch Team goes back', async () => {
    const api = accordExtension().exports;
    // A third folder, added while the window is open, with no team yet.
    const docs = join(dirname(folderNamed('app').uri.fsPath), 'docs');
    mkdirSync(docs, { recursive: true });
    for (const args of [
      ['init', '-q'],
      ['config', 'user.email', 'alex@example.com'],
      ['config', 'user.name', ME.name],
    ])
      execFileSync('git', args, { cwd: docs });
    const added = new Promise<void>((resolve) => {
      const listener = vscode.workspace.onDidChangeWorkspaceFolders(() => (listener.dispose(), resolve()));
    });
    assert.ok(vscode.workspace.updateWorkspaceFolders(3 - 1, 0, { uri: vscode.Uri.file(docs) }));
    await added;

    const prompts = await run('accord.setUp', ['docs', (p) => p.value, 'Pacific/Auckland', (p) => p.value]);
    const folderQuestion = prompts[0]!;
    assert.equal(folderQuestion.title, 'Accord: Set Up — which folder?');
    assert.deepEqual(folderQuestion.items, ['team-notes', 'app', 'docs'], 'every folder, the team first');
    assert.deepEqual(
      prompts.slice(1).map((p) => p.title),
      ['Accord: Set Up (1/3)', 'Accord: Set Up (2/3)', 'Accord: Set Up (3/3)'],
    );
    assert.deepEqual(readdirSync(join(docs, '.accord', 'people')), [`${ME.id}.json`], 'my file, in the folder I picked');
    const workspace = await accordWorkspace();
    assert.equal(workspace.folder.name, 'docs', 'the new team is the one shown');
    assert.ok(workspace.isSetUp);
    assert.equal(existsSync(join(folderNamed('app').uri.fsPath, '.accord')), false, 'nothing in the folder I did not pick');
    assert.deepEqual(
      api.teams.teamFolders().map((f) => f.name),
      ['team-notes', 'docs'],
    );
    assert.ok(!(await microGoalTitles()).includes('Review the parser PR'), "the new team has none of team-notes' micro-goals");

    const switchPrompts = await run('accord.switchTeam', ['team-notes']);
    assert.deepEqual(switchPrompts[0]?.items, ['team-notes', 'docs']);
    await waitFor(() => api.workspace?.folder.name === 'team-notes', 'team-notes to be shown again');
    await api.workspace!.ready;
    assert.ok((await microGoalTitles()).includes('Review the parser PR'));
    assert.equal(api.daily.microGoalsView.description, 'team-notes', 'with two teams, the view names the one it shows');
  });

  it("a write goes to the team shown: a check-in after Switch Team lands in that team's folder only", async () => {
    const api = accordExtension().exports;
    await run('accord.switchTeam', ['docs']);
    await waitFor(() => api.workspace?.folder.name === 'docs', 'docs to be shown');
    await api.workspace!.ready;
    const notesBefore = readFileSync(join(peopleOf('team-notes'), `${ME.id}.json`), 'utf8');
    await run('accord.quickCheckIn', ['in docs']);
    const docsFile = JSON.parse(readFileSync(join(peopleOf('docs'), `${ME.id}.json`), 'utf8')) as {
      entities: Record<string, { kind: string; fields: { note?: string } }>;
    };
    assert.ok(Object.values(docsFile.entities).some((e) => e.kind === 'checkIn' && e.fields.note === 'in docs'));
    assert.equal(readFileSync(join(peopleOf('team-notes'), `${ME.id}.json`), 'utf8'), notesBefore, "the other team's file is untouched");
  });

  it("keeps each team's own view state: the filter picked in docs/ is not team-notes/'s", async () => {
    const api = accordExtension().exports;
    await vscode.commands.executeCommand('accord.filterMine');
    assert.equal(api.daily.services?.microGoals.filter, 'mine');
    await run('accord.switchTeam', ['team-notes']);
    await waitFor(() => api.workspace?.folder.name === 'team-notes', 'team-notes to be shown');
    assert.equal(api.daily.services?.microGoals.filter, 'everyone', 'team-notes never chose a filter');
    await run('accord.switchTeam', ['docs']);
    await waitFor(() => api.workspace?.folder.name === 'docs', 'docs to be shown again');
    assert.equal(api.daily.services?.microGoals.filter, 'mine', 'docs keeps its own');
    await vscode.commands.executeCommand('accord.filterEveryone');
  });

  it('a folder removed from the workspace hands over to the next team', async () => {
    const api = accordExtension().exports;
    assert.equal(api.workspace?.folder.name, 'docs');
    const removed = new Promise<void>((resolve) => {
      const listener = vscode.workspace.onDidChangeWorkspaceFolders(() => (listener.dispose(), resolve()));
    });
    assert.ok(vscode.workspace.updateWorkspaceFolders(2, 1));
    await removed;
    await waitFor(() => api.workspace?.folder.name === 'team-notes', 'team-notes to be shown once docs is gone');
    await api.workspace!.ready;
    assert.ok(api.workspace!.isSetUp);
  });

  it('serves a team that arrives in another folder (a first pull) once the team shown is gone', async () => {
    const api = accordExtension().exports;
    mkdirSync(peopleOf('app'), { recursive: true });
    writeFileSync(join(peopleOf('app'), `${PARTNER.id}.json`), readFileSync(join(peopleOf('team-notes'), `${PARTNER.id}.json`), 'utf8'));
    await waitFor(() => api.teams.teamFolders().length === 2, 'app/ to count as a team');
    assert.equal(api.workspace?.folder.name, 'team-notes', 'the team shown stays while it is there');
    await waitFor(() => api.daily.microGoalsView.description === 'team-notes', 'the view to name the team shown once there are two').catch((error: Error) => {
      throw new Error(`${error.message}: it says ${String(api.daily.microGoalsView.description)}, with ${api.teams.teamCount} teams counted`);
    });
    renameSync(join(folderNamed('team-notes').uri.fsPath, '.accord'), join(folderNamed('team-notes').uri.fsPath, '.accord-moved'));
    await waitFor(() => api.workspace?.folder.name === 'app', 'the team in app/ to be shown', 20_000);
    await api.workspace!.ready;
    await waitFor(() => api.workspace!.store.members.includes(PARTNER.id), "the partner's file in app/ to load");
  });

  it("a folder the person picks before it has a team stays shown while they set it up, past Accord's next looks", async () => {
    const api = accordExtension().exports;
    const fresh = join(dirname(folderNamed('app').uri.fsPath), 'fresh');
    mkdirSync(fresh, { recursive: true });
    const added = new Promise<void>((resolve) => {
      const listener = vscode.workspace.onDidChangeWorkspaceFolders(() => (listener.dispose(), resolve()));
    });
    assert.ok(vscode.workspace.updateWorkspaceFolders(vscode.workspace.workspaceFolders!.length, 0, { uri: vscode.Uri.file(fresh) }));
    await added;
    assert.equal(await api.teams.switchTo(folderNamed('fresh')), true);
    assert.equal(api.workspace?.folder.name, 'fresh');
    // Longer than the 5-second look for arriving teams: a team elsewhere does not pull the view away.
    await new Promise((resolve) => setTimeout(resolve, 6_500));
    assert.equal(api.workspace?.folder.name, 'fresh');
  });
});
