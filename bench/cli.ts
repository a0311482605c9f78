/**
 * The command line's figures: `accord check` on the two-year team against a process that only
 * loads the same folder with the store (cli_check_ratio, target ≤ 1.3×), and `accord --version`
 * against `node -e 0` (cli_start_ratio, target ≤ 3×). Both sides are whole child processes,
 * started in turn (A B A B …) so that the machine's drift hits both alike.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { median, round } from './measure';

const CLI = resolve('dist/cli.js');
const STORE_LOAD = resolve('out/bench/storeLoad.js');

/** Wall milliseconds of one run of `node …args` in `cwd`; throws when it exits with a code `ok` does not accept. */
function timeNode(args: readonly string[], ok: (code: number | null) => boolean, cwd = process.cwd()): number {
  const start = performance.now();
  const run = spawnSync(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - start;
  if (!ok(run.status)) throw new Error(`node ${args.join(' ')} exited with ${run.status}: ${run.stderr.toString().slice(0, 500)}`);
  return ms;
}

/** Medians of `runs` interleaved runs of two node commands: [a, b, median of the pairwise ratios a/b]. */
function pairs(runs: number, a: () => number, b: () => number): [number, number, number] {
  a();
  b();
  const as: number[] = [];
  const bs: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < runs; i++) {
    const ta = a();
    const tb = b();
    as.push(ta);
    bs.push(tb);
    ratios.push(ta / tb);
  }
  return [median(as), median(bs), median(ratios)];
}

export interface CliBench {
  cli_check_ms: number;
  store_load_process_ms: number;
  cli_check_ratio: number;
  cli_start_ms: number;
  node_start_ms: number;
  cli_start_ratio: number;
}

/** Times the built CLI (dist/cli.js) on `teamDir` (a folder with `.accord/`). */
export function benchCli(teamDir: string): CliBench {
  // Exit 1 (problems found) is an answer too: a generated team may hold writes the authority rule leaves out.
  const check = () => timeNode([CLI, 'check', '--format', 'json'], (code) => code === 0 || code === 1, teamDir);
  const load = () => timeNode([STORE_LOAD, teamDir], (code) => code === 0);
  const [checkMs, loadMs, checkRatio] = pairs(5, check, load);
  const version = () => timeNode([CLI, '--version'], (code) => code === 0);
  const bare = () => timeNode(['-e', '0'], (code) => code === 0);
  const [startMs, nodeMs, startRatio] = pairs(15, version, bare);
  return {
    cli_check_ms: round(checkMs, 1),
    store_load_process_ms: round(loadMs, 1),
    cli_check_ratio: round(checkRatio, 2),
    cli_start_ms: round(startMs, 1),
    node_start_ms: round(nodeMs, 1),
    cli_start_ratio: round(startRatio, 2),
  };
}
