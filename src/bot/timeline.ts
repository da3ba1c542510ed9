/**
 * Deadlines and milestones of the whole catalog as epoch-ms, sorted once per catalog,
 * so "/deadline" answers by binary search instead of parsing dates per request.
 */
import { DateTime } from 'luxon';
import type { Entry } from '../catalog/schema.js';
import { firstAfter } from '../time/sorted.js';

interface Mark {
  ms: number;
  entry: Entry;
}

export class Timeline {
  /** Entries with a deadline, by deadline. */
  private readonly deadlines: Mark[];
  /** One mark per milestone end (or instant), by time. */
  private readonly milestones: Mark[];

  constructor(entries: readonly Entry[]) {
    const ms = (iso: string) => DateTime.fromISO(iso).toMillis();
    this.deadlines = entries.filter((e) => e.deadline).map((e) => ({ ms: ms(e.deadline!.at), entry: e }));
    this.deadlines.sort((a, b) => a.ms - b.ms);
    this.milestones = entries.flatMap((e) => e.milestones.map((m) => ({ ms: ms(m.end ?? m.at), entry: e })));
    this.milestones.sort((a, b) => a.ms - b.ms);
  }

  /** Entries whose deadline is still ahead, soonest first. */
  open(now: number): Entry[] {
    return this.deadlines.slice(firstAfter(this.deadlines, now)).map((m) => m.entry);
  }

  /** Entries with any milestone still ahead (or under way), by their next one. */
  upcoming(now: number): Entry[] {
    const seen = new Set<Entry>();
    const out: Entry[] = [];
    for (const m of this.milestones.slice(firstAfter(this.milestones, now))) {
      if (!seen.has(m.entry)) {
        seen.add(m.entry);
        out.push(m.entry);
      }
    }
    return out;
  }

  /** Entries with a deadline, most recently closed first. */
  closed(now: number): Entry[] {
    return this.deadlines
      .slice(0, firstAfter(this.deadlines, now))
      .reverse()
      .map((m) => m.entry);
  }
}
