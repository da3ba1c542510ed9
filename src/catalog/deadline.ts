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
  return DateTime.fromISO(a.at).toMillis() !== DateTime.fromISO(b.at).toMillis();
}

export function sameMilestone(a: Milestone, b: Milestone): boolean {
  return a.type === b.type && a.at === b.at && a.end === b.end;
}
