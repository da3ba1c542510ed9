/**
 * A saved catalog and index, keyed by the seed files' content, the glossary and the
 * code's cache version. Large catalogs restart from it instead of re-parsing and
 * re-indexing; a stale or broken cache file is ignored and rebuilt.
 *
 * File layout: a 4-byte length, a JSON header (the catalog without its entries, the
 * index's small parts, the array sizes), the entries as JSON lines, then the index's
 * typed arrays as raw bytes, each 4-byte aligned. Reading parses the entries from 4 MB
 * chunks (a large catalog never becomes one giant string in memory) and reads the arrays
 * into one buffer with a typed-array view per array: nothing is copied, and the file is
 * never in memory whole.
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readSync, renameSync, statSync, unlinkSync, utimesSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog } from '../catalog/load.js';
import type { SavedPostings } from './postings.js';
import type { SavedSearch } from './search.js';

/** Bump when parsing or indexing changes what a saved file would hold. */
const CACHE_VERSION = 5;

export interface CachedCatalog {
  catalog: Catalog;
  search: SavedSearch;
}

type ArrayName = 'offsets' | 'docs' | 'freqs' | 'lengths' | 'bounds';
/** The saved arrays: the index's (one per field) and the exact-name table's (one each). */
const ARRAYS: Record<ArrayName | 'nameHashes' | 'nameDocs', Uint32ArrayConstructor | Uint8ArrayConstructor | Uint16ArrayConstructor | Float32ArrayConstructor> = {
  offsets: Uint32Array,
  docs: Uint32Array,
  freqs: Uint8Array,
  lengths: Uint16Array,
  bounds: Float32Array,
  nameHashes: Uint32Array,
  nameDocs: Uint32Array,
};

export function cacheKey(contentHash: string, glossaryText: string): string {
  return createHash('sha256').update(`${CACHE_VERSION}\0${contentHash}\0${glossaryText}`).digest('hex').slice(0, 20);
}

const align = (n: number) => (n + 3) & ~3;

export function encodeCache(value: CachedCatalog): Buffer {
  return Buffer.concat(encodeParts(value));
}

/** The entries as JSON lines, in buffers of about ENTRY_CHUNK bytes (never one giant string). */
function entryLines(entries: Catalog['entries']): Buffer[] {
  const out: Buffer[] = [];
  let batch: string[] = [];
  let chars = 0;
  for (const e of entries) {
    const line = `${JSON.stringify(e)}\n`;
    batch.push(line);
    chars += line.length;
    if (chars >= ENTRY_CHUNK / 2) {
      out.push(Buffer.from(batch.join('')));
      batch = [];
      chars = 0;
    }
  }
  if (batch.length > 0) out.push(Buffer.from(batch.join('')));
  return out;
}

/** The file's bytes in order, as parts written one after the other (the arrays are not copied). */
function encodeParts(value: CachedCatalog): Buffer[] {
  const { offsets, docs, freqs, lengths, bounds = [], ...small } = value.search.postings;
  const names = value.search.names;
  const arrays = { offsets, docs, freqs, lengths, bounds, nameHashes: names ? [names.hashes] : [], nameDocs: names ? [names.docs] : [] };
  const sizes = Object.fromEntries(Object.entries(arrays).map(([name, list]) => [name, list.map((a) => a.length)]));
  const { entries, ...catalog } = value.catalog;
  const lines = entryLines(entries);
  const entryBytes = lines.reduce((n, b) => n + b.length, 0);
  const header = Buffer.from(JSON.stringify({ catalog, postings: small, sizes, entries: entries.length, entryBytes }));
  const parts: Buffer[] = [Buffer.alloc(4), header, ...lines];
  parts[0]!.writeUInt32LE(header.length);
  const used = 4 + header.length + entryBytes;
  parts.push(Buffer.alloc(align(used) - used));
  for (const list of Object.values(arrays)) {
    for (const a of list) {
      const bytes = Buffer.from(a.buffer, a.byteOffset, a.byteLength);
      parts.push(bytes, Buffer.alloc(align(bytes.length) - bytes.length));
    }
  }
  return parts;
}

/** Reads `length` bytes at `position` of a saved file (a file descriptor or a buffer in memory). */
type ReadAt = (position: number, length: number) => Buffer;

/** Entries are parsed from chunks of this many bytes, so their JSON never sits in memory whole. */
const ENTRY_CHUNK = 4 << 20;

export function decodeCache(file: Buffer): CachedCatalog {
  return decode((position, length) => {
    if (position + length > file.length) throw new Error('truncated cache file');
    return file.subarray(position, position + length);
  });
}

/**
 * Decodes a saved file through `readAt`: the header, then the entries chunk by chunk, then
 * the index's arrays as one read into one buffer, every array a typed-array view over it
 * (no copy: the arrays are 4-byte aligned in the file).
 */
function decode(readAt: ReadAt): CachedCatalog {
  const length = readAt(0, 4).readUInt32LE(0);
  const header = JSON.parse(readAt(4, length).toString('utf8')) as {
    catalog: Omit<Catalog, 'entries'>;
    postings: Omit<SavedPostings, ArrayName>;
    sizes: Record<keyof typeof ARRAYS, number[]>;
    entries: number;
    entryBytes: number;
  };
  const entries: Catalog['entries'] = [];
  const first = 4 + length;
  const end = first + header.entryBytes;
  for (let at = first, want = ENTRY_CHUNK; at < end; ) {
    const chunk = readAt(at, Math.min(want, end - at));
    let start = 0;
    for (let newline = chunk.indexOf(10); newline >= 0; newline = chunk.indexOf(10, start)) {
      entries.push(JSON.parse(chunk.toString('utf8', start, newline)));
      start = newline + 1;
    }
    if (start === 0) {
      // No whole line in the chunk: a longer line (or a truncated file) — read more at once.
      if (chunk.length === end - at) throw new Error('truncated cache file');
      want *= 2;
    }
    // The next read starts at the first byte not yet parsed (a line cut by the chunk's end).
    at += start;
  }
  if (entries.length !== header.entries) throw new Error('cache file entry count mismatch');
  const kinds = Object.keys(ARRAYS) as Array<keyof typeof ARRAYS>;
  let bytes = 0;
  for (const name of kinds) for (const n of header.sizes[name] ?? []) bytes = align(bytes + n * ARRAYS[name].BYTES_PER_ELEMENT);
  const base = align(end);
  let section = readAt(base, bytes);
  if (section.length < bytes) throw new Error('truncated cache file');
  // A view needs its start aligned to its element size: copy once if the buffer is not.
  if (section.byteOffset % 4 !== 0) section = Buffer.from(section);
  const views = {} as Record<keyof typeof ARRAYS, Array<Uint32Array | Uint8Array | Uint16Array | Float32Array>>;
  let at = 0;
  for (const name of kinds) {
    const Ctor = ARRAYS[name];
    views[name] = (header.sizes[name] ?? []).map((n) => {
      const array = new Ctor(section.buffer as ArrayBuffer, section.byteOffset + at, n);
      at = align(at + n * Ctor.BYTES_PER_ELEMENT);
      return array;
    });
  }
  const postings = { ...header.postings, offsets: views.offsets, docs: views.docs, freqs: views.freqs, lengths: views.lengths, bounds: views.bounds } as SavedPostings;
  const [hashes] = views.nameHashes as Uint32Array[];
  const [nameDocs] = views.nameDocs as Uint32Array[];
  const names = hashes && nameDocs ? { hashes, docs: nameDocs } : undefined;
  return { catalog: { ...header.catalog, entries } as Catalog, search: { postings, ...(names ? { names } : {}) } };
}

export function readCache(dir: string, key: string): CachedCatalog | undefined {
  const file = join(dir, `catalog-${key}.bin`);
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const size = fstatSync(fd).size;
    const descriptor = fd;
    const cached = decode((position, length) => {
      if (position + length > size) throw new Error('truncated cache file');
      // allocUnsafeSlow: its own ArrayBuffer at offset 0 (never a pooled slice), so views align.
      const out = Buffer.allocUnsafeSlow(length);
      for (let done = 0; done < length; ) {
        const n = readSync(descriptor, out, done, length - done, position + done);
        if (n === 0) throw new Error('truncated cache file');
        done += n;
      }
      return out;
    });
    // Marks it as recently used, so pruning keeps it as the previous one (a file this process
    // may not touch, such as a read-only prebuilt index, is still used).
    try {
      const now = new Date();
      utimesSync(file, now, now);
    } catch {
      // only the pruning order is affected
    }
    return cached;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
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
    const fd = openSync(`${file}.tmp`, 'w');
    try {
      for (const part of encodeParts(value)) for (let done = 0; done < part.length; ) done += writeSync(fd, part, done);
    } finally {
      closeSync(fd);
    }
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
