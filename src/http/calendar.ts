/**
 * The /calendar.ics route: a subscribable feed of the catalog's dates, filtered by kind, tag, q
 * and lang. Each filter set is rendered once per catalog (FeedCache) and revalidated by ETag:
 * a burst of feed requests costs a lookup each, and a client that has the feed gets 304.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Lang } from '../bot/reply.js';
import { calendarFeed } from '../calendar/feed.js';
import { type FeedQuery, FeedQueryError, type FeedSource, feedUrl, parseFeedQuery, selectEntries } from '../calendar/filter.js';
import { FeedCache, matchesEtag } from './feed-cache.js';
import { onlyGet, send } from './server.js';

export interface CalendarRouteOptions {
  source: FeedSource;
  /** DTSTAMP of the events: when the catalog being served was loaded. */
  stamp?: () => Date;
  /** The cache of rendered feeds (default: one of FEED_CACHE_SIZE filter sets). */
  cache?: FeedCache;
  /** Renders a feed (default calendarFeed; tests count the renders). */
  render?: typeof calendarFeed;
}

/** The language asked for: ?lang=, else Accept-Language (zh… → Chinese), else English. */
function langOf(req: IncomingMessage, asked?: Lang): Lang {
  if (asked) return asked;
  return /^\s*zh/i.test(req.headers['accept-language'] ?? '') ? 'zh' : 'en';
}

export function calendarRoute(options: CalendarRouteOptions) {
  const cache = options.cache ?? new FeedCache();
  const render = options.render ?? calendarFeed;
  return (req: IncomingMessage, res: ServerResponse, url: URL): void => {
    if (!onlyGet(req, res)) return;
    let query: FeedQuery;
    try {
      query = parseFeedQuery(url.searchParams);
    } catch (error) {
      if (error instanceof FeedQueryError) {
        send(res, 400, `${error.message}\n`);
        return;
      }
      throw error;
    }
    const lang = langOf(req, query.lang);
    const stamp = options.stamp?.();
    // The normalized query (parameter order, case and repeats do not matter), the language and the stamp.
    const key = `${feedUrl('', { ...query, lang })}\0${stamp?.getTime() ?? ''}`;
    const feed = cache.get(options.source.entries, key, () => render(selectEntries(options.source, query), { lang, ...(stamp ? { stamp } : {}) }));
    const headers = {
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': 'inline; filename="calendar.ics"',
      'cache-control': 'public, max-age=300',
      vary: 'accept-language',
      etag: feed.etag,
    };
    if (matchesEtag(req.headers['if-none-match'], feed.etag)) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    send(res, 200, feed.body, headers);
  };
}
