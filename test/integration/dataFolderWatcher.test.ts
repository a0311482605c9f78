/**
 * The data folder's one watcher (issue 20 §3): non-recursive patterns rooted in the data folder;
 * a folder that appears later is followed; bursts reach Accord as one report. (With
 * files.watcherExclude hiding the data folder, VS Code reports nothing to any watcher here;
 * liveUpdates.test.ts covers Accord's own look for that.)
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { DataFolderWatcher } from '../../src/workspace/dataFolderWatcher';
import { folderPath, waitFor } from './helpers';

describe('The data folder watcher', function () {
  this.timeout(60_000);
  const base = 'watched-team';
  let watcher: DataFolderWatcher | undefined;

  afterEach(() => {
    watcher?.dispose();
    rmSync(join(folderPath(), base), { recursive: true, force: true });
  });

  it('watches one level at a time, rooted in the data folder and its parent, never the workspace recursively', () => {
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    watcher = new DataFolderWatcher(folder, `${base}/.accord`);
    const data = vscode.Uri.joinPath(folder, base, '.accord');
    assert.deepEqual(
      watcher.patterns.map((p) => [p.baseUri.toString(), p.pattern]),
      [
        [vscode.Uri.joinPath(data, 'people').toString(), '*.json'],
        [data.toString(), '{people,covenant.md}'],
        [vscode.Uri.joinPath(folder, base).toString(), '.accord'],
      ],
    );
    assert.ok(watcher.patterns.every((p) => !p.pattern.includes('/') && !p.pattern.includes('**')));
  });

  it('follows a data folder that appears later, and reports a burst in a few reports', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    mkdirSync(join(folderPath(), base)); // the data folder's parent is there (the workspace folder, most often)
    watcher = new DataFolderWatcher(folder, `${base}/.accord`);
    const seen = { layout: 0, covenant: 0, reports: [] as string[][] };
    watcher.onDidChangeLayout(() => seen.layout++);
    watcher.onDidChangeCovenant(() => seen.covenant++);
    watcher.onDidChangeMembers((members) => seen.reports.push([...members].sort()));
    const data = join(folderPath(), base, '.accord');

    await new Promise((resolve) => setTimeout(resolve, 1500)); // the watches start (they run in another process)
    // A first pull: the data folder appears.
    mkdirSync(data);
    await waitFor(() => seen.layout > 0, 'the data folder appearing', 20_000);
    mkdirSync(join(data, 'people'));
    await waitFor(() => seen.layout > 1, 'its people folder appearing', 20_000);

    // One member file, then a burst of twenty (a checkout): every one reported, in a few reports.
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the people folder's own watch starts
    writeFileSync(join(data, 'people', 'kim.json'), '{}\n');
    await waitFor(() => seen.reports.some((r) => r.includes('kim')), 'kim.json', 20_000);
    const before = seen.reports.length;
    const burst = Array.from({ length: 20 }, (_, i) => `m${String(i).padStart(2, '0')}`);
    for (const member of burst) writeFileSync(join(data, 'people', `${member}.json`), '{}\n');
    await waitFor(() => burst.every((m) => seen.reports.slice(before).some((r) => r.includes(m))), 'the burst', 20_000);
    assert.ok(seen.reports.length - before <= 3, `a burst of 20 files came as ${seen.reports.length - before} reports`);

    // The covenant, and a member file going.
    writeFileSync(join(data, 'covenant.md'), '# Our covenant\n');
    await waitFor(() => seen.covenant > 0, 'covenant.md', 20_000);
    const layouts = seen.layout;
    unlinkSync(join(data, 'people', 'm00.json'));
    await waitFor(() => seen.layout > layouts, 'a member file deleted', 20_000);
  });
});
