/**
 * The store's cross-process lock and its file-descriptor use, under the faults of issue 9 §2
 * and §5: a window whose event loop stalls while it holds the lock, a lock folder dated in the
 * future, a write that waits for another window, temp files of killed writes, a file replaced
 * during a write, a file system that keeps whole seconds, and more member files than free
 * descriptors. Real child processes where the fault is another process.
 */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import fsModule from 'node:fs';
import { mkdir, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AccordStore, parseMemberFile } from '../../src/store';
import { checkInFields, checkInId, memberFileText, record, type TempWorkspace, tempWorkspace } from '../helpers/memberFiles';
import type { LoaderArgs, LoaderReport } from '../helpers/loader-child';
import { bundleChild, bundleWriterChild, Writer } from '../helpers/writers';

const MEMBER = 'sam';

/** Resolves once `condition()` holds, looking every 20 ms (the test's timeout bounds the wait). */
async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** Runs the loader child with at most `descriptors` open files (`ulimit -n`), and returns its report. */
function runLoader(script: string, args: LoaderArgs, descriptors = 256): Promise<LoaderReport> {
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      ['-c', `ulimit -n ${descriptors} && exec "$0" "$1" "$2"`, process.execPath, script, JSON.stringify(args)],
      { maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`loader failed: ${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout) as LoaderReport);
      },
    );
  });
}

function readOwnFile(ws: TempWorkspace) {
  return ws.read(MEMBER).then((text) => parseMemberFile(text, { file: 'sam.json', member: MEMBER }).data);
}

describe('store: locks and descriptor limits', function () {
  let scratch: TempWorkspace;
  let writerScript: string;
  let loaderScript: string;
  let ws: TempWorkspace;

  before(async function () {
    this.timeout(60_000);
    scratch = await tempWorkspace('accord-locks-build-');
    [writerScript, loaderScript] = await Promise.all([bundleWriterChild(scratch.root), bundleChild('loader-child', scratch.root)]);
  });
  after(() => scratch.cleanup());
  beforeEach(async () => {
    ws = await tempWorkspace('accord-locks-');
  });
  afterEach(() => ws.cleanup());

  it("keeps the check-ins a second window saved while the first stalled holding the lock, and the first one's too", async function () {
    // Window A takes the lock and its event loop stalls for 13 s (a debugger pause, a busy
    // extension), past the 10 s stale limit; window B then takes the lock as stale and saves
    // three check-ins. When A resumes it must not publish the copy it read before B's writes.
    this.timeout(45_000);
    const a = new Writer(writerScript, { root: ws.root, member: MEMBER, prefix: 'a', count: 1, stallFirstApplyMs: 13_000 });
    const order: string[] = [];
    a.child.on('message', (message: { type: string }) => message.type === 'done' && order.push('a'));
    await a.ready;
    await until(() => a.lastWriting === 0 && ws.lockExists(MEMBER));
    // A holds the lock (nobody else is writing): B starts now and has to wait for it.
    const b = new Writer(writerScript, { root: ws.root, member: MEMBER, prefix: 'b', count: 3 });
    b.child.on('message', (message: { type: string }) => message.type === 'done' && order.push('b'));
    const [exitA, exitB] = await Promise.all([a.closed, b.closed]);
    assert.equal(exitB.code, 0, `window B failed: ${b.failure ?? b.stderr}`);
    assert.equal(exitA.code, 0, `window A's update did not resolve: ${a.failure ?? a.stderr}`);
    assert.deepEqual(b.acknowledged, [0, 1, 2]);
    assert.deepEqual(a.acknowledged, [0]);
    // B saved while A was stalled (the case under test), and A found out and did its edit again.
    assert.equal(order[0], 'b', `B saved nothing before A finished: ${order.join(', ')}`);
    assert.ok(a.applies[0]! >= 2, 'A published without redoing its edit on a fresh read');

    const data = await readOwnFile(ws);
    assert.deepEqual(Object.keys(data.entities).sort(), [checkInId('a', 0), checkInId('b', 0), checkInId('b', 1), checkInId('b', 2)]);
    // Each write was made on top of all the others: four writes, clocks 1 … 4.
    const clocks = Object.values(data.entities)
      .map((entity) => entity.clocks.status!)
      .sort((x, y) => x - y);
    assert.deepEqual(clocks, [1, 2, 3, 4]);
    assert.equal(ws.lockExists(MEMBER), false);
  });

  it('writes at once past a lock folder dated an hour in the future (a corrected clock, a restored backup)', async function () {
    this.timeout(8_000);
    const lock = `${ws.fileOf(MEMBER)}.lock`;
    await mkdir(lock);
    const future = new Date(Date.now() + 3_600_000);
    await utimes(lock, future, future);
    const store = new AccordStore({ root: ws.root, me: MEMBER });
    await store.loadAll();
    await store.update((edit) => edit.set('ci-1', 'checkIn', checkInFields(MEMBER, 1)));
    assert.deepEqual(Object.keys((await readOwnFile(ws)).entities), ['ci-1']);
    assert.equal(ws.lockExists(MEMBER), false);
  });

  it("tells the person while a write waits for another window's lock, naming the file, and takes the notice away when it is written", async function () {
    this.timeout(15_000);
    const lock = `${ws.fileOf(MEMBER)}.lock`;
    await mkdir(lock);
    // Another window holds the lock and keeps it fresh, as proper-lockfile does every 2 s.
    const keepFresh = setInterval(() => {
      const now = new Date();
      fsModule.utimes(lock, now, now, () => undefined);
    }, 500);
    const events: string[] = [];
    let written = false;
    const store = new AccordStore({ root: ws.root, me: MEMBER });
    await store.loadAll();
    store.onLockWait((file) => {
      events.push(`wait ${file}${written ? ' after the write' : ''}`);
      // The other window finishes its write and lets go of the lock.
      clearInterval(keepFresh);
      void rm(lock, { recursive: true, force: true });
      return { dispose: () => events.push(written ? 'disposed after the write' : 'disposed') };
    });
    try {
      await store.update((edit) => edit.set('ci-1', 'checkIn', checkInFields(MEMBER, 1)));
      written = true;
    } finally {
      clearInterval(keepFresh);
    }
    assert.deepEqual(events, [`wait ${ws.displayPathOf(MEMBER)}`, 'disposed']);
    assert.deepEqual(Object.keys((await readOwnFile(ws)).entities), ['ci-1']);
  });

  it('leaves alone the lock of a window that took it over, and waits for that window before writing again', async function () {
    this.timeout(15_000);
    const lock = `${ws.fileOf(MEMBER)}.lock`;
    let keepFresh: NodeJS.Timeout | undefined;
    // The other window's lock: fresh, and later than the mtime this window gave its own (a
    // window takes a lock over only once the holder's mtime is 10 s old, and gives it its now).
    const freshMtime = () => new Date(Date.now() + 5_000);
    const events: string[] = [];
    const store = new AccordStore({ root: ws.root, me: MEMBER });
    await store.loadAll();
    store.onLockWait(() => {
      events.push(`waits, the other window's lock ${fsModule.existsSync(lock) ? 'still there' : 'gone'}`);
      // The other window finishes and lets go.
      clearInterval(keepFresh);
      fsModule.rmSync(lock, { recursive: true, force: true });
    });
    let applies = 0;
    try {
      await store.update((edit) => {
        if (applies++ === 0) {
          // While this window applies its edit, another one takes the lock over (as it does
          // when this window's lock looked stale) and keeps it fresh.
          fsModule.rmSync(lock, { recursive: true });
          fsModule.mkdirSync(lock);
          fsModule.utimesSync(lock, freshMtime(), freshMtime());
          keepFresh = setInterval(() => fsModule.utimes(lock, freshMtime(), freshMtime(), () => undefined), 500);
        }
        edit.set('ci-1', 'checkIn', checkInFields(MEMBER, 1));
      });
    } finally {
      clearInterval(keepFresh);
    }
    assert.equal(applies, 2);
    assert.deepEqual(events, ["waits, the other window's lock still there"]);
    assert.deepEqual(Object.keys((await readOwnFile(ws)).entities), ['ci-1']);
  });

  it('removes temp files of killed writes older than five minutes on the next write, and keeps young ones and every other file', async function () {
    this.timeout(8_000);
    const tenMinutesAgo = new Date(Date.now() - 10 * 60_000);
    const aMinuteAgo = new Date(Date.now() - 60_000);
    const files: Array<[name: string, at: Date]> = [
      ['sam.json.5f3a9c0e21b7.tmp', tenMinutesAgo], // ours (writeFileAtomically), killed before its rename
      ['sam.json.3318425710', tenMinutesAgo], // write-file-atomic's, from the store before this one
      ['sam.json.9e8d7c6b5a41.tmp', aMinuteAgo], // young: maybe a write in progress in another window
      ['sam.json.1234567890', aMinuteAgo],
      ['sam.json.orig', tenMinutesAgo], // the person's own files
      ['notes.txt', tenMinutesAgo],
      ['bob.json', tenMinutesAgo],
    ];
    for (const [name, at] of files) {
      await writeFile(join(ws.peopleDir, name), name === 'bob.json' ? memberFileText('bob', {}) : '{"partial":');
      await utimes(join(ws.peopleDir, name), at, at);
    }
    // A folder with a temp file's name is not a temp file.
    await mkdir(join(ws.peopleDir, 'sam.json.00112233aabb.tmp'));
    await utimes(join(ws.peopleDir, 'sam.json.00112233aabb.tmp'), tenMinutesAgo, tenMinutesAgo);

    const store = new AccordStore({ root: ws.root, me: MEMBER });
    await store.loadAll();
    await store.update((edit) => edit.set('ci-1', 'checkIn', checkInFields(MEMBER, 1)));
    const names = () => readdir(ws.peopleDir).then((list) => list.sort());
    await until(async () => !(await names()).some((name) => name === 'sam.json.5f3a9c0e21b7.tmp' || name === 'sam.json.3318425710'));
    assert.deepEqual(await names(), [
      'bob.json',
      'notes.txt',
      'sam.json',
      'sam.json.00112233aabb.tmp',
      'sam.json.1234567890',
      'sam.json.9e8d7c6b5a41.tmp',
      'sam.json.orig',
    ]);
  });

  it('re-reads and merges when the file is replaced between the read and the rename (a git pull during a write)', async () => {
    const store = new AccordStore({ root: ws.root, me: MEMBER });
    await store.loadAll();
    await store.update((edit) => edit.set('ci-1', 'checkIn', checkInFields(MEMBER, 1)));
    let applies = 0;
    await store.update((edit) => {
      if (applies++ === 0) {
        // While this edit is applied under the lock, git replaces the file (a new file renamed
        // over it, as git checkout does) with one holding a check-in from the person's laptop.
        const pulled = memberFileText(MEMBER, {
          'ci-1': record('checkIn', checkInFields(MEMBER, 1), 1),
          'ci-laptop': record('checkIn', checkInFields(MEMBER, 7), 5),
        });
        fsModule.writeFileSync(`${ws.fileOf(MEMBER)}.pulled`, pulled);
        fsModule.renameSync(`${ws.fileOf(MEMBER)}.pulled`, ws.fileOf(MEMBER));
      }
      edit.set('ci-2', 'checkIn', checkInFields(MEMBER, 2));
    });
    assert.equal(applies, 2);
    const data = await readOwnFile(ws);
    assert.deepEqual(Object.keys(data.entities).sort(), ['ci-1', 'ci-2', 'ci-laptop']);
    // The redone edit is stamped after the pulled file's clocks.
    assert.equal(data.entities['ci-2']!.clocks.status, 6);
    assert.deepEqual([...store.state.entities.checkIn.keys()].sort(), ['ci-1', 'ci-2', 'ci-laptop']);
  });

  it('writes on a file system that keeps whole seconds (ext3 with small inodes, HFS+, many network shares)', async function () {
    this.timeout(8_000);
    // Such a file system drops the milliseconds of every mtime it is given. Checked against a
    // real ext2 mount (mkfs.ext2 -I 128): the same refusal as here.
    const original = fsModule.utimes;
    const wholeSeconds = (time: fsModule.TimeLike) => new Date(Math.floor(new Date(time as Date).getTime() / 1000) * 1000);
    fsModule.utimes = ((path: fsModule.PathLike, atime: fsModule.TimeLike, mtime: fsModule.TimeLike, callback: fsModule.NoParamCallback) =>
      original(path, wholeSeconds(atime), wholeSeconds(mtime), callback)) as typeof fsModule.utimes;
    try {
      const store = new AccordStore({ root: ws.root, me: MEMBER });
      await store.loadAll();
      await store.update((edit) => edit.set('ci-1', 'checkIn', checkInFields(MEMBER, 1)));
    } finally {
      fsModule.utimes = original;
    }
    assert.deepEqual(Object.keys((await readOwnFile(ws)).entities), ['ci-1']);
  });

  describe('with few file descriptors', () => {
    it('loads 3,000 member files in a process limited to 256 open files, none reported broken', async function () {
      this.timeout(40_000);
      const count = 3000;
      const names = Array.from({ length: count }, (_, i) => `m${i}`);
      for (let i = 0; i < count; i += 100) {
        await Promise.all(
          names
            .slice(i, i + 100)
            .map((member, j) => ws.write(member, memberFileText(member, { [`ci-${member}`]: record('checkIn', checkInFields(member, i + j), 1) }))),
        );
      }
      const report = await runLoader(loaderScript, { mode: 'load', root: ws.root, me: 'm0' });
      assert.equal(report.errors.length, 0, `${report.errors.length} files reported, the first: ${report.errors[0]}`);
      assert.equal(report.thrown, undefined);
      assert.equal(report.members, count);
      assert.equal(report.checkIns, count);
    });

    it('reads a member file again when no descriptor was free, instead of reporting it unreadable', async function () {
      this.timeout(15_000);
      await ws.write(MEMBER, memberFileText(MEMBER, { 'ci-1': record('checkIn', checkInFields(MEMBER, 1), 1) }));
      const report = await runLoader(loaderScript, { mode: 'exhausted', root: ws.root, me: 'viewer', action: 'reloadMember', member: MEMBER });
      assert.ok(report.descriptorShortages >= 1, 'the read never met EMFILE: the test proves nothing');
      assert.equal(report.thrown, undefined);
      assert.deepEqual(report.errors, []);
      assert.equal(report.members, 1);
      assert.equal(report.checkIns, 1);
    });

    it('lists the data folder again when no descriptor was free, instead of failing the whole load', async function () {
      this.timeout(15_000);
      await ws.write(MEMBER, memberFileText(MEMBER, { 'ci-1': record('checkIn', checkInFields(MEMBER, 1), 1) }));
      const report = await runLoader(loaderScript, { mode: 'exhausted', root: ws.root, me: 'viewer', action: 'loadAll' });
      assert.ok(report.descriptorShortages >= 1, 'the load never met EMFILE: the test proves nothing');
      assert.equal(report.thrown, undefined);
      assert.deepEqual(report.errors, []);
      assert.equal(report.members, 1);
      assert.equal(report.checkIns, 1);
    });
  });
});
