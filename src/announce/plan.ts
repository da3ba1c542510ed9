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
 *  - Incremental (`since`): only leads that came due after `since` (the last complete
 *    pass) are looked at; retries and changed deadlines wait for the next full pass.
 *  - `recorded` (a full pass): subscriptions known to have a row for every lead of the passed
 *    milestones they select (passedKeys): nothing to plan there, and their rows are not read.
 *  - `settled`: each subscription's mark of settled skips (settled.ts): a lead it settles is as if
 *    it had a 'skipped' row; a pass records its skips as one new mark per subscription (pass.ts).
 *
 * Subscriptions with the same filter share one list of matching milestones, so a pass
 * costs about (distinct filters × window) + (subscriptions × their matching milestones).
 */
import type { Entry } from '../catalog/schema.js';
import type { Subscription, WindowRow } from '../store/types.js';
import { digestDue, lastDigestTime } from './digest.js';
import { filterKey } from './match.js';
import { LedgerView, type PlannedPost, type PlannedSkip } from './planned.js';
import { isSettled, type Settled, settlesAll } from './settled.js';
import { DAY_MS, DueCache, leadName, type Announced, type MilestoneIndex } from './schedule.js';

export interface Plan {
  posts: PlannedPost[];
  /** The skips to record: every one, or only the digests' when `listLeadSkips` is false. */
  skips: PlannedSkip[];
  /** The lead skips of each subscription that has any (listed or not). */
  leadSkips: Map<Subscription, number>;
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
  /** Incremental pass: everything due at or before this was decided by an earlier pass. */
  since?: number;
  ledger: readonly WindowRow[];
  options?: PlanOptions;
  dues?: DueCache;
  /**
   * Entries whose announced dates changed since the catalog before (a reload): their milestones
   * beyond the window are looked at too, so "deadline changed" goes out now, not once the new
   * date comes within the largest lead.
   */
  moved?: ReadonlySet<string>;
  /**
   * Subscriptions whose every lead of every passed milestone (at or before `now`) of the window
   * has a ledger row (passedKeys, Store.ledgerLacking): those milestones are not looked at — the
   * planner would find a row for each and do nothing — so their rows need not be in `ledger`.
   */
  recorded?: ReadonlySet<string>;
  /** Subscriptions' marks of settled skips (Store.settledOf): the leads they settle are not planned. */
  settled?: ReadonlyMap<string, Settled>;
  /**
   * False: lead skips are only counted per subscription (`leadSkips`), not listed in `skips` — a
   * pass records them as one mark per subscription, and after downtime they are hundreds of
   * thousands. Default true.
   */
  listLeadSkips?: boolean;
}

const DEFAULT_GRACE_MS = 3_600_000;
export const DEFAULT_LOOKBACK_MS = 14 * DAY_MS;

/** Failures worth another try at a later pass (see pass.ts). */
function isRetryable(row: WindowRow): boolean {
  return row.status === 'failed' && (row.reason ?? '').startsWith('transient');
}

/** The milestones a pass looks at: from `lookback` ago to the largest lead ahead (+1 day for the 09:00 rule). */
export function windowOf(input: Pick<PlanInput, 'subscriptions' | 'index' | 'now' | 'since' | 'options' | 'moved'>): Announced[] {
  let maxLead = 0;
  for (const s of input.subscriptions) for (const l of s.leads) if (l > maxLead) maxLead = l;
  const end = input.now + (maxLead + 1) * DAY_MS;
  const window = input.index.between(windowStart(input), end);
  const moved = input.moved;
  if (!moved?.size) return window;
  return window.concat(input.index.between(end, Number.POSITIVE_INFINITY).filter((a) => moved.has(a.entry.id)));
}

/** The window's first instant (exclusive): milestones at or before it are not looked at. */
export function windowStart(input: Pick<PlanInput, 'now' | 'since' | 'options'>): number {
  const lookback = input.since !== undefined ? input.now - input.since + DAY_MS : (input.options?.lookbackMs ?? DEFAULT_LOOKBACK_MS);
  return input.now - lookback;
}

/** Per distinct filter, the window's milestones it selects. */
function selected(input: Pick<PlanInput, 'subscriptions' | 'matches'>, window: readonly Announced[]): (sub: Subscription) => Announced[] {
  const cache = new Map<string, Announced[]>();
  let byEntry: Map<string, Announced[]> | undefined;
  return (sub) => {
    const key = filterKey(sub.filter);
    let list = cache.get(key);
    if (!list) {
      const ids = input.matches(sub);
      if (ids.size * 8 < window.length) {
        // A few entries (a person's follow): looked up, not a scan of the window per filter.
        if (!byEntry) {
          byEntry = new Map();
          for (const a of window) byEntry.set(a.entry.id, [...(byEntry.get(a.entry.id) ?? []), a]);
        }
        list = [...ids].flatMap((id) => byEntry!.get(id) ?? []).sort((x, y) => x.ms - y.ms);
      } else list = ids.size ? window.filter((a) => ids.has(a.entry.id)) : [];
      cache.set(key, list);
    }
    return list;
  };
}

function sortedLeads(sub: Subscription): number[] {
  return [...new Set(sub.leads)].sort((a, b) => b - a);
}

/** The subscriptions a pass needs the ledger of: a lead due in the pass (or a selected milestone in the window), or a digest. */
export function relevantSubscriptions(input: Omit<PlanInput, 'ledger'>): Subscription[] {
  const window = windowOf(input);
  const of = selected(input, window);
  const dues = input.dues ?? new DueCache();
  const since = input.since;
  return input.subscriptions.filter((sub) => {
    if (!sub.active) return false;
    if (sub.digest && (since === undefined || lastDigestTime(sub.digest, sub.zone, input.now).toMillis() > since)) return true;
    const list = of(sub);
    if (since === undefined) return list.length > 0;
    const leads = sortedLeads(sub);
    const dueOf = dues.of(sub.zone, leads);
    return list.some((a) => dueOf(a.ms).some((at) => at > since && at <= input.now));
  });
}

/** What passedKeys gives for a subscription: passed milestones and lead names, every pair a ledger key the planner wants. */
export interface PassedKeys {
  /** The same array for every subscription of a filter (and mark instant). */
  milestones: readonly Announced[];
  /** Its leads' ledger names ("7d"). */
  leads: string[];
}

/**
 * For a full pass: each subscription's passed milestones in the window (at or before `now`) with
 * its leads, when the planner wants a ledger row for every one of those keys — each lead came due
 * (a passed milestone's leads all have) after the subscription was made — and records a skip for
 * any missing; none (empty lists) when it selects no passed milestone or has no leads. Undefined when
 * not every lead came due after the subscription was made. A subscription that has all those rows
 * (Store.ledgerLacking) is `recorded`: its passed milestones need neither rows nor planning. The
 * milestones its mark of settled skips (`settled`) settles whole are left out: they need no rows.
 */
export function passedKeys(input: Omit<PlanInput, 'ledger'>): (sub: Subscription, settled?: Settled) => PassedKeys | undefined {
  const of = selected(input, windowOf(input));
  const dues = input.dues ?? new DueCache();
  // Per filter's list, and per mark instant (a mark naming every lead settles the milestones passed by then).
  const passed = new Map<readonly Announced[], Map<number, { list: Announced[]; first: number }>>();
  return (sub, settled) => {
    if (!sub.active || input.since !== undefined) return undefined;
    const all = of(sub);
    const leads = sortedLeads(sub);
    const through = settlesAll(settled, leads) ? Math.min(settled.through, input.now) : Number.NEGATIVE_INFINITY;
    let byMark = passed.get(all);
    if (!byMark) passed.set(all, (byMark = new Map()));
    let known = byMark.get(through);
    if (!known) {
      const list = all.filter((a) => a.ms <= input.now && a.ms > through);
      let first = Number.POSITIVE_INFINITY;
      for (const a of list) if (a.ms < first) first = a.ms;
      byMark.set(through, (known = { list, first }));
    }
    if (known.list.length === 0 || leads.length === 0) return { milestones: [], leads: [] };
    // A due time grows with the instant and shrinks with the lead: the earliest is the largest lead's of the earliest milestone.
    if (dues.dues(known.first, sub.zone, leads)[0]! < Date.parse(sub.createdAt)) return undefined;
    return { milestones: known.list, leads: leads.map(leadName) };
  };
}

const keyOf = (sub: Subscription, a: Announced, lead: string): PlannedPost['key'] => ({ subscriptionId: sub.id, entryId: a.entry.id, milestone: a.name, lead });

const PASSED = 'deadline passed before it could be sent';
const OVERTAKEN = new Map<string, string>();
/** One string per lead name, not one per skip (a pass after downtime plans hundreds of thousands). */
function overtakenBy(lead: string): string {
  let reason = OVERTAKEN.get(lead);
  if (reason === undefined) OVERTAKEN.set(lead, (reason = `overtaken by the ${lead} post`));
  return reason;
}

export function plan(input: PlanInput): Plan {
  const { now, since } = input;
  const grace = input.options?.graceMs ?? DEFAULT_GRACE_MS;
  const dues = input.dues ?? new DueCache();
  const ledger = new LedgerView(input.ledger);
  const posts: PlannedPost[] = [];
  const skips: PlannedSkip[] = [];
  const leadSkips = new Map<Subscription, number>();
  const list = input.listLeadSkips !== false;
  const of = selected(input, windowOf(input));
  const incremental = since !== undefined;

  for (const sub of input.subscriptions) {
    if (!sub.active) continue;
    const created = Date.parse(sub.createdAt);
    const leads = sortedLeads(sub);
    const names = leads.map(leadName);
    const threads = ledger.threadsOf(sub.id);
    if (sub.digest && (!incremental || lastDigestTime(sub.digest, sub.zone, now).toMillis() > since)) {
      const digest = digestDue(sub, now, ledger, grace);
      if (digest?.post) posts.push(digest.post);
      if (digest?.skip) skips.push(digest.skip);
    }
    const recorded = input.recorded?.has(sub.id) === true;
    const mark = input.settled?.get(sub.id);
    // Milestones passed by the mark's instant (and by now) are settled whole when it names every lead.
    const settledWhole = settlesAll(mark, leads) ? Math.min(mark.through, now) : Number.NEGATIVE_INFINITY;
    const dueOf = dues.of(sub.zone, leads);
    let skipped = 0;
    for (const a of of(sub)) {
      if (recorded && a.ms <= now) continue;
      if (a.ms <= settledWhole) continue;
      const at = dueOf(a.ms);
      // The leads whose time has come (largest first; the last one is the current).
      let first = -1;
      let last = -1;
      for (let i = 0; i < leads.length; i++) {
        if (at[i]! <= now && at[i]! >= created) {
          if (first < 0) first = i;
          last = i;
        }
      }
      const open = a.ms > now;
      const thread = threads?.get(a.entry.id)?.get(a.name);
      if (last >= 0) {
        for (let i = first; i <= last; i++) {
          if (incremental && at[i]! <= since) continue;
          const row = thread?.rows.get(names[i]!);
          if (!row && mark && isSettled(mark, leads, at, i, a.ms, created)) continue;
          const current = i === last;
          if (row && !(isRetryable(row) && current && open && !incremental)) continue;
          if (!open || !current) {
            // Passed, or overtaken by a later lead due already (and no row: undecided till now): skipped.
            skipped++;
            if (list) skips.push({ subscription: sub, key: keyOf(sub, a, names[i]!), deadlineAt: a.iso, reason: open ? overtakenBy(names[last]!) : PASSED });
          } else {
            posts.push({
              kind: 'lead',
              subscription: sub,
              entry: a.entry,
              milestone: a.milestone,
              key: keyOf(sub, a, names[i]!),
              leadDays: leads[i]!,
              deadlineAt: a.iso,
              dueAt: at[i]!,
              late: now - at[i]! > grace,
              ...(row ? { retry: true } : {}),
            });
          }
        }
      }
      if (incremental || !open) continue;
      // An extension (or an earlier date): tell the channels that were told the old one.
      const lastSent = thread?.lastSent;
      if (lastSent && Date.parse(lastSent.deadlineAt) !== a.ms) {
        const lead = `changed:${a.iso}`;
        const row = thread.rows.get(lead);
        if (!row || isRetryable(row)) {
          posts.push({
            kind: 'changed',
            subscription: sub,
            entry: a.entry,
            milestone: a.milestone,
            key: keyOf(sub, a, lead),
            deadlineAt: a.iso,
            dueAt: now,
            late: false,
            previousAt: lastSent.deadlineAt,
            ...(row ? { retry: true } : {}),
          });
        }
      }
    }
    if (skipped > 0) leadSkips.set(sub, skipped);
  }
  posts.sort((x, y) => x.dueAt - y.dueAt);
  return { posts, skips, leadSkips };
}

/** The next post a subscription will get after `now` (for /subscriptions), if any. */
export function nextDue(
  sub: Subscription,
  index: MilestoneIndex,
  ids: ReadonlySet<string>,
  now: number,
  dues = new DueCache(),
): { at: number; entry: Entry; leadDays: number } | undefined {
  const leads = sortedLeads(sub);
  const maxLead = leads[0] ?? 0;
  let best: { at: number; entry: Entry; leadDays: number } | undefined;
  for (const a of index.between(now, Number.POSITIVE_INFINITY)) {
    if (best && a.ms - (maxLead + 1) * DAY_MS > best.at) break;
    if (!ids.has(a.entry.id)) continue;
    const at = dues.dues(a.ms, sub.zone, leads);
    for (let i = 0; i < leads.length; i++) {
      if (at[i]! > now && (!best || at[i]! < best.at)) best = { at: at[i]!, entry: a.entry, leadDays: leads[i]! };
    }
  }
  return best;
}
