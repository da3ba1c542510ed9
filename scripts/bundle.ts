/**
 * Part of `npm run build`: the entry points a person starts (`npm start`, `npm run ask`) and the
 * catalog worker and build process they spawn, each bundled with our own modules into one file in dist/bundle/
 * (dependencies stay in node_modules, imported as before). A start then loads one file instead of
 * about 110 (resolving, reading and compiling them was a third of a bundled start's time).
 * The worker and the shared chunks sit beside them: offthread.ts finds the worker next to the code
 * that spawns it.
 */
import { buildSync } from 'esbuild';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

const dist = join(new URL('.', import.meta.url).pathname, '..');
const outdir = join(dist, 'bundle');
// A chunk's name holds its content hash: last build's chunks would otherwise pile up beside the new ones.
rmSync(outdir, { recursive: true, force: true });

buildSync({
  entryPoints: [
    join(dist, 'scripts', 'start.js'),
    join(dist, 'scripts', 'ask.js'),
    join(dist, 'src', 'runtime', 'catalog-worker.js'),
    join(dist, 'src', 'catalog', 'build-child.js'),
  ],
  outdir,
  entryNames: '[name]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  // A platform adapter (and its SDK) stays a chunk of its own, loaded only when its token is set.
  splitting: true,
  chunkNames: '[name]-[hash]',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
