#!/usr/bin/env node
/**
 * The unit suite once per host time zone (issue 12 §1): no result may depend on the machine's
 * own zone, so the same tests must pass on a machine in UTC, in London (DST in spring and
 * autumn), in Santiago (southern-hemisphere DST that changes at midnight) and on the Chatham
 * Islands (+12:45/+13:45, a quarter-hour offset past the date line).
 *
 * Each run is `mocha` with `.mocharc.json`, with `TZ` set. The merge laws read FC_NUM_RUNS
 * (10,000 in CI); they run at that count under the first zone only and at fast-check's default
 * under the others, which is enough to show they do not depend on the zone (merge never reads
 * a wall clock). Runs go one after another (the machines are small); every zone runs even
 * after a failure, and the exit code is 1 when any failed, naming each zone that did.
 *
 * Usage: `node scripts/unit-zones.mjs [mocha arguments…]`, e.g. `-- --grep schedule`.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const ZONES = ['UTC', 'Europe/London', 'America/Santiago', 'Pacific/Chatham'];

const require = createRequire(import.meta.url);
const mocha = require.resolve('mocha/bin/mocha.js');
const args = process.argv.slice(2);

/** The zone a Node started with `TZ=zone` really computes in: an unknown TZ silently becomes UTC, which would make a run prove nothing. */
function hostZoneUnder(zone) {
  const probe = spawnSync(
    process.execPath,
    ['-p', 'Intl.DateTimeFormat().resolvedOptions().timeZone + " " + new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset()'],
    {
      env: { ...process.env, TZ: zone },
      encoding: 'utf8',
    },
  );
  return probe.stdout.trim();
}

const results = [];
for (const [index, zone] of ZONES.entries()) {
  const seen = hostZoneUnder(zone);
  if (!seen.startsWith(`${zone} `)) {
    console.error(`\nunit-zones: TZ=${zone} is not honoured by this Node (it reports "${seen}"); the run under ${zone} would not test that zone.`);
    results.push({ zone, ok: false, seconds: 0 });
    continue;
  }
  const env = { ...process.env, TZ: zone };
  if (index > 0) delete env.FC_NUM_RUNS;
  const runs = env.FC_NUM_RUNS ? `FC_NUM_RUNS=${env.FC_NUM_RUNS}` : 'default property runs';
  console.log(`\n=== unit suite with TZ=${zone} (${runs}) ===`);
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [mocha, ...args], { env, stdio: 'inherit' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const ok = run.status === 0;
  if (run.error) console.error(`unit-zones: could not start mocha under ${zone}: ${run.error.message}`);
  results.push({ zone, ok, seconds });
  console.log(`=== TZ=${zone}: ${ok ? 'passed' : `FAILED (exit ${run.status ?? run.signal})`} in ${seconds.toFixed(1)} s ===`);
}

console.log('\nUnit suite by host time zone:');
for (const { zone, ok, seconds } of results) console.log(`  ${ok ? 'pass' : 'FAIL'}  TZ=${zone}  ${seconds.toFixed(1)} s`);
const failed = results.filter((result) => !result.ok).map((result) => result.zone);
if (failed.length > 0) {
  console.error(`\nThe unit suite failed with TZ=${failed.join(', TZ=')}.`);
  process.exit(1);
}
