/**
 * Follows: a person's subscription to one item, at their direct address (`filter.ids`), so its
 * reminders go through the same pass and ledger as channel announcements. What the follow
 * commands and reminder posts share: the defaults, the reminder buttons, the snooze lead.
 */
import { DateTime } from 'luxon';
import type { Entry } from '../catalog/schema.js';
import type { ItemAction, Lang } from '../bot/reply.js';
import type { Subscription } from '../store/types.js';
import { BEIJING } from '../time/zones.js';
import { followMessages } from './follow-messages.js';
import { nextDue } from './plan.js';
import { announcedMilestones, indexOf } from './schedule.js';

export const FOLLOW_LEADS: readonly number[] = [7, 1, 0];
export const FOLLOW_ZONE = BEIJING.zone;
/** The command reminder buttons run (commands/remind.ts). */
export const REMIND_COMMAND = 'remind';
export type RemindAction = 'snooze' | 'last-day' | 'mute';

/** Whether a subscription is a person's follow of items (not a channel's filter). */
export function isFollow(sub: Pick<Subscription, 'filter'>): boolean {
  return Boolean(sub.filter.ids?.length);
}

/** The followed entry id (a follow names one). */
export function followedId(sub: Pick<Subscription, 'filter'>): string | undefined {
  return sub.filter.ids?.[0];
}

/** The buttons under a reminder: remind me tomorrow, only on the last day, stop for this item. */
export function reminderActions(sub: Pick<Subscription, 'id'>, lang: Lang): ItemAction[] {
  const F = followMessages(lang);
  const action = (key: RemindAction, label: string): ItemAction => ({ key, label, command: REMIND_COMMAND, args: { id: sub.id, action: key } });
  return [action('snooze', F.snoozeButton), action('last-day', F.lastDayButton), action('mute', F.muteButton)];
}

/** The entry's next announced milestone after `now` (what a reminder is about). */
export function nextAnnounced(entry: Entry, now: number): { at: number; type: string } | undefined {
  const ahead = announcedMilestones(entry)
    .filter((a) => a.ms > now)
    .sort((x, y) => x.ms - y.ms)[0];
  return ahead ? { at: ahead.ms, type: ahead.milestone.type } : undefined;
}

/**
 * "Remind me tomorrow": the lead (days) that comes due tomorrow at 09:00 in `zone` for the
 * entry's next milestone — its local date minus tomorrow's. Undefined when that milestone is
 * today (or none is ahead): there is no tomorrow before it.
 */
export function snoozeLead(entry: Entry, zone: string, now: number): number | undefined {
  const next = nextAnnounced(entry, now);
  if (!next) return undefined;
  const tomorrow = DateTime.fromMillis(now, { zone }).startOf('day').plus({ days: 1 });
  const day = DateTime.fromMillis(next.at, { zone }).startOf('day');
  const days = Math.round(day.diff(tomorrow, 'days').days);
  return days >= 0 ? days : undefined;
}

/** When the follow's next reminder is due ("2027-03-03 09:00 Asia/Shanghai"), if one is ahead. */
export function nextReminder(sub: Subscription, entries: readonly Entry[], now: number): string | undefined {
  const id = followedId(sub);
  if (!id) return undefined;
  const next = nextDue(sub, indexOf(entries), new Set([id]), now);
  return next ? localTime(next.at, sub.zone) : undefined;
}

/** An instant as the follow messages write it: local date and time, then the zone. */
export function localTime(ms: number, zone: string): string {
  return `${DateTime.fromMillis(ms, { zone }).toFormat('yyyy-MM-dd HH:mm')} ${zone}`;
}
