/**
 * Closed history in files of its own (issue 20 §1), in the extension host: my closed records
 * move out of my live file, the views read the live files alone, and the dashboard reads the
 * history when it opens, drawn first from the live files and again once the history is in.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { DashboardView } from '../../src/panels/protocol';
import { DashboardPanel } from '../../src/dashboard/dashboardPanel';
import { TimelineProvider } from '../../src/daily/views/timelineProvider';
import { AccordWorkspace } from '../../src/workspace/accordWorkspace';
import { accordExtension, ME, waitFor } from './helpers';

const NOW = new Date('2026-11-30T12:00:00.000Z');

/** A member file with a profile and a check-in on each of `days` (UTC noon), as Accord writes it. */
function memberFile(member: string, days: readonly string[]): string {
  const entities: Record<string, unknown> = {
    [`member:${member}`]: { clocks: { capacityHours: 1, name: 1, timeZone: 1 }, fields: { capacityHours: 10, name: member, timeZone: 'UTC' }, kind: 'member' },
  };
  days.forEach((day, i) => {
    const fields = { at: `${day}T12:00:00.000Z`, member, microGoals: [], status: 'on-track' };
    entities[`ci-${member}-${String(i).padStart(4, '0')}`] = { clocks: { at: 2, member: 2, microGoals: 2, status: 2 }, fields, kind: 'checkIn' };
  });
  const sorted = Object.fromEntries(Object.entries(entities).sort(([a], [b]) => (a < b ? -1 : 1)));
  return `${JSON.stringify({ clock: 2, entities: sorted, member, schema: 1 }, null, 2)}\n`;
}

/** Every working day (Monday to Friday) from `from` to `to`, as `YYYY-MM-DD`. */
function workingDays(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    const day = new Date(t);
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) out.push(day.toISOString().slice(0, 10));
  }
  return out;
}

/**
 * A team folder in a new temporary directory, holding `files` (paths under `.accord/people`),
 * loaded by a workspace of its own with me as "me". `close()` disposes it and removes the folder.
 */
async function teamWith(name: string, files: Record<string, string>): Promise<{ root: string; workspace: AccordWorkspace; close(): void }> {
  const root = mkdtempSync(join(tmpdir(), `accord-${name}-`));
  const people = join(root, '.accord', 'people');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(people, path, '..'), { recursive: true });
    writeFileSync(join(people, path), text);
  }
  const workspace = new AccordWorkspace({ uri: vscode.Uri.file(root), name, index: 0 });
  await workspace.ready;
  await workspace.becomeMember(ME.id);
  return {
    root,
    workspace,
    close: () => {
      workspace.dispose();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

describe('Closed history (issue 20 §1)', function () {
  this.timeout(60_000);
  let root: string;
  let workspace: AccordWorkspace;
  // Me: a 45-working-day run in spring 2024, and two check-ins this week.
  const mine = [...workingDays('2024-03-04', '2024-05-03'), '2026-11-26', '2026-11-27'];

  let close: () => void;
  beforeEach(async () => {
    ({ root, workspace, close } = await teamWith('history', { [`${ME.id}.json`]: memberFile(ME.id, mine), 'ben.json': memberFile('ben', ['2026-11-27']) }));
  });
  afterEach(() => close());

  it('moves my closed records into people/<me>/2024.json; the views then read the live files alone, and nothing of the record changes', async () => {
    assert.equal(workspace.closedInMyFile(NOW), 45);
    let told = 0;
    const listening = workspace.onDidChange(() => told++);
    try {
      assert.deepEqual(await workspace.archiveClosed(NOW), { moved: 45, returned: 0, periods: ['2024'] });
    } finally {
      listening.dispose();
    }
    const live = JSON.parse(readFileSync(workspace.fileOf(ME.id), 'utf8')) as { entities: Record<string, unknown> };
    assert.equal(Object.keys(live.entities).length, 3, 'the profile and this week’s two check-ins');
    assert.ok(existsSync(join(root, '.accord', 'people', ME.id, '2024.json')));
    assert.equal(workspace.state.entities.checkIn.size, 3, 'the views see what is open or recent');
    assert.equal(workspace.closedInMyFile(NOW), 0);
    assert.ok(told >= 1, 'the views were told');
    // Temp files and locks of closed periods stay out of commits.
    assert.match(readFileSync(join(root, '.accord', '.gitignore'), 'utf8'), /^people\/\*\/\*\.json\.\*$/m);
    const views = workspace.state;
    const history = await workspace.useArchives();
    assert.equal(workspace.historyState.entities.checkIn.size, 48);
    assert.equal(workspace.state, views, 'the views read the live files alone, even while the history is read');
    history.dispose();
    assert.equal(workspace.historyState, workspace.state);
  });

  it('the dashboard reads the history when it opens: the longest streak counts the archived run', async () => {
    await workspace.archiveClosed(NOW);
    const panel = vscode.window.createWebviewPanel('accord.dashboard.test', 'Accord dashboard', vscode.ViewColumn.One, { enableScripts: true });
    const dashboard = new DashboardPanel(panel, { workspace, extensionUri: accordExtension().extensionUri, now: () => NOW });
    try {
      const posted: DashboardView[] = [];
      dashboard.onDidPost((message) => message.type === 'dashboard' && posted.push(message.view));
      await Promise.race([dashboard.historyRead, new Promise((_, reject) => setTimeout(() => reject(new Error('the history was never read')), 20_000))]);
      const view = dashboard.view();
      assert.equal(view.history, 'read');
      const streak = view.streaks.find((s) => s.member === ME.id);
      assert.equal(streak?.longest, 45, 'the run of spring 2024, read from the closed period');
      assert.equal(workspace.historyState.entities.checkIn.size, 48, 'while the dashboard is open');
      assert.equal(workspace.state.entities.checkIn.size, 3, 'the views read the live files alone');
    } finally {
      dashboard.dispose();
    }
    // Closed, it lets the history go.
    assert.equal(workspace.historyState, workspace.state);
  });
});

describe('The Timeline after weeks away (issue 20 §1)', function () {
  this.timeout(60_000);
  let workspace: AccordWorkspace;
  const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

  let close: () => void;
  beforeEach(async () => {
    // My last check-in was 60 days ago. Ben checked in 45 days ago (moved to his closed period
    // since) and 10 days ago (live).
    const old = daysAgo(45);
    ({ workspace, close } = await teamWith('away', {
      [`${ME.id}.json`]: memberFile(ME.id, [daysAgo(60)]),
      'ben.json': memberFile('ben', [daysAgo(10)]),
      [`ben/${old.slice(0, 4)}.json`]: memberFile('ben', [old]).replaceAll('ci-ben-0000', 'ci-ben-away'),
    }));
  });
  afterEach(() => close());

  it('Since my last check-in reads the closed history when that check-in is older than the live files; The last 7 days does not', async () => {
    const memory = new Map<string, unknown>();
    const memento: vscode.Memento = {
      keys: () => [...memory.keys()],
      get: <T>(key: string, fallback?: T) => (memory.has(key) ? (memory.get(key) as T) : fallback),
      update: (key: string, value: unknown) => Promise.resolve(void memory.set(key, value)),
    };
    const timeline = new TimelineProvider(workspace, memento);
    try {
      const entities = () => (timeline.page()?.entries ?? []).map((e) => e.entity);
      assert.equal(timeline.window, 'sinceCheckIn');
      await waitFor(() => entities().includes('ci-ben-away'), "Ben's check-in of 45 days ago, from his closed period", 20_000);
      assert.ok(entities().includes('ci-ben-0000'), 'and his live one');
      assert.ok(workspace.historyState.entities.checkIn.has('ci-ben-away'), 'the history is held while the window needs it');
      await timeline.setWindow('week');
      assert.deepEqual(entities(), [], 'nothing in the last 7 days');
      await waitFor(() => workspace.historyState === workspace.state, 'the history let go', 10_000);
    } finally {
      timeline.dispose();
    }
  });
});
