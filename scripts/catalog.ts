/**
 * `npm run --silent catalog -- [--seeds DIR] --json`: every entry as one JSON array of items
 * (the reply items' fields, plus milestones with what was assumed, descriptions, sources, lint).
 * `npm run catalog -- [--seeds DIR] --lint`: each problem once as "file:line: severity: reason"
 * with the words it is about and what to change, errors first, then a one-line summary;
 * exits 1 only when there are errors. Without a flag: a one-line summary.
 */
import { catalogItemJson } from '../adapters/console/json.js';
import { seedsDir } from '../app/bot.js';
import { loadCatalog } from '../src/catalog/load.js';
import { formatProblem, lintOrder, lintSummary } from '../src/catalog/report.js';
import { CliError, parseCli, runCli } from '../src/cli/args.js';

await runCli(() => {
  const options = parseCli(process.argv.slice(2));
  // "catalog --lint seeds/new" would otherwise read the bundled seeds and say nothing of it.
  if (options.message) throw new CliError(`catalog reads no other arguments ("${options.message}"): name a seed directory with --seeds <dir>`);
  const catalog = loadCatalog(seedsDir(options.seeds));
  const problems = lintOrder(catalog.problems);
  const errors = problems.filter((p) => p.severity === 'error').length;
  if (options.json) {
    process.stdout.write(
      `${JSON.stringify(
        catalog.entries.map((e) => catalogItemJson(e, problems)),
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  if (options.lint) {
    for (const p of problems) process.stdout.write(`${formatProblem(p)}\n`);
    process.stdout.write(`${lintSummary(problems, catalog.files.length, catalog.entries.length)}\n`);
    return errors > 0 ? 1 : 0;
  }
  process.stdout.write(`${catalog.files.length} files, ${catalog.entries.length} entries, ${problems.length} problems (run with --lint)\n`);
  return 0;
});
