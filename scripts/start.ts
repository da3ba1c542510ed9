/**
 * `npm start`: the bot. Telegram runs when TELEGRAM_BOT_TOKEN is set, Discord when
 * DISCORD_TOKEN is set (both can run in one process); with neither, a chat in this
 * terminal on the bundled catalog (or --seeds DIR / CATALOG_SEEDS).
 */
import { ConsoleAdapter } from '../adapters/console/console-adapter.js';
import { DiscordAdapter, discordConfigFromEnv } from '../adapters/discord/index.js';
import { TelegramAdapter, telegramConfigFromEnv } from '../adapters/telegram/index.js';
import type { Adapter } from '../src/adapter.js';
import { createBot } from '../src/app.js';
import { CliError, parseCli, runCli } from '../src/cli/args.js';

await runCli(async () => {
  const options = parseCli(process.argv.slice(2));
  const log = (message: string, error?: unknown) => process.stderr.write(`${message}${error ? `: ${String(error)}` : ''}\n`);
  let telegram, discord;
  try {
    telegram = telegramConfigFromEnv(process.env);
    discord = discordConfigFromEnv(process.env);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  const { core, loaded } = createBot({ ...options, log });
  const problems = loaded.catalog.problems.length;
  const summary =
    `catalog-bot: ${loaded.catalog.entries.length} entries from ${loaded.catalog.files.length} seed files` +
    `${problems ? ` (${problems} lint problems: npm run catalog -- --lint)` : ''}`;

  const adapters: Adapter[] = [];
  if (telegram) adapters.push(new TelegramAdapter(telegram, core, { log }));
  if (discord) adapters.push(new DiscordAdapter(discord, core, { log }));

  if (adapters.length === 0) {
    const interactive = Boolean(process.stdin.isTTY);
    const adapter = new ConsoleAdapter({ input: process.stdin, output: process.stdout, ...(interactive ? { prompt: '> ' } : {}) });
    process.stderr.write(`${summary}. Ask in Chinese or English, /help for commands, "quit" to leave.\n`);
    await adapter.start((request) => core.handle(request));
    process.once('SIGTERM', () => void adapter.stop());
    await adapter.finished();
    return 0;
  }

  process.stderr.write(`${summary}. Starting ${adapters.map((a) => a.platform).join(' and ')}.\n`);
  // A platform that fails to start is reported; the others keep running.
  const started: Adapter[] = [];
  for (const adapter of adapters) {
    try {
      await adapter.start((request) => core.handle(request));
      started.push(adapter);
      log(`${adapter.platform}: connected`);
    } catch (error) {
      log(`${adapter.platform}: could not start`, error);
    }
  }
  if (started.length === 0) return 1;
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log(`${signal}: stopping`);
      const timer = setTimeout(() => process.exit(1), 10_000);
      timer.unref();
      void Promise.allSettled(started.map((a) => a.stop())).then(() => resolve());
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  return 0;
});
