/**
 * The rendered calendar feeds of the catalog being served: one body per filter set and
 * language, rendered on the first request and then served as is (with its ETag) until the
 * catalog changes. Keyed on the catalog's entry list (a reload swaps it, so the old bodies
 * go with it) and bounded: the least recently used filter set is dropped first.
 */
import { createHash } from 'node:crypto';

export interface RenderedFeed {
  body: Buffer;
  /** A strong ETag (quoted), the hash of the body. */
  etag: string;
}

/** Filter sets kept per catalog (each body is a few KB to a few hundred KB). */
const FEED_CACHE_SIZE = 64;

export class FeedCache {
  private catalog: object | undefined;
  private readonly feeds = new Map<string, RenderedFeed>();

  constructor(private readonly size = FEED_CACHE_SIZE) {}

  /** The feed of `key` for `catalog`, rendered by `render` only when not cached. */
  get(catalog: object, key: string, render: () => string): RenderedFeed {
    if (catalog !== this.catalog) {
      this.catalog = catalog;
      this.feeds.clear();
    }
    const hit = this.feeds.get(key);
    if (hit) {
      // Most recently used last: Map keeps insertion order.
      this.feeds.delete(key);
      this.feeds.set(key, hit);
      return hit;
    }
    const body = Buffer.from(render());
    const feed = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
    this.feeds.set(key, feed);
    while (this.feeds.size > this.size) this.feeds.delete(this.feeds.keys().next().value!);
    return feed;
  }

  get cached(): number {
    return this.feeds.size;
  }
}

/** Whether an If-None-Match header names `etag` (a list, `*`, or weak forms). */
export function matchesEtag(header: string | string[] | undefined, etag: string): boolean {
  if (!header) return false;
  const tags = (Array.isArray(header) ? header.join(',') : header).split(',').map((t) => t.trim().replace(/^W\//, ''));
  return tags.includes('*') || tags.includes(etag);
}
