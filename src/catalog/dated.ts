/**
 * The catalog's dated entries: those with a deadline or any milestone, in catalog order. Walks
 * over dates (the timeline, "/deadline", a milestone asked across the catalog) read only these,
 * so a restored catalog decodes only them; a saved index carries their places (Catalog.dated).
 */
import type { Entry } from './schema.js';

export const isDated = (e: Entry): boolean => e.deadline !== undefined || e.milestones.length > 0;

/** The places of the dated entries in `entries`, ascending. */
export function datedIndexes(entries: readonly Entry[]): number[] {
  const out: number[] = [];
  entries.forEach((e, i) => {
    if (isDated(e)) out.push(i);
  });
  return out;
}

/** The dated entries of `catalog`, from its saved places when it has them. */
export function datedEntries(catalog: { entries: readonly Entry[]; dated?: readonly number[] | undefined }): Entry[] {
  const { entries, dated } = catalog;
  return dated ? dated.map((i) => entries[i]!) : entries.filter(isDated);
}
