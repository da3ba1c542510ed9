/**
 * The asker's own zone in replies: every time is shown in it first, then the source zone and
 * Beijing time, as for a zone asked in the question (an asked zone wins). Beijing time itself
 * needs nothing: it is always shown.
 */
import type { Milestone } from '../catalog/schema.js';
import { formatInZone, formatMilestoneTime, type AskedZone } from '../time/format.js';
import { isBeijing, personZoneLabel } from '../time/person-zone.js';
import type { PersonSettings } from '../store/types.js';
import type { ItemOptions } from './items.js';
import type { Lang } from './reply.js';
import type { CommandContext } from './types.js';

/** The person's zone as an asked zone ("Tokyo"), when they set one other than Beijing's. */
function personZone(person: PersonSettings | undefined): AskedZone | undefined {
  const zone = person?.zone;
  return zone && !isBeijing(zone) ? { zone, label: personZoneLabel(zone) } : undefined;
}

/** The zone times are shown in: the one asked, else the asker's own. */
export function shownZone(asked: AskedZone | undefined, ctx: Pick<CommandContext, 'person'>): AskedZone | undefined {
  return asked ?? personZone(ctx.person);
}

/** What every item of a reply to this asker starts from: language, now, and their zone. */
export function itemBase(ctx: Pick<CommandContext, 'lang' | 'now' | 'person'>): ItemOptions {
  const zone = personZone(ctx.person);
  return { lang: ctx.lang, now: ctx.now, ...(zone ? { zone } : {}) };
}

/** A milestone's time in the zone shown (formatInZone), or the Beijing form when there is none. */
export function timeIn(m: Milestone, lang: Lang, zone: AskedZone | undefined): string {
  return zone ? formatInZone(m, lang, zone) : formatMilestoneTime(m, lang);
}
