/**
 * Part of `npm run build`: what a start would otherwise compute with a cold JIT, made once.
 * The bundled seeds parsed and indexed, saved under dist/prebuilt/ (src/catalog/searchable.ts),
 * the characters traditional → simplified conversion starts at (src/text/simplify.ts), and the
 * English word list sorted for lookup (src/text/english-words.ts).
 */
import { writeFileSync } from 'node:fs';
import { writePrebuilt } from '../src/catalog/searchable.js';
import { BUNDLED_SEEDS, PREBUILT_DIR } from '../src/paths.js';
import { readCache } from '../src/search/cache.js';
import { ENGLISH_WORDS_FILE, sortedWords } from '../src/text/english-words.js';
import { buildSimplifyTable, SIMPLIFY_TABLE_FILE } from '../src/text/simplify.js';

const key = writePrebuilt(BUNDLED_SEEDS, PREBUILT_DIR);
if (!readCache(PREBUILT_DIR, key)) {
  process.stderr.write(`build-prebuilt: could not write the prebuilt index under ${PREBUILT_DIR}\n`);
  process.exit(1);
}
writeFileSync(SIMPLIFY_TABLE_FILE, `${JSON.stringify(buildSimplifyTable())}\n`);
writeFileSync(ENGLISH_WORDS_FILE, sortedWords(), 'latin1');
