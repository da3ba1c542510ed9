/**
 * The child process of buildApart (build-apart.ts): `node build-child.js SEEDS CACHE_DIR` builds
 * and saves the catalog (searchable.ts, saveBuilt) and prints one line: the key it saved the index
 * under, or the failure's message, with its peak RSS.
 */
import { saveBuilt } from './searchable.js';
import type { ChildReply } from './build-apart.js';

const [seeds, cacheDir] = process.argv.slice(2);
let reply: ChildReply;
try {
  reply = { key: saveBuilt(seeds!, cacheDir!) ?? null, peakRssBytes: process.resourceUsage().maxRSS * 1024 };
} catch (error) {
  reply = { error: (error as Error).message ?? String(error) };
}
process.stdout.write(`${JSON.stringify(reply)}\n`);
