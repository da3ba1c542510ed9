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
import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, renameSync, statSync, unlinkSync, utimesSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { datedIndexes } from '../catalog/dated.js';
import { rosterOf } from '../catalog/roster.js';
import type { Catalog } from '../catalog/load.js';
import type { SavedPostings } from './postings.js';
import type { SavedSearch } from './search.js';
import { checkStoredEntries, type EntryText, type EntryTexts, entriesInMemory, entryTexts, readFully, storedEntries } from './stored-entries.js';

/** Bump when parsing or indexing changes what a saved file would hold. */
const CACHE_VERSION = 9;

export interface CachedCatalog {
  catalog: Catalog;
  search: SavedSearch;
}

type ArrayName = 'offsets' | 'docs' | 'impacts' | 'bounds';
/** The saved arrays: the entries' offsets, the index's (one per field), the exact-name table's, the entries' kinds and access (one each). */
const ARRAYS: Record<'entryOffsets' | ArrayName | 'nameHashes' | 'nameDocs' | 'kinds' | 'access', Uint32ArrayConstructor | Uint8ArrayConstructor | Uint16ArrayConstructor> = {
  entryOffsets: Uint32Array,
  offsets: Uint32Array,
  docs: Uint32Array,
  impacts: Uint16Array,
  bounds: Uint16Array,
  nameHashes: Uint32Array,
  nameDocs: Uint32Array,
  kinds: Uint8Array,
  access: Uint8Array,
};

export function cacheKey(contentHash: string, glossaryText: string): string {
  return createHash('sha256').update(`${CACHE_VERSION}\0${contentHash}\0${glossaryText}`).digest('hex').slice(0, 20);
}

const align = (n: number) => (n + 3) & ~3;

export function encodeCache(value: CachedCatalog): Buffer {
  return Buffer.concat([...encodeParts(value)]);
}

/**
 * The file's bytes in order, as parts written one after the other (the arrays are not copied;
 * entry texts in a file are copied from it in 1 MB reads into one reused buffer, so each part
 * must be written before the next is asked for).
 */
function* encodeParts(value: CachedCatalog, encoded?: EntryTexts): Generator<Buffer> {
  const { offsets, docs, impacts, bounds, ...small } = value.search.postings;
  const names = value.search.names;
  const { entries, ...catalog } = value.catalog;
  const texts = encoded ?? entryTexts(entries);
  const entryBytes = texts.offsets[entries.length]!;
  const arrays = {
    entryOffsets: [texts.offsets],
    offsets,
    docs,
    impacts,
    bounds,
    nameHashes: names ? [names.hashes] : [],
    nameDocs: names ? [names.docs] : [],
    kinds: value.search.kinds ? [value.search.kinds] : [],
    access: value.search.access ? [value.search.access] : [],
  };
  const sizes = Object.fromEntries(Object.entries(arrays).map(([name, list]) => [name, list.map((a) => a.length)]));
  // The dated entries' places, so the timeline decodes only those after a restart.
  const dated = catalog.dated ?? datedIndexes(entries);
  // The entries' ids and files, so a reload is judged without decoding the entries (roster.ts),
  // as one JSON text: parsed only when a reload is judged.
  const roster = { text: JSON.stringify(rosterOf(value.catalog)) };
  const header = Buffer.from(JSON.stringify({ catalog: { ...catalog, dated, roster }, postings: small, sizes, entries: entries.length, entryBytes }));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  yield length;
  yield header;
  const used = 4 + header.length;
  yield Buffer.alloc(align(used) - used);
  if (texts.fd === undefined) yield* texts.parts;
  else {
    const chunk = Buffer.allocUnsafe(1 << 20);
    for (let at = 0; at < entryBytes; at += chunk.length) yield readFully(texts.fd, chunk.subarray(0, Math.min(chunk.length, entryBytes - at)), at);
  }
  yield Buffer.alloc(align(entryBytes) - entryBytes);
  for (const list of Object.values(arrays)) {
    for (const a of list) {
      const bytes = Buffer.from(a.buffer, a.byteOffset, a.byteLength);
      yield bytes;
      yield Buffer.alloc(align(bytes.length) - bytes.length);
    }
  }
}

/** Reads `length` bytes at `position` of a saved file (a file descriptor or a buffer in memory). */
type ReadAt = (position: number, length: number) => Buffer;

export function decodeCache(file: Buffer): CachedCatalog {
  return decode((position, length) => {
    if (position + length > file.length) throw new Error('truncated cache file');
    return file.subarray(position, position + length);
  });
}

/** Entry texts larger than this stay in the file after a restore, each read when first used. */
const ENTRIES_IN_MEMORY_MAX = 8 << 20;

/**
 * Decodes a saved file through `readAt`: the header, then the arrays as one read into one
 * buffer, every array a typed-array view over it (no copy: all are 4-byte aligned in the
 * file). The entries are an array decoded one by one when first read (storedEntries): their
 * texts are read into memory, or, when large and `onDisk` can read the file later, left in
 * the file and read entry by entry from `onDisk(start of the texts)`.
 */
function decode(readAt: ReadAt, onDisk?: (base: number) => EntryText, inMemoryMax = ENTRIES_IN_MEMORY_MAX): CachedCatalog {
  const length = readAt(0, 4).readUInt32LE(0);
  const header = JSON.parse(readAt(4, length).toString('utf8')) as {
    catalog: Omit<Catalog, 'entries'>;
    postings: Omit<SavedPostings, ArrayName>;
    sizes: Record<keyof typeof ARRAYS, number[]>;
    entries: number;
    entryBytes: number;
  };
  const textsAt = align(4 + length);
  const kinds = Object.keys(ARRAYS) as Array<keyof typeof ARRAYS>;
  let bytes = 0;
  for (const name of kinds) for (const n of header.sizes[name] ?? []) bytes = align(bytes + n * ARRAYS[name].BYTES_PER_ELEMENT);
  let section = readAt(textsAt + align(header.entryBytes), bytes);
  if (section.length < bytes) throw new Error('truncated cache file');
  // A view needs its start aligned to its element size: copy once if the buffer is not.
  if (section.byteOffset % 4 !== 0) section = Buffer.from(section);
  const views = {} as Record<keyof typeof ARRAYS, Array<Uint32Array | Uint8Array | Uint16Array>>;
  let at = 0;
  for (const name of kinds) {
    const Ctor = ARRAYS[name];
    views[name] = (header.sizes[name] ?? []).map((n) => {
      const array = new Ctor(section.buffer as ArrayBuffer, section.byteOffset + at, n);
      at = align(at + n * Ctor.BYTES_PER_ELEMENT);
      return array;
    });
  }
  const [entryOffsets] = views.entryOffsets as Uint32Array[];
  if (!entryOffsets || entryOffsets.length !== header.entries + 1) throw new Error('cache file entries damaged');
  const dated = header.catalog.dated;
  if (!Array.isArray(dated) || dated.some((i, k) => !Number.isInteger(i) || i < 0 || i >= header.entries || (k > 0 && i <= dated[k - 1]!)))
    throw new Error('cache file dated entries damaged');
  if (typeof (header.catalog.roster as { text?: unknown } | undefined)?.text !== 'string') throw new Error('cache file roster damaged');
  type Entries = Catalog['entries'];
  let entries: Entries | undefined;
  if (onDisk && header.entryBytes > inMemoryMax) {
    if (checkStoredEntries(entryOffsets, header.entryBytes)) entries = storedEntries<Entries[number]>(onDisk(textsAt), entryOffsets);
  } else {
    entries = entriesInMemory<Entries[number]>(readAt(textsAt, header.entryBytes), entryOffsets);
  }
  if (!entries) throw new Error('cache file entries damaged');
  const postings = { ...header.postings, offsets: views.offsets, docs: views.docs, impacts: views.impacts, bounds: views.bounds } as SavedPostings;
  const [hashes] = views.nameHashes as Uint32Array[];
  const [nameDocs] = views.nameDocs as Uint32Array[];
  const names = hashes && nameDocs ? { hashes, docs: nameDocs } : undefined;
  const [kindsOf] = views.kinds as Uint8Array[];
  const [accessOf] = views.access as Uint8Array[];
  return {
    catalog: { ...header.catalog, entries } as Catalog,
    search: { postings, ...(names ? { names } : {}), ...(kindsOf ? { kinds: kindsOf } : {}), ...(accessOf ? { access: accessOf } : {}) },
  };
}

/**
 * Closes a saved file kept open for its entries once the entries are unreachable (a reload
 * replaced the catalog). The file stays readable while open even if pruned or replaced: files
 * are only ever renamed into place, never rewritten.
 */
const openFiles = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
});

/**
 * The saved index `key` in `dir`, or undefined when missing or damaged (the caller rebuilds).
 * Entry texts over `entriesInMemoryMax` bytes stay in the file, which is kept open until the
 * entries are unreachable.
 */
export function readCache(dir: string, key: string, entriesInMemoryMax = ENTRIES_IN_MEMORY_MAX): CachedCatalog | undefined {
  const file = join(dir, `catalog-${key}.bin`);
  let fd: number | undefined;
  let kept = false;
  try {
    fd = openSync(file, 'r');
    const size = fstatSync(fd).size;
    const descriptor = fd;
    const cached = decode(
      (position, length) => {
        if (position + length > size) throw new Error('truncated cache file');
        // allocUnsafeSlow: its own ArrayBuffer at offset 0 (never a pooled slice), so views align.
        return readFully(descriptor, Buffer.allocUnsafeSlow(length), position);
      },
      (base) => {
        kept = true;
        return (start, end) => readFully(descriptor, Buffer.allocUnsafe(end - start), base + start).toString('utf8');
      },
      entriesInMemoryMax,
    );
    // Marks it as recently used, so pruning keeps it as the previous one (a file this process
    // may not touch, such as a read-only prebuilt index, is still used).
    try {
      const now = new Date();
      utimesSync(file, now, now);
    } catch {
      // only the pruning order is affected
    }
    if (kept) openFiles.register(cached.catalog.entries, descriptor);
    return cached;
  } catch {
    kept = false;
    return undefined;
  } finally {
    if (fd !== undefined && !kept) closeSync(fd);
  }
}

/** Saved indexes kept besides the current one (the most recently used first). */
const KEEP_PREVIOUS = 1;
/** A leftover temporary file older than this is a crashed write. */
const STALE_TMP_MS = 60 * 60_000;

/**
 * Saves `value` as `dir`/catalog-`key`.bin (written to a temporary file, then renamed), and
 * prunes the others; false when it could not be written. `texts`: the entries already encoded
 * (EntryTextWriter), written as they are.
 */
export function writeCache(dir: string, key: string, value: CachedCatalog, texts?: EntryTexts): boolean {
  try {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `catalog-${key}.bin`);
    const fd = openSync(`${file}.tmp`, 'w');
    try {
      for (const part of encodeParts(value, texts)) for (let done = 0; done < part.length; ) done += writeSync(fd, part, done);
    } finally {
      closeSync(fd);
    }
    renameSync(`${file}.tmp`, file);
  } catch {
    // A read-only disk only costs the next start a rebuild.
    return false;
  }
  pruneCache(dir, key);
  return true;
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
