/**
 * `npm start`: the bot. Each platform module whose switch is set runs (Telegram with
 * TELEGRAM_BOT_TOKEN, Discord with DISCORD_TOKEN; several can run in one process); with
 * none, a chat in this terminal on the bundled catalog (or --seeds DIR / CATALOG_SEEDS) —
 * unless HTTP_PORT is set and stdin is not a terminal (a container without tokens): then
 * only the HTTP server runs.
 *
 * Order: config (.env + environment, validated) → logger → store → catalog → engine →
 * HTTP server (HTTP_PORT: /healthz, /metrics, /calendar.ics, /calendar/<token>.ics, webhooks) → platforms (each
 * retried with back-off on its own) → catalog watcher → announcer → SIGTERM/SIGINT: stop
 * taking updates, finish what is in flight, close everything (≤ 10 s).
 */
import type { Announcer } from '../src/announce/announcer.js';
import type { CliOptions } from '../src/cli/args.js';
import { systemClock } from '../src/clock.js';
import type { Metrics } from '../src/http/metrics.js';
import { mountBotRoutes } from '../src/http/routes.js';
import { HttpServer } from '../src/http/server.js';
import { createLogger, logFn } from '../src/log.js';
import type { PlatformServices } from '../src/platform.js';
import { Health } from '../src/runtime/health.js';
import { Dispatcher } from '../src/runtime/dispatcher.js';
import { PlatformRunner } from '../src/runtime/platforms.js';
import { StoreMonitor } from '../src/runtime/store-monitor.js';
import { onStopSignals, runShutdown, type ShutdownStep } from '../src/runtime/shutdown.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/types.js';
import type { ConsoleReceiver } from '../adapters/console/receiver.js';
import { announcements } from './announcements.js';
import { createBot, seedsDir } from './bot.js';
import { loadConfig, secretsOfConfig } from './config.js';
import { loadConsole } from './platforms.js';
import { catalogReloader } from './reloader.js';

export async function main(options: CliOptions): Promise<number> {
  const config = await loadConfig();
  const { core: settings } = config;
  const platforms = config.platforms.length > 0;
  // No platform, HTTP_PORT set and no terminal (a container without tokens): serve HTTP only.
  const serverOnly = !platforms && settings.httpPort !== undefined && !process.stdin.isTTY;
  const service = platforms || serverOnly;
  // The console chat stays quiet on the terminal unless LOG_LEVEL asks for more.
  const logger = createLogger({ level: settings.logLevel ?? (service ? 'info' : 'warn'), secrets: secretsOfConfig(config) });
  const log = logFn(logger);
  // Only an HTTP server serves /metrics: without one, prom-client (~80 ms to import cold) is never loaded.
  const metrics: Metrics | undefined = settings.httpPort !== undefined ? new (await import('../src/http/metrics.js')).Metrics() : undefined;
  const health = new Health();

  // The store (subscriptions, the announcement ledger): SQLite under data/ unless DATABASE_URL
  // names PostgreSQL. The console chat also keeps subscriptions (its posts appear in the terminal);
  // there, a store that cannot be opened (a read-only checkout) only disables subscriptions.
  let store: Store | undefined;
  if (service || settings.databaseUrl || settings.databasePath) {
    store = await openStore(process.env);
  } else {
    store = await openStore(process.env).catch((error: unknown) => {
      log('subscriptions are off: the database could not be opened', error);
      return undefined;
    });
  }

  const seeds = seedsDir(options.seeds ?? settings.seeds);
  const { engine, core, loaded } = createBot({
    ...options,
    seeds,
    log: logFn(logger, 'core'),
    ...(store ? { store } : {}),
    ...(settings.publicUrl ? { publicUrl: settings.publicUrl } : {}),
  });
  let loadedAt = new Date();
  const served = ({ catalog: c, search }: Pick<typeof loaded, 'catalog' | 'search'>) => {
    loadedAt = new Date();
    health.catalogLoaded(c.entries.length, c.problems.length, loadedAt);
    metrics?.catalog(c.entries.length, c.problems);
    // The typo index is built on the first typo; in idle time right after it is served instead.
    setImmediate(() => search.prepare());
  };
  served(loaded);
  const problems = loaded.catalog.problems.length;
  const summary =
    `catalog-bot: ${loaded.catalog.entries.length} entries from ${loaded.catalog.files.length} seed files` +
    `${problems ? ` (${problems} lint problems: npm run catalog -- --lint)` : ''}`;
  logger.info({ entries: loaded.catalog.entries.length, files: loaded.catalog.files.length, problems, seeds }, 'catalog loaded');

  /** A component's log that also counts its errors in /metrics. */
  const counted = (component: string, source: 'platform' | 'http') => {
    const write = logFn(logger, component);
    return (message: string, error?: unknown) => {
      if (error !== undefined) metrics?.errors.inc({ source });
      write(message, error);
    };
  };

  // Every event through the dispatcher: counted, timed, kept in flight for shutdown.
  const dispatcher = new Dispatcher(engine, { ...(metrics ? { metrics } : {}), log: logFn(logger, 'dispatcher') });
  const access = dispatcher.access;

  let http: HttpServer | undefined;
  if (settings.httpPort !== undefined && metrics) {
    http = new HttpServer({ log: counted('http', 'http') });
    mountBotRoutes(http, { health, metrics, calendar: core, catalogLoadedAt: () => loadedAt, ...(store ? { store } : {}) });
    const address = await http.listen(settings.httpPort, settings.httpHost);
    logger.info({ host: address.address, port: address.port }, 'http: listening');
  }
  const servicesOf = (name: string): PlatformServices => {
    const server = http;
    return { log: counted(name, 'platform'), clock: systemClock, ...(server ? { mountHttp: (path, handler) => server.mount(path, handler) } : {}) };
  };

  const reloader = (settings.watch ?? service) ? catalogReloader({ seeds, core, health, metrics, logger, log: logFn(logger, 'catalog', 'warn'), served }) : undefined;
  reloader?.start();
  // The store's state for /healthz (SQLite writable, PostgreSQL reachable), probed in the background.
  const storeMonitor = store
    ? new StoreMonitor(store, {
        onHealth: (h) => {
          health.store(h);
          metrics?.store(h.kind, h.state);
        },
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

  if (!platforms && !serverOnly) {
    const terminal = await loadConsole();
    const consoleConfig = terminal.config.fromEnv(process.env)!;
    const receiver = terminal.createReceiver(consoleConfig, servicesOf('console')) as ConsoleReceiver;
    process.stderr.write(`${summary}. Ask in Chinese or English, /help for commands, "quit" to leave.\n`);
    await receiver.start(access);
    // Deadline posts for the console's own subscriptions appear in the chat.
    const sender = terminal.createSender(consoleConfig, servicesOf('console'));
    const consoleAnnouncer = store ? announcements(store, core, [sender], metrics, logFn(logger, 'announce')) : undefined;
    const stopSignals = onStopSignals(() => void receiver.stop());
    await receiver.finished();
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
  const names = config.platforms.map((p) => p.module.name);
  logger.info({ platforms: names }, `${summary}; ${serverOnly ? 'serving HTTP only (no platform token)' : `starting ${names.join(' and ')}`}`);
  // A platform that cannot connect is retried with back-off and reported by /healthz; the others run.
  const runners = config.platforms.map(({ module, config: own }) => {
    const receiver = module.createReceiver(own, servicesOf(module.name));
    return new PlatformRunner(receiver, access, {
      health,
      log: logFn(logger, module.name),
      onFailure: () => metrics?.errors.inc({ source: 'platform' }),
    });
  });
  const senders = config.platforms.map(({ module, config: own }) => module.createSender(own, servicesOf(module.name)));
  const firstAttempts = Promise.all(runners.map((r) => r.start()));

  let announcer: Announcer | undefined;
  if (store && senders.length > 0) {
    void firstAttempts.then(() => {
      if (!stopping) announcer = announcements(store, core, senders, metrics, logFn(logger, 'announce'));
    });
  }

  const signal = await stopSignal;
  logger.info({ signal }, 'stopping: no new updates; finishing what is in flight');
  health.stopping();
  const done = await runShutdown(
    [
      { name: 'announcer', run: () => announcer?.stop() },
      { name: 'platforms', run: async () => void (await Promise.allSettled(runners.map((r) => r.stop()))) },
      { name: 'senders', run: async () => void (await Promise.allSettled(senders.map((s) => s.close()))) },
      ...closing,
    ],
    { log, deadlineMs: 9_500 },
  );
  logger.info({ clean: done }, 'stopped');
  // Whatever a library left open does not keep the process past the deadline.
  setTimeout(() => process.exit(done ? 0 : 1), 200).unref();
  return done ? 0 : 1;
}
