/**
 * A restored catalog's entries, decoded on first use: each entry is a JSON text in one byte
 * buffer (the saved file's), found by an offset table, and parsed only when it is read. The
 * result is an array to every reader (indexing, length, iteration, the array methods); an entry
 * once decoded is kept, so it is parsed once and the same object is given back every time.
 */

/** The entries of `bytes` bounded by `offsets` (entry i is bytes[offsets[i], offsets[i + 1])). */
export function storedEntries<T>(bytes: Buffer, offsets: Uint32Array): T[] {
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
      e = JSON.parse(bytes.toString('utf8', offsets[i]!, offsets[i + 1]!)) as T;
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
 * Checks an offset table against its byte buffer without parsing: ascending, within the
 * buffer, every entry one JSON object (`{` … `}`). A file damaged there is rebuilt, not
 * served with an entry that fails to parse later.
 */
export function checkStoredEntries(bytes: Buffer, offsets: Uint32Array): boolean {
  if (offsets.length === 0 || offsets[0] !== 0 || offsets[offsets.length - 1] !== bytes.length) return false;
  for (let i = 0; i + 1 < offsets.length; i++) {
    const start = offsets[i]!;
    const end = offsets[i + 1]!;
    if (end < start + 2 || bytes[start] !== 123 || bytes[end - 1] !== 125) return false;
  }
  return true;
}
