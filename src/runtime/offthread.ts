/**
 * Loading a seed directory off the main thread, for hot reloads: a worker thread reads, parses
 * and indexes it (catalog-worker.ts) and posts back where it saved the index (a large catalog)
 * or the catalog and index themselves; here the index is only restored and the entries decoded
 * as they are read (no parsing, no tokenizing), so chat handling, /healthz and the
 * announcer keep running while a large file is parsed. The first load at start stays on the
 * main thread (nothing is served yet).
 */
import { Worker } from 'node:worker_threads';
import { type LoadedCatalog, restoreSaved, type SavedCatalog } from '../catalog/searchable.js';
import type { Catalog } from '../catalog/load.js';
import { Glossary } from '../search/glossary.js';
import type { Entry } from '../catalog/schema.js';
import { CatalogSearch, type SavedSearch } from '../search/search.js';
import { entriesInMemory } from '../search/stored-entries.js';

type WorkerReply =
  | { ok: true; catalog: Omit<Catalog, 'entries'>; entries: { texts: Uint8Array; offsets: Uint32Array }; search: SavedSearch; fromCache: boolean; prebuilt: boolean }
  | { ok: true; saved: SavedCatalog }
  | { ok: false; message: string };

const WORKER = new URL(`./catalog-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

/** A worker on catalog-worker; from sources (tsx, vitest) the TypeScript file is loaded through tsx. */
function startWorker(workerData: unknown): Worker {
  if (WORKER.pathname.endsWith('.js')) return new Worker(WORKER, { workerData });
  const file = JSON.stringify(WORKER.href);
  return new Worker(`import('tsx/esm/api').then((tsx) => tsx.tsImport(${file}, ${file}))`, { eval: true, workerData });
}

/** Loads `seeds` in a worker thread; rejects with the worker's error. */
export function loadOffThread(seeds: string, cacheDir?: string): Promise<LoadedCatalog> {
  return new Promise<LoadedCatalog>((resolve, reject) => {
    const worker = startWorker({ seeds, ...(cacheDir ? { cacheDir } : {}) });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.once('message', (reply: WorkerReply) =>
      settle(() => {
        if (!reply.ok) return reject(new Error(reply.message));
        try {
          if ('saved' in reply) {
            const restored = restoreSaved(reply.saved);
            return restored ? resolve(restored) : reject(new Error('the saved index the catalog worker wrote could not be read'));
          }
          const entries = entriesInMemory<Entry>(reply.entries.texts, reply.entries.offsets);
          if (!entries) return reject(new Error('the catalog worker sent damaged entries'));
          const catalog: Catalog = { ...reply.catalog, entries };
          const search = CatalogSearch.restore(entries, Glossary.load(), reply.search);
          resolve({ catalog, search, fromCache: reply.fromCache, prebuilt: reply.prebuilt });
        } catch (error) {
          reject(error as Error);
        }
      }),
    );
    worker.once('error', (error) => settle(() => reject(error)));
    worker.once('exit', (code) => settle(() => reject(new Error(`the catalog worker exited with code ${code}`))));
  });
}
