/** The bot's own routes on the shared server: /healthz, /metrics, /calendar.ics and, with a store, /calendar/<token>.ics. */
import type { Health } from '../runtime/health.js';
import type { FeedSource } from '../calendar/filter.js';
import type { Store } from '../store/types.js';
import { calendarRoute } from './calendar.js';
import { healthRoute } from './health.js';
import { PERSONAL_FEED_PREFIX, personalCalendarRoute } from './personal-calendar.js';
import type { Metrics } from './metrics.js';
import type { HttpServer } from './server.js';

export interface BotRoutes {
  health: Health;
  metrics: Metrics;
  calendar: FeedSource;
  /** When the catalog being served was loaded (the feed's DTSTAMP). */
  catalogLoadedAt: () => Date;
  /** The store of feed tokens and follows: the private feeds are served only with one. */
  store?: Store;
}

export function mountBotRoutes(server: HttpServer, routes: BotRoutes): void {
  server.mount('/healthz', healthRoute(routes.health));
  server.mount('/metrics', routes.metrics.route());
  server.mount('/calendar.ics', calendarRoute({ source: routes.calendar, stamp: routes.catalogLoadedAt }));
  if (routes.store) server.mountPrefix(PERSONAL_FEED_PREFIX, personalCalendarRoute({ source: routes.calendar, store: routes.store, stamp: routes.catalogLoadedAt }));
}
