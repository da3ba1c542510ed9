/**
 * The bot's Prometheus metrics (prom-client), in a registry of its own so tests and
 * several bots in one process do not share counters. Served as text by /metrics.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { onlyGet, send } from './server.js';

export type AnnouncementOutcome = 'sent' | 'late' | 'skipped' | 'failed';

export class Metrics {
  readonly registry = new Registry();
  readonly messages = new Counter({
    name: 'catalog_bot_messages_handled_total',
    help: 'Messages answered, by platform and intent',
    labelNames: ['platform', 'intent'] as const,
    registers: [this.registry],
  });
  readonly handleSeconds = new Histogram({
    name: 'catalog_bot_handle_seconds',
    help: 'Time from a request reaching the core to its reply, by platform',
    labelNames: ['platform'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly announcements = new Counter({
    name: 'catalog_bot_announcements_total',
    help: 'Announcements by outcome: sent, late (sent after their time), skipped, failed',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly catalogEntries = new Gauge({
    name: 'catalog_bot_catalog_entries',
    help: 'Entries in the catalog being served',
    registers: [this.registry],
  });
  readonly catalogProblems = new Gauge({
    name: 'catalog_bot_catalog_lint_problems',
    help: 'Lint problems of the catalog being served, by severity',
    labelNames: ['severity'] as const,
    registers: [this.registry],
  });
  readonly reloads = new Counter({
    name: 'catalog_bot_catalog_reloads_total',
    help: 'Catalog reloads: applied, or rejected (a worse catalog never replaces a good one)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly rejectedProblems = new Gauge({
    name: 'catalog_bot_catalog_rejected_lint_problems',
    help: 'Lint problems of the last rejected catalog, by severity (0 after a good reload)',
    labelNames: ['severity'] as const,
    registers: [this.registry],
  });
  readonly reloadRefusedFiles = new Gauge({
    name: 'catalog_bot_catalog_reload_refused_files',
    help: 'Seed files that made the last reload be refused, by file and cause (entries-dropped, unreadable, lint-errors); cleared by a good reload',
    labelNames: ['file', 'cause'] as const,
    registers: [this.registry],
  });
  readonly watching = new Gauge({
    name: 'catalog_bot_catalog_watching',
    help: '1 while the seed directory is watched for hot reload, 0 when it cannot be watched',
    registers: [this.registry],
  });
  readonly storeState = new Gauge({
    name: 'catalog_bot_store_state',
    help: 'The store as last probed: 1 for its state (ok, busy, unavailable), 0 for the others',
    labelNames: ['kind', 'state'] as const,
    registers: [this.registry],
  });
  readonly errors = new Counter({
    name: 'catalog_bot_errors_total',
    help: 'Errors, by where they happened (handler, platform, reload, http, announcer)',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'catalog_bot_' });
    for (const outcome of ['sent', 'late', 'skipped', 'failed'] as const) this.announcements.inc({ outcome }, 0);
    for (const source of ['handler', 'platform', 'reload', 'http', 'announcer'] as const) this.errors.inc({ source }, 0);
  }

  /** The catalog now served. */
  catalog(entries: number, problems: readonly { severity: 'error' | 'warning' }[]): void {
    this.catalogEntries.set(entries);
    for (const severity of ['error', 'warning'] as const) {
      this.catalogProblems.set({ severity }, problems.filter((p) => p.severity === severity).length);
    }
  }

  /** A reload was refused because of these files (none: cleared). */
  refusedFiles(files: readonly { file: string; cause: string }[]): void {
    this.reloadRefusedFiles.reset();
    for (const f of files) this.reloadRefusedFiles.set({ file: f.file, cause: f.cause }, 1);
  }

  /** The store's last probe. */
  store(kind: string, state: 'ok' | 'busy' | 'unavailable'): void {
    for (const s of ['ok', 'busy', 'unavailable'] as const) this.storeState.set({ kind, state: s }, s === state ? 1 : 0);
  }

  /** For the announcer: one announcement's outcome. */
  announcement(outcome: AnnouncementOutcome, n = 1): void {
    this.announcements.inc({ outcome }, n);
  }

  async text(): Promise<string> {
    return this.registry.metrics();
  }

  /** The /metrics route. */
  route() {
    return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
      if (!onlyGet(req, res)) return;
      send(res, 200, await this.text(), { 'content-type': this.registry.contentType });
    };
  }
}
