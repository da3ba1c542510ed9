/**
 * Choosing an entry's deadline among everything its sources state. The most specific
 * statement wins: a description deadline with its own zone, then a header deadline
 * with a time, then the header's date-only label, then an undated-zone description.
 */
import { DateTime } from 'luxon';
import type { Milestone } from './schema.js';

function specificity(m: Milestone): number {
  return (m.zoneAssumed ? 0 : 2) + (m.timeAssumed ? 0 : 1) + (m.from === 'description' ? 0.5 : 0);
}

export function chooseDeadline(candidates: Milestone[]): Milestone | undefined {
  return [...candidates].sort((a, b) => specificity(b) - specificity(a) || a.at.localeCompare(b.at))[0];
}

/** Two deadline statements disagree when they name different instants. */
export function disagree(a: Milestone, b: Milestone): boolean {
  return instantMillis(a.at) !== instantMillis(b.at);
}

/** ISO text with a full date, a time and an explicit offset: what `Date.parse` reads exactly as luxon does. */
const FULL_ISO = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{3})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

/** `Date.parse` rolls "2026-02-30" over to March; luxon calls it invalid. */
function dayExists(at: string): boolean {
  const day = Number(at.slice(8, 10));
  if (day <= 28) return true;
  const year = Number(at.slice(0, 4));
  const month = Number(at.slice(5, 7));
  return new Date(Date.UTC(year, month, 0)).getUTCDate() >= day;
}

/**
 * The epoch milliseconds of a milestone's ISO instant (`DateTime.fromISO(at).toMillis()`), without
 * building a luxon DateTime for the usual full form (one per comparison cost seconds on a 92,000-entry load).
 */
export function instantMillis(at: string): number {
  if (FULL_ISO.test(at) && dayExists(at)) {
    const ms = Date.parse(at);
    if (!Number.isNaN(ms)) return ms;
  }
  return DateTime.fromISO(at).toMillis();
}

export function sameMilestone(a: Milestone, b: Milestone): boolean {
  return a.type === b.type && a.at === b.at && a.end === b.end;
}
