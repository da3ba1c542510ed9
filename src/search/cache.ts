/**
 * A saved catalog and index, keyed by the seed files' content, the glossary and the
 * code's cache version. Large catalogs restart from it instead of re-parsing and
 * re-indexing; a stale or broken cache file is ignored and rebuilt.
 *
 * File layout: a 4-byte length, a JSON header (the catalog without its entries, the
 * index's small parts, the array sizes), the entries as JSON lines, then the index's
 * typed arrays as raw bytes, each 4-byte aligned. Entries are parsed line by line so a
 * large catalog never becomes one giant string in memory.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog } from '../catalog/load.js';
import type { SavedPostings } from './postings.js';
import type { SavedSearch } from './search.js';

/** Bump when parsing or indexing changes what a saved file would hold. */
const CACHE_VERSION = 4;

export interface CachedCatalog {
  catalog: Catalog;
  search: SavedSearch;
}

type ArrayName = 'offsets' | 'docs' | 'freqs' | 'lengths' | 'bounds';
const ARRAYS: Record<ArrayName, Uint32ArrayConstructor | Uint8ArrayConstructor | Uint16ArrayConstructor | Float32ArrayConstructor> = {
  offsets: Uint32Array,
  docs: Uint32Array,
  freqs: Uint8Array,
  lengths: Uint16Array,
  bounds: Float32Array,
};

export function cacheKey(contentHash: string, glossaryText: string): string {
  return createHash('sha256').update(`${CACHE_VERSION}\0${contentHash}\0${glossaryText}`).digest('hex').slice(0, 20);
}

const align = (n: number) => (n + 3) & ~3;

export function encodeCache(value: CachedCatalog): Buffer {
  const { offsets, docs, freqs, lengths, bounds = [], ...small } = value.search.postings;
  const arrays = { offsets, docs, freqs, lengths, bounds };
  const sizes = Object.fromEntries(Object.entries(arrays).map(([name, list]) => [name, list.map((a) => a.length)]));
  const { entries, ...catalog } = value.catalog;
  const lines = Buffer.from(entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
  const header = Buffer.from(JSON.stringify({ catalog, postings: small, sizes, entries: entries.length, entryBytes: lines.length }));
  const parts: Buffer[] = [Buffer.alloc(4), header, lines];
  parts[0]!.writeUInt32LE(header.length);
  const used = 4 + header.length + lines.length;
  parts.push(Buffer.alloc(align(used) - used));
  for (const list of Object.values(arrays)) {
    for (const a of list) {
      const bytes = Buffer.from(a.buffer, a.byteOffset, a.byteLength);
      parts.push(bytes, Buffer.alloc(align(bytes.length) - bytes.length));
    }
  }
  return Buffer.concat(parts);
}

export function decodeCache(file: Buffer): CachedCatalog {
  const length = file.readUInt32LE(0);
  const header = JSON.parse(file.subarray(4, 4 + length).toString('utf8')) as {
    catalog: Omit<Catalog, 'entries'>;
    postings: Omit<SavedPostings, ArrayName>;
    sizes: Record<ArrayName, number[]>;
    entries: number;
    entryBytes: number;
  };
  const entries: Catalog['entries'] = [];
  const end = 4 + length + header.entryBytes;
  for (let start = 4 + length; start < end; ) {
    const newline = file.indexOf(10, start);
    if (newline < 0 || newline >= end) throw new Error('truncated cache file');
    entries.push(JSON.parse(file.toString('utf8', start, newline)));
    start = newline + 1;
  }
  if (entries.length !== header.entries) throw new Error('cache file entry count mismatch');
  let at = align(end);
  const postings = { ...header.postings } as SavedPostings;
  for (const name of Object.keys(ARRAYS) as ArrayName[]) {
    const Ctor = ARRAYS[name];
    postings[name] = header.sizes[name].map((n) => {
      // Copied out of the file buffer so the buffer can be freed and alignment holds.
      const array = new Ctor(n);
      const bytes = n * Ctor.BYTES_PER_ELEMENT;
      if (at + bytes > file.length) throw new Error('truncated cache file');
      new Uint8Array(array.buffer).set(file.subarray(at, at + bytes));
      at = align(at + bytes);
      return array;
    }) as never;
  }
  return { catalog: { ...header.catalog, entries } as Catalog, search: { postings } };
}

export function readCache(dir: string, key: string): CachedCatalog | undefined {
  try {
    const file = join(dir, `catalog-${key}.bin`);
    const cached = decodeCache(readFileSync(file));
    // Marks it as recently used, so pruning keeps it as the previous one.
    const now = new Date();
    utimesSync(file, now, now);
    return cached;
  } catch {
    return undefined;
  }
}

/** Saved indexes kept besides the current one (the most recently used first). */
const KEEP_PREVIOUS = 1;
/** A leftover temporary file older than this is a crashed write. */
const STALE_TMP_MS = 60 * 60_000;

export function writeCache(dir: string, key: string, value: CachedCatalog): void {
  try {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `catalog-${key}.bin`);
    writeFileSync(`${file}.tmp`, encodeCache(value));
    renameSync(`${file}.tmp`, file);
  } catch {
    // A read-only disk only costs the next start a rebuild.
    return;
  }
  pruneCache(dir, key);
}

/**
 * Removes saved indexes other than `current` and the KEEP_PREVIOUS most recently used
 * ones (each file is one catalog version: without pruning `.cache/` grows at every edit),
 * and temporary files of crashed writes. Returns the names removed.
 */
export function pruneCache(dir: string, current: string, now = Date.now()): string[] {
  const removed: string[] = [];
  try {
    const others: Array<{ name: string; mtime: number }> = [];
    for (const name of readdirSync(dir)) {
      if (!name.startsWith('catalog-')) continue;
      const mtime = statSync(join(dir, name)).mtimeMs;
      if (name.endsWith('.bin.tmp')) {
        if (now - mtime > STALE_TMP_MS) others.push({ name, mtime: -Infinity });
      } else if (name.endsWith('.bin') && name !== `catalog-${current}.bin`) {
        others.push({ name, mtime });
      }
    }
    others.sort((a, b) => b.mtime - a.mtime);
    const keep = others
      .filter((o) => o.name.endsWith('.bin'))
      .slice(0, KEEP_PREVIOUS)
      .map((o) => o.name);
    for (const { name } of others) {
      if (keep.includes(name)) continue;
      try {
        unlinkSync(join(dir, name));
        removed.push(name);
      } catch {
        // another instance removed it first
      }
    }
  } catch {
    // an unreadable cache directory is only a missed clean-up
  }
  return removed;
}
