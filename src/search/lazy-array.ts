/**
 * A read-only array whose items are made when read: `item(i)` is called for every read of index
 * i (the caller keeps what should be kept). To every reader it is an array (indexing, length,
 * iteration, the array methods, Array.isArray, JSON); writes are refused. Used for a restored
 * catalog's entries (stored-entries.ts) and for search results, whose entries are decoded only
 * when a reply reads them (a reply shows a page of up to 500 results).
 */
export function lazyArray<T>(count: number, item: (i: number) => T): T[] {
  /** The array index a property key names, or -1. */
  const indexOf = (key: string | symbol): number => {
    if (typeof key !== 'string') return -1;
    const c = key.charCodeAt(0);
    if (c < 48 || c > 57) return -1;
    const i = Number(key);
    return Number.isInteger(i) && i < count && String(i) === key ? i : -1;
  };
  // The Proxy's target: an array of the right length whose items are never read (see get).
  return new Proxy(new Array<T>(count), {
    get(target, key, receiver) {
      const i = indexOf(key);
      return i >= 0 ? item(i) : Reflect.get(target, key, receiver);
    },
    has(target, key) {
      return indexOf(key) >= 0 || Reflect.has(target, key);
    },
    getOwnPropertyDescriptor(target, key) {
      const i = indexOf(key);
      return i >= 0 ? { value: item(i), writable: true, enumerable: true, configurable: true } : Reflect.getOwnPropertyDescriptor(target, key);
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
