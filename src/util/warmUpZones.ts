/**
 * Time-zone data loaded on another thread at start-up (issue 20: today's rows on screen sooner).
 *
 * The first `Intl.DateTimeFormat` with a time zone that a process makes loads ICU's zone rules
 * and the locale's date patterns: 10–30 ms on these machines, paid on the extension host's
 * thread by whichever view first works out a day in a teammate's zone, in the middle of the
 * team's first load. ICU keeps that data once per process, for every thread, so a short-lived
 * worker that formats a date first takes the cost off the host's thread: the zones formatted
 * there cost the host about 0.05 ms each afterwards.
 */
import { Worker } from 'node:worker_threads';

/**
 * Zones of four continents, each with daylight saving time or a half-hour offset: enough for ICU
 * to load its whole zone table (zoneinfo64) and the metazones, which every other zone reads too.
 */
const WARM_ZONES: readonly string[] = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Adelaide'];

/**
 * What the worker runs: formats one instant in each zone of its workerData with the options
 * Accord's own formats use (core/localDays, core/zones, @date-fns/tz), then ends. A zone this
 * runtime does not know is skipped. Plain JavaScript, as the worker is started from this text.
 */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
new Intl.DateTimeFormat().resolvedOptions();
for (const timeZone of workerData) {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(0);
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(0);
  } catch {}
}`;

/**
 * Starts a worker thread that loads the time-zone data of `zones` (default: a few zones that load
 * ICU's whole table) and ends. Never throws and never holds the process open (the worker is
 * unref'd). Resolves to whether the worker ran to its end; false when it could not start or
 * failed (the data is then loaded on the thread that first needs it, as it would be without this).
 */
export function warmUpZones(zones: readonly string[] = WARM_ZONES): Promise<boolean> {
  try {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: [...zones] });
    worker.unref();
    return new Promise((resolve) => {
      worker.on('error', () => resolve(false));
      worker.on('exit', (code) => resolve(code === 0));
    });
  } catch {
    return Promise.resolve(false);
  }
}
