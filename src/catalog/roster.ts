/**
 * A catalog's roster: each entry's id and the seed files it comes from, in catalog order. Made
 * while the catalog is assembled and kept in its saved index, so judging a reload (judge.ts)
 * reads no entry: a restored catalog's entries are decoded one by one when read, and judging a
 * 100k catalog through them took 1.3 s on the main thread and 200 MB of decoded entries.
 */
import type { Entry } from './schema.js';

export interface Roster {
  ids: string[];
  /** The seed files the roster names, each once. */
  files: string[];
  /** Per entry, the places in `files` of the files it comes from (an entry merged from two files names both). */
  from: number[][];
}

/** The seed file of a source ("file:line"). */
export const fileOf = (source: string) => source.replace(/:\d+$/, '');

/** Builds a roster one entry at a time, in catalog order. */
export class RosterBuilder {
  private readonly roster: Roster = { ids: [], files: [], from: [] };
  private readonly places = new Map<string, number>();

  add(entry: Pick<Entry, 'id' | 'sources'>): void {
    const from: number[] = [];
    for (const source of entry.sources) {
      const file = fileOf(source);
      let place = this.places.get(file);
      if (place === undefined) {
        place = this.roster.files.push(file) - 1;
        this.places.set(file, place);
      }
      if (!from.includes(place)) from.push(place);
    }
    this.roster.ids.push(entry.id);
    this.roster.from.push(from);
  }

  done(): Roster {
    return this.roster;
  }
}

/**
 * A roster as a saved index keeps it: its JSON text, parsed only when a reload is judged (parsing
 * 100k ids and file lists at every restore cost more than the rest of the header).
 */
export interface SavedRoster {
  text: string;
}

const parsed = new WeakMap<SavedRoster, Roster>();

/**
 * The catalog's roster: the one it carries (a saved one parsed now, once), or one made from its
 * entries (reading every entry) when it has none or one that does not fit its entries.
 */
export function rosterOf(catalog: { entries: readonly Entry[]; roster?: Roster | SavedRoster | undefined }): Roster {
  const { roster, entries } = catalog;
  if (roster && 'text' in roster) {
    let found = parsed.get(roster);
    if (!found) {
      try {
        const value: unknown = JSON.parse(roster.text);
        if (isRoster(value, entries.length)) parsed.set(roster, (found = value));
      } catch {
        // damaged: made from the entries below
      }
    }
    if (found) return found;
  } else if (roster && roster.ids.length === entries.length) return roster;
  const builder = new RosterBuilder();
  for (const entry of entries) builder.add(entry);
  return builder.done();
}

/** Whether `value` (read from a saved file) is a well-formed roster of `count` entries. */
function isRoster(value: unknown, count: number): value is Roster {
  if (!value || typeof value !== 'object') return false;
  const { ids, files, from } = value as Partial<Roster>;
  return (
    Array.isArray(ids) &&
    Array.isArray(files) &&
    Array.isArray(from) &&
    ids.length === count &&
    from.length === count &&
    ids.every((id) => typeof id === 'string') &&
    files.every((f) => typeof f === 'string') &&
    from.every((places) => Array.isArray(places) && places.every((p) => Number.isInteger(p) && p >= 0 && p < files.length))
  );
}
