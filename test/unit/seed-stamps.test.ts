import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { seedDirDigest } from '../../src/catalog/load.js';
import { pruneStamps, rememberDigest, rememberedDigest, seedStamps } from '../../src/catalog/seed-stamps.js';

const temps: string[] = [];
const temp = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const HOUR_AGO = new Date(Date.now() - 3_600_000);

/** A seed directory whose files were last written an hour ago, with its digest remembered. */
function remembered() {
  const seeds = temp('stamps-seeds-');
  const memo = temp('stamps-memo-');
  for (const [name, text] of [
    ['a.txt', '数据集Alpha Set\nAn open dataset.\n'],
    ['b.txt', '模型Beta Model\nA model.\n'],
  ]) {
    writeFileSync(join(seeds, name!), text!);
    utimesSync(join(seeds, name!), HOUR_AGO, HOUR_AGO);
  }
  const stamps = seedStamps(seeds);
  const digest = seedDirDigest(seeds);
  rememberDigest(memo, seeds, stamps, digest);
  return { seeds, memo, digest };
}

describe('a seed directory digest remembered by its files stamps', () => {
  it('is found again while no file changes, and equals the digest of reading the files', () => {
    const { seeds, memo, digest } = remembered();
    expect(rememberedDigest(memo, seeds, seedStamps(seeds))).toEqual(digest);
    expect(rememberedDigest(memo, seeds, seedStamps(seeds))).toEqual(seedDirDigest(seeds));
  });

  it('is not trusted once a file is rewritten (even to the same size), added or removed', () => {
    const edit = remembered();
    writeFileSync(join(edit.seeds, 'a.txt'), '数据集Alpha Sex\nAn open dataset.\n');
    utimesSync(join(edit.seeds, 'a.txt'), HOUR_AGO, new Date(HOUR_AGO.getTime() + 1));
    expect(rememberedDigest(edit.memo, edit.seeds, seedStamps(edit.seeds))).toBeUndefined();

    const added = remembered();
    writeFileSync(join(added.seeds, 'c.txt'), '课程Gamma Course\n');
    expect(rememberedDigest(added.memo, added.seeds, seedStamps(added.seeds))).toBeUndefined();

    const removed = remembered();
    rmSync(join(removed.seeds, 'b.txt'));
    expect(rememberedDigest(removed.memo, removed.seeds, seedStamps(removed.seeds))).toBeUndefined();
  });

  it('belongs to its directory only', () => {
    const { seeds, memo } = remembered();
    const other = temp('stamps-other-');
    for (const name of readdirSync(seeds)) writeFileSync(join(other, name), 'x');
    expect(rememberedDigest(memo, other, seedStamps(other))).toBeUndefined();
    expect(rememberedDigest(memo, seeds, seedStamps(seeds))).toBeDefined();
  });

  it('is not written for files modified just before their stamps were taken (the clock tick could hide a rewrite)', () => {
    const seeds = temp('stamps-racy-');
    const memo = temp('stamps-memo-');
    writeFileSync(join(seeds, 'a.txt'), '数据集Fresh Set\n');
    rememberDigest(memo, seeds, seedStamps(seeds), seedDirDigest(seeds));
    expect(readdirSync(memo)).toEqual([]);
    expect(rememberedDigest(memo, seeds, seedStamps(seeds))).toBeUndefined();
  });

  it('ignores a damaged memo file', () => {
    const { seeds, memo } = remembered();
    for (const name of readdirSync(memo)) writeFileSync(join(memo, name), '{"dir": 3');
    expect(rememberedDigest(memo, seeds, seedStamps(seeds))).toBeUndefined();
  });
});

describe('pruning the remembered digests', () => {
  it('removes the memos of directories that are gone and keeps the others', () => {
    const kept = remembered();
    const gone = temp('stamps-gone-');
    writeFileSync(join(gone, 'a.txt'), 'x');
    utimesSync(join(gone, 'a.txt'), HOUR_AGO, HOUR_AGO);
    rememberDigest(kept.memo, gone, seedStamps(gone), seedDirDigest(gone));
    expect(readdirSync(kept.memo)).toHaveLength(2);
    rmSync(gone, { recursive: true });
    pruneStamps(kept.memo);
    expect(readdirSync(kept.memo)).toHaveLength(1);
    expect(rememberedDigest(kept.memo, kept.seeds, seedStamps(kept.seeds))).toEqual(kept.digest);
  });
});
