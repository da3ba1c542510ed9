/**
 * What the planner (plan.ts) decides, posts and skips, and the ledger as it reads it
 * (LedgerView). Apart from plan.ts so that digest.ts, which plan.ts calls, can name them.
 */
import type { Entry, Milestone } from '../catalog/schema.js';
import type { Subscription, WindowRow } from '../store/types.js';

export type PostKind = 'lead' | 'changed' | 'digest';

export interface PlannedPost {
  kind: PostKind;
  subscription: Subscription;
  /** Undefined for a digest. */
  entry?: Entry;
  milestone?: Milestone;
  key: { subscriptionId: string; entryId: string; milestone: string; lead: string };
  /** Lead in days (lead posts). */
  leadDays?: number;
  /** The instant announced (ISO); for a digest, its due time. */
  deadlineAt: string;
  dueAt: number;
  late: boolean;
  /** The instant announced before (changed posts). */
  previousAt?: string;
  /** A failed send planned again. */
  retry?: boolean;
}

export interface PlannedSkip {
  subscription: Subscription;
  key: PlannedPost['key'];
  deadlineAt: string;
  reason: string;
}

interface Thread {
  /** Rows by lead ("7d", "changed:<ISO>", "digest:<week>"). */
  rows: Map<string, WindowRow>;
  /** The last row sent. */
  lastSent?: WindowRow;
}

/** Rows indexed for the planner: subscription → entry → milestone → thread (rows by lead). */
export class LedgerView {
  private readonly bySub = new Map<string, Map<string, Map<string, Thread>>>();

  constructor(rows: readonly WindowRow[]) {
    // Nested maps: no key string is built per row (a full pass indexes hundreds of thousands).
    for (const row of rows) {
      let entries = this.bySub.get(row.subscriptionId);
      if (!entries) this.bySub.set(row.subscriptionId, (entries = new Map()));
      let milestones = entries.get(row.entryId);
      if (!milestones) entries.set(row.entryId, (milestones = new Map()));
      let thread = milestones.get(row.milestone);
      if (!thread) milestones.set(row.milestone, (thread = { rows: new Map() }));
      thread.rows.set(row.lead, row);
      if (row.status !== 'sent') continue;
      const last = thread.lastSent;
      if (!last || row.at > last.at) thread.lastSent = row;
    }
  }

  /** A subscription's threads: entry id → milestone name → thread. */
  threadsOf(subscriptionId: string): ReadonlyMap<string, ReadonlyMap<string, Thread>> | undefined {
    return this.bySub.get(subscriptionId);
  }

  row(key: { subscriptionId: string; entryId: string; milestone: string; lead: string }): WindowRow | undefined {
    return this.bySub.get(key.subscriptionId)?.get(key.entryId)?.get(key.milestone)?.rows.get(key.lead);
  }
}
