/**
 * The baseline of `cli_check_ratio`: a Node process that loads one team folder with the store,
 * read-only, as `accord check` does, and exits. Bundled to out/bench/storeLoad.js like the CLI.
 * Usage: node out/bench/storeLoad.js <team folder>
 */
import { AccordStore } from '../src/store';

const root = process.argv[2];
if (!root) throw new Error('usage: storeLoad.js <team folder>');
const store = new AccordStore({ root, readOnly: true });
void store.loadAll().then(() => {
  // Touch the merged state, as the check does, so neither side skips the merge.
  process.stdout.write(`${store.state.entities.microGoal.size} micro-goals, ${store.errors.length} problems\n`);
});
