/**
 * The calendar feed's query: which entries, in which language. The same parameters
 * make the feed URL that /deadline replies offer (`feedUrl`).
 */
import { KINDS, type Entry, type Kind } from '../catalog/schema.js';
import type { Lang } from '../bot/reply.js';

export interface FeedQuery {
  kinds?: Kind[];
  tag?: string;
  q?: string;
  lang?: Lang;
}

export class FeedQueryError extends Error {}

const MAX_QUERY = 200;

/** Reads kind (comma-separated or repeated), tag, q and lang; a bad value throws FeedQueryError. */
export function parseFeedQuery(params: URLSearchParams): FeedQuery {
  const query: FeedQuery = {};
  const kinds = params
    .getAll('kind')
    .flatMap((k) => k.split(','))
    .map((k) => k.trim().toLowerCase())
    .filter(Boolean);
  if (kinds.length) {
    const bad = kinds.find((k) => !(KINDS as readonly string[]).includes(k));
    if (bad) throw new FeedQueryError(`kind must be one of ${KINDS.join(', ')} (got "${bad.slice(0, 40)}")`);
    query.kinds = [...new Set(kinds)] as Kind[];
  }
  const tag = params.get('tag')?.trim();
  if (tag) query.tag = tag.slice(0, MAX_QUERY);
  const q = params.get('q')?.trim();
  if (q) query.q = q.slice(0, MAX_QUERY);
  const lang = params.get('lang')?.trim().toLowerCase();
  if (lang) {
    if (lang !== 'zh' && lang !== 'en') throw new FeedQueryError(`lang must be zh or en (got "${lang.slice(0, 20)}")`);
    query.lang = lang;
  }
  return query;
}

export interface FeedSource {
  readonly entries: readonly Entry[];
  search(query: string, kinds?: readonly Kind[]): readonly Entry[];
}

/** The entries with dates that the query selects (search order for `q`, else catalog order). */
export function selectEntries(source: FeedSource, query: FeedQuery): Entry[] {
  let entries: readonly Entry[] = query.q ? source.search(query.q, query.kinds) : source.entries;
  if (query.kinds) entries = entries.filter((e) => query.kinds!.includes(e.kind));
  if (query.tag) {
    const tag = query.tag.toLowerCase();
    entries = entries.filter((e) => e.tags.some((t) => t.toLowerCase() === tag));
  }
  return entries.filter((e) => e.milestones.length > 0);
}

/** `<base>/calendar.ics?q=…&lang=…`: the feed of a query. */
export function feedUrl(base: string, query: FeedQuery): string {
  const params = new URLSearchParams();
  if (query.kinds?.length) params.set('kind', query.kinds.join(','));
  if (query.tag) params.set('tag', query.tag);
  if (query.q) params.set('q', query.q);
  if (query.lang) params.set('lang', query.lang);
  const search = params.toString();
  return `${base.replace(/\/+$/, '')}/calendar.ics${search ? `?${search}` : ''}`;
}
