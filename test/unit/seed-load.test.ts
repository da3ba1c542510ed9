/**
 * Hostile seed directories (generated here, never committed): loading never throws; each bad
 * file is one lint error naming it and the rest loads.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCatalog, loadCatalog, seedDirDigest, type SeedFs } from '../../src/catalog/load.js';
import { acronymOf } from '../../src/catalog/merge.js';
import { MAX_LINE_BYTES, nodeSeedFs } from '../../src/catalog/seedfile.js';
import { judgeCatalog } from '../../src/runtime/reload.js';
import { seedDir } from '../helpers.js';

const GOOD = '论文ICLR 2026 Poster2026 年clinical NLP GoodNet:一篇好论文\nA good description of a good paper.\n';
const OTHER = '数据资源Clinical textClinical datasetAbout 10K records开放访问 OtherSet:另一个数据集\nA dataset description.\n';

const errors = (c: ReturnType<typeof loadCatalog>) => c.problems.filter((p) => p.severity === 'error');
const titles = (c: ReturnType<typeof loadCatalog>) => c.entries.map((e) => e.title).sort();

/** Deterministic pseudo-random bytes. */
function randomBytes(n: number, seed = 7): Buffer {
  const out = Buffer.alloc(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

describe('unreadable or non-regular *.txt files', () => {
  it('a directory named x.txt, a dangling symlink and a FIFO are each one error with the path; the rest loads', () => {
    const dir = seedDir({ 'a.txt': GOOD, 'z.txt': OTHER });
    mkdirSync(join(dir, 'x.txt'));
    symlinkSync(join(dir, 'missing-target'), join(dir, 'dangling.txt'));
    execFileSync('mkfifo', [join(dir, 'pipe.txt')]);
    const c = loadCatalog(dir);
    expect(titles(c)).toEqual(['GoodNet:一篇好论文', 'OtherSet:另一个数据集']);
    const byFile = Object.fromEntries(errors(c).map((p) => [p.file, p.reason]));
    expect(Object.keys(byFile).sort()).toEqual(['dangling.txt', 'pipe.txt', 'x.txt']);
    expect(byFile['x.txt']).toMatch(/is a directory/);
    expect(byFile['dangling.txt']).toMatch(/dangling symlink\?, ENOENT/);
    expect(byFile['pipe.txt']).toMatch(/not a regular file/);
    // The digest pass (is a saved index current?) survives them too.
    expect(() => seedDirDigest(dir)).not.toThrow();
  });

  it('a file without read permission is one error (simulated: the tests run as root)', () => {
    const dir = seedDir({ 'a.txt': GOOD, 'secret.txt': OTHER });
    const fs: SeedFs = {
      ...nodeSeedFs,
      open: (path) => {
        if (path.endsWith('secret.txt')) throw Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES' });
        return nodeSeedFs.open(path);
      },
    };
    const c = loadCatalog(dir, fs);
    expect(titles(c)).toEqual(['GoodNet:一篇好论文']);
    expect(errors(c)).toEqual([expect.objectContaining({ file: 'secret.txt', reason: expect.stringMatching(/permission denied, EACCES/) })]);
  });

  it('a read that fails half-way (EIO) is one error and no half-read entries', () => {
    const dir = seedDir({ 'a.txt': GOOD, 'b.txt': OTHER });
    const fs: SeedFs = {
      ...nodeSeedFs,
      read: (fd, buffer, offset, length, position) => {
        const n = nodeSeedFs.read(fd, buffer, offset, length, position);
        if (buffer.subarray(0, n).includes(Buffer.from('OtherSet'))) throw Object.assign(new Error('EIO: i/o error'), { code: 'EIO' });
        return n;
      },
    };
    const c = loadCatalog(dir, fs);
    expect(titles(c)).toEqual(['GoodNet:一篇好论文']);
    expect(errors(c).map((p) => [p.file, p.reason])).toEqual([['b.txt', expect.stringMatching(/I\/O error, EIO/)]]);
  });
});

describe('large input', () => {
  it('more than 125k records in one file load (no spread of a large array)', () => {
    // Header-only records without a title: the cheapest records there are.
    const c = buildCatalog([
      { name: 'many.txt', content: '论文\n'.repeat(130_000) },
      { name: 'a.txt', content: GOOD },
    ]);
    expect(titles(c)).toEqual(['GoodNet:一篇好论文']);
    expect(c.problems.filter((p) => p.file === 'many.txt' && p.severity === 'error')).toHaveLength(130_000);
  }, 60_000);

  it('a 50 MB single line is one error with file:line; the entries around it load', () => {
    const dir = seedDir({});
    writeFileSync(join(dir, 'big.txt'), `${GOOD}论文ICLR 2026 Poster2026 年x ${'A'.repeat(50 * 2 ** 20)}\n${OTHER}`);
    const c = loadCatalog(dir);
    expect(titles(c)).toEqual(['GoodNet:一篇好论文', 'OtherSet:另一个数据集']);
    expect(errors(c)).toEqual([expect.objectContaining({ file: 'big.txt', line: 3, reason: expect.stringMatching(/over the 32768-byte limit/) })]);
    expect(errors(c)[0]!.text!.length).toBeLessThanOrEqual(200);
    // The same through a string.
    const s = buildCatalog([{ name: 'big.txt', content: `${GOOD}${'x'.repeat(MAX_LINE_BYTES + 1)}\n${OTHER}` }]);
    expect(errors(s).map((p) => `${p.file}:${p.line}`)).toEqual(['big.txt:3']);
  }, 60_000);

  it('the acronym of a huge title is found without a stack overflow', () => {
    expect(() => acronymOf(`Name ${'word '.repeat(10_000_000)}!`)).not.toThrow();
    expect(acronymOf(`Doctor-R1 ${'x'.repeat(300)}`)).toBeUndefined();
    expect(acronymOf('MIMIC-CXR v2.1.0 胸部 X 光')).toBe('MIMIC-CXR');
    expect(acronymOf('EMNLP 2026 征稿')).toBe('EMNLP 2026');
    expect(acronymOf('ECG 基础模型基准')).toBeUndefined();
  });

  it('reading in chunks gives the same catalog as reading the whole text (a character across a chunk boundary)', () => {
    // Blank lines up to one byte before the 1 MiB chunk boundary, so 论 (3 bytes) straddles it.
    const pad = '\n'.repeat(2 ** 20 - 1 - Buffer.byteLength(GOOD));
    const content = `${GOOD}${pad}${OTHER.replace('数据资源', '论文ICLR 2026 Poster2026 年').replace('OtherSet', 'ThirdNet')}${OTHER}`;
    expect(
      Buffer.from(content)
        .subarray(2 ** 20 - 1, 2 ** 20 + 2)
        .toString(),
    ).toBe('论');
    const dir = seedDir({ 'big.txt': content });
    const fromDisk = loadCatalog(dir);
    const fromText = buildCatalog([{ name: 'big.txt', content }]);
    expect(fromDisk.entries).toHaveLength(3);
    expect(fromDisk.entries).toEqual(fromText.entries);
    expect(fromDisk.problems).toEqual(fromText.problems);
    expect(fromDisk.contentHash).toBe(fromText.contentHash);
    expect(seedDirDigest(dir)).toEqual({ contentHash: fromDisk.contentHash, bytes: Buffer.byteLength(content) });
    expect(fromDisk.problems.some((p) => p.reason.includes('invalid UTF-8'))).toBe(false);
  }, 60_000);
});

describe('files that are not text are refused whole', () => {
  it('64 KB of random bytes: one error, no junk entries', () => {
    const dir = seedDir({ 'a.txt': GOOD });
    writeFileSync(join(dir, 'junk.txt'), randomBytes(64 * 1024));
    const c = loadCatalog(dir);
    expect(titles(c)).toEqual(['GoodNet:一篇好论文']);
    const junk = c.problems.filter((p) => p.file === 'junk.txt');
    expect(junk).toEqual([expect.objectContaining({ severity: 'error', line: 0, reason: expect.stringMatching(/not UTF-8 text/) })]);
  });

  it('a UTF-16 file (control bytes), and text with no entry header', () => {
    const c = buildCatalog([
      { name: 'a.txt', content: GOOD },
      { name: 'utf16.txt', content: Buffer.from(`\uFEFF${OTHER}`, 'utf16le').toString('latin1') },
      { name: 'notes.txt', content: 'Some notes about the lab, nothing here is an entry.\n'.repeat(30) },
      { name: 'other.txt', content: '征稿WorkshopX 2026\nA short file of an unprefixed entry loads.\n' },
    ]);
    expect(titles(c)).toEqual(['GoodNet:一篇好论文', '征稿WorkshopX 2026']);
    expect(errors(c).map((p) => [p.file, p.line])).toEqual([
      ['notes.txt', 0],
      ['utf16.txt', 0],
    ]);
    expect(errors(c).find((p) => p.file === 'notes.txt')!.reason).toMatch(/no entry header/);
  });

  it('a seed file with a few broken bytes still loads (with a warning per line)', () => {
    const dir = seedDir({});
    const [head, tail] = GOOD.split('good description');
    const broken = Buffer.concat([Buffer.from(`${head}good descr`), Buffer.from([0xff, 0xfe]), Buffer.from(`iption${tail}${OTHER}`)]);
    writeFileSync(join(dir, 'a.txt'), broken);
    const c = loadCatalog(dir);
    expect(titles(c)).toEqual(['GoodNet:一篇好论文', 'OtherSet:另一个数据集']);
    expect(errors(c)).toEqual([]);
    expect(c.problems).toContainEqual(expect.objectContaining({ file: 'a.txt', line: 2, reason: expect.stringMatching(/invalid UTF-8/) }));
  });

  it('a reload of a good file overwritten with garbage is refused (the same loader)', () => {
    const dir = seedDir({ 'a.txt': GOOD, 'b.txt': OTHER });
    const current = loadCatalog(dir);
    writeFileSync(join(dir, 'b.txt'), randomBytes(64 * 1024, 11));
    const next = loadCatalog(dir);
    expect(next.entries.map((e) => e.title)).toEqual(['GoodNet:一篇好论文']);
    expect(judgeCatalog(current, next).accept).toBe(false);
  });
});

describe('line breaks', () => {
  it('CRLF and a bare CR end lines as before; numbers stay right', () => {
    const c = buildCatalog([{ name: 'a.txt', content: GOOD.replace(/\n/g, '\r\n') + OTHER.replace('\n', '\r') }]);
    expect(titles(c)).toEqual(['GoodNet:一篇好论文', 'OtherSet:另一个数据集']);
    expect(c.entries.find((e) => e.title.startsWith('OtherSet'))!.sources).toEqual(['a.txt:3']);
  });
});
