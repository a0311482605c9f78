/**
 * Shared by the trusted and Restricted Mode suites: a partner's file that writes what only I
 * may write (my profile's capacity and name, a tombstone on my profile), as a hand edit or a
 * pull request could; what Accord shows of it; and the file put back afterwards.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { accordExtension, accordWorkspace, ME, PARTNER, peopleDir, waitFor } from './helpers';

/** Writes the forged changes into the partner's file and waits until Accord has read it; returns a function that puts the file back. */
export async function forgeInPartnersFile(): Promise<() => Promise<void>> {
  const workspace = await accordWorkspace();
  const path = join(peopleDir(), `${PARTNER.id}.json`);
  const original = readFileSync(path, 'utf8');
  const data = JSON.parse(original) as { clock: number; entities: Record<string, unknown> };
  const clock = data.clock + 1000;
  data.clock = clock;
  data.entities[`member:${ME.id}`] = {
    kind: 'member',
    fields: { capacityHours: 80, name: 'Not Alex' },
    clocks: { capacityHours: clock, name: clock },
    deleted: 0,
  };
  writeFileSync(path, `${JSON.stringify(data, null, 2)}\n`);
  await waitFor(() => workspace.state.refused.some((r) => r.member === PARTNER.id), 'the partner’s file to be read again');
  return async () => {
    writeFileSync(path, original);
    await waitFor(() => workspace.state.refused.length === 0, 'the partner’s file to be read back');
  };
}

/** What the forged file leaves of my profile, what Show Data Problems lists, and how the Partners view marks the partner. */
export async function assertRefusalsShown(): Promise<void> {
  const workspace = await accordWorkspace();
  const state = workspace.state;
  const mine = state.entities.member.get(`member:${ME.id}`);
  assert.deepEqual([mine?.name, mine?.capacityHours], [ME.name, 10], 'my profile is as I wrote it: not renamed, not resized, not deleted');
  assert.deepEqual(
    state.refused.map((r) => [r.member, r.entity, r.field]),
    [
      [PARTNER.id, `member:${ME.id}`, 'capacityHours'],
      [PARTNER.id, `member:${ME.id}`, 'deleted'],
      [PARTNER.id, `member:${ME.id}`, 'name'],
    ],
  );

  // Accord: Show Data Problems lists each refused write, named by file, entity and field, without blame.
  const window = vscode.window as { showQuickPick: typeof vscode.window.showQuickPick };
  const original = window.showQuickPick;
  let listed: readonly vscode.QuickPickItem[] = [];
  window.showQuickPick = (async (items: readonly vscode.QuickPickItem[]) => {
    listed = await items;
    return undefined;
  }) as unknown as typeof vscode.window.showQuickPick;
  try {
    await vscode.commands.executeCommand('accord.showDataProblems');
  } finally {
    window.showQuickPick = original;
  }
  const refusals = listed.filter((item) => item.label.includes(`.accord/people/${PARTNER.id}.json`));
  assert.equal(refusals.length, 3, listed.map((i) => i.label).join('\n'));
  assert.ok(
    refusals.some((item) => /capacityHours/.test(item.label)),
    'the field is named',
  );
  assert.ok(
    refusals.every((item) => item.label.includes(`member:${ME.id}`)),
    'the entity is named',
  );
  for (const item of refusals)
    assert.doesNotMatch(`${item.label} ${item.detail}`, /forg|attack|malicious|cheat|fail/i, 'told as what was left out, not as an accusation');

  // The Partners view marks the partner whose file holds them, and only that partner.
  const api = await accordExtension().activate();
  const partners = api.daily?.partners;
  assert.ok(partners, 'activate() returns daily.partners');
  const rows = partners.getChildren().map((p) => [p.member, partners.getTreeItem(p)] as const);
  const sam = rows.find(([member]) => member === PARTNER.id)![1];
  const alex = rows.find(([member]) => member === ME.id)![1];
  assert.match(String(sam.description), /3 left out/);
  assert.match((sam.tooltip as vscode.MarkdownString).value.replaceAll('&nbsp;', ' '), /3 changes in their file were left out of the team's record/);
  assert.match(sam.accessibilityInformation?.label ?? '', /left out/);
  assert.doesNotMatch(String(alex.description), /left out/);
}
