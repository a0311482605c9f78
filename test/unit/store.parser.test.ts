import { strict as assert } from 'node:assert';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { AccordFileError, AccordStore, parseInThread, type ParseOptions, WorkerParser } from '../../src/store';
import { IN_THREAD_MAX_CHARS } from '../../src/store/parser';
import { ROOT } from '../helpers/cli';

/**
 * The member-file parser in a worker thread (issue 20 §2): the answer is the one
 * parseMemberFile gives on the calling thread, errors included with their place and fix, in
 * the order asked; where the worker cannot run, or stops, the file is parsed here instead.
 */
const FIXTURE = join(ROOT, 'test', 'fixtures', 'workspace');

describe('store: parsing member files in a worker thread', function () {
  this.timeout(60_000);
  let dir: string;
  let script: string;
  let texts: { member: string; text: string }[];
  const parsers: WorkerParser[] = [];
  // Every file through the worker (inThreadMaxChars 0), whatever its size, unless a test says otherwise.
  const parser = (path = script, inThreadMaxChars = 0) => {
    const made = new WorkerParser(path, inThreadMaxChars);
    parsers.push(made);
    return made;
  };
  const options = (member: string): ParseOptions => ({ file: `.accord/people/${member}.json`, member });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'accord-parser-'));
    script = join(dir, 'parseWorker.js');
    // The worker as the extension ships it: bundled by esbuild.
    await esbuild.build({
      entryPoints: [join(ROOT, 'src/store/parseWorker.ts')],
      outfile: script,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      logLevel: 'warning',
    });
    const people = join(FIXTURE, '.accord', 'people');
    texts = await Promise.all((await readdir(people)).map(async (name) => ({ member: name.slice(0, -5), text: await readFile(join(people, name), 'utf8') })));
  });

  after(async () => {
    parsers.forEach((p) => p.dispose());
    await rm(dir, { recursive: true, force: true });
  });

  /** What `parse` gives for `text`: the parsed file, or the error's fields. */
  async function outcome(parse: (text: string, options: ParseOptions) => Promise<unknown>, text: string, member: string): Promise<unknown> {
    try {
      return { parsed: await parse(text, options(member)) };
    } catch (error) {
      assert.ok(error instanceof AccordFileError, `an AccordFileError, not ${String(error)}`);
      return { error: { ...error, message: error.message } };
    }
  }

  const BAD = [
    '{\n  "schema": 1,\n  "member": "sam"\n  "clock": 1\n}\n', // not JSON: line 4, column 3
    `${JSON.stringify({ schema: 1, member: 'sam', clock: 'soon', entities: {} }, null, 2)}\n`, // the clock is words
    `${JSON.stringify({ schema: 1, member: 'kim', clock: 1, entities: {} }, null, 2)}\n`, // another member's name
    '<<<<<<< HEAD\n{}\n=======\n{}\n>>>>>>> theirs\n', // conflict markers in a partner's file
  ];

  it('gives exactly what the calling thread gives: the data, or the error with its place and fix', async () => {
    const worker = parser();
    for (const { member, text } of texts) assert.deepEqual(await outcome(worker.parse, text, member), await outcome(parseInThread, text, member), member);
    for (const text of BAD) {
      const inWorker = await outcome(worker.parse, text, 'sam');
      assert.deepEqual(inWorker, await outcome(parseInThread, text, 'sam'));
      assert.ok('error' in (inWorker as object), 'the bad file is refused');
    }
    assert.equal(worker.answeredInWorker, texts.length + BAD.length, 'every answer came from the worker');
  });

  it('answers many files asked at once, each with its own answer', async () => {
    const worker = parser();
    const asked = Array.from({ length: 40 }, (_, i) => (i % 5 === 4 ? { member: 'sam', text: BAD[i % BAD.length]! } : texts[i % texts.length]!));
    const answers = await Promise.all(asked.map(({ member, text }) => outcome(worker.parse, text, member)));
    const expected = await Promise.all(asked.map(({ member, text }) => outcome(parseInThread, text, member)));
    assert.deepEqual(answers, expected);
    assert.equal(worker.answeredInWorker, 40);
  });

  /** The 30 fixture files (round and round) parsed by `worker` at once: the turn of the event loop each answer came in. */
  async function answerTurns(worker: WorkerParser, meanwhile = () => {}): Promise<number[]> {
    let turn = 0;
    let counting = true;
    const count = () => {
      turn++;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    const asked = Array.from({ length: 30 }, (_, i) => texts[i % texts.length]!);
    const answered = Promise.all(asked.map(({ member, text }) => worker.parse(text, options(member)).then(() => turn)));
    meanwhile();
    const turns = await answered;
    counting = false;
    return turns;
  }

  it('hands its answers over one task at a time, never a burst of them in one task', async () => {
    // Node gives a port's waiting messages in one task: fifty large files answered together
    // held the extension host for most of a second. Each answer now comes in a turn of its own.
    // The host busy while the worker answers (as it is while a large team loads): answers wait.
    const turns = await answerTurns(parser(), () => {
      const busyUntil = Date.now() + 300;
      while (Date.now() < busyUntil);
    });
    assert.equal(new Set(turns).size, turns.length, `each answer in a turn of its own: ${turns.join(' ')}`);
  });

  it('parses a small file on the calling thread, one file per turn, and sends a large one to the worker', async () => {
    const worker = parser(script, IN_THREAD_MAX_CHARS);
    const turns = await answerTurns(worker);
    assert.equal(worker.answeredInWorker, 0, 'the fixture files are small: parsed here');
    assert.equal(new Set(turns).size, turns.length, `each file in a turn of its own: ${turns.join(' ')}`);
    // The same file with trailing white space past the bound: the worker parses it, to the same answer.
    const { member, text } = texts[0]!;
    const large = text + ' '.repeat(IN_THREAD_MAX_CHARS);
    assert.deepEqual(await outcome(worker.parse, large, member), await outcome(parseInThread, large, member));
    assert.equal(worker.answeredInWorker, 1);
  });

  it('parses on the calling thread when the worker script is missing, or the worker is stopped mid-way', async () => {
    const missing = parser(join(dir, 'no-such-worker.js'));
    const { member, text } = texts[0]!;
    assert.deepEqual(await outcome(missing.parse, text, member), await outcome(parseInThread, text, member));
    assert.equal(missing.answeredInWorker, 0);
    const stopped = parser();
    const pending = texts.map(({ member: m, text: t }) => outcome(stopped.parse, t, m));
    stopped.dispose();
    assert.deepEqual(await Promise.all(pending), await Promise.all(texts.map(({ member: m, text: t }) => outcome(parseInThread, t, m))));
  });

  it('a store reading through the worker holds the same team as one reading on its own thread', async () => {
    const root = join(dir, 'team');
    await cp(FIXTURE, root, { recursive: true });
    await writeFile(join(root, '.accord', 'people', 'pat.json'), BAD[1]!);
    const worker = parser();
    const [threaded, plain] = [new AccordStore({ root, readOnly: true, parser: worker.parse }), new AccordStore({ root, readOnly: true })];
    await Promise.all([threaded.loadAll(), plain.loadAll()]);
    assert.deepEqual([...threaded.state.entities.microGoal.keys()], [...plain.state.entities.microGoal.keys()]);
    assert.ok(threaded.state.entities.microGoal.size > 0);
    assert.deepEqual(
      threaded.errors.map((e) => e.message),
      plain.errors.map((e) => e.message),
    );
    assert.equal(threaded.errors.length, 1, 'the bad file is named');
    assert.equal(worker.answeredInWorker, texts.length + 1, 'every file went through the worker');
  });
});
