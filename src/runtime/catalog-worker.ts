/**
 * The worker thread of a catalog reload (see offthread.ts): reads, parses and indexes the seed
 * directory, and posts back the catalog and the saved index (its typed arrays transferred, not
 * copied), or the error's message.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadSearchableCatalog } from '../catalog/searchable.js';

const { seeds, cacheDir } = workerData as { seeds: string; cacheDir?: string };
try {
  const loaded = loadSearchableCatalog(seeds, cacheDir);
  const search = loaded.search.save();
  const { offsets, docs, freqs, lengths } = search.postings;
  const buffers = new Set([...offsets, ...docs, ...freqs, ...lengths].map((a) => a.buffer as ArrayBuffer));
  // A restored catalog's entries decode on first read (storedEntries): decoded here, in the
  // worker, since only plain arrays cross to the main thread.
  const catalog = { ...loaded.catalog, entries: Array.from(loaded.catalog.entries) };
  parentPort!.postMessage({ ok: true, catalog, search, fromCache: loaded.fromCache, prebuilt: loaded.prebuilt }, [...buffers]);
} catch (error) {
  parentPort!.postMessage({ ok: false, message: (error as Error).message ?? String(error) });
}
