/** Where the project's own files are, whether running from sources (tsx) or from dist/. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'curated'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the catalog-bot project root (package.json + curated/)');
    dir = parent;
  }
}

export const PROJECT_ROOT = findRoot();
export const BUNDLED_SEEDS = join(PROJECT_ROOT, 'seeds');
export const GLOSSARY_FILE = join(PROJECT_ROOT, 'curated', 'glossary.json');
export const PLACES_FILE = join(PROJECT_ROOT, 'curated', 'places.json');
export const CACHE_DIR = join(PROJECT_ROOT, '.cache');
/** The index of the bundled seeds made by `npm run build` (scripts/build-prebuilt.ts). */
export const PREBUILT_DIR = join(PROJECT_ROOT, 'dist', 'prebuilt');
