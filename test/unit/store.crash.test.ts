/**
 * A window that dies in the middle of a check-in (VS Code crash, machine power loss, kill -9)
 * must leave its member file as it was before that write or as it is after it: never torn,
 * never empty, never losing a write that had been acknowledged.
 */
import { strict as assert } from 'node:assert';
import { readdir, readFile, rm } from 'node:fs/promises';
import type { EntityRecord } from '../../src/core';
import { AccordStore, CURRENT_SCHEMA, type MemberFileData, parseMemberFile, serializeMemberFile } from '../../src/store';
import { checkInFields, checkInId, type TempWorkspace, tempWorkspace } from '../helpers/memberFiles';
import { bundleWriterChild, Writer } from '../helpers/writers';

const MEMBER = 'sam';
const PREFIX = 'w';
const LANES = 2;
const ROUNDS_PER_LANE = 100;

/** The exact file after the writer's first n check-ins: write k stamps every field with clock k + 1. */
function stateAfter(n: number): MemberFileData {
  const entities: Record<string, EntityRecord> = {};
  for (let k = 0; k < n; k++) {
    const fields = checkInFields(MEMBER, k);
    const clocks = Object.fromEntries(Object.keys(fields).map((name) => [name, k + 1]));
    entities[checkInId(PREFIX, k)] = { kind: 'checkIn', fields, clocks };
  }
  return { schema: CURRENT_SCHEMA, member: MEMBER, clock: n, entities };
}

function randomInt(max: number): number {
  return Math.floor(Math.random() * (max + 1));
}

interface LaneReport {
  kills: number;
  /** Rounds killed while an update was under way (announced, not acknowledged). */
  killedMidWrite: number;
  /** Rounds where the new state reached the disk but its acknowledgment did not reach us. */
  newerThanAcknowledged: number;
  /** Temp files the atomic writer had not renamed yet when the writer died. */
  strandedTempFiles: number;
  finalCount: number;
}

async function runLane(script: string, ws: TempWorkspace, lane: number): Promise<LaneReport> {
  const file = ws.fileOf(MEMBER);
  const report: LaneReport = { kills: 0, killedMidWrite: 0, newerThanAcknowledged: 0, strandedTempFiles: 0, finalCount: 0 };
  let count = 0;
  for (let round = 0; round < ROUNDS_PER_LANE; round++) {
    const writer = new Writer(script, { root: ws.root, member: MEMBER, prefix: PREFIX });
    const killAtWriting = round % 3 === lane % 3;
    if (killAtWriting) {
      // Right after it says it is writing: somewhere in taking the lock, reading, writing the temp file, fsync, rename.
      const target = randomInt(4);
      let seen = 0;
      writer.onWriting = () => {
        if (seen++ === target) writer.kill();
      };
    }
    const start = await writer.ready;
    assert.equal(start, count, `round ${round}: a new writer must find the ${count} check-ins on disk`);
    if (!killAtWriting) {
      const delay = randomInt(30);
      await new Promise((resolve) => setTimeout(resolve, delay));
      writer.kill();
    }
    const exit = await writer.closed;
    assert.equal(exit.signal, 'SIGKILL', `round ${round}: the writer should have been killed, it ended with ${exit.code} ${writer.failure ?? writer.stderr}`);
    report.kills++;
    // The dead writer's lock (a directory next to the file) would make the next writer wait
    // until it is stale (10 s); it is known dead, so clear it as its restart would after the wait.
    await rm(`${file}.lock`, { recursive: true, force: true });

    const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' && writer.lastDone < 0 && count === 0) return undefined; // killed before its first write landed
      throw error;
    });
    const acknowledged = writer.lastDone + 1;
    if (text === undefined) {
      assert.equal(acknowledged, 0);
      continue;
    }
    // The file always parses, as exactly the state after some number n of writes …
    const parsed = parseMemberFile(text, { file: 'sam.json', member: MEMBER });
    const n = parsed.data.clock;
    assert.equal(text, serializeMemberFile(stateAfter(n)), `round ${round}: the file is not exactly the state after ${n} writes`);
    // … that is the state before the interrupted write or after it: nothing acknowledged is lost.
    const before = Math.max(acknowledged, count);
    assert.ok(n === before || n === before + 1, `round ${round}: the file has ${n} check-ins, expected ${before} (old) or ${before + 1} (new)`);
    if (writer.lastWriting >= acknowledged) report.killedMidWrite++;
    if (n === before + 1) report.newerThanAcknowledged++;
    count = n;

    // What a user would see on reopening: the workspace loads, with no error and every check-in.
    const viewer = new AccordStore({ root: ws.root, me: 'viewer' });
    await viewer.loadAll();
    assert.deepEqual(viewer.errors, []);
    assert.equal(viewer.state.entities.checkIn.size, n);
  }
  const leftovers = (await readdir(ws.peopleDir)).filter((name) => name !== `${MEMBER}.json`);
  report.strandedTempFiles = leftovers.length;
  assert.ok(
    leftovers.every((name) => name.startsWith(`${MEMBER}.json.`)),
    `unexpected files: ${leftovers.join(', ')}`,
  );
  report.finalCount = count;
  return report;
}

describe('store: a writer killed in the middle of writing', function () {
  this.timeout(180_000);
  let scratch: TempWorkspace;
  let script: string;
  const lanes: TempWorkspace[] = [];

  before(async () => {
    scratch = await tempWorkspace('accord-crash-build-');
    script = await bundleWriterChild(scratch.root);
    for (let i = 0; i < LANES; i++) lanes.push(await tempWorkspace('accord-crash-'));
  });

  after(async () => {
    await Promise.all([scratch, ...lanes].map((ws) => ws?.cleanup()));
  });

  it(`leaves the file as exactly the old or the new state, over ${LANES * ROUNDS_PER_LANE} kills`, async () => {
    const reports = await Promise.all(lanes.map((ws, lane) => runLane(script, ws, lane)));
    const total = reports.reduce(
      (sum, r) => ({
        kills: sum.kills + r.kills,
        killedMidWrite: sum.killedMidWrite + r.killedMidWrite,
        newerThanAcknowledged: sum.newerThanAcknowledged + r.newerThanAcknowledged,
        strandedTempFiles: sum.strandedTempFiles + r.strandedTempFiles,
        finalCount: sum.finalCount + r.finalCount,
      }),
      { kills: 0, killedMidWrite: 0, newerThanAcknowledged: 0, strandedTempFiles: 0, finalCount: 0 },
    );
    assert.ok(total.kills >= 200, `only ${total.kills} kills`);
    // The test is only worth something if many kills landed inside an update.
    assert.ok(total.killedMidWrite >= total.kills / 4, `only ${total.killedMidWrite} of ${total.kills} kills landed during a write`);
    // And the writers made progress between kills.
    assert.ok(total.finalCount > 0);
    console.log(
      `      ${total.kills} kills, ${total.killedMidWrite} during a write, ${total.newerThanAcknowledged} with the new state on disk before its acknowledgment, ${total.strandedTempFiles} temp files left behind, ${total.finalCount} check-ins written`,
    );
  });
});
