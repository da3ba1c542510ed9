/**
 * Catalog hot reload: a good file is swapped in, a broken file never replaces the good
 * catalog, and a request under way when the catalog is replaced sees only the catalog it
 * started with.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.js';
import { loadSearchableCatalog, type LoadedCatalog } from '../../src/catalog/searchable.js';
import { Engine } from '../../src/engine/engine.js';
import type { CatalogServices } from '../../src/engine/services.js';
import type { CommandDefinition } from '../../src/bot/types.js';
import type { Reply } from '../../src/bot/reply.js';
import type { Problem } from '../../src/catalog/schema.js';
import { CatalogReloader, judgeCatalog } from '../../src/runtime/reload.js';
import { at, seedDir, TEST_PLACE, testActor } from '../helpers.js';

const ALPHA = '征稿与合作Alpha 2026截止 北京时间 2026-07-01会议征稿 Alpha Workshop 2026\nAlpha Workshop 2026 calls for papers on clinical NLP.\n';
const BETA = '征稿与合作Beta 2026截止 北京时间 2026-08-15会议征稿 Beta Symposium 2026\nBeta Symposium 2026 invites radiology papers.\n';
const BROKEN = '论文Venue2026 年\nDescription of nothing.\n';

const reloaders: CatalogReloader<LoadedCatalog>[] = [];
afterEach(async () => {
  await Promise.all(reloaders.splice(0).map((r) => r.close()));
});

function setup(files: Record<string, string>, commands: readonly CommandDefinition[] = COMMANDS) {
  const dir = seedDir(files);
  const first = loadSearchableCatalog(dir);
  const now = at('2026-06-01T12:00:00+08:00');
  const engine = new Engine({ catalog: first.catalog, search: first.search, commands, now: () => now, flood: false });
  const core = engine.services;
  const events: { applied: LoadedCatalog[]; rejected: { reason: string; problems: Problem[] }[]; logs: string[] } = {
    applied: [],
    rejected: [],
    logs: [],
  };
  let notify: (() => void) | undefined;
  const reloader = new CatalogReloader<LoadedCatalog>({
    dir,
    load: () => loadSearchableCatalog(dir),
    current: () => core.catalog,
    apply: (next) => core.replaceCatalog(next.catalog, next.search),
    onApplied: (next) => {
      events.applied.push(next);
      notify?.();
    },
    onRejected: (reason, problems) => {
      events.rejected.push({ reason, problems });
      notify?.();
    },
    log: (m) => events.logs.push(m),
    debounceMs: 20,
  });
  reloaders.push(reloader);
  /** Resolves at the next applied or rejected reload (the watcher's, not a timer's). */
  const nextOutcome = () => new Promise<void>((resolve) => (notify = resolve));
  return { dir, engine, core, reloader, events, nextOutcome };
}

const titles = (core: CatalogServices, q: string) => core.search(q).map((e) => e.title);

describe('catalog hot reload', () => {
  it('swaps in a good new file seen by the watcher', async () => {
    const { dir, core, reloader, events, nextOutcome } = setup({ 'a.txt': ALPHA });
    reloader.start();
    expect(titles(core, 'Beta')).toEqual([]);
    const outcome = nextOutcome();
    writeFileSync(join(dir, 'b.txt'), BETA);
    await outcome;
    expect(events.applied).toHaveLength(1);
    expect(core.entries.map((e) => e.title).sort()).toEqual(['Alpha Workshop 2026', 'Beta Symposium 2026']);
    expect(titles(core, 'Beta')).toEqual(['Beta Symposium 2026']);
    // The timeline moved with the catalog: both deadlines are open.
    expect(core.timeline.open(at('2026-06-01T12:00:00+08:00').toMillis()).map((e) => e.title)).toEqual(['Alpha Workshop 2026', 'Beta Symposium 2026']);
  });

  it('keeps the last good catalog when a file with errors arrives, and logs its problems', async () => {
    const { dir, core, reloader, events, nextOutcome } = setup({ 'a.txt': ALPHA });
    reloader.start();
    const before = core.catalog;
    const outcome = nextOutcome();
    writeFileSync(join(dir, 'broken.txt'), BROKEN);
    await outcome;
    expect(events.applied).toHaveLength(0);
    expect(events.rejected).toHaveLength(1);
    expect(events.rejected[0]!.reason).toBe('the new catalog has 1 lint errors (the current one has 0): broken.txt has 1 lint errors (it had 0)');
    expect(events.rejected[0]!.problems).toContainEqual(expect.objectContaining({ severity: 'error', file: 'broken.txt', line: 1 }));
    expect(events.logs).toContain('catalog: broken.txt:1: error: no title could be read from this header');
    expect(core.catalog).toBe(before);
    expect(titles(core, 'Alpha')).toEqual(['Alpha Workshop 2026']);

    // Fixed: the next change is applied.
    const fixed = nextOutcome();
    rmSync(join(dir, 'broken.txt'));
    writeFileSync(join(dir, 'b.txt'), BETA);
    await fixed;
    expect(titles(core, 'Beta')).toEqual(['Beta Symposium 2026']);
  });

  it('rejects an emptied directory and one that cannot be read', async () => {
    const { dir, core, reloader, events } = setup({ 'a.txt': ALPHA });
    rmSync(join(dir, 'a.txt'));
    expect(await reloader.reload()).toMatchObject({ outcome: 'rejected', reason: 'the new catalog has no entries (the current one has 1)' });
    rmSync(dir, { recursive: true });
    expect(await reloader.reload()).toMatchObject({ outcome: 'rejected', reason: expect.stringMatching(/^the seed directory could not be read/) });
    expect(events.rejected).toHaveLength(2);
    expect(titles(core, 'Alpha')).toEqual(['Alpha Workshop 2026']);
  });

  it('a request under way when a file is replaced sees only the catalog it started with', async () => {
    let midRequest: () => Promise<void> = async () => undefined;
    const probe: CommandDefinition = {
      name: 'probe',
      description: { en: 'test', zh: '测试' },
      options: [],
      handler: async (_args, ctx): Promise<Reply> => {
        const seen = () => ({
          entries: ctx.core.entries.map((e) => e.title),
          alpha: ctx.core.search('Alpha').map((e) => e.title),
          gamma: ctx.core.search('Gamma').map((e) => e.title),
          open: ctx.core.timeline.open(ctx.now.toMillis()).map((e) => e.title),
        });
        const before = seen();
        await midRequest();
        return { intent: 'probe', lang: ctx.lang, text: [JSON.stringify({ before, after: seen() })], items: [] };
      },
    };
    const { dir, engine, core, reloader } = setup({ 'a.txt': ALPHA }, [...COMMANDS, probe]);
    midRequest = async () => {
      // a.txt is replaced by another entry while the request is suspended.
      writeFileSync(join(dir, 'a.txt'), ALPHA.replaceAll('Alpha', 'Gamma'));
      expect(await reloader.reload()).toMatchObject({ outcome: 'applied' });
    };
    const outcome = await engine.handle({ type: 'text', text: '/probe' }, testActor(), TEST_PLACE);
    if (outcome.type !== 'reply') throw new Error(`no reply (${outcome.type})`);
    const { before, after } = JSON.parse(outcome.reply.text[0]!) as Record<string, unknown>;
    expect(before).toEqual({ entries: ['Alpha Workshop 2026'], alpha: ['Alpha Workshop 2026'], gamma: [], open: ['Alpha Workshop 2026'] });
    expect(after).toEqual(before);
    // The next request sees the new catalog, whole.
    expect(core.entries.map((e) => e.title)).toEqual(['Gamma Workshop 2026']);
    expect(titles(core, 'Gamma')).toEqual(['Gamma Workshop 2026']);
    expect(titles(core, 'Alpha')).toEqual([]);
  });

  it('leaves the catalog alone when nothing in the seeds changed', async () => {
    const { core, reloader, events } = setup({ 'a.txt': ALPHA });
    const before = core.catalog;
    expect(await reloader.reload()).toEqual({ outcome: 'unchanged' });
    expect(core.catalog).toBe(before);
    expect(events.applied).toEqual([]);
  });

  it('judges: fewer lint errors or the same is accepted, more is not', () => {
    const c = (errors: number, entries = 1) => ({
      entries: Array.from({ length: entries }, (_, i) => ({ id: `e${i}`, title: `t${i}`, links: [], sources: ['x.txt:1'] })) as never[],
      problems: Array.from({ length: errors }, () => ({ severity: 'error' as const, file: 'x.txt', line: 1, reason: 'r' })),
      contentHash: '',
      files: [],
    });
    expect(judgeCatalog(c(0), c(0)).accept).toBe(true);
    expect(judgeCatalog(c(2), c(1)).accept).toBe(true);
    expect(judgeCatalog(c(0), c(1)).accept).toBe(false);
    expect(judgeCatalog(c(0, 3), c(0, 0)).accept).toBe(false);
  });
});
