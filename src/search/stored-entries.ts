/**
 * A restored catalog's entries, decoded on first use: each entry is a JSON text in the saved
 * file, found by an offset table, and read and parsed only when it is read. The result is an
 * array to every reader (indexing, length, iteration, the array methods). An entry once decoded
 * is given back as the same object for as long as anything holds it (a WeakRef per entry), and
 * the RECENT last read are held here, so hot entries are parsed once; the rest are left to the
 * garbage collector, so memory stays flat however many entries a long-running bot reads (all
 * 100k held: 120 MB more heap).
 */

import { readSync, writeSync } from 'node:fs';
import { lazyArray } from './lazy-array.js';

/** How many of the entries read last are held strongly (the rest only while something else holds them). */
const RECENT = 8192;

/** The text of entry bytes [start, end) of the saved entry texts (in memory or on disk). */
export type EntryText = (start: number, end: number) => string;

/**
 * The entries whose texts `text` gives, bounded by `offsets` (entry i is [offsets[i], offsets[i + 1])).
 * With `keep` false nothing decoded is kept: each read parses anew (a one-pass reader, such as
 * the index builder, holds no entry past its use).
 */
export function storedEntries<T extends object>(text: EntryText, offsets: Uint32Array, keep = true): T[] {
  const count = offsets.length - 1;
  const decoded: Array<WeakRef<T> | undefined> = new Array(count);
  const recent: Array<T | undefined> = new Array(Math.min(RECENT, count));
  let next = 0;
  return lazyArray(count, (i) => {
    let e = decoded[i]?.deref();
    if (e === undefined) {
      const json = text(offsets[i]!, offsets[i + 1]!);
      if (!json.startsWith('{') || !json.endsWith('}')) throw new Error(`saved entry ${i} is damaged`);
      e = JSON.parse(json) as T;
      if (keep) decoded[i] = new WeakRef(e);
    }
    if (keep) {
      recent[next] = e;
      next = next + 1 === recent.length ? 0 : next + 1;
    }
    return e;
  });
}

/**
 * Checks an offset table against the texts' total size without parsing: starting at 0,
 * ascending, every entry at least `{}`, ending at `total`. With the texts' bytes at hand, it
 * also checks that each entry is one JSON object (`{` … `}`). A file damaged there is
 * rebuilt, not served with entries that fail to parse later.
 */
export function checkStoredEntries(offsets: Uint32Array, total: number, bytes?: Buffer): boolean {
  if (offsets.length === 0 || offsets[0] !== 0 || offsets[offsets.length - 1] !== total) return false;
  if (bytes && bytes.length !== total) return false;
  for (let i = 0; i + 1 < offsets.length; i++) {
    const start = offsets[i]!;
    const end = offsets[i + 1]!;
    if (end < start + 2) return false;
    if (bytes && (bytes[start] !== 123 || bytes[end - 1] !== 125)) return false;
  }
  return true;
}

/** Entries are encoded in chunks of this many bytes, so their JSON never sits in memory whole. */
const ENTRY_CHUNK = 4 << 20;

/**
 * Entries as JSON texts, and each entry's start in bytes (and the end of the last): in buffers
 * (`parts`), or with `fd`, back to back in that file from its start (`parts` empty).
 */
export interface EntryTexts {
  parts: Buffer[];
  offsets: Uint32Array;
  fd?: number;
}

/**
 * Writes entries one at a time as JSON texts into buffers of ENTRY_CHUNK bytes (never one giant
 * string; an entry never spans two buffers): what storedEntries reads back.
 */
export class EntryTextWriter {
  /** With `fd` (a file open for writing at its start), each full buffer is written there and reused. */
  constructor(private readonly fd?: number) {}

  private readonly parts: Buffer[] = [];
  private offsets = new Uint32Array(1024);
  private count = 0;
  private bytes = 0;
  /** The buffer being filled, and how much of it is; each text is copied in at once, so it dies young. */
  private current = Buffer.alloc(0);
  private at = 0;

  /** Writes one entry; returns the bytes written so far. */
  add(entry: unknown): number {
    const text = JSON.stringify(entry);
    const n = Buffer.byteLength(text);
    if (this.at + n > this.current.length) {
      const reuse = this.fd !== undefined && n <= this.current.length ? this.current : undefined;
      this.close();
      this.current = reuse ?? Buffer.allocUnsafeSlow(Math.max(ENTRY_CHUNK, n));
    }
    this.at += this.current.write(text, this.at);
    this.bytes += n;
    if (this.count + 2 > this.offsets.length) {
      const grown = new Uint32Array(this.offsets.length * 2);
      grown.set(this.offsets);
      this.offsets = grown;
    }
    this.offsets[++this.count] = this.bytes;
    return this.bytes;
  }

  end(): EntryTexts {
    this.close();
    const offsets = this.offsets.slice(0, this.count + 1);
    return this.fd === undefined ? { parts: this.parts, offsets } : { parts: [], offsets, fd: this.fd };
  }

  private close(): void {
    if (this.at > 0) {
      if (this.fd === undefined) this.parts.push(this.current.subarray(0, this.at));
      else for (let done = 0; done < this.at; ) done += writeSync(this.fd, this.current, done, this.at - done);
    }
    this.current = Buffer.alloc(0);
    this.at = 0;
  }
}

export function entryTexts<T>(entries: readonly T[]): EntryTexts {
  const writer = new EntryTextWriter();
  for (let i = 0; i < entries.length; i++) writer.add(entries[i]);
  return writer.end();
}

/** Reads entry texts where EntryTextWriter wrote them: its file, or its buffers. */
export function textsReader(texts: EntryTexts): EntryText {
  const { fd } = texts;
  if (fd === undefined) return partsText(texts.parts);
  return (start, end) => readFully(fd, Buffer.allocUnsafe(end - start), start).toString('utf8');
}

/** Reads exactly `out.length` bytes at `position` of `fd` into `out` (throws at a file's end). */
export function readFully(fd: number, out: Buffer, position: number): Buffer {
  for (let done = 0; done < out.length; ) {
    const n = readSync(fd, out, done, out.length - done, position + done);
    if (n === 0) throw new Error('file truncated');
    done += n;
  }
  return out;
}

/** Reads entry texts from EntryTextWriter's buffers (finding the buffer an entry is in). */
export function partsText(parts: readonly Buffer[]): EntryText {
  const starts = new Float64Array(parts.length + 1);
  for (let k = 0; k < parts.length; k++) starts[k + 1] = starts[k]! + parts[k]!.length;
  return (start, end) => {
    let lo = 0;
    let hi = parts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid]! <= start) lo = mid;
      else hi = mid - 1;
    }
    return parts[lo]!.toString('utf8', start - starts[lo]!, end - starts[lo]!);
  };
}

/** Entries as one buffer of their JSON texts (its own ArrayBuffer, so it can be transferred) and the offsets storedEntries reads them by. */
export function packEntries<T>(entries: readonly T[]): { texts: Uint8Array; offsets: Uint32Array } {
  const { parts, offsets } = entryTexts(entries);
  const texts = Buffer.allocUnsafeSlow(offsets[entries.length]!);
  let at = 0;
  for (const part of parts) at += part.copy(texts, at);
  return { texts: new Uint8Array(texts.buffer, 0, texts.length), offsets };
}

/** The entries of texts held in memory, after checking their offsets; undefined when they do not fit. */
export function entriesInMemory<T extends object>(texts: Uint8Array, offsets: Uint32Array): T[] | undefined {
  const bytes = Buffer.from(texts.buffer, texts.byteOffset, texts.byteLength);
  if (!checkStoredEntries(offsets, bytes.length, bytes)) return undefined;
  return storedEntries<T>((start, end) => bytes.toString('utf8', start, end), offsets);
}
