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
import { MATERIALIZE_STEP, memberEntityId } from '../../src/core';
import { ME } from './helpers';
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

  /** A team of Alex (me) and Ben, each with one merge step of check-ins, in a temp folder. */
  async function largeTeam(): Promise<{ workspace: AccordWorkspace; done: () => void }> {
    const root = mkdtempSync(join(tmpdir(), 'accord-steps-'));
    const people = join(root, '.accord', 'people');
    mkdirSync(people, { recursive: true });
    for (const member of [ME.id, 'ben']) writeFileSync(join(people, `${member}.json`), memberFile(member, MATERIALIZE_STEP));
    const workspace = new AccordWorkspace({ uri: vscode.Uri.file(root), name: 'steps', index: 0 });
    await workspace.ready;
    workspace.store.me = ME.id;
    return {
      workspace,
      done: () => {
        workspace.dispose();
        rmSync(root, { recursive: true, force: true });
      },
    };
  }
  const hours = (workspace: AccordWorkspace) => workspace.state.entities.member.get(memberEntityId(ME.id))?.capacityHours;

  it('after my own write, state holds it at once, even when a read of the team begins during or after it', async () => {
    const { workspace, done } = await largeTeam();
    try {
      // The watcher's echo of my own write: a reload that begins once the write is done, while
      // the merge my write started is still in steps.
      await workspace.write((edit) => edit.set(memberEntityId(ME.id), 'member', { capacityHours: 7 }));
      const echo = workspace.reload();
      const seen: (number | undefined)[] = [];
      let turns = 0;
      do {
        seen.push(hours(workspace));
        await new Promise((resolve) => setImmediate(resolve));
      } while (!workspace.store.settled && ++turns < 10_000);
      await echo;
      seen.push(hours(workspace));
      assert.deepEqual([...new Set(seen)], [7], 'never the state from before my write');
      // A read that begins while my write is on its way to the disk (a pull, another window's lock).
      let pull: Promise<void> | undefined;
      workspace.store.beforeWrite = async () => void (pull ??= workspace.reload());
      await workspace.write((edit) => edit.set(memberEntityId(ME.id), 'member', { capacityHours: 9 }));
      workspace.store.beforeWrite = undefined;
      assert.ok(pull, 'the read began during the write');
      assert.equal(hours(workspace), 9, 'my write, as soon as it resolves');
      await pull;
      assert.equal(hours(workspace), 9);
    } finally {
      done();
    }
  });

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
