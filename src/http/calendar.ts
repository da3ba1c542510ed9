/** The /calendar.ics route: a subscribable feed of the catalog's dates, filtered by kind, tag, q and lang. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Lang } from '../bot/types.js';
import { calendarFeed } from '../calendar/feed.js';
import { FeedQueryError, parseFeedQuery, selectEntries, type FeedSource } from '../calendar/filter.js';
import { onlyGet, send } from './server.js';

export interface CalendarRouteOptions {
  source: FeedSource;
  /** DTSTAMP of the events: when the catalog being served was loaded. */
  stamp?: () => Date;
}

/** The language asked for: ?lang=, else Accept-Language (zh… → Chinese), else English. */
function langOf(req: IncomingMessage, asked?: Lang): Lang {
  if (asked) return asked;
  return /^\s*zh/i.test(req.headers['accept-language'] ?? '') ? 'zh' : 'en';
}

export function calendarRoute(options: CalendarRouteOptions) {
  return (req: IncomingMessage, res: ServerResponse, url: URL): void => {
    if (!onlyGet(req, res)) return;
    let query;
    try {
      query = parseFeedQuery(url.searchParams);
    } catch (error) {
      if (error instanceof FeedQueryError) return send(res, 400, `${error.message}\n`);
      throw error;
    }
    const lang = langOf(req, query.lang);
    const body = calendarFeed(selectEntries(options.source, query), { lang, ...(options.stamp ? { stamp: options.stamp() } : {}) });
    send(res, 200, body, {
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': 'inline; filename="calendar.ics"',
      'cache-control': 'public, max-age=300',
      vary: 'accept-language',
    });
  };
}
