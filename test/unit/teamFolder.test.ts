/** Which folder of a multi-root workspace holds the team (issue 13 §1). */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { teamFolderIndex } from '../../src/workspace/teamFolder';

describe('workspace: the folder that holds the team', () => {
  it('is the first folder with the data folder, wherever it is in the workspace; the first folder when none has one', () => {
    const top = mkdtempSync(join(tmpdir(), 'accord-roots-'));
    try {
      const [app, notes, other] = ['app', 'team-notes', 'other'].map((name) => join(top, name));
      for (const folder of [app!, notes!, other!]) mkdirSync(folder);
      assert.equal(teamFolderIndex([app!, notes!, other!], '.accord'), 0, 'no team anywhere: the first folder');
      mkdirSync(join(notes!, '.accord', 'people'), { recursive: true });
      assert.equal(teamFolderIndex([app!, notes!, other!], '.accord'), 1, 'the team is in the second folder');
      writeFileSync(join(app!, '.accord'), 'a file, not a data folder');
      assert.equal(teamFolderIndex([app!, notes!, other!], '.accord'), 1, 'a file named .accord is not a team');
      mkdirSync(join(other!, 'tools', 'accord'), { recursive: true });
      assert.equal(teamFolderIndex([app!, other!], 'tools/accord'), 1, 'the data folder the settings name');
      assert.equal(teamFolderIndex([], '.accord'), undefined);
    } finally {
      rmSync(top, { recursive: true, force: true });
    }
  });
});
