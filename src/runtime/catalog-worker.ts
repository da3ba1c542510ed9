/**
 * The worker thread of a catalog reload (see offthread.ts): reads, parses and indexes the seed
 * directory, and posts back the catalog, its entries as one buffer of JSON texts (decoded on
 * first read in the main thread, as after a restart) and the saved index (the buffers
 * transferred, not copied), or the error's message.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadSearchableCatalog } from '../catalog/searchable.js';
import { packEntries } from '../search/stored-entries.js';

const { seeds, cacheDir } = workerData as { seeds: string; cacheDir?: string };
try {
  // What is built is handed over as buffers below, never reopened from the saved file.
  const loaded = loadSearchableCatalog(seeds, cacheDir, undefined, { reopenSaved: false });
  const search = loaded.search.save();
  const { offsets, docs, freqs, lengths } = search.postings;
  const buffers = new Set([...offsets, ...docs, ...freqs, ...lengths].map((a) => a.buffer as ArrayBuffer));
  const { entries, ...catalog } = loaded.catalog;
  const packed = packEntries(entries);
  parentPort!.postMessage({ ok: true, catalog, entries: packed, search, fromCache: loaded.fromCache, prebuilt: loaded.prebuilt }, [
    ...buffers,
    packed.texts.buffer as ArrayBuffer,
    packed.offsets.buffer as ArrayBuffer,
  ]);
} catch (error) {
  parentPort!.postMessage({ ok: false, message: (error as Error).message ?? String(error) });
}
