/**
 * When a lead's post is due, and which milestones are announced.
 *
 * A lead of N days is due at 09:00 (subscription zone) on the local date N days before
 * the deadline's local date; never later than one hour before the deadline (a deadline
 * at 08:00 gets its same-day post at 07:00). Announced milestones: the entry's deadline
 * ("deadline") and its other closing dates with a time — abstract and registration
 * deadlines ("<type>:<label>").
 */
import { DateTime } from 'luxon';
import type { Entry, Milestone } from '../catalog/schema.js';
import { firstAfter } from '../time/sorted.js';

const POST_HOUR = 9;
const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export interface Announced {
  entry: Entry;
  /** The ledger's milestone name. */
  name: string;
  milestone: Milestone;
  /** The instant, epoch ms. */
  ms: number;
  /** The instant as the ledger writes it (UTC ISO). */
  iso: string;
  /** "<entry id>\u0000<milestone name>": the ledger thread (see LedgerView). */
  thread: string;
}

const EXTRA_TYPES = new Set(['abstract', 'registration']);

export function announcedMilestones(entry: Entry): Announced[] {
  const out: Announced[] = [];
  const add = (name: string, milestone: Milestone) => {
    const ms = Date.parse(milestone.at);
    out.push({ entry, name, milestone, ms, iso: isoOf(ms), thread: `${entry.id}\u0000${name}` });
  };
  if (entry.deadline) add('deadline', entry.deadline);
  for (const m of entry.milestones) {
    if (!EXTRA_TYPES.has(m.type) || m.allDay || m.end || m.at === entry.deadline?.at) continue;
    const name = `${m.type}:${m.label}`;
    if (out.some((a) => a.name === name)) continue;
    add(name, m);
  }
  return out;
}

/** Every announced milestone of a catalog, by time: built once per catalog. */
export class MilestoneIndex {
  readonly all: Announced[];

  constructor(entries: readonly Entry[]) {
    this.all = entries.flatMap(announcedMilestones).sort((a, b) => a.ms - b.ms);
  }

  /** Milestones with from < ms ≤ to. */
  between(from: number, to: number): Announced[] {
    return this.all.slice(firstAfter(this.all, from), firstAfter(this.all, to));
  }
}

/** When the post `leadDays` before the instant `deadlineMs` is due, for a subscription in `zone`. */
export function leadDueAt(deadlineMs: number, zone: string, leadDays: number): number {
  const local = DateTime.fromMillis(deadlineMs, { zone });
  const day = local.startOf('day').minus({ days: leadDays }).set({ hour: POST_HOUR });
  return Math.min(day.toMillis(), deadlineMs - HOUR_MS);
}

/**
 * leadDueAt with a cache: the same deadlines, zones and leads recur across subscriptions.
 * `dues(zone, leads)` gives, per deadline instant, the due times of the leads in order.
 */
export class DueCache {
  private readonly tables = new Map<string, (deadlineMs: number) => number[]>();

  dues(deadlineMs: number, zone: string, leads: readonly number[]): number[] {
    return this.of(zone, leads)(deadlineMs);
  }

  /** The due times of `leads` in `zone` per deadline instant: looked up once per subscription, not per milestone. */
  of(zone: string, leads: readonly number[]): (deadlineMs: number) => number[] {
    const key = `${zone}|${leads.join(',')}`;
    let table = this.tables.get(key);
    if (!table) {
      const byDeadline = new Map<number, number[]>();
      const own = [...leads];
      table = (deadlineMs) => {
        let dues = byDeadline.get(deadlineMs);
        if (!dues) byDeadline.set(deadlineMs, (dues = own.map((days) => leadDueAt(deadlineMs, zone, days))));
        return dues;
      };
      this.tables.set(key, table);
    }
    return table;
  }

  dueAt(deadlineMs: number, zone: string, leadDays: number): number {
    return this.dues(deadlineMs, zone, [leadDays])[0]!;
  }
}

/** "30d" / "0d": a lead's ledger name. */
export function leadName(days: number): string {
  return `${days}d`;
}

/** The ledger's ISO form of an instant (UTC, stable for comparisons). */
function isoOf(ms: number): string {
  return new Date(ms).toISOString();
}

/** The entries whose announced milestones (names and instants) differ between two catalogs' indexes. */
export function movedEntries(before: MilestoneIndex, after: MilestoneIndex): Set<string> {
  const dates = (index: MilestoneIndex) => {
    const out = new Map<string, string[]>();
    for (const a of index.all) out.set(a.entry.id, [...(out.get(a.entry.id) ?? []), `${a.name}@${a.ms}`]);
    return out;
  };
  const old = dates(before);
  const moved = new Set<string>();
  for (const [id, now] of dates(after)) {
    const was = old.get(id);
    if (was && was.sort().join('|') !== now.sort().join('|')) moved.add(id);
  }
  return moved;
}

const INDEXES = new WeakMap<readonly Entry[], MilestoneIndex>();

/** The milestone index of a catalog's entries, built once per entries array. */
export function indexOf(entries: readonly Entry[]): MilestoneIndex {
  let index = INDEXES.get(entries);
  if (!index) {
    index = new MilestoneIndex(entries);
    INDEXES.set(entries, index);
  }
  return index;
}
