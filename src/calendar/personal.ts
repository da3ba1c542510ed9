/**
 * A person's private calendar feed (`/calendar/<token>.ics`): every milestone of the items they
 * follow (their follows are subscriptions at their direct address with `filter.ids`). UIDs are
 * the public feed's (`eventsOf`: entry id and milestone key), so they stay the same across
 * renders, restarts and catalog reloads. Each event's SEQUENCE and LAST-MODIFIED come from the
 * store's versions: a new fingerprint of what the event says (start, end, summary, description)
 * bumps them. With `alarm` (the feed URL's `?alarm=1`), each event carries a VALARM at its
 * follow's first lead: the earliest reminder, the largest number of days.
 */
import { createHash } from 'node:crypto';
import { lazyIcal } from './lazy-ical.js';
import type { Lang } from '../bot/reply.js';
import type { Entry } from '../catalog/schema.js';
import { FOLLOW_LEADS } from '../announce/follow.js';
import type { EventVersionRow, Store, Subscription } from '../store/types.js';
import { addEvent, type EventContent, eventContent, eventsOf, newCalendar } from './feed.js';

const NAME: Record<Lang, string> = { zh: '我关注的截止日程', en: 'My followed deadlines' };
/** The leads of a follow made without any (DESIGN: a follow's default). */

export interface PersonalFeedOptions {
  person: string;
  store: Store;
  /** The catalog being served. */
  entries: readonly Entry[];
  /** The feed's language; default the language of the person's follows, else English. */
  lang?: Lang;
  /** A VALARM on each event at its follow's first lead. */
  alarm?: boolean;
  /** Now: the LAST-MODIFIED of an event that is new or changed. */
  now: Date;
  /** DTSTAMP of every event: when the catalog being served was loaded. */
  stamp: Date;
}

/** The person's follows: their subscriptions that name entries. */
export function followsOf(subscriptions: readonly Subscription[]): Subscription[] {
  return subscriptions.filter((s) => (s.filter.ids?.length ?? 0) > 0);
}

/** The followed entries that have dates, in catalog order, each with its first lead in days. */
export function followedEntries(follows: readonly Subscription[], entries: readonly Entry[]): { entry: Entry; lead: number }[] {
  const leads = new Map<string, number>();
  for (const f of follows) {
    const first = Math.max(...(f.leads.length ? f.leads : FOLLOW_LEADS));
    for (const id of f.filter.ids ?? []) leads.set(id, Math.max(first, leads.get(id) ?? 0));
  }
  return entries.filter((e) => leads.has(e.id) && e.milestones.length > 0).map((entry) => ({ entry, lead: leads.get(entry.id)! }));
}

/** What an event says, as a short hash. The English wording: the same event read in Chinese is the same version. */
function fingerprint(c: EventContent): string {
  const said = [c.start.toISOString(), c.end.toISOString(), c.allDay, c.summary, c.description];
  return createHash('sha256').update(JSON.stringify(said)).digest('base64url').slice(0, 22);
}

/** The feed as iCalendar text; stores the versions of events that are new or changed. */
export async function personalFeed(options: PersonalFeedOptions): Promise<string> {
  const { store, person } = options;
  const follows = followsOf(await store.subscriptionsOf(person));
  const lang = options.lang ?? follows[0]?.lang ?? 'en';
  const followed = followedEntries(follows, options.entries);
  const leadOf = new Map(followed.map((f) => [f.entry.id, f.lead]));
  const stored = await store.eventVersions(person);
  const modifiedAt = options.now.toISOString();
  const changed: EventVersionRow[] = [];
  const calendar = newCalendar({ lang, name: NAME[lang] });
  for (const { uid, entry, milestone } of eventsOf(followed.map((f) => f.entry))) {
    const content = eventContent(entry, milestone, lang);
    const print = fingerprint(lang === 'en' ? content : eventContent(entry, milestone, 'en'));
    let version = stored.get(uid);
    if (version?.fingerprint !== print) {
      version = { fingerprint: print, sequence: version ? version.sequence + 1 : 0, modifiedAt };
      changed.push({ uid, ...version });
    }
    const lead = leadOf.get(entry.id)!;
    addEvent(calendar, uid, content, options.stamp, {
      sequence: version.sequence,
      lastModified: new Date(version.modifiedAt),
      ...(options.alarm ? { alarms: [{ type: lazyIcal().ICalAlarmType.display, trigger: lead * 86_400, description: content.summary }] } : {}),
    });
  }
  await store.saveEventVersions(person, changed);
  return calendar.toString();
}
