/**
 * The store under the faults of issue 9, each a kind: clocks from a partner's file, line
 * endings of git on Windows, links and special files in the data folder, nesting and size
 * limits, numbers JSON cannot hold, entity ids that are Object.prototype's names, and the
 * files Accord writes beside the member files.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EntityRecord, MAX_CLOCK, MAX_TRUSTED_CLOCK } from '../../src/core';
import {
  AccordFileError,
  AccordStore,
  AccordWriteError,
  canonicalJson,
  describeWriteError,
  MAX_DEPTH,
  parseMemberFile,
  safeDataFolder,
  serializeMemberFile,
} from '../../src/store';
import { checkInFields, goalFields, record, tempWorkspace, type TempWorkspace } from '../helpers/memberFiles';

/** A member file's canonical text with the file clock given (not derived from its records). */
function fileText(member: string, clock: number, entities: Record<string, EntityRecord>): string {
  return serializeMemberFile({ schema: 1, member, clock, entities });
}

const ME = 'alice';
const PARTNER = 'bob';

describe('store: faults from the field', () => {
  let ws: TempWorkspace;
  beforeEach(async () => {
    ws = await tempWorkspace('accord-faults-');
  });
  afterEach(() => ws.cleanup());

  const open = async (me = ME) => {
    const store = new AccordStore({ root: ws.root, me });
    await store.loadAll();
    return store;
  };
  const ownData = async () =>
    JSON.parse(await ws.read(ME)) as {
      clock: number;
      entities: Record<string, { kind?: string; fields: Record<string, unknown>; clocks: Record<string, number> }>;
    };
  const profile = (name: string) => record('member', { name, timeZone: 'Europe/Berlin', capacityHours: 10 }, 1);

  describe('clocks', () => {
    it('names a partner file whose clock is beyond the ceiling, and my writes stay safe, increasing and readable', async () => {
      await ws.write(ME, fileText(ME, 1, { [`member:${ME}`]: profile('Alice') }));
      await ws.write(PARTNER, fileText(PARTNER, Number.MAX_SAFE_INTEGER, { [`member:${PARTNER}`]: profile('Bob') }));
      const store = await open();
      assert.deepEqual(
        store.errors.map((e) => [e.file, e.line]),
        [[ws.displayPathOf(PARTNER), (await ws.read(PARTNER)).split('\n').indexOf('  "clock": 9007199254740991,') + 1]],
      );
      assert.match(store.errors[0]!.reason, /"clock" must be a whole number from 0 to 1099511627776/);
      await store.update((edit) => edit.set('ci-1', 'checkIn', checkInFields(ME, 1)));
      const first = (await ownData()).clock;
      await store.update((edit) => edit.set('ci-2', 'checkIn', checkInFields(ME, 2)));
      const second = await ownData();
      assert.ok(Number.isSafeInteger(second.clock) && second.clock > first && first < 10, `clocks ${first} then ${second.clock}`);
      // A fresh window reads my file and all of my check-ins, and can write.
      const fresh = await open();
      assert.deepEqual(
        fresh.errors.map((e) => e.file),
        [ws.displayPathOf(PARTNER)],
      );
      assert.deepEqual([...fresh.state.entities.checkIn.keys()].sort(), ['ci-1', 'ci-2']);
      await fresh.update((edit) => edit.set('ci-3', 'checkIn', checkInFields(ME, 3)));
    });

    it('refuses a field clock or tombstone beyond the ceiling, naming its line', async () => {
      const fields = { name: 'Bob', timeZone: 'Europe/Berlin', capacityHours: 10 };
      const tooHigh = { kind: 'member', fields, clocks: { name: 1, timeZone: MAX_CLOCK + 1, capacityHours: 1 } };
      await ws.write(PARTNER, fileText(PARTNER, 3, { [`member:${PARTNER}`]: tooHigh }));
      let store = await open();
      assert.equal(store.errors.length, 1);
      assert.match(store.errors[0]!.reason, /The clock of "timeZone" of "member:bob" must be a whole number from 0 to/);
      assert.equal(store.errors[0]!.line, (await ws.read(PARTNER)).split('\n').findIndex((l) => l.includes('"timeZone": 1099511627777')) + 1);
      await ws.write(PARTNER, fileText(PARTNER, 3, { [`member:${PARTNER}`]: { ...profile('Bob'), deleted: 2 ** 53 } }));
      store = await open();
      assert.match(store.errors[0]!.reason, /"deleted" of "member:bob" must be a whole number from 0 to/);
      // At the ceiling itself a partner's file is read, and named; it does not push my writes past the
      // ceiling, where no one could read them: mine stay readable, safe and increasing.
      await ws.write(PARTNER, fileText(PARTNER, MAX_CLOCK, { [`member:${PARTNER}`]: profile('Bob'), team: record('team', { cycleDays: 7 }, MAX_CLOCK) }));
      store = await open();
      assert.deepEqual(
        store.errors.map((e) => [e.file, e.problem]),
        [[ws.displayPathOf(PARTNER), 'clock-ceiling']],
      );
      assert.equal(store.state.entities.member.get(`member:${PARTNER}`)?.name, 'Bob');
      await store.update((edit) => edit.set('ci-1', 'checkIn', checkInFields(ME, 1)));
      assert.equal((await ownData()).clock, MAX_TRUSTED_CLOCK + 1);
      await store.update((edit) => edit.set('ci-2', 'checkIn', checkInFields(ME, 2)));
      assert.equal((await ownData()).clock, MAX_TRUSTED_CLOCK + 2);
      const fresh = await open();
      assert.deepEqual(
        fresh.errors.map((e) => e.problem),
        ['clock-ceiling'],
      );
      assert.deepEqual([...fresh.state.entities.checkIn.keys()].sort(), ['ci-1', 'ci-2']);
      // The partner restores the file: the note goes.
      await ws.write(PARTNER, fileText(PARTNER, 3, { [`member:${PARTNER}`]: profile('Bob') }));
      await fresh.reloadMember(PARTNER);
      assert.deepEqual(fresh.errors, []);
    });

    it('stamps my next edit above every field clock it merged, not only the file clocks', async () => {
      const store0 = await open();
      await store0.update((edit) => edit.set('ci-1', 'checkIn', { ...checkInFields(ME, 1), note: 'my own words' }));
      // A partner's file with file clock 3 but one field clock of 1,000,000 on my check-in.
      await ws.write(PARTNER, fileText(PARTNER, 3, { 'ci-1': { kind: 'checkIn', fields: { note: 'bob wrote this' }, clocks: { note: 1_000_000 } } }));
      const store = await open();
      await store.update((edit) => edit.set('ci-1', 'checkIn', { note: 'alice corrects it' }));
      assert.ok((await ownData()).entities['ci-1']!.clocks.note! > 1_000_000);
      assert.equal((await open()).state.merged.get('ci-1')!.fields.get('note')!.value, 'alice corrects it');
    });

    it('stamps my next edit above a tombstone clock in my own file', async () => {
      await ws.write(ME, fileText(ME, 2, { 'g-1': { ...record('goal', goalFields(ME, 'Old'), 1), deleted: 50 } }));
      const store = await open();
      await store.update((edit) => edit.set('ci-1', 'checkIn', checkInFields(ME, 1)));
      assert.equal((await ownData()).clock, 51);
    });
  });

  describe('line endings', () => {
    const conflicted = (eol: string) => {
      const side = (title: string, clock: number) => fileText(ME, clock, { 'g-1': record('goal', goalFields(ME, title), clock) }).split('\n');
      const ours = side('From desktop', 5);
      const theirs = side('From laptop', 4);
      const lines: string[] = [];
      for (let i = 0; i < ours.length; i++) {
        if (ours[i] === theirs[i]) lines.push(ours[i]!);
        else lines.push('<<<<<<< HEAD', ours[i]!, '=======', theirs[i]!, '>>>>>>> laptop');
      }
      return lines.join(eol);
    };

    for (const [label, eol] of [
      ['LF', '\n'],
      ['CRLF', '\r\n'],
    ] as const) {
      it(`merges both sides of my own conflicted file written with ${label}`, async () => {
        await ws.write(ME, conflicted(eol));
        const store = await open();
        assert.deepEqual(store.errors, []);
        assert.equal(store.state.entities.goal.get('g-1')?.title, 'From desktop');
        await store.update((edit) => edit.set('ci-1', 'checkIn', checkInFields(ME, 1)));
        const text = await ws.read(ME);
        assert.ok(!text.includes('<<<<<<<') && !text.includes('\r'), 'the next write leaves canonical LF JSON without markers');
      });
    }

    it("reads CRLF and mixed line endings, and names a partner's CRLF conflict as a conflict", async () => {
      const text = fileText(PARTNER, 1, { [`member:${PARTNER}`]: profile('Bob') });
      await ws.write(PARTNER, text.replace(/\n/g, '\r\n'));
      await ws.write(
        'carol',
        fileText('carol', 1, { 'member:carol': profile('Carol') })
          .split('\n')
          .map((l, i) => l + (i % 2 ? '\r' : ''))
          .join('\n'),
      );
      let store = await open();
      assert.deepEqual(store.errors, []);
      assert.deepEqual([...store.state.entities.member.keys()].sort(), ['member:bob', 'member:carol']);
      await ws.write(PARTNER, conflicted('\r\n').replaceAll(`"${ME}"`, `"${PARTNER}"`));
      store = await open();
      assert.equal(store.errors[0]?.problem, 'conflict');
      assert.equal(store.state.entities.member.get('member:bob')?.name, undefined, 'a fresh window has no last good data of it');
    });

    it('reports a syntax error after a byte-order mark at the column an editor shows', () => {
      const body = '{\n  "schema": 1,\n  "member": "carol",\n  "clock": 1,\n  "entities": {,\n  }\n}\n';
      for (const text of [body, `\uFEFF${body}`]) {
        const error = catchError(() => parseMemberFile(text, { file: 'carol.json', member: 'carol' }));
        assert.deepEqual([error.line, error.column], [5, 16]);
      }
    });

    it("removes old temp files of killed writes of .gitignore and the covenant, keeping young ones and the person's files", async () => {
      const { utimesSync } = await import('node:fs');
      const folder = join(ws.root, '.accord');
      const old = ['.gitignore.0a1b2c3d4e5f.tmp', 'covenant.md.0a1b2c3d4e5f.tmp'];
      const kept = ['.gitignore.ffeeddccbbaa.tmp', 'notes.tmp', 'covenant.md'];
      for (const name of [...old, ...kept]) writeFileSync(join(folder, name), 'x');
      const hourAgo = new Date(Date.now() - 3_600_000);
      for (const name of [...old, 'notes.tmp', 'covenant.md']) utimesSync(join(folder, name), hourAgo, hourAgo);
      const store = await open();
      await store.update((edit) => edit.set('ci-1', 'checkIn', checkInFields(ME, 1)));
      for (let i = 0; i < 100 && old.some((name) => existsSync(join(folder, name))); i++) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.deepEqual(
        old.filter((name) => existsSync(join(folder, name))),
        [],
      );
      assert.deepEqual(
        kept.filter((name) => !existsSync(join(folder, name))),
        [],
      );
    });

    it("writes .accord/.gitattributes once, never over the person's own", async () => {
      const store = await open();
      await store.update((edit) => edit.set('ci-1', 'checkIn', checkInFields(ME, 1)));
      const path = join(ws.root, '.accord', '.gitattributes');
      assert.match(await readFile(path, 'utf8'), /^\* text eol=lf$/m);
      await writeFile(path, '*.json binary\n');
      await store.update((edit) => edit.set('ci-2', 'checkIn', checkInFields(ME, 2)));
      assert.equal(await readFile(path, 'utf8'), '*.json binary\n');
    });

    it("repairs an empty or partial .accord/.gitignore on the next write, keeping the person's lines", async () => {
      const path = join(ws.root, '.accord', '.gitignore');
      await writeFile(path, '');
      const store = await open();
      await store.update((edit) => edit.set('ci-1', 'checkIn', checkInFields(ME, 1)));
      const repaired = await readFile(path, 'utf8');
      assert.match(repaired, /^people\/\*\.json\.\*$/m);
      assert.match(repaired, /^people\/\*\.lock$/m);
      assert.match(repaired, /^\*\.tmp$/m);
      await writeFile(path, 'notes/\npeople/*.lock\n');
      await store.update((edit) => edit.set('ci-2', 'checkIn', checkInFields(ME, 2)));
      const merged = await readFile(path, 'utf8');
      assert.ok(merged.startsWith('notes/\npeople/*.lock\n'), merged);
      assert.equal(merged.match(/people\/\*\.lock/g)!.length, 1);
      assert.match(merged, /^people\/\*\.json\.\*$/m);
    });
  });

  describe('links and special files', () => {
    let outside: string;
    beforeEach(async () => {
      outside = await mkdtemp(join(tmpdir(), 'accord-outside-'));
    });
    afterEach(() => rm(outside, { recursive: true, force: true }));

    it('never writes through my own file when it is a symbolic link, and names it', async () => {
      const target = join(outside, 'target.json');
      writeFileSync(target, fileText(ME, 1, { [`member:${ME}`]: profile('Alice') }));
      symlinkSync(target, ws.fileOf(ME));
      const store = await open();
      assert.equal(store.errors[0]?.problem, 'not-a-file');
      assert.match(store.errors[0]!.message, /\.accord\/people\/alice\.json: It is a symbolic link, not a regular file/);
      await assert.rejects(
        store.update((edit) => edit.set('ci-1', 'checkIn', checkInFields(ME, 1))),
        AccordFileError,
      );
      assert.equal(await readFile(target, 'utf8'), fileText(ME, 1, { [`member:${ME}`]: profile('Alice') }));
    });

    for (const linked of ['.accord/people', '.accord'] as const) {
      it(`writes nothing outside the workspace when ${linked} is a link out of it`, async () => {
        await rm(join(ws.root, linked), { recursive: true });
        if (linked === '.accord/people') mkdirSync(join(ws.root, '.accord'), { recursive: true });
        else mkdirSync(join(outside, 'people'));
        symlinkSync(outside, join(ws.root, linked));
        const before = readdirSync(outside, { recursive: true });
        const store = await open();
        assert.equal(store.errors[0]?.problem, 'outside-workspace');
        await assert.rejects(
          store.update((edit) => edit.set('ci-1', 'checkIn', checkInFields(ME, 1))),
          /leads outside the workspace folder/,
        );
        assert.deepEqual(readdirSync(outside, { recursive: true }), before);
      });
    }

    it('reads and creates the covenant as untrusted: regular files only, inside the workspace, created only when absent', async () => {
      const store = await open();
      assert.equal(await store.readDataFile('covenant.md', 1024), undefined);
      assert.equal(await store.createDataFile('covenant.md', '# Ours\n'), true);
      assert.equal(await store.createDataFile('covenant.md', '# Replaced?\n'), false);
      assert.equal(await store.readDataFile('covenant.md', 1024), '# Ours\n');
      await assert.rejects(
        store.readDataFile('covenant.md', 3),
        (e: unknown) => e instanceof AccordFileError && e.problem === 'too-large' && e.file === '.accord/covenant.md',
      );
      await rm(join(ws.root, '.accord', 'covenant.md'));
      symlinkSync('/dev/zero', join(ws.root, '.accord', 'covenant.md'));
      await assert.rejects(store.readDataFile('covenant.md', 1024), (e: unknown) => e instanceof AccordFileError && e.problem === 'outside-workspace');
      await rm(join(ws.root, '.accord', 'covenant.md'));
      execFileSync('mkfifo', [join(ws.root, 'pipe')]);
      symlinkSync(join(ws.root, 'pipe'), join(ws.root, '.accord', 'covenant.md'));
      await assert.rejects(store.readDataFile('covenant.md', 1024), (e: unknown) => e instanceof AccordFileError && e.problem === 'not-a-file');
      assert.equal(await store.createDataFile('covenant.md', '# Ours\n'), false);
      assert.deepEqual(
        readdirSync(join(ws.root, '.accord')).filter((n) => n.endsWith('.tmp')),
        [],
      );
    });

    it('creates no covenant outside the workspace through a linked data folder', async () => {
      await rm(join(ws.root, '.accord'), { recursive: true });
      symlinkSync(outside, join(ws.root, '.accord'));
      const store = await open();
      await assert.rejects(store.createDataFile('covenant.md', '# Ours\n'), /leads outside the workspace folder/);
      await assert.rejects(store.readDataFile('covenant.md', 1024), (e: unknown) => e instanceof AccordFileError && e.problem === 'outside-workspace');
      assert.deepEqual(readdirSync(outside), []);
    });

    it('refuses at once, naming it, a file or a link where the lock folder goes, and touches nothing it points to', async () => {
      const store = await open();
      writeFileSync(`${ws.fileOf(ME)}.lock`, 'committed by mistake');
      const error = await store.update((edit) => edit.set('ci-1', 'checkIn', checkInFields(ME, 1))).catch((e: unknown) => e);
      assert.ok(error instanceof AccordWriteError && error.code === 'ELOCKPATH', String(error));
      assert.match(error.message, /\.accord\/people\/alice\.json\.lock, where Accord keeps its lock.*Remove \.accord\/people\/alice\.json\.lock/);
      await rm(`${ws.fileOf(ME)}.lock`);
      const past = new Date('2020-01-01T00:00:00Z');
      const { utimesSync, statSync } = await import('node:fs');
      utimesSync(outside, past, past);
      symlinkSync(outside, `${ws.fileOf(ME)}.lock`);
      await assert.rejects(
        store.update((edit) => edit.set('ci-1', 'checkIn', checkInFields(ME, 1))),
        (e: unknown) => e instanceof AccordWriteError && e.code === 'ELOCKPATH',
      );
      assert.equal(statSync(outside).mtime.getTime(), past.getTime(), 'the folder the link points to is untouched');
    });

    it('names a data folder that is a link in a circle, and still loads', async () => {
      await rm(ws.peopleDir, { recursive: true });
      symlinkSync(ws.peopleDir, ws.peopleDir);
      const store = await open();
      assert.equal(store.errors.length, 1);
      assert.match(store.errors[0]!.message, /\.accord\/people.*(ELOOP|circle)/);
      await assert.rejects(
        store.update((edit) => edit.set('ci-1', 'checkIn', checkInFields(ME, 1))),
        (e: unknown) => e instanceof AccordWriteError && /leads in a circle/.test(e.message),
      );
    });

    it('follows a data folder link that stays inside the workspace', async () => {
      mkdirSync(join(ws.root, 'team-data', 'people'), { recursive: true });
      await rm(join(ws.root, '.accord'), { recursive: true });
      symlinkSync(join(ws.root, 'team-data'), join(ws.root, '.accord'));
      const store = await open();
      await store.update((edit) => edit.set('ci-1', 'checkIn', checkInFields(ME, 1)));
      assert.ok(existsSync(join(ws.root, 'team-data', 'people', 'alice.json')));
    });

    it('names links to devices and pipes, and a folder, without reading them, and loads everyone else', async () => {
      await ws.write(PARTNER, fileText(PARTNER, 1, { [`member:${PARTNER}`]: profile('Bob') }));
      symlinkSync('/dev/zero', ws.fileOf('eve'));
      symlinkSync('/dev/stdin', ws.fileOf('mallory'));
      execFileSync('mkfifo', [ws.fileOf('trent')]);
      mkdirSync(ws.fileOf('oscar'));
      const store = await open();
      assert.deepEqual(
        store.errors.map((e) => [e.file, e.problem]).sort(),
        ['eve', 'mallory', 'oscar', 'trent'].map((m) => [ws.displayPathOf(m), 'not-a-file']),
      );
      assert.match(store.errors.find((e) => e.file.includes('trent'))!.reason, /pipe \(FIFO\)/);
      assert.deepEqual([...store.state.entities.member.keys()], ['member:bob']);
    });
  });

  describe('limits', () => {
    it('refuses a value nested deeper than the limit in my own file, naming the line, and never overwrites it', async () => {
      const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
      const text = fileText(ME, 1, { [`member:${ME}`]: profile('Alice') }).replace('"kind": "member"', `"kind": "member",\n      "extra": ${deep}`);
      await ws.write(ME, text);
      const store = await open();
      assert.equal(store.errors[0]?.problem, 'too-deep');
      assert.equal(store.errors[0]?.line, text.split('\n').findIndex((l) => l.includes('"extra"')) + 1);
      await assert.rejects(
        store.update((edit) => edit.set('ci-1', 'checkIn', checkInFields(ME, 1))),
        AccordFileError,
      );
      assert.equal(await ws.read(ME), text);
    });

    it('accepts nesting up to the limit and refuses one level more, in a field of a newer Accord', async () => {
      // The file, entities, the record and fields are four levels; the value brings the rest.
      const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
      const withField = (levels: number) =>
        fileText(PARTNER, 1, { [`member:${PARTNER}`]: profile('Bob') })
          .replace('"name": "Bob"', `"name": "Bob",\n        "future": ${nested(levels)}`)
          .replace('"name": 1', '"future": 1,\n        "name": 1');
      await ws.write(PARTNER, withField(MAX_DEPTH - 4));
      assert.deepEqual((await open()).errors, []);
      await ws.write(PARTNER, withField(MAX_DEPTH - 3));
      assert.equal((await open()).errors[0]?.problem, 'too-deep');
    });

    it('refuses a file of nothing but brackets before building it', async () => {
      const depth = 2_000_000;
      await ws.write(
        'eve',
        `{"schema":1,"member":"eve","clock":1,"entities":{"x-1":{"kind":"futureKind","fields":{"deep":${'['.repeat(depth)}${']'.repeat(depth)}},"clocks":{"deep":1}}}}`,
      );
      const flat = `{"schema":1,"member":"mallory","clock":1,"entities":{"x-1":{"kind":"futureKind","fields":{"wide":[${Array(1_100_000).fill('[]').join(',')}]},"clocks":{"wide":1}}}}`;
      await ws.write('mallory', flat);
      const store = await open();
      assert.deepEqual(store.errors.map((e) => [e.file, e.problem]).sort(), [
        [ws.displayPathOf('eve'), 'too-deep'],
        [ws.displayPathOf('mallory'), 'too-large'],
      ]);
    });

    it('reads files up to a byte budget for the whole team: mine always, then the smallest, and names the rest', async () => {
      const big = (member: string, notes: number) =>
        fileText(member, 1, {
          [`member:${member}`]: profile(member),
          'ci-x': record('checkIn', { ...checkInFields(member, 1), note: 'x'.repeat(notes) }, 1),
        }).replaceAll('ci-x', `ci-${member}`);
      await ws.write(ME, big(ME, 3000));
      await ws.write(PARTNER, big(PARTNER, 100));
      await ws.write('carol', big('carol', 2000));
      const store = new AccordStore({ root: ws.root, me: ME, maxTeamBytes: 5000 });
      await store.loadAll();
      assert.deepEqual(store.members, [ME, PARTNER]);
      assert.deepEqual(
        store.errors.map((e) => [e.file, e.problem]),
        [[ws.displayPathOf('carol'), 'over-team-budget']],
      );
    });

    it('refuses 1e400 in a field a newer Accord might write, in my own file, at load, naming its line', async () => {
      const text = fileText(ME, 1, { 'x-1': record('futureKind', { size: 2 }, 1) }).replace('"size": 2', '"size": 1e400');
      await ws.write(ME, text);
      const store = await open();
      assert.match(store.errors[0]?.reason ?? '', /Field "size" of futureKind "x-1" holds a number too large for JSON/);
      assert.equal(store.errors[0]?.line, text.split('\n').findIndex((l) => l.includes('1e400')) + 1);
      await assert.rejects(
        store.update((edit) => edit.set('ci-1', 'checkIn', checkInFields(ME, 1))),
        AccordFileError,
      );
      assert.equal(await ws.read(ME), text);
    });

    it('refuses 1e400 in a file, and an infinite number in an edit, without writing null', async () => {
      await ws.write(
        PARTNER,
        fileText(PARTNER, 1, { 'g-1': record('goal', { ...goalFields(PARTNER, 'Huge'), yardstick: { target: 1 } }, 1) }).replace(
          '"target": 1',
          '"target": 1e400',
        ),
      );
      const store = await open();
      assert.match(store.errors[0]!.message, /Field "yardstick" of goal "g-1" holds a number too large for JSON/);
      await store.update((edit) => edit.set('ci-1', 'checkIn', checkInFields(ME, 1)));
      const before = await ws.read(ME);
      await assert.rejects(
        store.update((edit) => edit.create('goal', 'g', { ...goalFields(ME, 'Huge'), yardstick: { target: Number('9'.repeat(400)) } } as never)),
        /Invalid goal yardstick/,
      );
      await assert.rejects(
        store.update((edit) => edit.set('g-2', 'goal', { ...goalFields(ME, 'Huge'), order: Infinity })),
        /Invalid goal order/,
      );
      assert.equal(await ws.read(ME), before);
      assert.throws(() => canonicalJson({ target: Infinity }), RangeError);
      assert.throws(
        () => serializeMemberFile({ schema: 1, member: ME, clock: 1, entities: { x: { kind: 'x', fields: { n: NaN }, clocks: { n: 1 } } } }),
        RangeError,
      );
      await store.update((edit) => edit.set('ci-2', 'checkIn', checkInFields(ME, 2)));
    });
  });

  describe('entity ids named like Object.prototype', () => {
    for (const id of ['constructor', 'tostring', 'valueof', 'hasownproperty']) {
      it(`ticks, edits and deletes the micro-goal "${id}"`, async () => {
        const microGoal = { title: 'Odd id', owner: ME, done: false, createdAt: '2026-03-01T09:00:00.000Z' };
        await ws.write(ME, fileText(ME, 1, { [id]: record('microGoal', microGoal, 1) }));
        const store = await open();
        await store.update((edit) => edit.set(id, 'microGoal', { done: true, doneAt: '2026-03-02T09:30:00.000Z' }));
        assert.deepEqual((await ownData()).entities[id]!.kind, 'microGoal');
        assert.equal((await open()).state.entities.microGoal.get(id)?.done, true);
        await store.update((edit) => edit.delete(id, 'microGoal'));
        await store.update((edit) => edit.set('ci-1', 'checkIn', checkInFields(ME, 1)));
        const fresh = await open();
        assert.deepEqual(fresh.errors, []);
        assert.equal(fresh.state.entities.microGoal.has(id), false);
      });
    }

    it('creates an entity whose id is "constructor" in an empty file', async () => {
      const store = await open();
      await store.update((edit) => edit.set('constructor', 'goal', goalFields(ME, 'Built')));
      assert.equal((await open()).state.entities.goal.get('constructor')?.title, 'Built');
    });
  });

  describe('member ids Windows cannot hold', () => {
    it('names a .json file whose name is not a member id instead of ignoring it', async () => {
      await ws.write(PARTNER, fileText(PARTNER, 1, { [`member:${PARTNER}`]: profile('Bob') }));
      writeFileSync(join(ws.peopleDir, 'Carol.json'), fileText('carol', 1, {}));
      writeFileSync(join(ws.peopleDir, 'cafe\u0301.json'), fileText('cafe', 1, {}));
      writeFileSync(join(ws.peopleDir, 'notes.txt'), 'not ours');
      const store = await open();
      assert.deepEqual(store.errors.map((e) => [e.file, e.problem]).sort(), [
        ['.accord/people/Carol.json', 'not-a-member-file'],
        ['.accord/people/cafe\u0301.json', 'not-a-member-file'],
      ]);
      assert.deepEqual(store.members, [PARTNER]);
    });

    it('still reads an existing aux.json, naming it, and never creates a new file under such an id', async () => {
      await ws.write('aux', fileText('aux', 1, { 'member:aux': profile('Aux') }));
      const store = await open('aux');
      assert.equal(store.state.entities.member.get('member:aux')?.name, 'Aux');
      assert.deepEqual(
        store.errors.map((e) => [e.file, e.problem]),
        [['.accord/people/aux.json', 'not-portable']],
      );
      await store.update((edit) => edit.set('ci-1', 'checkIn', checkInFields('aux', 1)));
      for (const id of ['con', 'lpt9', 'prn.dev', 'sam.']) {
        const fresh = await open(id);
        await assert.rejects(
          fresh.update((edit) => edit.set('ci-1', 'checkIn', checkInFields(id, 1))),
          /Windows cannot have a file with that name/,
        );
        assert.equal(existsSync(ws.fileOf(id)), false);
      }
    });
  });

  describe('write errors', () => {
    it('names the real file, the reason and the fix for each errno', () => {
      const error = (code: string) => Object.assign(new Error(`${code}: failed, mkdir '/w/.accord/people/alice.json.lock'`), { code });
      const cases: Array<[string, RegExp]> = [
        ['EACCES', /permission to write in \.accord\/people.*Give your user account write permission/],
        ['EPERM', /permission/],
        ['EROFS', /read-only.*writable/],
        ['ENOSPC', /disk is full.*Free some disk space/],
        ['EDQUOT', /quota/],
        ['ELOCKED', /another Accord window.*delete the folder \.accord\/people\/alice\.json\.lock/],
        ['EMFILE', /too many files open.*Close some editors/],
        ['ELOST', /kept changing it.*Try again in a moment/],
        ['EIO', /EIO/],
      ];
      for (const [code, expected] of cases) {
        const described = describeWriteError(error(code), '.accord/people/alice.json', '.accord/people');
        assert.ok(described instanceof AccordWriteError, code);
        assert.equal(described.file, '.accord/people/alice.json');
        assert.equal(described.code, code);
        assert.match(described.message, /^Accord could not save to \.accord\/people\/alice\.json: /);
        assert.match(described.message, expected);
        assert.doesNotMatch(described.message, /mkdir|\.lock'|alice\.json\.[0-9a-f]+\.tmp/);
      }
      const plain = new Error('Invalid goal title');
      assert.equal(describeWriteError(plain, 'f', 'd'), plain);
    });

    it('names my file and its folder when the data folder cannot be created', async () => {
      await rm(ws.peopleDir, { recursive: true });
      writeFileSync(ws.peopleDir, 'not a folder');
      const store = await open();
      const error = await store.update((edit) => edit.set('ci-1', 'checkIn', checkInFields(ME, 1))).catch((e: unknown) => e);
      assert.ok(error instanceof AccordWriteError, String(error));
      assert.equal(error.file, '.accord/people/alice.json');
      assert.equal(await readFile(ws.peopleDir, 'utf8'), 'not a folder');
    });
  });
});

function catchError(action: () => unknown): AccordFileError {
  try {
    action();
  } catch (error) {
    if (error instanceof AccordFileError) return error;
    throw error;
  }
  assert.fail('expected an AccordFileError');
}

describe('store: the accord.dataFolder setting', () => {
  it('keeps a folder inside the workspace that every platform can check out, else .accord', () => {
    const kept = ['.accord', 'team/.accord', 'docs\\accord', 'accord-data/'];
    for (const value of kept) assert.equal(safeDataFolder(value), value.replace(/\\/g, '/').replace(/\/$/, ''), value);
    const refused = [
      '',
      '  ',
      '/etc',
      'C:\\data',
      '../elsewhere',
      'a/../../b',
      'a//b',
      'aux',
      'team/con',
      'COM1.data',
      'data.',
      'data /x',
      'a:b',
      'x/./y',
      'nul/x',
    ];
    for (const value of refused) assert.equal(safeDataFolder(value), '.accord', value);
    assert.equal(safeDataFolder(undefined), '.accord');
  });
});
