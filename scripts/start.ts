/**
 * `npm start`: the bot. With no platform token configured, a chat in this terminal
 * on the bundled catalog (or --seeds DIR / CATALOG_SEEDS).
 */
import { ConsoleAdapter } from '../adapters/console/console-adapter.js';
import { createBot } from '../src/app.js';
import { parseCli, runCli } from '../src/cli/args.js';

await runCli(async () => {
  const options = parseCli(process.argv.slice(2));
  const log = (message: string, error?: unknown) => process.stderr.write(`${message}${error ? `: ${String(error)}` : ''}\n`);
  const { core, loaded } = createBot({ ...options, log });
  const interactive = Boolean(process.stdin.isTTY);
  const adapter = new ConsoleAdapter({ input: process.stdin, output: process.stdout, ...(interactive ? { prompt: '> ' } : {}) });
  const problems = loaded.catalog.problems.length;
  process.stderr.write(
    `catalog-bot: ${loaded.catalog.entries.length} entries from ${loaded.catalog.files.length} seed files` +
      `${problems ? ` (${problems} lint problems: npm run catalog -- --lint)` : ''}. ` +
      `Ask in Chinese or English, /help for commands, "quit" to leave.\n`,
  );
  await adapter.start((request) => core.handle(request));
  process.once('SIGTERM', () => void adapter.stop());
  await adapter.finished();
  return 0;
});
