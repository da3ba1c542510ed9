/**
 * `npm run bench` (one line there): loading a 50 MB seed directory, each run in its own
 * process so peak RSS is its own: the catalog alone (read in chunks, parsed, linted) as
 * 19 files and as one 50 MB file, and the whole start path without a saved index (catalog +
 * search index + writing the cache). Target: ≤ 10 s and ≤ 500 MB peak for the catalog.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSearchableCatalog } from '../../src/catalog/searchable.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { writeSyntheticCatalog } from './synthetic.js';

const [mode, dir, cache] = process.argv.slice(2);

if (mode === 'catalog' || mode === 'start') {
  const t0 = performance.now();
  const loaded = mode === 'catalog' ? { catalog: loadCatalog(dir!) } : loadSearchableCatalog(dir!, cache!);
  const catalog = loaded.catalog;
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage();
  console.log(
    JSON.stringify({
      entries: catalog.entries.length,
      errors: catalog.problems.filter((p) => p.severity === 'error').length,
      ms: Math.round(ms),
      cpuS: Number(((cpu.user + cpu.system) / 1e6).toFixed(1)),
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      // The start path builds in a child process (build-apart.ts): its own highest RSS.
      buildPeakRssMB: 'builtApart' in loaded && loaded.builtApart ? Math.round(loaded.builtApart.peakRssBytes / 2 ** 20) : 0,
    }),
  );
} else {
  const work = mkdtempSync(join(tmpdir(), 'catalog-bench-load-'));
  const many = join(work, 'many');
  // ~560 bytes an entry: 92,000 entries ≈ 50 MB.
  writeSyntheticCatalog(many, 92_000);
  const one = join(work, 'one');
  mkdirSync(one);
  writeFileSync(
    join(one, 'all.txt'),
    Buffer.concat(
      readdirSync(many)
        .sort()
        .map((n) => readFileSync(join(many, n))),
    ),
  );
  const mb = (d: string) => (readdirSync(d).reduce((n, f) => n + statSync(join(d, f)).size, 0) / 2 ** 20).toFixed(1);
  const run = (...args: string[]) =>
    JSON.parse(execFileSync(process.execPath, [new URL(import.meta.url).pathname, ...args], { encoding: 'utf8' }).trim()) as Record<string, number>;
  const rows: Array<Record<string, string | number>> = [
    { load: `catalog, ${readdirSync(many).length} files (${mb(many)} MB)`, ...run('catalog', many) },
    { load: `catalog, 1 file (${mb(one)} MB)`, ...run('catalog', one) },
    { load: `start path without a saved index (${mb(many)} MB)`, ...run('start', many, join(work, 'cache')) },
  ];
  rmSync(work, { recursive: true, force: true });
  console.log('seed directory load (each its own process; target ≤ 10 s, ≤ 500 MB peak for the catalog):');
  console.table(
    rows.map((r) => ({ load: r.load, entries: r.entries, 'wall ms': r.ms, 'CPU s': r.cpuS, 'peak RSS MB': r.peakRssMB, 'build process peak MB': r.buildPeakRssMB || '-' })),
  );
}
