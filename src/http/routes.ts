/** The bot's own routes on the shared server: /healthz, /metrics and /calendar.ics. */
import type { Health } from '../runtime/health.js';
import type { FeedSource } from '../calendar/filter.js';
import { calendarRoute } from './calendar.js';
import { healthRoute } from './health.js';
import type { Metrics } from './metrics.js';
import type { HttpServer } from './server.js';

export interface BotRoutes {
  health: Health;
  metrics: Metrics;
  calendar: FeedSource;
  /** When the catalog being served was loaded (the feed's DTSTAMP). */
  catalogLoadedAt: () => Date;
}

export function mountBotRoutes(server: HttpServer, routes: BotRoutes): void {
  server.mount('/healthz', healthRoute(routes.health));
  server.mount('/metrics', routes.metrics.route());
  server.mount('/calendar.ics', calendarRoute({ source: routes.calendar, stamp: routes.catalogLoadedAt }));
}
