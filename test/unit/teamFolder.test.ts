/** Which folder of a multi-root workspace holds the team (issue 13 §1). */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { teamFolderIndex, teamFolderIndexes } from '../../src/workspace/teamFolder';

describe('workspace: the folder that holds the team', () => {
  let top: string;
  let app: string, notes: string, other: string;
  const at = (...paths: string[]) => paths.map((path) => ({ path, dataFolder: '.accord' }));
  beforeEach(() => {
    top = mkdtempSync(join(tmpdir(), 'accord-roots-'));
    [app, notes, other] = ['app', 'team-notes', 'other'].map((name) => join(top, name)) as [string, string, string];
    for (const folder of [app, notes, other]) mkdirSync(folder);
  });
  afterEach(() => rmSync(top, { recursive: true, force: true }));

  it('is the first folder with the data folder, wherever it is in the workspace; the first folder when none has one', () => {
    assert.equal(teamFolderIndex(at(app, notes, other)), 0, 'no team anywhere: the first folder');
    mkdirSync(join(notes, '.accord', 'people'), { recursive: true });
    assert.equal(teamFolderIndex(at(app, notes, other)), 1, 'the team is in the second folder');
    writeFileSync(join(app, '.accord'), 'a file, not a data folder');
    assert.equal(teamFolderIndex(at(app, notes, other)), 1, 'a file named .accord is not a team');
    symlinkSync(join(notes, '.accord'), join(other, '.accord'), 'dir');
    assert.deepEqual(teamFolderIndexes(at(app, notes, other)), [1], 'a link named .accord (to a team anywhere) is not a team');
    rmSync(join(other, '.accord'));
    mkdirSync(join(other, 'tools', 'accord'), { recursive: true });
    assert.equal(
      teamFolderIndex([
        { path: app, dataFolder: '.accord' },
        { path: other, dataFolder: 'tools/accord' },
      ]),
      1,
      'the data folder the settings name, per folder',
    );
    assert.equal(teamFolderIndex([]), undefined);
  });

  it('lists every folder with a team, and keeps the team the person chose while it is there', () => {
    mkdirSync(join(app, '.accord'));
    mkdirSync(join(other, '.accord'));
    assert.deepEqual(teamFolderIndexes(at(app, notes, other)), [0, 2]);
    assert.equal(teamFolderIndex(at(app, notes, other), other), 2, 'the chosen team, though not the first');
    assert.equal(teamFolderIndex(at(app, notes, other), notes), 0, 'a chosen folder without a team gives way to a team');
    assert.equal(teamFolderIndex(at(app, notes), join(top, 'gone')), 0, 'a chosen folder no longer in the workspace is forgotten');
    rmSync(join(app, '.accord'), { recursive: true });
    rmSync(join(other, '.accord'), { recursive: true });
    assert.equal(teamFolderIndex(at(app, notes, other), notes), 1, 'no team anywhere: the chosen folder, where Set Up will create one');
  });
});
