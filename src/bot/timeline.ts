/**
 * Deadlines and milestones of the whole catalog as epoch-ms, sorted once per catalog (on
 * first use, so a start answering a search never parses them), so "/deadline" answers by
 * binary search instead of parsing dates per request. Only the dated entries are read
 * (dated.ts), so a restored catalog decodes only those.
 */
import { DateTime } from 'luxon';
import { datedEntries } from '../catalog/dated.js';
import type { Catalog } from '../catalog/load.js';
import type { Entry } from '../catalog/schema.js';
import { firstAfter } from '../time/sorted.js';

interface Mark {
  ms: number;
  entry: Entry;
}

export class Timeline {
  private marks: { deadlines: Mark[]; milestones: Mark[] } | undefined;

  private datedList: Entry[] | undefined;

  constructor(private readonly catalog: Pick<Catalog, 'entries' | 'dated'>) {}

  /** The catalog's entries with a deadline or milestone, in catalog order (found on first use). */
  get dated(): readonly Entry[] {
    this.datedList ??= datedEntries(this.catalog);
    return this.datedList;
  }

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
      const deadlines = this.dated.filter((e) => e.deadline).map((e) => ({ ms: ms(e.deadline!.at), entry: e }));
      deadlines.sort((a, b) => a.ms - b.ms);
      const milestones = this.dated.flatMap((e) => e.milestones.map((m) => ({ ms: ms(m.end ?? m.at), entry: e })));
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
