/**
 * Deadlines and milestones of the whole catalog as epoch-ms, sorted once per catalog (on
 * first use, so a start answering a search never parses them), so "/deadline" answers by
 * binary search instead of parsing dates per request.
 */
import { DateTime } from 'luxon';
import type { Entry } from '../catalog/schema.js';
import { firstAfter } from '../time/sorted.js';

interface Mark {
  ms: number;
  entry: Entry;
}

export class Timeline {
  private marks: { deadlines: Mark[]; milestones: Mark[] } | undefined;

  constructor(private readonly entries: readonly Entry[]) {}

  /** Entries with a deadline, by deadline. */
  private get deadlines(): Mark[] {
    return this.sorted().deadlines;
  }

  /** One mark per milestone end (or instant), by time. */
  private get milestones(): Mark[] {
    return this.sorted().milestones;
  }

  private sorted(): { deadlines: Mark[]; milestones: Mark[] } {
    if (!this.marks) {
      const ms = (iso: string) => DateTime.fromISO(iso).toMillis();
      const deadlines = this.entries.filter((e) => e.deadline).map((e) => ({ ms: ms(e.deadline!.at), entry: e }));
      deadlines.sort((a, b) => a.ms - b.ms);
      const milestones = this.entries.flatMap((e) => e.milestones.map((m) => ({ ms: ms(m.end ?? m.at), entry: e })));
      milestones.sort((a, b) => a.ms - b.ms);
      this.marks = { deadlines, milestones };
    }
    return this.marks;
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
