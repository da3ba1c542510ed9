/**
 * Persons' settings as the engine reads them on every message: the store behind a small LRU
 * (the last `max` persons, each for `ttlMs` on the injected clock). A save through this store
 * replaces the cached copy, so the next reply follows it at once; a save by another instance
 * sharing the database is seen within `ttlMs`.
 */
import type { Clock } from '../clock.js';
import type { PersonSettings, Store } from '../store/types.js';

export interface PersonCacheOptions {
  /** Persons kept at most (the least recently read dropped first). Default 10,000. */
  max?: number;
  /** How long a read is trusted. Default 60 s. */
  ttlMs?: number;
}

interface Cached {
  settings: PersonSettings | undefined;
  at: number;
}

/** The store, with settingsOf answered from the cache and saveSettings refreshing it; every other method as is. */
export function withPersonCache(store: Store, clock: Clock, options: PersonCacheOptions = {}): Store {
  const max = options.max ?? 10_000;
  const ttlMs = options.ttlMs ?? 60_000;
  const cache = new Map<string, Cached>();
  const keep = (person: string, settings: PersonSettings | undefined) => {
    cache.delete(person);
    cache.set(person, { settings, at: clock.now() });
    if (cache.size > max) cache.delete(cache.keys().next().value!);
  };
  const settingsOf = async (person: string): Promise<PersonSettings | undefined> => {
    const hit = cache.get(person);
    if (hit && clock.now() - hit.at < ttlMs) {
      cache.delete(person);
      cache.set(person, hit);
      return hit.settings && { ...hit.settings };
    }
    const settings = await store.settingsOf(person);
    keep(person, settings);
    return settings && { ...settings };
  };
  const saveSettings = async (settings: PersonSettings): Promise<void> => {
    cache.delete(settings.person);
    await store.saveSettings(settings);
    // Read back as stored (leads sorted): what the next message sees.
    keep(settings.person, await store.settingsOf(settings.person));
  };
  return new Proxy(store, {
    get(target, name) {
      if (name === 'settingsOf') return settingsOf;
      if (name === 'saveSettings') return saveSettings;
      const value: unknown = Reflect.get(target, name, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
