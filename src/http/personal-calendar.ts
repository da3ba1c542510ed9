/**
 * The /calendar/<token>.ics route: a person's private feed of the items they follow
 * (src/calendar/personal.ts). The token is the only key: an unknown or revoked one is 404,
 * exactly like a path that was never served. `?alarm=1` adds reminders, `?lang=zh|en` picks the
 * language (default: their follows'). Rendered on each request (a person follows a few items;
 * the render records changed events' versions) and revalidated by ETag. The token never goes
 * to the log (the server logs only the prefix) nor to a Referer (no-referrer).
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Lang } from '../bot/reply.js';
import type { Entry } from '../catalog/schema.js';
import { personalFeed } from '../calendar/personal.js';
import { systemClock, type Clock } from '../clock.js';
import type { Store } from '../store/types.js';
import { matchesEtag } from './feed-cache.js';
import { onlyGet, send } from './server.js';

/** Where the private feeds live: `${PERSONAL_FEED_PREFIX}<token>.ics`. */
export const PERSONAL_FEED_PREFIX = '/calendar/';

/** A token as the store issues them (43 base64url characters), with room to change the length. */
const FEED_PATH = /^\/calendar\/([A-Za-z0-9_-]{32,128})\.ics$/;

export interface PersonalCalendarRouteOptions {
  source: { readonly entries: readonly Entry[] };
  store: Store;
  /** DTSTAMP of the events: when the catalog being served was loaded. */
  stamp: () => Date;
  /** LAST-MODIFIED of events that change (default systemClock). */
  clock?: Clock;
}

export function personalCalendarRoute(options: PersonalCalendarRouteOptions) {
  const clock = options.clock ?? systemClock;
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    if (!onlyGet(req, res)) return;
    const token = FEED_PATH.exec(url.pathname)?.[1];
    const person = token === undefined ? undefined : await options.store.personOfFeedToken(token);
    if (person === undefined) {
      send(res, 404, 'not found\n', { 'cache-control': 'no-store' });
      return;
    }
    const asked = url.searchParams.get('lang')?.trim().toLowerCase() || undefined;
    if (asked !== undefined && asked !== 'zh' && asked !== 'en') {
      send(res, 400, 'lang must be zh or en\n');
      return;
    }
    const lang: Lang | undefined = asked;
    const body = Buffer.from(
      await personalFeed({
        person,
        store: options.store,
        entries: options.source.entries,
        ...(lang ? { lang } : {}),
        alarm: url.searchParams.get('alarm') === '1',
        now: new Date(clock.now()),
        stamp: options.stamp(),
      }),
    );
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    const headers = {
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': 'inline; filename="calendar.ics"',
      'cache-control': 'private, max-age=300',
      'referrer-policy': 'no-referrer',
      etag,
    };
    if (matchesEtag(req.headers['if-none-match'], etag)) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    send(res, 200, body, headers);
  };
}
