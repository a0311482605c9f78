/** Restricted Mode: the relationship commands show and explain, write nothing, and lose nothing typed. */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { accordWorkspace } from './helpers';
import { asPerson, escape, folder, pick, type } from './relationshipUi.test';

/** Everything under .accord, path → text. */
function accordFiles(): Map<string, string> {
  const root = join(folder(), '.accord');
  const out = new Map<string, string>();
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) out.set(join(entry.parentPath, entry.name), readFileSync(join(entry.parentPath, entry.name), 'utf8'));
  }
  return out;
}

describe('Relationship features in Restricted Mode', () => {
  let snapshot: Map<string, string>;

  before(async () => {
    // The runner sends restricted*.test.ts to the Restricted Mode run only.
    assert.equal(vscode.workspace.isTrusted, false, 'this suite runs in Restricted Mode');
    const workspace = await accordWorkspace();
    assert.equal(workspace.store.readOnly, true);
  });

  beforeEach(() => {
    snapshot = accordFiles();
  });

  afterEach(() => {
    assert.deepEqual(accordFiles(), snapshot, 'a file under .accord changed');
  });

  it('Give Feedback explains it cannot share, and keeps what was written as a private draft', async () => {
    const { result, messages } = await asPerson(
      'accord.giveFeedback',
      [],
      [pick('Appreciation'), type('At the demo'), type('You answered the importer questions'), type('The customer signed up'), pick('Share with Sam Okafor')],
    );
    assert.equal(result, undefined);
    assert.match(messages[0]!.text, /read-only in Restricted Mode/);
    const again = await asPerson('accord.giveFeedback', [], [escape]);
    assert.ok(
      again.shown[0]!.items!.some((i) => i.startsWith('Continue your draft to Sam Okafor')),
      'the draft is kept',
    );
  });

  it('Open Covenant does not create the covenant', async () => {
    const { result, messages } = await asPerson('accord.openCovenant', [], []);
    assert.equal(result, undefined);
    assert.equal(existsSync(join(folder(), '.accord', 'covenant.md')), false);
    assert.match(messages[0]!.text, /read-only in Restricted Mode/);
  });

  for (const [command, args] of [
    ['accord.logSetback', ['g-ac9zsoqit0jf']],
    ['accord.reviewFollowUp', []],
    ['accord.sendKudos', ['sam-example.com']],
    ['accord.acknowledgeFeedback', []],
    ['accord.acknowledgeCovenant', []],
  ] as const) {
    it(`${command} explains Restricted Mode before asking anything`, async () => {
      const { result, shown, messages } = await asPerson(command, [...args], []);
      assert.equal(result, undefined);
      assert.deepEqual(shown, [], 'no questions it could not save');
      assert.match(messages[0]!.text, /read-only in Restricted Mode/);
    });
  }

  it('Export Calendar still works: it reads the data and writes outside the folder', async () => {
    const target = vscode.Uri.joinPath(vscode.Uri.file(folder()), '..', 'restricted.ics');
    const { result } = await asPerson<string>('accord.exportCalendar', [], [], () => undefined, target);
    assert.equal(result, target.fsPath);
    assert.match(readFileSync(target.fsPath, 'utf8'), /^BEGIN:VCALENDAR\r\n/);
  });
});
