/**
 * The worker thread of a catalog reload (see offthread.ts): reads, parses and indexes the seed
 * directory. A large catalog is saved (or found saved) under `.cache/`, and only where is posted
 * back: the main thread restores it as a restart would. A small one is posted back whole: its
 * entries as one buffer of JSON texts (decoded on first read in the main thread) and the saved
 * index (the buffers transferred, not copied). On failure, the error's message.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { findOrBuild } from '../catalog/searchable.js';
import { packEntries } from '../search/stored-entries.js';

const { seeds, cacheDir } = workerData as { seeds: string; cacheDir?: string };
try {
  const found = findOrBuild(seeds, cacheDir);
  if ('key' in found) parentPort!.postMessage({ ok: true, saved: found });
  else {
    const search = found.search.save();
    const { offsets, docs, impacts, bounds } = search.postings;
    const buffers = new Set([...offsets, ...docs, ...impacts, ...bounds].map((a) => a.buffer as ArrayBuffer));
    const { entries, ...catalog } = found.catalog;
    const packed = packEntries(entries);
    parentPort!.postMessage({ ok: true, catalog, entries: packed, search, fromCache: found.fromCache, prebuilt: found.prebuilt }, [
      ...buffers,
      packed.texts.buffer as ArrayBuffer,
      packed.offsets.buffer as ArrayBuffer,
    ]);
  }
} catch (error) {
  parentPort!.postMessage({ ok: false, message: (error as Error).message ?? String(error) });
}
