/**
 * A saved catalog and index, keyed by the seed files' content, the glossary and the
 * code's cache version. Large catalogs restart from it instead of re-parsing and
 * re-indexing; a stale or broken cache file is ignored and rebuilt.
 *
 * File layout: a 4-byte length, a JSON header (the catalog and the index's small
 * parts), then the index's typed arrays as raw bytes, each 4-byte aligned.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog } from '../catalog/load.js';
import type { SavedPostings } from './postings.js';
import type { SavedSearch } from './search.js';

/** Bump when parsing or indexing changes what a saved file would hold. */
const CACHE_VERSION = 2;

export interface CachedCatalog {
  catalog: Catalog;
  search: SavedSearch;
}

type ArrayName = 'offsets' | 'docs' | 'freqs' | 'lengths';
const ARRAYS: Record<ArrayName, Uint32ArrayConstructor | Uint8ArrayConstructor | Uint16ArrayConstructor> = {
  offsets: Uint32Array,
  docs: Uint32Array,
  freqs: Uint8Array,
  lengths: Uint16Array,
};

export function cacheKey(contentHash: string, glossaryText: string): string {
  return createHash('sha256').update(`${CACHE_VERSION}\0${contentHash}\0${glossaryText}`).digest('hex').slice(0, 20);
}

const align = (n: number) => (n + 3) & ~3;

export function encodeCache(value: CachedCatalog): Buffer {
  const { offsets, docs, freqs, lengths, ...small } = value.search.postings;
  const arrays = { offsets, docs, freqs, lengths };
  const sizes = Object.fromEntries(Object.entries(arrays).map(([name, list]) => [name, list.map((a) => a.length)]));
  const header = Buffer.from(JSON.stringify({ catalog: value.catalog, postings: small, sizes }));
  const parts: Buffer[] = [Buffer.alloc(4), header, Buffer.alloc(align(header.length) - header.length)];
  parts[0]!.writeUInt32LE(header.length);
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
    catalog: Catalog;
    postings: Omit<SavedPostings, ArrayName>;
    sizes: Record<ArrayName, number[]>;
  };
  let at = align(4 + length);
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
  return { catalog: header.catalog, search: { postings } };
}

export function readCache(dir: string, key: string): CachedCatalog | undefined {
  try {
    return decodeCache(readFileSync(join(dir, `catalog-${key}.bin`)));
  } catch {
    return undefined;
  }
}

export function writeCache(dir: string, key: string, value: CachedCatalog): void {
  try {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `catalog-${key}.bin`);
    writeFileSync(`${file}.tmp`, encodeCache(value));
    renameSync(`${file}.tmp`, file);
  } catch {
    // A read-only disk only costs the next start a rebuild.
  }
}
