/**
 * Loading a seed directory: every *.txt file, in name order, read in chunks into records
 * (`seedfile.ts`: an unreadable, non-regular, over-large or non-text file is one lint
 * error and the rest loads), headers, titles resolved across the catalog, merged, and
 * validated (schema.ts: zod, loaded only for an entry the hand check cannot pass). A new seed file dropped into the directory needs no code change.
 */
import { createHash, type Hash } from 'node:crypto';
import { isDated } from './dated.js';
import { type Roster, RosterBuilder, type SavedRoster } from './roster.js';
import { makeDraft } from './draft.js';
import { readHeader, type HeaderFields } from './header.js';
import { DraftGroups } from './merge.js';
import type { RawRecord } from './records.js';
import { validateEntry, type Entry, type Problem } from './schema.js';
import { listSeedFiles, nodeSeedFs, readSeedFile, readSeedText, type SeedFileRead, type SeedFs } from './seedfile.js';
import { resolveTagsAndTitles } from './titles.js';
import { collectGarbage } from '../gc.js';
import { EntryTextWriter, type EntryTexts, storedEntries, textsReader } from '../search/stored-entries.js';

export type { SeedFs } from './seedfile.js';

export interface Catalog {
  entries: Entry[];
  problems: Problem[];
  /** Hash of the seed files' names and contents: keys a saved search index. */
  contentHash: string;
  files: string[];
  /** The places of the entries with dates (see dated.ts); found again from the entries when absent. */
  dated?: number[];
  /** Each entry's id and seed files (roster.ts), for judging a reload; found again from the entries when absent. */
  roster?: Roster | SavedRoster;
}

export interface SeedFile {
  name: string;
  content: string;
}

/** Reads, checks and parses every seed file of `dir` (throws only when the directory cannot be listed). */
export function loadCatalog(dir: string, fs: SeedFs = nodeSeedFs): Catalog {
  const hash = createHash('sha256');
  return assemble(
    listSeedFiles(dir, fs).map((name) => readSeedFile(dir, name, hash, { fs })),
    hash,
  );
}

/**
 * Like loadCatalog, for a large catalog built to be saved (searchable.ts): each entry is
 * written as its JSON text once checked (EntryTextWriter), so the entries are never all held as
 * objects, and the garbage of each phase is collected before the next; with `spill` (a file open
 * for writing, empty) the texts go to that file, not memory. The catalog's entries decode anew at
 * every read (a one-pass reader's: the index builder, the saved file's writer).
 */
export function loadCatalogAsTexts(dir: string, options: { fs?: SeedFs; spill?: number } = {}): { catalog: Catalog; texts: EntryTexts } {
  const fs = options.fs ?? nodeSeedFs;
  const hash = createHash('sha256');
  const writer = new EntryTextWriter(options.spill);
  const catalog = assemble(
    listSeedFiles(dir, fs).map((name) => readSeedFile(dir, name, hash, { fs })),
    hash,
    writer,
  );
  const texts = writer.end();
  collectGarbage();
  return { catalog: { ...catalog, entries: storedEntries<Entry>(textsReader(texts), texts.offsets, false) }, texts };
}

/** The content hash and size of a seed directory, read in chunks without parsing (is a saved index current?). */
export function seedDirDigest(dir: string, fs: SeedFs = nodeSeedFs): { contentHash: string; bytes: number } {
  const hash = createHash('sha256');
  let bytes = 0;
  for (const name of listSeedFiles(dir, fs)) bytes += readSeedFile(dir, name, hash, { fs, parse: false }).bytes;
  return { contentHash: digest(hash), bytes };
}

/** A catalog from texts in hand (the same checks as files on disk). */
export function buildCatalog(files: SeedFile[]): Catalog {
  const hash = createHash('sha256');
  return assemble(
    files.map((f) => readSeedText(f.name, f.content, hash)),
    hash,
  );
}

/** A lean load collects its garbage each time this many more bytes of entry texts are written. */
const COLLECT_EVERY_BYTES = 16 << 20;

const digest = (hash: Hash) => hash.digest('hex').slice(0, 16);

/** With `writer`, each entry goes to it as it is checked, and the catalog's `entries` stay empty. */
function assemble(reads: SeedFileRead[], hash: Hash, writer?: EntryTextWriter): Catalog {
  const phase = writer ? collectGarbage : () => {};
  const problems: Problem[] = [];
  const records: RawRecord[] = [];
  // Loops, not push(...spread): a spread of 125k+ records overflows the call stack.
  for (const read of reads) {
    for (const record of read.records) records.push(record);
    for (const problem of read.problems) problems.push(problem);
  }
  const files = reads.map((r) => r.name);
  reads.length = 0;
  phase();
  const headers: HeaderFields[] = records.map((r) => readHeader(r.header, { file: r.file, line: r.line }, problems));
  const paperIndexes = headers.flatMap((h, i) => (h.tagAndTitle !== undefined ? [i] : []));
  const splits = resolveTagsAndTitles(paperIndexes.map((i) => headers[i]!.tagAndTitle!));
  const resolved = new Map(paperIndexes.map((i, k) => [i, splits[k]!]));

  phase();
  const groups = new DraftGroups();
  for (let i = 0; i < records.length; i++) {
    const header = headers[i]!;
    const split = resolved.get(i);
    const title = (split ? split.title : (header.title ?? '')).trim();
    if (!title) {
      problems.push({ severity: 'error', file: records[i]!.file, line: records[i]!.line, reason: 'no title could be read from this header', text: records[i]!.header });
      continue;
    }
    groups.add(makeDraft(records[i]!, header, title, split?.tag ?? ''));
  }
  // The drafts hold what is still needed; the lists go, and each group goes once merged.
  records.length = 0;
  headers.length = 0;
  resolved.clear();
  phase();

  const entries: Entry[] = [];
  const dated: number[] = [];
  const roster = new RosterBuilder();
  let count = 0;
  let nextCollection = COLLECT_EVERY_BYTES;
  // Reported after every merge problem, as when all entries were merged before any was checked.
  const invalid: Problem[] = [];
  for (const entry of groups.merge(problems)) {
    const valid = validateEntry(entry);
    if (valid.success) {
      if (isDated(valid.data)) dated.push(count);
      roster.add(valid.data);
      count++;
      if (!writer) entries.push(valid.data);
      // The merged drafts and their texts' garbage, collected as the texts grow.
      else if (writer.add(valid.data) >= nextCollection) {
        collectGarbage();
        nextCollection += COLLECT_EVERY_BYTES;
      }
    } else {
      const [file, line] = splitSource(entry.sources[0] ?? '?:0');
      const reason = valid.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      invalid.push({ severity: 'error', file, line, reason: `entry "${entry.title}" is invalid: ${reason}` });
    }
  }
  for (const problem of invalid) problems.push(problem);
  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return { entries, problems, contentHash: digest(hash), files, dated, roster: roster.done() };
}

function splitSource(source: string): [string, number] {
  const i = source.lastIndexOf(':');
  return [source.slice(0, i), Number(source.slice(i + 1))];
}
