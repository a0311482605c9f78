/**
 * Loading a team never merges it in one block on the extension host (issue 20 §2): once the
 * files are in, the merge runs in steps, and a view that asks for the state meanwhile gets the
 * state last merged (before the first load, the empty team), never a merge of its own.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { MATERIALIZE_STEP } from '../../src/core';
import { AccordWorkspace } from '../../src/workspace/accordWorkspace';

/** A member file with a profile and `count` check-ins, as Accord writes it. */
function memberFile(member: string, count: number): string {
  const entities: Record<string, unknown> = {
    [`member:${member}`]: { clocks: { capacityHours: 1, name: 1, timeZone: 1 }, fields: { capacityHours: 10, name: member, timeZone: 'UTC' }, kind: 'member' },
  };
  for (let i = 0; i < count; i++) {
    const fields = { at: new Date(Date.UTC(2025, 0, 1) + i * 3_600_000).toISOString(), member, microGoals: [], status: 'on-track' };
    entities[`ci-${member}-${String(i).padStart(6, '0')}`] = { clocks: { at: 2, member: 2, microGoals: 2, status: 2 }, fields, kind: 'checkIn' };
  }
  const sorted = Object.fromEntries(Object.entries(entities).sort(([a], [b]) => (a < b ? -1 : 1)));
  return `${JSON.stringify({ clock: 2, entities: sorted, member, schema: 1 }, null, 2)}\n`;
}

describe('Loading in steps', function () {
  this.timeout(120_000);

  it('a view drawn while a large team is merged gets the state last merged, and never merges it itself', async () => {
    const root = mkdtempSync(join(tmpdir(), 'accord-steps-'));
    const people = join(root, '.accord', 'people');
    mkdirSync(people, { recursive: true });
    // More entities than one merge step holds, so the merge takes several turns.
    for (const member of ['ana', 'ben']) writeFileSync(join(people, `${member}.json`), memberFile(member, MATERIALIZE_STEP));
    const other = new AccordWorkspace({ uri: vscode.Uri.file(root), name: 'steps', index: 0 });
    // What a view drawn right after the files came in gets, and whether drawing it merged the team.
    const seen: { checkIns: number; mergedByTheView: boolean }[] = [];
    const listening = other.store.onDidChange(() => {
      if (other.store.settled) return; // a change merged at once: nothing to look at
      const checkIns = other.state.entities.checkIn.size;
      seen.push({ checkIns, mergedByTheView: other.store.settled });
    });
    try {
      await other.ready;
      assert.deepEqual(seen, [{ checkIns: 0, mergedByTheView: false }], 'the empty team meanwhile, and no merge in the view');
      assert.equal(other.state.entities.checkIn.size, 2 * MATERIALIZE_STEP, 'the team once merged');
    } finally {
      listening.dispose();
      other.dispose();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
