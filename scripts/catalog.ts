/**
 * `npm run --silent catalog -- [--seeds DIR] --json`: every normalized entry as one JSON array.
 * `npm run catalog -- [--seeds DIR] --lint`: each problem as "file:line: severity: reason";
 * exits 1 only when there are errors. Without a flag: a one-line summary.
 */
import { seedsDir } from '../src/app.js';
import { loadCatalog } from '../src/catalog/load.js';
import { parseCli, runCli } from '../src/cli/args.js';

await runCli(() => {
  const options = parseCli(process.argv.slice(2));
  const catalog = loadCatalog(seedsDir(options.seeds));
  const errors = catalog.problems.filter((p) => p.severity === 'error').length;
  if (options.json) {
    process.stdout.write(`${JSON.stringify(catalog.entries, null, 2)}\n`);
    return 0;
  }
  if (options.lint) {
    for (const p of catalog.problems) {
      const text = p.text ? `\n    ${p.text.slice(0, 160)}` : '';
      process.stdout.write(`${p.file}:${p.line}: ${p.severity}: ${p.reason}${text}\n`);
    }
    const warnings = catalog.problems.length - errors;
    process.stdout.write(`${catalog.files.length} files, ${catalog.entries.length} entries, ${errors} errors, ${warnings} warnings\n`);
    return errors > 0 ? 1 : 0;
  }
  process.stdout.write(`${catalog.files.length} files, ${catalog.entries.length} entries, ${catalog.problems.length} problems (run with --lint)\n`);
  return 0;
});
