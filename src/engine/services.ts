/**
 * What command handlers read: the current catalog with its index and timeline (one
 * snapshot, swapped whole on hot reload), the commands, the store and the public URL.
 * A request pins the snapshot it started with, so a reload mid-answer changes nothing.
 */
import { DateTime } from 'luxon';
import type { Catalog } from '../catalog/load.js';
import type { Access, Entry, Kind } from '../catalog/schema.js';
import { type CatalogSearch, RankingMemo } from '../search/search.js';
import { lazyArray } from '../search/lazy-array.js';
import type { Store } from '../store/types.js';
import { Timeline } from '../bot/timeline.js';
import type { CommandDefinition, CoreServices } from '../bot/types.js';

export interface ServicesOptions {
  catalog: Catalog;
  search: CatalogSearch;
  commands: readonly CommandDefinition[];
  /** The clock; tests and `--now` fix it. */
  now?: () => DateTime;
  /** Subscriptions and the announcement ledger (the running bot; absent for `ask`). */
  store?: Store;
  /** PUBLIC_URL: the base of calendar feed links in replies. */
  publicUrl?: string;
}

/** One catalog with its index and timeline: replaced together, never piece by piece. */
export interface CatalogSnapshot {
  readonly catalog: Catalog;
  readonly search: CatalogSearch;
  readonly timeline: Timeline;
}

export class CatalogServices implements CoreServices {
  readonly now: () => DateTime;
  /** A request's rankings to reuse (set on pinned services only). */
  private readonly memo: RankingMemo | undefined;
  /** The current catalog; a request keeps the one it started with (see `pinned`). */
  private snapshot: CatalogSnapshot;

  constructor(private readonly options: ServicesOptions) {
    this.snapshot = { catalog: options.catalog, search: options.search, timeline: new Timeline(options.catalog) };
    this.now = options.now ?? (() => DateTime.now());
  }

  get entries(): readonly Entry[] {
    return this.snapshot.catalog.entries;
  }

  ofKinds(kinds: readonly Kind[] | undefined, access?: Access): readonly Entry[] {
    return this.snapshot.search.ofKinds(kinds, access);
  }

  get timeline(): Timeline {
    return this.snapshot.timeline;
  }

  get catalog(): Catalog {
    return this.snapshot.catalog;
  }

  get store(): Store | undefined {
    return this.options.store;
  }

  get publicUrl(): string | undefined {
    return this.options.publicUrl;
  }

  /** Swaps in a new catalog and index in one assignment (hot reload); requests under way keep the old one. */
  replaceCatalog(catalog: Catalog, search: CatalogSearch): void {
    this.snapshot = { catalog, search, timeline: new Timeline(catalog) };
  }

  /**
   * The services as one request sees them: every catalog read goes to the snapshot current
   * when it started, and its searches share one RankingMemo (a query ranked twice in one
   * message is ranked once; nothing is reused across messages).
   */
  pinned(): this {
    return Object.create(this, { snapshot: { value: this.snapshot }, memo: { value: new RankingMemo() } }) as this;
  }

  commands(): readonly CommandDefinition[] {
    return this.options.commands;
  }

  search(query: string, kinds?: readonly Kind[]): readonly Entry[] {
    const hits = this.snapshot.search.search(query, { ...(kinds ? { kinds } : {}), ...(this.memo ? { memo: this.memo } : {}) });
    // Up to 500 hits, of which a reply often shows one page: an entry is read when the reply reads it.
    return lazyArray(hits.length, (i) => hits[i]!.entry);
  }

  names(query: string): boolean {
    return this.snapshot.search.names(query);
  }

  related(query: string, kinds?: readonly Kind[]): Entry[] {
    return this.snapshot.search.related(query, { ...(kinds ? { kinds } : {}), limit: 3, ...(this.memo ? { memo: this.memo } : {}) }).map((h) => h.entry);
  }
}
