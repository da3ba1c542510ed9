/**
 * PostingsBuilder: documents in, a PostingsIndex out (postings.ts).
 *
 * Postings go straight into typed-array columns as documents are added: per posting its
 * term id and frequency (5 bytes; packed, a posting holds its document and impact instead), per added document of a field its id and where its
 * postings end (8 bytes), so a posting's document is not stored until the index is packed.
 * A document's distinct terms are counted in preallocated typed arrays (a stamp per term
 * id), not a Map per call. Nothing of a document outlives its `add` call but its postings.
 */
import { impactOf, lengthNorms, PostingsIndex, type SavedPostings, termBounds } from './postings.js';

const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;

/**
 * A column of numbers in fixed 64k-slot typed-array chunks: it grows without copying
 * and without doubling's spare half.
 */
class Column<T extends Uint32Array | Uint16Array | Uint8Array> {
  length = 0;
  private readonly chunks: T[] = [];
  constructor(private readonly make: (n: number) => T) {}

  push(value: number): void {
    const c = this.length >>> CHUNK_BITS;
    if (c === this.chunks.length) this.chunks.push(this.make(CHUNK));
    this.chunks[c]![this.length & (CHUNK - 1)] = value;
    this.length++;
  }

  set(at: number, value: number): void {
    while (at >>> CHUNK_BITS >= this.chunks.length) this.chunks.push(this.make(CHUNK));
    this.chunks[at >>> CHUNK_BITS]![at & (CHUNK - 1)] = value;
    this.length = Math.max(this.length, at + 1);
  }

  get(at: number): number {
    return this.chunks[at >>> CHUNK_BITS]![at & (CHUNK - 1)]!;
  }

  /** Copies the first `n` slots into `into` (zeros past the end). */
  copyTo(into: T, n: number): void {
    for (const [c, chunk] of this.chunks.entries()) {
      const first = c * CHUNK;
      if (first >= n) break;
      into.set(chunk.subarray(0, Math.min(CHUNK, n - first, Math.max(0, this.length - first))), first);
    }
  }
}

const u32 = (n: number) => new Uint32Array(n);
const u16 = (n: number) => new Uint16Array(n);
const u8 = (n: number) => new Uint8Array(n);

/** One field's postings as added. */
class FieldColumns {
  /** Per posting: its term id (in first-seen order) and frequency. */
  readonly terms = new Column(u32);
  readonly freqs = new Column(u8);
  /** Per `add` call with postings: the document, and where its postings end. */
  readonly runDocs = new Column(u32);
  readonly runEnds = new Column(u32);
  /** Per document: its number of distinct terms. */
  readonly lengths = new Column(u16);
}

/** Collects documents field by field (in increasing document order), then packs the arrays. */
export class PostingsBuilder {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];
  private columns: FieldColumns[];
  private docCount = 0;
  /** Per term id: the `add` call that last saw it, and its slot in `distinct` then. */
  private stamps = new Uint32Array(1024);
  private slots = new Uint32Array(1024);
  /** The current call's distinct term ids and counts, in first-seen order. */
  private distinct = new Uint32Array(256);
  private tally = new Uint32Array(256);
  private call = 0;

  constructor(private readonly fields: readonly string[]) {
    this.columns = fields.map(() => new FieldColumns());
  }

  add(doc: number, field: number, tokens: readonly string[]): void {
    this.docCount = Math.max(this.docCount, doc + 1);
    if (tokens.length > this.distinct.length) {
      this.distinct = new Uint32Array(tokens.length * 2);
      this.tally = new Uint32Array(tokens.length * 2);
    }
    const call = ++this.call;
    const { ids, names, distinct, tally } = this;
    let n = 0;
    for (const t of tokens) {
      let id = ids.get(t);
      if (id === undefined) {
        id = names.length;
        ids.set(t, id);
        names.push(t);
        if (id >= this.stamps.length) this.grow();
      }
      if (this.stamps[id] === call) tally[this.slots[id]!]!++;
      else {
        this.stamps[id] = call;
        this.slots[id] = n;
        distinct[n] = id;
        tally[n] = 1;
        n++;
      }
    }
    const columns = this.columns[field]!;
    // Like minisearch, a field's length is its number of distinct terms.
    columns.lengths.set(doc, Math.min(n, 0xffff));
    if (n === 0) return;
    const { terms, freqs } = columns;
    for (let k = 0; k < n; k++) {
      terms.push(distinct[k]!);
      freqs.push(Math.min(tally[k]!, 0xff));
    }
    columns.runDocs.push(doc);
    columns.runEnds.push(terms.length);
  }

  private grow(): void {
    const stamps = new Uint32Array(this.stamps.length * 2);
    stamps.set(this.stamps);
    this.stamps = stamps;
    const slots = new Uint32Array(this.slots.length * 2);
    slots.set(this.slots);
    this.slots = slots;
  }

  build(): PostingsIndex {
    const order = this.names.map((_, i) => i).sort((a, b) => (this.names[a]! < this.names[b]! ? -1 : 1));
    const rank = new Uint32Array(order.length);
    for (const [position, id] of order.entries()) rank[id] = position;
    const termCount = order.length;
    const saved: SavedPostings = {
      fields: [...this.fields],
      docCount: this.docCount,
      terms: order.map((id) => this.names[id]).join('\n'),
      offsets: [],
      docs: [],
      impacts: [],
      bounds: [],
    };
    this.ids.clear();
    this.names.length = 0;
    this.stamps = this.slots = this.distinct = this.tally = new Uint32Array(0);
    const columns: Array<FieldColumns | undefined> = this.columns;
    // Packed field by field, each field's columns dropped once packed, so at most one field's
    // columns and packed arrays are both held beyond the other fields' columns.
    this.columns = [];
    columns.forEach((field, f) => {
      const packed = pack(field!, rank, termCount, this.docCount);
      columns[f] = undefined;
      saved.offsets.push(packed.offsets);
      saved.docs.push(packed.docs);
      saved.impacts.push(packed.impacts);
      saved.bounds.push(termBounds(packed.offsets, packed.impacts));
    });
    return PostingsIndex.restore(saved);
  }
}

/**
 * One field's columns → its postings grouped by term (in `rank` order), each list in
 * document order, with each posting's impact (postings.ts).
 */
function pack(field: FieldColumns, rank: Uint32Array, termCount: number, docCount: number) {
  const { terms, freqs: counts, runDocs, runEnds } = field;
  const postings = terms.length;
  const offsets = new Uint32Array(termCount + 1);
  for (let p = 0; p < postings; p++) offsets[rank[terms.get(p)]! + 1]!++;
  for (let t = 0; t < termCount; t++) offsets[t + 1]! += offsets[t]!;
  const lengths = new Uint16Array(docCount);
  field.lengths.copyTo(lengths, docCount);
  const norms = lengthNorms(lengths, docCount ? lengths.reduce((s, n) => s + n, 0) / docCount : 0);
  const next = offsets.slice(0, termCount);
  const docs = new Uint32Array(postings);
  const impacts = new Uint16Array(postings);
  let p = 0;
  for (let r = 0; r < runDocs.length; r++) {
    const doc = runDocs.get(r);
    const end = runEnds.get(r);
    const norm = norms[doc]!;
    for (; p < end; p++) {
      const slot = next[rank[terms.get(p)]!]!++;
      docs[slot] = doc;
      impacts[slot] = impactOf(counts.get(p), norm);
    }
  }
  return { offsets, docs, impacts };
}
