/**
 * Whether a rebuilt catalog may replace the one being served, judged as a whole and per seed
 * file (entries name their files in `sources`, "file:line"). Refused: a catalog with no entries
 * where there were some; more lint errors than the served one; or a seed file, still present,
 * that would keep fewer than half of the entries it gives now (overwritten with garbage or cut
 * short; judged from MIN_JUDGED_ENTRIES entries on), or that gives none any more with a lint
 * error (no longer readable). An entry is kept when the new catalog has one with its id, its
 * title up to digits (a yearly "2025" → "2026" edit) or one of its links. Removing a file is a
 * choice and is accepted; to empty a file on purpose, remove it (or restart the bot).
 */
import type { Catalog } from '../catalog/load.js';
import type { Entry } from '../catalog/schema.js';
import { titleKey } from '../catalog/text.js';
import { type Roster, rosterOf } from '../catalog/roster.js';

export type RefusalCause = 'entries-dropped' | 'unreadable' | 'lint-errors';

/** One seed file that makes the candidate worse. */
export interface FileRefusal {
  file: string;
  cause: RefusalCause;
  /** Entries (or lint errors, for lint-errors) before and after. */
  before: number;
  after: number;
  /** One sentence for the log: which file and why. */
  detail: string;
}

export type Verdict = { accept: true } | { accept: false; reason: string; files: FileRefusal[] };

/** Files giving fewer entries are not judged on kept entries (only on becoming unreadable). */
const MIN_JUDGED_ENTRIES = 3;

const isError = (p: { severity: string }) => p.severity === 'error';

/** The places of the entries by the seed files they come from (an entry merged from two files is in both). */
function byFile(roster: Roster): Map<string, number[]> {
  const files = new Map<string, number[]>();
  roster.from.forEach((places, i) => {
    for (const place of places) {
      const file = roster.files[place]!;
      let list = files.get(file);
      if (!list) files.set(file, (list = []));
      list.push(i);
    }
  });
  return files;
}

/** The keys besides the id that keep an entry: its title up to digits, its links. */
function looseKeys(entry: Entry): string[] {
  return [`title:${titleKey(entry.title).replace(/\d+/g, '#')}`, ...entry.links.map((l) => `link:${l}`)];
}

function errorsByFile(catalog: Catalog): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of catalog.problems) if (isError(p)) counts.set(p.file, (counts.get(p.file) ?? 0) + 1);
  return counts;
}

/** Whether `next` may replace `current`. */
export function judgeCatalog(current: Catalog, next: Catalog): Verdict {
  const files: FileRefusal[] = [];
  // Ids and files from the rosters: no entry is decoded unless a file loses most of its ids.
  const currentRoster = rosterOf(current);
  const nextRoster = rosterOf(next);
  const nextIds = new Set(nextRoster.ids);
  // Computed only when a file loses ids (titles are normalized: not free on a large catalog).
  let nextKeys: Set<string> | undefined;
  const nextByFile = byFile(nextRoster);
  const nextFiles = new Set(next.files);
  const errorsBefore = errorsByFile(current);
  const errorsAfter = errorsByFile(next);
  for (const [file, entries] of byFile(currentRoster)) {
    if (!nextFiles.has(file)) continue;
    const now = nextByFile.get(file)?.length ?? 0;
    const firstError = next.problems.find((p) => p.file === file && isError(p));
    if (now === 0 && firstError) {
      files.push({
        file,
        cause: 'unreadable',
        before: entries.length,
        after: 0,
        detail: `${file} gives no entries any more (it gave ${entries.length}): line ${firstError.line}: ${firstError.reason}`,
      });
      continue;
    }
    // A small file rewritten is an ordinary edit.
    if (entries.length < MIN_JUDGED_ENTRIES) continue;
    const missing = entries.filter((i) => !nextIds.has(currentRoster.ids[i]!));
    if (missing.length * 2 <= entries.length) continue;
    nextKeys ??= new Set(next.entries.flatMap(looseKeys));
    const kept = entries.length - missing.filter((i) => !looseKeys(current.entries[i]!).some((k) => nextKeys!.has(k))).length;
    if (kept * 2 < entries.length) {
      files.push({
        file,
        cause: 'entries-dropped',
        before: entries.length,
        after: kept,
        detail: `${file} would keep ${kept} of its ${entries.length} entries${now > kept ? ` (and give ${now - kept} unknown ones)` : ''}`,
      });
    }
  }
  const before = current.problems.filter(isError).length;
  const after = next.problems.filter(isError).length;
  if (after > before) {
    for (const [file, n] of errorsAfter) {
      const had = errorsBefore.get(file) ?? 0;
      if (n > had && !files.some((f) => f.file === file)) {
        files.push({ file, cause: 'lint-errors', before: had, after: n, detail: `${file} has ${n} lint errors (it had ${had})` });
      }
    }
  }
  if (next.entries.length === 0 && current.entries.length > 0) {
    return { accept: false, reason: `the new catalog has no entries (the current one has ${current.entries.length})`, files };
  }
  const dropped = files.filter((f) => f.cause !== 'lint-errors');
  if (dropped.length > 0) return { accept: false, reason: dropped.map((f) => f.detail).join('; '), files };
  if (after > before) {
    const named = files.map((f) => f.detail).join('; ');
    return { accept: false, reason: `the new catalog has ${after} lint errors (the current one has ${before})${named ? `: ${named}` : ''}`, files };
  }
  return { accept: true };
}
