/**
 * The planner (pure): subscriptions × announced milestones × now × the ledger → the
 * posts that are due and the posts to record as skipped. Nothing is sent or stored here.
 *
 *  - A lead is considered once its due time (schedule.ts) has come and only if it falls
 *    after the subscription was created (a new subscription does not replay the past).
 *  - On time: due within `graceMs`; later than that it is sent marked late, but only
 *    while still useful: the deadline has not passed and no later lead is due yet.
 *    A lead overtaken by a later one, or whose deadline passed, is recorded as skipped.
 *  - A lead whose send failed transiently is planned again (retry) while still useful.
 *  - Deadline changed: the last post sent about a milestone announced another instant,
 *    and the new one is still ahead → one "changed:<ISO>" post.
 *  - Weekly digests: digest.ts.
 */
import type { Entry, Milestone } from '../catalog/schema.js';
import type { LedgerRow, Subscription } from '../store/types.js';
import { digestDue } from './digest.js';
import { keyString, threadString } from './key.js';
import { DAY_MS, DueCache, isoOf, leadName, type MilestoneIndex } from './schedule.js';

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

export interface Plan {
  posts: PlannedPost[];
  skips: PlannedSkip[];
}

export interface PlanOptions {
  /** A post sent later than this after its due time is marked late. Default 1 hour. */
  graceMs?: number;
  /** How far back passed deadlines are looked at to record skips. Default 14 days. */
  lookbackMs?: number;
}

export interface PlanInput {
  subscriptions: readonly Subscription[];
  index: MilestoneIndex;
  /** Entry ids each subscription's filter selects. */
  matches(subscription: Subscription): ReadonlySet<string>;
  now: number;
  ledger: readonly LedgerRow[];
  options?: PlanOptions;
  dues?: DueCache;
}

export const DEFAULT_GRACE_MS = 3_600_000;
const DEFAULT_LOOKBACK_MS = 14 * DAY_MS;

/** Rows indexed for the planner. */
export class LedgerView {
  readonly byKey = new Map<string, LedgerRow>();
  /** The last row sent per (subscription, entry, milestone). */
  readonly lastSent = new Map<string, LedgerRow>();

  constructor(rows: readonly LedgerRow[]) {
    for (const row of rows) {
      this.byKey.set(keyString(row), row);
      if (row.status !== 'sent') continue;
      const thread = threadString(row.subscriptionId, row.entryId, row.milestone);
      const last = this.lastSent.get(thread);
      if (!last || (row.sentAt ?? row.claimedAt) > (last.sentAt ?? last.claimedAt)) this.lastSent.set(thread, row);
    }
  }
}

/** Failures worth another try at a later pass (see pass.ts). */
export function isRetryable(row: LedgerRow): boolean {
  return row.status === 'failed' && (row.reason ?? '').startsWith('transient');
}

export function plan(input: PlanInput): Plan {
  const { now } = input;
  const grace = input.options?.graceMs ?? DEFAULT_GRACE_MS;
  const lookback = input.options?.lookbackMs ?? DEFAULT_LOOKBACK_MS;
  const dues = input.dues ?? new DueCache();
  const ledger = new LedgerView(input.ledger);
  const posts: PlannedPost[] = [];
  const skips: PlannedSkip[] = [];
  const maxLead = Math.max(0, ...input.subscriptions.flatMap((s) => s.leads));
  // Every milestone some lead may be due for now: deadlines up to maxLead (+1 day for the 09:00 rule) ahead.
  const window = input.index.between(now - lookback, now + (maxLead + 1) * DAY_MS);

  for (const sub of input.subscriptions) {
    if (!sub.active) continue;
    const created = Date.parse(sub.createdAt);
    const leads = [...new Set(sub.leads)].sort((a, b) => b - a);
    const ids = input.matches(sub);
    if (sub.digest) {
      const digest = digestDue(sub, now, ledger, grace);
      if (digest?.post) posts.push(digest.post);
      if (digest?.skip) skips.push(digest.skip);
    }
    if (ids.size === 0) continue;
    for (const a of window) {
      if (!ids.has(a.entry.id)) continue;
      const base = { subscriptionId: sub.id, entryId: a.entry.id, milestone: a.name };
      const deadlineAt = isoOf(a.ms);
      // Leads whose time has come, largest first; the last one is the current.
      const due: Array<{ days: number; at: number }> = [];
      for (const days of leads) {
        const at = dues.dueAt(a.ms, sub.zone, days);
        if (at <= now && at >= created) due.push({ days, at });
      }
      const open = a.ms > now;
      for (const [i, d] of due.entries()) {
        const key = { ...base, lead: leadName(d.days) };
        const row = ledger.byKey.get(keyString(key));
        const current = i === due.length - 1;
        if (row && !(isRetryable(row) && current && open)) continue;
        if (!open) {
          if (!row) skips.push({ subscription: sub, key, deadlineAt, reason: 'deadline passed before it could be sent' });
        } else if (!current) {
          if (!row) skips.push({ subscription: sub, key, deadlineAt, reason: `overtaken by the ${leadName(due.at(-1)!.days)} post` });
        } else {
          posts.push({
            kind: 'lead', subscription: sub, entry: a.entry, milestone: a.milestone, key, leadDays: d.days, deadlineAt,
            dueAt: d.at, late: now - d.at > grace, ...(row ? { retry: true } : {}),
          });
        }
      }
      // An extension (or an earlier date): tell the channels that were told the old one.
      const last = ledger.lastSent.get(threadString(sub.id, a.entry.id, a.name));
      if (open && last && Date.parse(last.deadlineAt) !== a.ms) {
        const key = { ...base, lead: `changed:${deadlineAt}` };
        const row = ledger.byKey.get(keyString(key));
        if (!row || isRetryable(row)) {
          posts.push({
            kind: 'changed', subscription: sub, entry: a.entry, milestone: a.milestone, key, deadlineAt,
            dueAt: now, late: false, previousAt: last.deadlineAt, ...(row ? { retry: true } : {}),
          });
        }
      }
    }
  }
  posts.sort((x, y) => x.dueAt - y.dueAt);
  return { posts, skips };
}

/** The subscriptions a pass needs the ledger of: some selected milestone is in the window, or a digest. */
export function relevantSubscriptions(input: Omit<PlanInput, 'ledger'>): Subscription[] {
  const maxLead = Math.max(0, ...input.subscriptions.flatMap((s) => s.leads));
  const lookback = input.options?.lookbackMs ?? DEFAULT_LOOKBACK_MS;
  const window = input.index.between(input.now - lookback, input.now + (maxLead + 1) * DAY_MS);
  return input.subscriptions.filter((sub) => {
    if (!sub.active) return false;
    if (sub.digest) return true;
    const ids = input.matches(sub);
    return ids.size > 0 && window.some((a) => ids.has(a.entry.id));
  });
}

/** The next post a subscription will get after `now` (for /subscriptions), if any in the window. */
export function nextDue(
  sub: Subscription,
  index: MilestoneIndex,
  ids: ReadonlySet<string>,
  now: number,
  dues = new DueCache(),
): { at: number; entry: Entry; leadDays: number } | undefined {
  const maxLead = Math.max(0, ...sub.leads);
  let best: { at: number; entry: Entry; leadDays: number } | undefined;
  for (const a of index.between(now, Number.POSITIVE_INFINITY)) {
    if (best && a.ms - (maxLead + 1) * DAY_MS > best.at) break;
    if (!ids.has(a.entry.id)) continue;
    for (const days of sub.leads) {
      const at = dues.dueAt(a.ms, sub.zone, days);
      if (at > now && (!best || at < best.at)) best = { at, entry: a.entry, leadDays: days };
    }
  }
  return best;
}
