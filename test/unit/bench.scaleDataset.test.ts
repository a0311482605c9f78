/**
 * The benchmark's scale team (bench/scaleDataset.ts, issue 20 §4): the same options give the
 * same bytes, the files load through the store's own reader with nothing refused or missing,
 * and a year of three people holds what a real team writes (check-ins twice a working day,
 * about five micro-goals a week, answered and open renegotiations, acknowledged and new
 * feedback, reviewed setbacks and ones awaiting review, a session every cycle).
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccordStore } from '../../src/store';
import { generateScaleTeam, parseScale, scaleTeam } from '../../bench/scaleDataset';

const END = '2026-11-30';

describe('bench scale team', function () {
  this.timeout(60_000);
  let root: string;

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'accord-scale-test-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  /** Every file under people/, live and closed, by its path there. */
  const filesOf = (dir: string) => {
    const people = join(dir, '.accord', 'people');
    return readdirSync(people, { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.json'))
      .sort()
      .map((name) => [name.split('\\').join('/'), readFileSync(join(people, name), 'utf8')] as const);
  };

  it('gives the same bytes for the same options, and other bytes for another seed', async () => {
    await generateScaleTeam(join(root, 'a'), { members: 3, years: 1, end: END });
    await generateScaleTeam(join(root, 'b'), { members: 3, years: 1, end: END });
    await generateScaleTeam(join(root, 'c'), { members: 3, years: 1, end: END, seed: 21 });
    const a = filesOf(join(root, 'a'));
    assert.deepEqual(
      a.map(([name]) => name),
      ['person01-example.com', 'person02-example.com', 'person03-example.com'].flatMap((id) => [`${id}.json`, `${id}/2025.json`, `${id}/2026.json`]),
    );
    assert.deepEqual(filesOf(join(root, 'b')), a);
    assert.notDeepEqual(filesOf(join(root, 'c')), a);
  });

  it('writes a year of three people that loads with nothing refused, and holds what a real team writes', async () => {
    const dir = join(root, 'shape');
    const summary = await generateScaleTeam(dir, { members: 3, years: 1, end: END });
    // 366 days hold 261 or 262 working days; today has no check-ins yet.
    const expect = (kind: string, low: number, high: number) => {
      const n = summary.counts[kind] ?? 0;
      assert.ok(n >= low && n <= high, `${kind}: ${n} is not in ${low}–${high}`);
    };
    expect('checkIn', 3 * 2 * 260, 3 * 2 * 262);
    expect('microGoal', 3 * 52 * 4.5, 3 * 52 * 5.3);
    expect('goal', 36, 42);
    expect('setback', 36, 42);
    expect('feedback', 3 * 52 * 0.6, 3 * 52 * 1.4);
    expect('renegotiation', 3 * 52 * 0.25, 3 * 52 * 0.8);
    expect('session', 26, 27);
    assert.equal(summary.counts.member, 3);
    assert.equal(summary.counts.team, 1);

    const store = new AccordStore({ root: dir });
    await store.loadAll();
    // Laid out as Accord keeps it: the live files hold the last five weeks, whole.
    const live = store.state;
    assert.deepEqual(live.incomplete, []);
    assert.ok(live.entities.checkIn.size < summary.counts.checkIn! / 3, 'most check-ins are closed history');
    assert.ok(summary.liveBytes < summary.bytes / 3);
    await store.useArchives();
    const state = await store.settledHistoryState();
    assert.deepEqual(
      store.errors.map((e) => e.message),
      [],
    );
    assert.deepEqual(state.refused, [], 'every write is one its file’s member may make');
    assert.deepEqual(state.incomplete, []);
    for (const [kind, n] of Object.entries(summary.counts)) assert.equal(state.entities[kind as keyof typeof state.entities].size, n, kind);

    const micro = [...state.entities.microGoal.values()];
    assert.ok(micro.filter((m) => m.due === END && !m.done).length >= 1, 'open micro-goals are due today');
    assert.ok(micro.filter((m) => m.done).length > micro.length * 0.8, 'most micro-goals are done');
    const renegotiations = [...state.entities.renegotiation.values()];
    const accepted = renegotiations.filter((r) => r.state === 'accepted');
    assert.ok(accepted.length > 0 && renegotiations.some((r) => r.state === 'proposed'), 'renegotiations answered and open');
    assert.ok(
      renegotiations.some((r) => r.state === 'withdrawn'),
      'a counter-proposal is withdrawn by its proposer',
    );
    // Older than ten days, none is still open: a counter-proposal left open for years would keep
    // its micro-goal and goal in the live files for good, which no team in real use does.
    const tenDaysAgo = new Date(Date.parse(`${END}T00:00:00Z`) - 11 * 86_400_000).toISOString();
    assert.deepEqual(
      renegotiations.filter((r) => (r.state === 'proposed' || r.state === 'countered') && r.at < tenDaysAgo).map((r) => r.id),
      [],
    );
    for (const r of accepted) {
      const owner = r.proposer;
      assert.notEqual(r.respondedBy, owner, 'the partner answers');
      assert.equal(state.entities.microGoal.get(r.microGoal)?.due, r.change.due, 'an accepted new date is the micro-goal’s date');
    }
    const feedback = [...state.entities.feedback.values()];
    assert.ok(feedback.some((f) => f.acknowledgedAt) && feedback.some((f) => !f.acknowledgedAt), 'feedback acknowledged and new');
    assert.ok(feedback.some((f) => f.type === 'kudos'));
    const setbacks = [...state.entities.setback.values()];
    assert.ok(setbacks.some((s) => s.reviewedAt) && setbacks.some((s) => !s.reviewedAt), 'setbacks reviewed and awaiting review');
    const zones = new Set([...state.entities.member.values()].map((m) => m.timeZone));
    assert.equal(zones.size, 3, 'members in different time zones');
    assert.ok(
      [...state.entities.member.values()].every((m) => m.workingHours),
      'member profiles with working hours',
    );
    assert.ok(
      [...state.entities.checkIn.values()].every((c) => c.at < `${END}T00:00`),
      'nothing checked in today yet',
    );
  });

  it('reuses a kept team with the same options and makes it again for another day', async () => {
    const dir = join(root, 'kept');
    const first = await scaleTeam(dir, { members: 2, years: 1, end: END });
    assert.equal(first.reused, false);
    const written = statSync(first.files[0]!).mtimeMs;
    const again = await scaleTeam(dir, { members: 2, years: 1, end: END });
    assert.equal(again.reused, true);
    assert.equal(statSync(again.files[0]!).mtimeMs, written);
    assert.deepEqual(again.counts, first.counts);
    const nextDay = await scaleTeam(dir, { members: 2, years: 1, end: '2026-12-01' });
    assert.equal(nextDay.reused, false);
    assert.ok(
      [...filesOf(dir)].filter(([name]) => !name.includes('/')).every(([, text]) => text.includes('2026-12-01')),
      'the live files were written for the new day',
    );
  });

  it('reads --scale as MEMBERSxYEARS', () => {
    assert.deepEqual(parseScale('50x5'), { members: 50, years: 5 });
    for (const wrong of ['50', '0x5', '51x5', '50x0', '50×5', 'x5']) assert.throws(() => parseScale(wrong), /--scale wants/, wrong);
  });
});
