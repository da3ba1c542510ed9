/**
 * Loading a seed directory: every *.txt file, in name order, read into records,
 * headers, titles resolved across the catalog, merged, and validated with zod.
 * A new seed file dropped into the directory needs no code change.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDraft } from './draft.js';
import { readHeader, type HeaderFields } from './header.js';
import { mergeDrafts } from './merge.js';
import { readRecords, type RawRecord } from './records.js';
import { entrySchema, type Entry, type Problem } from './schema.js';
import { resolveTagsAndTitles } from './titles.js';

export interface Catalog {
  entries: Entry[];
  problems: Problem[];
  /** Hash of the seed files' names and contents: keys a saved search index. */
  contentHash: string;
  files: string[];
}

export interface SeedFile {
  name: string;
  content: string;
}

export function readSeedDir(dir: string): SeedFile[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.txt')).sort();
  } catch (error) {
    throw new Error(`cannot read the seed directory ${dir}: ${(error as Error).message}`);
  }
  return names.map((name) => ({ name, content: readFileSync(join(dir, name), 'utf8') }));
}

export function loadCatalog(dir: string): Catalog {
  return buildCatalog(readSeedDir(dir));
}

/** Hash of the seed files' names and contents. */
export function contentHash(files: SeedFile[]): string {
  const hash = createHash('sha256');
  for (const file of files) hash.update(file.name).update('\0').update(file.content).update('\0');
  return hash.digest('hex').slice(0, 16);
}

export function buildCatalog(files: SeedFile[]): Catalog {
  const problems: Problem[] = [];
  const records: RawRecord[] = [];
  for (const file of files) {
    const read = readRecords(file.name, file.content);
    records.push(...read.records);
    problems.push(...read.problems);
  }
  const headers: HeaderFields[] = records.map((r) =>
    readHeader(r.header, { file: r.file, line: r.line }, problems),
  );
  const paperIndexes = headers.flatMap((h, i) => (h.tagAndTitle !== undefined ? [i] : []));
  const splits = resolveTagsAndTitles(paperIndexes.map((i) => headers[i]!.tagAndTitle!));
  const resolved = new Map(paperIndexes.map((i, k) => [i, splits[k]!]));

  const drafts = [];
  for (let i = 0; i < records.length; i++) {
    const header = headers[i]!;
    const split = resolved.get(i);
    const title = (split ? split.title : header.title ?? '').trim();
    if (!title) {
      problems.push({ severity: 'error', file: records[i]!.file, line: records[i]!.line, reason: 'no title could be read from this header', text: records[i]!.header });
      continue;
    }
    drafts.push(makeDraft(records[i]!, header, title, split?.tag ?? ''));
  }

  const entries: Entry[] = [];
  for (const entry of mergeDrafts(drafts, problems)) {
    const valid = entrySchema.safeParse(entry);
    if (valid.success) {
      entries.push(valid.data);
    } else {
      const [file, line] = splitSource(entry.sources[0] ?? '?:0');
      const reason = valid.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      problems.push({ severity: 'error', file, line, reason: `entry "${entry.title}" is invalid: ${reason}` });
    }
  }
  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return { entries, problems, contentHash: contentHash(files), files: files.map((f) => f.name) };
}

function splitSource(source: string): [string, number] {
  const i = source.lastIndexOf(':');
  return [source.slice(0, i), Number(source.slice(i + 1))];
}
