/**
 * A restored catalog's entries, decoded on first use: each entry is a JSON text in the saved
 * file, found by an offset table, and read and parsed only when it is read. The result is an
 * array to every reader (indexing, length, iteration, the array methods); an entry once
 * decoded is kept, so it is parsed once and the same object is given back every time.
 */

/** The text of entry bytes [start, end) of the saved entry texts (in memory or on disk). */
export type EntryText = (start: number, end: number) => string;

/** The entries whose texts `text` gives, bounded by `offsets` (entry i is [offsets[i], offsets[i + 1])). */
export function storedEntries<T>(text: EntryText, offsets: Uint32Array): T[] {
  const count = offsets.length - 1;
  const decoded: Array<T | undefined> = new Array(count);
  /** The array index a property key names, or -1. */
  const indexOf = (key: string | symbol): number => {
    if (typeof key !== 'string') return -1;
    const c = key.charCodeAt(0);
    if (c < 48 || c > 57) return -1;
    const i = Number(key);
    return Number.isInteger(i) && i < count && String(i) === key ? i : -1;
  };
  const entry = (i: number): T => {
    let e = decoded[i];
    if (e === undefined) {
      const json = text(offsets[i]!, offsets[i + 1]!);
      if (!json.startsWith('{') || !json.endsWith('}')) throw new Error(`saved entry ${i} is damaged`);
      e = JSON.parse(json) as T;
      decoded[i] = e;
    }
    return e;
  };
  return new Proxy(decoded as T[], {
    get(target, key, receiver) {
      const i = indexOf(key);
      return i >= 0 ? entry(i) : Reflect.get(target, key, receiver);
    },
    has(target, key) {
      return indexOf(key) >= 0 || Reflect.has(target, key);
    },
    getOwnPropertyDescriptor(target, key) {
      const i = indexOf(key);
      return i >= 0 ? { value: entry(i), writable: true, enumerable: true, configurable: true } : Reflect.getOwnPropertyDescriptor(target, key);
    },
    ownKeys(target) {
      const keys: Array<string | symbol> = [];
      for (let i = 0; i < count; i++) keys.push(String(i));
      for (const key of Reflect.ownKeys(target)) if (indexOf(key) < 0) keys.push(key);
      return keys;
    },
    set() {
      return false;
    },
    deleteProperty() {
      return false;
    },
    defineProperty() {
      return false;
    },
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
 * The entries as JSON texts, in buffers of about ENTRY_CHUNK bytes (never one giant string),
 * with each entry's start in bytes (and the end of the last): what storedEntries reads back.
 */
export function entryTexts<T>(entries: readonly T[]): { parts: Buffer[]; offsets: Uint32Array } {
  const parts: Buffer[] = [];
  const offsets = new Uint32Array(entries.length + 1);
  let batch: string[] = [];
  let chars = 0;
  let bytes = 0;
  entries.forEach((e, i) => {
    const text = JSON.stringify(e);
    batch.push(text);
    chars += text.length;
    bytes += Buffer.byteLength(text);
    offsets[i + 1] = bytes;
    if (chars >= ENTRY_CHUNK / 2) {
      parts.push(Buffer.from(batch.join('')));
      batch = [];
      chars = 0;
    }
  });
  if (batch.length > 0) parts.push(Buffer.from(batch.join('')));
  return { parts, offsets };
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
export function entriesInMemory<T>(texts: Uint8Array, offsets: Uint32Array): T[] | undefined {
  const bytes = Buffer.from(texts.buffer, texts.byteOffset, texts.byteLength);
  if (!checkStoredEntries(offsets, bytes.length, bytes)) return undefined;
  return storedEntries<T>((start, end) => bytes.toString('utf8', start, end), offsets);
}
