/**
 * Part of `npm run build`: the bundled seeds parsed and indexed once, saved under
 * dist/prebuilt/ (src/catalog/searchable.ts), so a start on the bundled catalog restores
 * it instead of parsing and indexing with a cold JIT.
 */
import { BUNDLED_SEEDS, PREBUILT_DIR } from '../src/paths.js';
import { writePrebuilt } from '../src/catalog/searchable.js';
import { readCache } from '../src/search/cache.js';

const key = writePrebuilt(BUNDLED_SEEDS, PREBUILT_DIR);
if (!readCache(PREBUILT_DIR, key)) {
  process.stderr.write(`build-prebuilt: could not write the prebuilt index under ${PREBUILT_DIR}\n`);
  process.exit(1);
}
