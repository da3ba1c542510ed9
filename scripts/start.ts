/**
 * `npm start`: the bot. Telegram runs when TELEGRAM_BOT_TOKEN is set, Discord when
 * DISCORD_TOKEN is set (both can run in one process); with neither, a chat in this
 * terminal on the bundled catalog (or --seeds DIR / CATALOG_SEEDS) — unless HTTP_PORT is set
 * and stdin is not a terminal (a container without tokens): then only the HTTP server runs.
 *
 * Order: config (.env + environment, validated) → logger → store → catalog → core →
 * HTTP server (HTTP_PORT: /healthz, /metrics, /calendar.ics, Telegram webhook) →
 * platforms (each retried with back-off on its own) → catalog watcher → announcer →
 * SIGTERM/SIGINT: stop taking updates, finish what is in flight, close everything (≤ 10 s).
 */
import { ConsoleAdapter } from '../adapters/console/console-adapter.js';
import { DiscordAdapter } from '../adapters/discord/index.js';
import { webhookSecretOf } from '../adapters/telegram/config.js';
import { TelegramAdapter } from '../adapters/telegram/index.js';
import type { Adapter } from '../src/adapter.js';
import { startAnnouncer, type Announcer } from '../src/announce/announcer.js';
import { createBot, seedsDir } from '../src/app.js';
import { parseCli, runCli } from '../src/cli/args.js';
import { loadConfig } from '../src/config/env.js';
import { Metrics } from '../src/http/metrics.js';
import { mountBotRoutes } from '../src/http/routes.js';
import { HttpServer } from '../src/http/server.js';
import { createLogger, logFn, secretsOf } from '../src/log.js';
import { Dispatcher } from '../src/runtime/dispatcher.js';
import { Health } from '../src/runtime/health.js';
import { PlatformRunner } from '../src/runtime/platforms.js';
import { loadOffThread } from '../src/runtime/offthread.js';
import { CatalogReloader } from '../src/runtime/reload.js';
import { StoreMonitor } from '../src/runtime/store-monitor.js';
import { onStopSignals, runShutdown, type ShutdownStep } from '../src/runtime/shutdown.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/types.js';

await runCli(async () => {
  const options = parseCli(process.argv.slice(2));
  const config = loadConfig();
  const platforms = Boolean(config.telegram || config.discord);
  // No platform, HTTP_PORT set and no terminal (a container without tokens): serve HTTP only.
  const serverOnly = !platforms && config.httpPort !== undefined && !process.stdin.isTTY;
  // The console chat stays quiet on the terminal unless LOG_LEVEL asks for more.
  const logger = createLogger({ level: config.logLevel ?? (platforms || serverOnly ? 'info' : 'warn'), secrets: secretsOf(config, config.telegram ? [webhookSecretOf(config.telegram)] : []) });
  const log = logFn(logger);
  const metrics = new Metrics();
  const health = new Health();

  // The store (subscriptions, the announcement ledger): SQLite under data/ unless DATABASE_URL
  // names PostgreSQL. The console chat also keeps subscriptions (its posts appear in the terminal);
  // there, a store that cannot be opened (a read-only checkout) only disables subscriptions.
  let store: Store | undefined;
  if (platforms || serverOnly || config.databaseUrl || config.databasePath) {
    store = await openStore(process.env);
  } else {
    store = await openStore(process.env).catch((error: unknown) => {
      log('subscriptions are off: the database could not be opened', error);
      return undefined;
    });
  }

  const seeds = seedsDir(options.seeds ?? config.seeds);
  const { core, loaded } = createBot({
    ...options,
    seeds,
    log: logFn(logger, 'core'),
    ...(store ? { store } : {}),
    ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
  });
  let loadedAt = new Date();
  const catalogServed = (c: typeof loaded.catalog) => {
    loadedAt = new Date();
    health.catalogLoaded(c.entries.length, c.problems.length, loadedAt);
    metrics.catalog(c.entries.length, c.problems);
  };
  catalogServed(loaded.catalog);
  const problems = loaded.catalog.problems.length;
  const summary =
    `catalog-bot: ${loaded.catalog.entries.length} entries from ${loaded.catalog.files.length} seed files` +
    `${problems ? ` (${problems} lint problems: npm run catalog -- --lint)` : ''}`;
  logger.info({ entries: loaded.catalog.entries.length, files: loaded.catalog.files.length, problems, seeds }, 'catalog loaded');

  /** A component's log that also counts its errors in /metrics. */
  const counted = (component: string, source: 'platform' | 'http') => {
    const write = logFn(logger, component);
    return (message: string, error?: unknown) => {
      if (error !== undefined) metrics.errors.inc({ source });
      write(message, error);
    };
  };

  const dispatcher = new Dispatcher((request) => core.respond(request), metrics);

  let http: HttpServer | undefined;
  if (config.httpPort !== undefined) {
    http = new HttpServer({ log: counted('http', 'http') });
    mountBotRoutes(http, { health, metrics, calendar: core, catalogLoadedAt: () => loadedAt });
    const address = await http.listen(config.httpPort, config.httpHost);
    logger.info({ host: address.address, port: address.port }, 'http: listening');
  }

  const adapters: Adapter[] = [];
  if (config.telegram) {
    const mount = http && config.telegram.webhookUrl ? http : undefined;
    adapters.push(
      new TelegramAdapter(config.telegram, core, {
        log: counted('telegram', 'platform'),
        ...(mount ? { mountWebhook: (path, handler) => mount.mount(path, handler) } : {}),
      }),
    );
  }
  if (config.discord) adapters.push(new DiscordAdapter(config.discord, core, { log: counted('discord', 'platform') }));

  const reloader =
    (config.watch ?? (platforms || serverOnly))
      ? new CatalogReloader({
          dir: seeds,
          // Parse and index in a worker thread: chats, /healthz and the announcer keep running.
          load: () => loadOffThread(seeds),
          current: () => core.catalog,
          apply: (next) => core.replaceCatalog(next.catalog, next.search),
          onApplied: (next) => {
            catalogServed(next.catalog);
            metrics.reloads.inc({ outcome: 'applied' });
            metrics.rejectedProblems.reset();
            metrics.refusedFiles([]);
            logger.info({ entries: next.catalog.entries.length, problems: next.catalog.problems.length }, 'catalog: reloaded');
          },
          onRejected: (_reason, rejected, files) => {
            metrics.refusedFiles(files);
            metrics.reloads.inc({ outcome: 'rejected' });
            metrics.errors.inc({ source: 'reload' });
            for (const severity of ['error', 'warning'] as const) {
              metrics.rejectedProblems.set({ severity }, rejected.filter((p) => p.severity === severity).length);
            }
          },
          onWatch: (state) => {
            health.watcher(state);
            metrics.watching.set(state.watching ? 1 : 0);
          },
          // Everything the reloader says is a refusal or a problem: warnings.
          log: logFn(logger, 'catalog', 'warn'),
        })
      : undefined;
  reloader?.start();
  // The store's state for /healthz (SQLite writable, PostgreSQL reachable), probed in the background.
  const storeMonitor = store
    ? new StoreMonitor(store, {
        onHealth: (h) => (health.store(h), metrics.store(h.kind, h.state)),
        log: logFn(logger, 'store', 'warn'),
      }).start()
    : undefined;

  // Closing order shared by both modes; the platforms are stopped first (see below).
  const closing: ShutdownStep[] = [
    { name: 'catalog watcher', run: () => reloader?.close() },
    { name: 'store monitor', run: () => storeMonitor?.stop() },
    { name: 'requests in flight', run: () => dispatcher.close() },
    { name: 'http server', run: () => http?.close() },
    { name: 'database', run: () => store?.close() },
  ];

  // Announcements (subscriptions in the store), once every platform has had its first try;
  // the ledger keeps each announcement to a single post across instances.
  const startAnnouncements = (store: Store, senders: readonly Adapter[]) =>
    startAnnouncer({
        store,
        core,
        adapters: senders,
        log: logFn(logger, 'announce'),
        onEvent: (event) => {
          if (event.type === 'sent' || event.type === 'resent') metrics.announcement('sent');
          else if (event.type === 'late' || event.type === 'skipped') metrics.announcement(event.type);
          else if (event.type === 'failed') {
            metrics.announcement('failed');
            metrics.errors.inc({ source: 'announcer' });
          }
        },
      });
  if (adapters.length === 0 && !serverOnly) {
    const interactive = Boolean(process.stdin.isTTY);
    const adapter = new ConsoleAdapter({ input: process.stdin, output: process.stdout, ...(interactive ? { prompt: '> ' } : {}) });
    process.stderr.write(`${summary}. Ask in Chinese or English, /help for commands, "quit" to leave.\n`);
    await adapter.start(dispatcher.dispatch);
    // Deadline posts for the console's own subscriptions appear in the chat.
    const consoleAnnouncer = store ? startAnnouncements(store, [adapter]) : undefined;
    const stopSignals = onStopSignals(() => void adapter.stop());
    await adapter.finished();
    stopSignals();
    await runShutdown([{ name: 'announcer', run: () => consoleAnnouncer?.stop() }, ...closing], { log });
    return 0;
  }

  // Signals are caught from here on, also while a platform is still connecting.
  let stopping = false;
  const stopSignal = new Promise<NodeJS.Signals>((resolve) =>
    onStopSignals((signal) => {
      stopping = true;
      resolve(signal);
    }),
  );
  logger.info({ platforms: adapters.map((a) => a.platform) }, `${summary}; ${serverOnly ? 'serving HTTP only (no platform token)' : `starting ${adapters.map((a) => a.platform).join(' and ')}`}`);
  // A platform that cannot connect is retried with back-off and reported by /healthz; the others run.
  const runners = adapters.map(
    (adapter) =>
      new PlatformRunner(adapter, dispatcher.dispatch, {
        health,
        log: logFn(logger, adapter.platform),
        onFailure: () => metrics.errors.inc({ source: 'platform' }),
      }),
  );
  const firstAttempts = Promise.all(runners.map((r) => r.start()));

  let announcer: Announcer | undefined;
  if (store && adapters.length > 0) {
    void firstAttempts.then(() => {
      if (!stopping) announcer = startAnnouncements(store, adapters);
    });
  }

  const signal = await stopSignal;
  logger.info({ signal }, 'stopping: no new updates; finishing what is in flight');
  health.stopping();
  const done = await runShutdown(
    [
      { name: 'announcer', run: () => announcer?.stop() },
      { name: 'platforms', run: async () => void (await Promise.allSettled(runners.map((r) => r.stop()))) },
      ...closing,
    ],
    { log, deadlineMs: 9_500 },
  );
  logger.info({ clean: done }, 'stopped');
  // Whatever a library left open does not keep the process past the deadline.
  setTimeout(() => process.exit(done ? 0 : 1), 200).unref();
  return done ? 0 : 1;
});
