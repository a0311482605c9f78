/**
 * The mocha entry the extension host runs (`extensionTestsPath`), bundled to
 * out/test/integration/index.js. Which suites run comes from ACCORD_TEST_SUITE (`main`, or
 * `restricted` for the Restricted Mode run); the outcome and the spec-style report are
 * written to the file named by ACCORD_TEST_RESULT, which scripts/vscode-test/run.mjs waits for.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

/**
 * Every `test/integration/*.test.ts` is a suite; `restricted*.test.ts` run only in the
 * Restricted Mode run, each `shape.<name>.test.ts` alone in a VS Code opened on its own
 * workspace shape (ACCORD_TEST_SUITE `shape.<name>`), all others in the main run. Activation comes first (it checks that
 * Accord starts by itself, before any suite activates it) and the suites that rename "me"
 * come last, then the one that moves the data folder away and back (VS Code's watcher may lose
 * it after that), then the one that moves the data to its own branch; the rest run alphabetically.
 */
const FIRST = ['activation', 'commands', 'tree'];
const LAST = ['writes', 'liveUpdates', 'branches'];

function suiteNames(kind: string): string[] {
  // The bundle lives in out/test/integration; the sources it was built from are in test/integration.
  const names = readdirSync(join(__dirname, '../../../test/integration'))
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) => file.slice(0, -'.test.ts'.length));
  const rank = (name: string) => (FIRST.includes(name) ? FIRST.indexOf(name) - FIRST.length : LAST.includes(name) ? 1 + LAST.indexOf(name) : 0);
  // *.perf suites are measurements for npm run bench (ACCORD_PLANNING_PERF), not tests: they
  // are left out of test runs rather than skipped in them.
  const measuring = !!process.env.ACCORD_PLANNING_PERF;
  return names
    .filter((name) => name.endsWith('.perf') === measuring)
    .filter((name) => (kind.startsWith('shape.') ? name === kind : !name.startsWith('shape.') && name.startsWith('restricted') === (kind === 'restricted')))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** esbuild bundles every file this pattern can match, so a suite loads only when run() asks. */
function loadSuite(name: string): Promise<unknown> {
  return import(`./${name}.test.ts`);
}

export interface TestResult {
  suite: string;
  passes: number;
  failures: number;
  pending: number;
  durationMs: number;
  output: string;
}

/** A spec-like report collected into lines, since the extension host's stdout goes nowhere useful. */
function collectingReporter(lines: string[]): typeof Mocha.reporters.Base {
  const { EVENT_SUITE_BEGIN, EVENT_SUITE_END, EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_RUN_END } = Mocha.Runner.constants;
  return class extends Mocha.reporters.Base {
    constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
      super(runner, options);
      let depth = 0;
      const failures: Array<{ title: string; error: Error }> = [];
      const say = (text: string) => lines.push(`${'  '.repeat(depth)}${text}`);
      runner.on(EVENT_SUITE_BEGIN, (suite) => {
        if (suite.title) say(suite.title);
        depth++;
      });
      runner.on(EVENT_SUITE_END, () => depth--);
      runner.on(EVENT_TEST_PASS, (test) => say(`✔ ${test.title} (${test.duration ?? 0} ms)`));
      runner.on(EVENT_TEST_PENDING, (test) => say(`- ${test.title} (pending)`));
      runner.on(EVENT_TEST_FAIL, (test, error: Error) => {
        failures.push({ title: test.fullTitle(), error });
        say(`✘ ${failures.length}) ${test.title}`);
      });
      runner.once(EVENT_RUN_END, () => {
        const stats = this.stats;
        lines.push('', `${stats.passes} passing, ${stats.failures} failing, ${stats.pending} pending (${stats.duration ?? 0} ms)`);
        failures.forEach(({ title, error }, i) => lines.push('', `${i + 1}) ${title}`, String(error.stack ?? error.message)));
      });
    }
  };
}

export async function run(): Promise<void> {
  const suiteName = process.env.ACCORD_TEST_SUITE || 'main';
  const resultFile = process.env.ACCORD_TEST_RESULT;
  const started = Date.now();
  const lines: string[] = [];
  let reported = false;
  const finish = (result: Omit<TestResult, 'suite' | 'durationMs' | 'output'>) => {
    const full: TestResult = { suite: suiteName, durationMs: Date.now() - started, output: lines.join('\n'), ...result };
    console.log(full.output);
    if (resultFile) writeFileSync(resultFile, JSON.stringify(full, null, 2));
    return full;
  };
  try {
    if (suiteName !== 'main' && suiteName !== 'restricted' && !suiteName.startsWith('shape.'))
      throw new Error(`Unknown ACCORD_TEST_SUITE "${suiteName}"; use main, restricted or shape.<name>.`);
    const suites = suiteNames(suiteName);
    if (suites.length === 0) throw new Error(`No ${suiteName} suites in test/integration.`);
    const mocha = new Mocha({ ui: 'bdd', timeout: 20_000, color: false, ...(process.env.ACCORD_TEST_GREP ? { grep: process.env.ACCORD_TEST_GREP } : {}) });
    mocha.reporter(collectingReporter(lines));
    // The suites are bundled into this file: give them mocha's globals, then evaluate them.
    for (const name of suites) {
      mocha.suite.emit(Mocha.Suite.constants.EVENT_FILE_PRE_REQUIRE, globalThis, `${name}.test.ts`, mocha);
      try {
        await loadSuite(name);
      } catch (error) {
        throw new Error(`Suite ${name}.test.ts could not load (${(error as Error).message}); rebuild with "node esbuild.mjs --tests".`);
      }
    }
    const stats = await new Promise<Mocha.Stats>((resolve) => {
      const runner = mocha.run(() => resolve(runner.stats!));
    });
    finish({ passes: stats.passes, failures: stats.failures, pending: stats.pending });
    reported = true;
    if (stats.failures > 0) throw new Error(`${stats.failures} integration test(s) failed; see the report above.`);
  } catch (error) {
    if (!reported) {
      lines.push(`The integration run could not complete: ${(error as Error).stack ?? String(error)}`);
      finish({ passes: 0, failures: 1, pending: 0 });
    }
    throw error;
  }
}
