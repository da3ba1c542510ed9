/**
 * Which catalog entries a subscription's filter selects: ids (a person's follow), kinds,
 * tags and a search query, all that are given must hold. No filter means every call for
 * papers and competition. Results are cached per distinct filter for the length of one pass.
 */
import type { Entry, Kind } from '../catalog/schema.js';
import type { SubscriptionFilter } from '../store/types.js';

const DEFAULT_KINDS: readonly Kind[] = ['cfp', 'competition'];

export type SearchFn = (query: string, kinds?: readonly Kind[]) => readonly Entry[];
/** The entries of the given kinds, in catalog order: only those are read (a restored catalog decodes entries when read). */
export type KindsFn = (kinds: readonly Kind[]) => readonly Entry[];

export function effectiveKinds(filter: SubscriptionFilter): readonly Kind[] | undefined {
  if (filter.kinds?.length) return filter.kinds;
  if (filter.ids?.length || filter.tags?.length || filter.query) return undefined;
  return DEFAULT_KINDS;
}

/** The entries a filter selects, in catalog order (search order for a query). */
export function matchEntries(filter: SubscriptionFilter, entries: readonly Entry[], search?: SearchFn, ofKinds?: KindsFn): Entry[] {
  const kinds = effectiveKinds(filter);
  const tags = filter.tags?.map((t) => t.toLowerCase());
  const keep = (e: Entry) => (!kinds || kinds.includes(e.kind)) && (!tags?.length || e.tags.some((t) => tags.includes(t.toLowerCase())));
  if (filter.ids?.length) {
    // A follow: its entries by id (looked up, not scanned: there are many follows), narrowed by anything else the filter says.
    const byId = idsOf(entries);
    const named = [...new Set(filter.ids)].map((id) => byId.get(id)).filter((e): e is Entry => e !== undefined && keep(e));
    if (!filter.query) return named;
    const found = new Set((search?.(filter.query, kinds) ?? []).map((e) => e.id));
    return named.filter((e) => found.has(e.id));
  }
  if (filter.query) {
    if (!search) return [];
    return search(filter.query, kinds).filter(keep);
  }
  return (kinds && ofKinds ? ofKinds(kinds) : entries).filter(keep);
}

const BY_ID = new WeakMap<readonly Entry[], ReadonlyMap<string, Entry>>();

/** A catalog's entries by id, built once per entries array. */
function idsOf(entries: readonly Entry[]): ReadonlyMap<string, Entry> {
  let map = BY_ID.get(entries);
  if (!map) BY_ID.set(entries, (map = new Map(entries.map((e) => [e.id, e]))));
  return map;
}

/** Caches matchEntries by filter as a set of entry ids. */
export class Matcher {
  private readonly cache = new Map<string, ReadonlySet<string>>();
  private known?: ReadonlySet<string>;

  constructor(
    private readonly entries: readonly Entry[],
    private readonly search?: SearchFn,
    private readonly ofKinds?: KindsFn,
  ) {}

  ids(filter: SubscriptionFilter): ReadonlySet<string> {
    const key = filterKey(filter);
    let ids = this.cache.get(key);
    if (!ids && filter.ids?.length && !filter.kinds?.length && !filter.tags?.length && !filter.query) {
      // A follow: its entries, if still in the catalog (no scan of the catalog per follow).
      this.known ??= new Set(this.entries.map((e) => e.id));
      ids = new Set(filter.ids.filter((id) => this.known!.has(id)));
      this.cache.set(key, ids);
    }
    if (!ids) {
      ids = new Set(matchEntries(filter, this.entries, this.search, this.ofKinds).map((e) => e.id));
      this.cache.set(key, ids);
    }
    return ids;
  }
}

export function filterKey(filter: SubscriptionFilter): string {
  const key: unknown[] = [[...(filter.kinds ?? [])].sort(), [...(filter.tags ?? [])].map((t) => t.toLowerCase()).sort(), filter.query ?? ''];
  if (filter.ids?.length) key.push([...filter.ids].sort());
  return JSON.stringify(key);
}
