/**
 * Which follows a pass reads (Store.activeFollowsOf). The planner looks at the milestones after the
 * window's start and up to (largest lead + 1) days ahead (plan.ts windowOf); a follow whose largest
 * lead does not reach its entry's earliest such milestone has no lead due and nothing to plan, so
 * it is not read: per entry, the smallest largest-lead that reaches it. An entry whose dates moved
 * (a reload, plan.ts `moved`) has its "deadline changed" post due at once, whatever its new date:
 * all its follows are read, leads regardless.
 */
import type { FollowReach } from '../store/types.js';
import { DAY_MS, type MilestoneIndex } from './schedule.js';

/** A hair under the exact reach (days): reading one follow too many is harmless, one too few is not. */
const SLACK_DAYS = 1e-6;

export function followReach(index: MilestoneIndex, windowStart: number, now: number, moved: ReadonlySet<string> = new Set()): FollowReach[] {
  const reach = new Map<string, number>();
  // By time: an entry's first milestone here is its earliest.
  for (const a of index.between(windowStart, Number.POSITIVE_INFINITY)) {
    if (!reach.has(a.entry.id) && !moved.has(a.entry.id)) reach.set(a.entry.id, Math.max(0, (a.ms - now) / DAY_MS - 1 - SLACK_DAYS));
  }
  return [...Array.from(reach, ([entryId, minLead]) => ({ entryId, minLead })), ...Array.from(moved, (entryId) => ({ entryId }))];
}
