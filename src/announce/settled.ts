/**
 * Settled skips (Store.settleSkips): instead of a 'skipped' ledger row per lead, a pass records one
 * mark per subscription — "settled through T, leads L". A lead of L with no ledger row counts as
 * skipped when a pass at T would have skipped it: due at or before T (and after the subscription was
 * made), of a milestone passed by T or overtaken by a later lead of L due by T. Such a lead stays
 * skippable at every later instant, so a mark never hides a post a later pass would send; the
 * current lead of an open milestone is never settled (a crash before its claim leaves it to be sent).
 */
import type { SettledMark } from '../store/types.js';

/** A subscription's mark as the planner reads it. */
export interface Settled {
  /** Epoch ms. */
  through: number;
  leads: ReadonlySet<number>;
}

/** The marks by subscription. */
export function settledBySubscription(marks: readonly SettledMark[]): Map<string, Settled> {
  return new Map(marks.map((m) => [m.subscriptionId, { through: Date.parse(m.through), leads: new Set(m.leads) }]));
}

/** Whether the mark names every one of `leads`: then every lead of a milestone passed by its `through` is settled. */
export function settlesAll(mark: Settled | undefined, leads: readonly number[]): mark is Settled {
  return mark !== undefined && leads.every((l) => mark.leads.has(l));
}

/**
 * Whether lead `i` of a milestone at `ms` is settled by the mark: `leads` largest first and `at` their
 * due times (non-decreasing), `created` the subscription's creation (epoch ms).
 */
export function isSettled(mark: Settled, leads: readonly number[], at: readonly number[], i: number, ms: number, created: number): boolean {
  const { through } = mark;
  if (!mark.leads.has(leads[i]!) || at[i]! > through || at[i]! < created) return false;
  if (ms <= through) return true;
  for (let j = i + 1; j < leads.length; j++) if (mark.leads.has(leads[j]!) && at[j]! <= through && at[j]! >= created) return true;
  return false;
}
