/**
 * /calendar.ics is rendered once per catalog, filter set and language: a burst of requests
 * renders once, a client holding the feed gets 304 for its ETag, and a new catalog gets a
 * new body. The cache of filter sets is bounded.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadSearchableCatalog } from '../../src/catalog/searchable.js';
import { calendarFeed } from '../../src/calendar/feed.js';
import { calendarRoute } from '../../src/http/calendar.js';
import { FeedCache, matchesEtag } from '../../src/http/feed-cache.js';
import { HttpServer } from '../../src/http/server.js';
import { makeBot, seedDir } from '../helpers.js';

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const STAMP = new Date('2026-11-01T00:00:00Z');

async function serve(cache = new FeedCache()) {
  const core = makeBot();
  const renders: string[] = [];
  server = new HttpServer();
  server.mount(
    '/calendar.ics',
    calendarRoute({
      source: core,
      stamp: () => STAMP,
      cache,
      render: (entries, options) => {
        renders.push(options.lang);
        return calendarFeed(entries, options);
      },
    }),
  );
  const { port } = await server.listen(0, '127.0.0.1');
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`http://127.0.0.1:${port}${path}`, { headers });
  return { core, renders, get };
}

describe('/calendar.ics cache', () => {
  it('renders a burst of identical requests once and answers them all with the same body and ETag', async () => {
    const { renders, get } = await serve();
    const responses = await Promise.all(Array.from({ length: 50 }, () => get('/calendar.ics?lang=en&kind=cfp')));
    const bodies = await Promise.all(responses.map((r) => r.text()));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(new Set(bodies).size).toBe(1);
    expect(bodies[0]).toContain('BEGIN:VEVENT');
    expect(new Set(responses.map((r) => r.headers.get('etag'))).size).toBe(1);
    expect(renders).toEqual(['en']);
    // The same filter set written differently is the same feed; another language is another.
    await get('/calendar.ics?kind=CFP&lang=en');
    await get('/calendar.ics?kind=cfp', { 'accept-language': 'zh-CN' });
    expect(renders).toEqual(['en', 'zh']);
  });

  it('answers 304 to If-None-Match with the current ETag, 200 with a stale one', async () => {
    const { get } = await serve();
    const first = await get('/calendar.ics?lang=zh');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await get('/calendar.ics?lang=zh', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    expect((await get('/calendar.ics?lang=zh', { 'if-none-match': '"stale"' })).status).toBe(200);
  });

  it('renders again once the catalog is replaced', async () => {
    const { core, renders, get } = await serve();
    const before = await get('/calendar.ics?lang=en');
    const next = loadSearchableCatalog(seedDir({ 'a.txt': '征稿与合作Alpha 2026截止 北京时间 2026-07-01会议征稿 Alpha Workshop 2026\nAlpha Workshop 2026 calls for papers.\n' }));
    core.replaceCatalog(next.catalog, next.search);
    const after = await get('/calendar.ics?lang=en', { 'if-none-match': before.headers.get('etag')! });
    expect(after.status).toBe(200);
    expect(await after.text()).toContain('Alpha Workshop 2026');
    expect(renders).toEqual(['en', 'en']);
  });

  it('keeps a bounded number of filter sets, dropping the least recently used', () => {
    const cache = new FeedCache(2);
    const catalog = {};
    let renders = 0;
    const get = (key: string) => cache.get(catalog, key, () => `${key} ${++renders}`).body.toString();
    expect(get('a')).toBe('a 1');
    expect(get('b')).toBe('b 2');
    expect(get('a')).toBe('a 1');
    expect(get('c')).toBe('c 3');
    expect(cache.cached).toBe(2);
    expect(get('a')).toBe('a 1');
    expect(get('b')).toBe('b 4');
  });

  it('reads If-None-Match lists, weak tags and *', () => {
    expect(matchesEtag('"x", W/"y"', '"y"')).toBe(true);
    expect(matchesEtag('*', '"y"')).toBe(true);
    expect(matchesEtag(undefined, '"y"')).toBe(false);
    expect(matchesEtag('"z"', '"y"')).toBe(false);
  });
});
