/**
 * The watcher survives the seed directory being replaced (`mv seeds seeds.old && cp -r … seeds`):
 * it follows the new directory, not the old inode, and says when it cannot watch at all.
 * Waits are on the reloader's own events, never on a timer.
 */
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSearchableCatalog, type LoadedCatalog } from '../../src/catalog/searchable.js';
import { CatalogServices } from '../../src/engine/services.js';
import { COMMANDS } from '../../commands/index.js';
import { CatalogReloader, type WatchState } from '../../src/runtime/reload.js';
import { at } from '../helpers.js';

const entry = (name: string) => `征稿与合作${name} 2026截止 北京时间 2026-07-01会议征稿 ${name} Workshop 2026\n${name} Workshop 2026 calls for papers.\n`;

const reloaders: CatalogReloader<LoadedCatalog>[] = [];
afterEach(async () => {
  await Promise.all(reloaders.splice(0).map((r) => r.close()));
});

/** Resolves with the first value `accept` takes from the listener. */
function waiter<T>() {
  const waiting: { accept: (v: T) => boolean; resolve: (v: T) => void }[] = [];
  return {
    push(value: T) {
      for (const w of waiting.splice(0)) {
        if (w.accept(value)) w.resolve(value);
        else waiting.push(w);
      }
    },
    next(accept: (v: T) => boolean = () => true): Promise<T> {
      return new Promise((resolve) => waiting.push({ accept, resolve }));
    },
  };
}

function setup() {
  const parent = mkdtempSync(join(tmpdir(), 'catalog-watch-'));
  const dir = join(parent, 'seeds');
  mkdirSync(dir);
  writeFileSync(join(dir, 'a.txt'), entry('Alpha'));
  const first = loadSearchableCatalog(dir);
  const core = new CatalogServices({ catalog: first.catalog, search: first.search, commands: COMMANDS, now: () => at('2026-06-01T12:00:00+08:00') });
  const applied = waiter<LoadedCatalog>();
  const watch = waiter<WatchState>();
  const states: WatchState[] = [];
  const reloader = new CatalogReloader<LoadedCatalog>({
    dir,
    load: () => loadSearchableCatalog(dir),
    current: () => core.catalog,
    apply: (next) => core.replaceCatalog(next.catalog, next.search),
    onApplied: (next) => applied.push(next),
    onWatch: (state) => {
      states.push(state);
      watch.push(state);
    },
    log: () => undefined,
    debounceMs: 20,
  });
  reloaders.push(reloader);
  const titles = () => core.entries.map((e) => e.title).sort();
  return { parent, dir, reloader, applied, watch, states, titles };
}

describe('watching a seed directory that is replaced', () => {
  it('follows the new directory after mv seeds seeds.old && a copy in its place', async () => {
    const { parent, dir, reloader, applied, titles } = setup();
    reloader.start();
    expect(reloader.watchState).toEqual({ watching: true });
    const swapped = applied.next((l) => l.catalog.entries.some((e) => e.title === 'Beta Workshop 2026'));
    renameSync(dir, join(parent, 'seeds.old'));
    const fresh = join(parent, 'seeds.new');
    mkdirSync(fresh);
    writeFileSync(join(fresh, 'a.txt'), entry('Alpha'));
    writeFileSync(join(fresh, 'b.txt'), entry('Beta'));
    renameSync(fresh, dir);
    await swapped;
    expect(titles()).toEqual(['Alpha Workshop 2026', 'Beta Workshop 2026']);
    // A later edit inside the new directory is seen too (the old inode is no longer followed).
    const edited = applied.next((l) => l.catalog.entries.some((e) => e.title === 'Gamma Workshop 2026'));
    writeFileSync(join(dir, 'c.txt'), entry('Gamma'));
    await edited;
    expect(titles()).toEqual(['Alpha Workshop 2026', 'Beta Workshop 2026', 'Gamma Workshop 2026']);
    expect(reloader.watchState).toEqual({ watching: true });
  });

  it('says it cannot watch while the directory is gone, and watches again once it is back', async () => {
    const { parent, dir, reloader, watch, applied, titles } = setup();
    reloader.start();
    const lost = watch.next((s) => !s.watching);
    renameSync(dir, join(parent, 'seeds.old'));
    expect(await lost).toMatchObject({ watching: false, error: expect.stringContaining('ENOENT') });
    expect(reloader.watchState.watching).toBe(false);
    const back = watch.next((s) => s.watching);
    const served = applied.next((l) => l.catalog.entries.some((e) => e.title === 'Delta Workshop 2026'));
    mkdirSync(dir);
    writeFileSync(join(dir, 'a.txt'), `${entry('Alpha')}\n${entry('Delta')}`);
    await back;
    await served;
    expect(titles()).toContain('Delta Workshop 2026');
    rmSync(parent, { recursive: true, force: true });
  });
});
