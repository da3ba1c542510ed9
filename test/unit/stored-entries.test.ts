/**
 * A restored catalog's entries decoded on first read (stored-entries.ts): an array to every
 * reader, each entry parsed once and given back as the same object while anything holds it (the
 * last 8,192 read are held; older ones nobody holds are collected), writes refused, and a
 * damaged offset table caught before any entry is served.
 */
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../src/gc.js';
import { checkStoredEntries, EntryTextWriter, entriesInMemory, packEntries, partsText, storedEntries, textsReader } from '../../src/search/stored-entries.js';

interface Item {
  id: string;
  n: number;
  title: string;
}

const items: Item[] = Array.from({ length: 5 }, (_, n) => ({ id: `e${n}`, n, title: n % 2 ? `病理 ${n}` : `pathology ${n}` }));

/** The items as one buffer of JSON texts and their offsets, as cache.ts saves them. */
function stored(list: Item[]): { bytes: Buffer; offsets: Uint32Array } {
  const texts = list.map((e) => Buffer.from(JSON.stringify(e)));
  const offsets = new Uint32Array(list.length + 1);
  texts.forEach((t, i) => {
    offsets[i + 1] = offsets[i]! + t.length;
  });
  return { bytes: Buffer.concat(texts), offsets };
}

const textOf = (bytes: Buffer) => (start: number, end: number) => bytes.toString('utf8', start, end);

describe('storedEntries', () => {
  it('parses an entry only when it is read, once, and gives back the same object', () => {
    const { bytes, offsets } = stored(items);
    let parses = 0;
    const parse = JSON.parse;
    JSON.parse = ((text: string) => {
      parses++;
      return parse(text);
    }) as typeof JSON.parse;
    try {
      const entries = storedEntries<Item>(textOf(bytes), offsets);
      expect(entries.length).toBe(5);
      expect(parses).toBe(0);
      const third = entries[3];
      expect(third).toEqual(items[3]);
      expect(parses).toBe(1);
      expect(entries[3]).toBe(third);
      expect(parses).toBe(1);
    } finally {
      JSON.parse = parse;
    }
  });

  it('behaves as an array to every reader', () => {
    const { bytes, offsets } = stored(items);
    const entries = storedEntries<Item>(textOf(bytes), offsets);
    expect(Array.isArray(entries)).toBe(true);
    expect([...entries]).toEqual(items);
    expect(entries.map((e) => e.id)).toEqual(items.map((e) => e.id));
    expect(entries.find((e) => e.title === '病理 3')?.n).toBe(3);
    expect(entries.filter((e) => e.n % 2 === 0).map((e) => e.n)).toEqual([0, 2, 4]);
    expect(entries.slice(1, 3)).toEqual(items.slice(1, 3));
    expect(JSON.parse(JSON.stringify(entries))).toEqual(items);
    expect(Object.keys(entries)).toEqual(['0', '1', '2', '3', '4']);
    expect(2 in entries).toBe(true);
    expect(5 in entries).toBe(false);
    expect(entries[5]).toBeUndefined();
    expect(entries.at(-1)).toEqual(items[4]);
    expect(entries.indexOf(entries[2]!)).toBe(2);
  });

  it('refuses writes (a restored catalog is read-only)', () => {
    const { bytes, offsets } = stored(items);
    const entries = storedEntries<Item>(textOf(bytes), offsets);
    // Test modules are strict: a refused write throws.
    expect(() => {
      entries[0] = items[1]!;
    }).toThrow(TypeError);
    expect(() => entries.push(items[0]!)).toThrow(TypeError);
    expect(entries.length).toBe(5);
    expect(entries[0]).toEqual(items[0]);
  });
});

describe('checkStoredEntries', () => {
  it('accepts the table it was saved with, with or without the bytes at hand', () => {
    const { bytes, offsets } = stored(items);
    expect(checkStoredEntries(offsets, bytes.length, bytes)).toBe(true);
    expect(checkStoredEntries(offsets, bytes.length)).toBe(true);
  });

  it('rejects offsets out of order, past the texts, or cutting an entry', () => {
    const { bytes, offsets } = stored(items);
    const swapped = offsets.slice();
    [swapped[1], swapped[2]] = [swapped[2]!, swapped[1]!];
    expect(checkStoredEntries(swapped, bytes.length)).toBe(false);
    const long = offsets.slice();
    long[long.length - 1] = bytes.length + 4;
    expect(checkStoredEntries(long, bytes.length)).toBe(false);
    const cut = offsets.slice();
    cut[2] = cut[2]! - 3;
    expect(checkStoredEntries(cut, bytes.length, bytes)).toBe(false);
    expect(checkStoredEntries(offsets, bytes.length - 1, bytes.subarray(0, bytes.length - 1))).toBe(false);
    expect(checkStoredEntries(new Uint32Array(0), 0)).toBe(false);
  });

  it('an entry whose bytes were damaged after the check is refused when read, not returned half-parsed', () => {
    const { bytes, offsets } = stored(items);
    const entries = storedEntries<Item>(textOf(bytes), offsets);
    bytes[offsets[1]!] = 0x20;
    expect(entries[0]).toEqual(items[0]);
    expect(() => entries[1]).toThrow(/damaged/);
  });
});

describe('packEntries and entriesInMemory (a reload worker hands its entries over this way)', () => {
  it('give back the entries, Chinese text included, from one transferable buffer', () => {
    const packed = packEntries(items);
    expect(packed.texts.byteOffset).toBe(0);
    expect(packed.texts.buffer.byteLength).toBe(packed.texts.byteLength);
    const clone = structuredClone(packed, { transfer: [packed.texts.buffer as ArrayBuffer, packed.offsets.buffer as ArrayBuffer] });
    expect(entriesInMemory<Item>(clone.texts, clone.offsets)).toEqual(items);
    expect(entriesInMemory<Item>(packEntries([]).texts, packEntries([]).offsets)).toEqual([]);
  });

  it('refuse offsets that do not fit the texts', () => {
    const packed = packEntries(items);
    const offsets = packed.offsets.slice();
    offsets[3] = offsets[3]! + 1;
    expect(entriesInMemory<Item>(packed.texts, offsets)).toBeUndefined();
  });
});

describe('EntryTextWriter and partsText', () => {
  it('write entries into buffers no entry spans (one larger than a buffer gets its own) and read each back', () => {
    const huge: Item = { id: 'huge', n: 99, title: '影像'.repeat(3 << 20) };
    const list = [items[0]!, huge, items[1]!, items[2]!];
    const writer = new EntryTextWriter();
    const totals = list.map((e) => writer.add(e));
    const texts = writer.end();
    expect(texts.parts.length).toBe(3);
    expect(Array.from(texts.offsets.slice(1))).toEqual(totals);
    const read = partsText(texts.parts);
    for (const [i, e] of list.entries()) expect(JSON.parse(read(texts.offsets[i]!, texts.offsets[i + 1]!))).toEqual(e);
    const entries = storedEntries<Item>(read, texts.offsets, false);
    expect(entries).toEqual(list);
    // Not kept: each read parses anew.
    expect(entries[0]).not.toBe(entries[0]);
    // The same into a file: its buffer reused, each text read back from the file.
    const path = join(mkdtempSync(join(tmpdir(), 'entry-texts-')), 'texts');
    const fd = openSync(path, 'w+');
    try {
      const toFile = new EntryTextWriter(fd);
      for (const e of list) toFile.add(e);
      const filed = toFile.end();
      expect(filed.parts).toEqual([]);
      expect(filed.offsets).toEqual(texts.offsets);
      expect(storedEntries<Item>(textsReader(filed), filed.offsets)).toEqual(list);
    } finally {
      closeSync(fd);
      rmSync(dirname(path), { recursive: true, force: true });
    }
  });
});

describe('memory of decoded entries', () => {
  it('holds the entries read last and any entry held elsewhere; the rest go to the garbage collector and are decoded again', async () => {
    const many: Item[] = Array.from({ length: 9000 }, (_, n) => ({ id: `e${n}`, n, title: `t${n}` }));
    const { bytes, offsets } = stored(many);
    const entries = storedEntries<Item>(textOf(bytes), offsets);
    const dropped = new WeakRef(entries[0]!);
    const held = entries[1]!;
    // 8,999 more reads push the first two out of the entries read last.
    for (let i = 1; i < many.length; i++) expect(entries[i]!.n).toBe(i);
    const recent = new WeakRef(entries[8999]!);
    // A WeakRef's target survives the job that read it: collect in a later one.
    await new Promise((resolve) => setTimeout(resolve, 0));
    collectGarbage();
    expect(dropped.deref()).toBeUndefined();
    expect(entries[0]).toEqual(many[0]);
    expect(entries[1]).toBe(held);
    // Held by the entries read last only, and still the same object.
    expect(recent.deref()).toBeDefined();
    expect(entries[8999]).toBe(recent.deref());
  });
});
