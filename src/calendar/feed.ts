/**
 * The iCalendar form of the catalog's dates (ical-generator): one VEVENT per milestone
 * (deadlines, rounds, notifications, conferences). Times are exact: a timed milestone is
 * written in UTC (`DTSTART:20260526T115959Z`), the source's own zone and wording go in
 * the description; an all-day milestone is a DATE in its zone, with an exclusive end.
 * UIDs are the entry id plus a milestone key that does not depend on the date, so a
 * calendar app that refreshes the feed moves an event when its deadline moves.
 */
import { createHash } from 'node:crypto';
import type { ICalCalendar, ICalEventData } from 'ical-generator';
import { lazyIcal } from './lazy-ical.js';
import { DateTime } from 'luxon';
import type { Entry, Milestone } from '../catalog/schema.js';
import { kindLabel, milestoneLabel } from '../bot/messages.js';
import type { Lang } from '../bot/reply.js';
import { assumptionNote, formatMilestoneTime, localDaysNote } from '../time/format.js';

const UID_DOMAIN = 'catalog-bot';

export interface FeedOptions {
  lang: Lang;
  /** The calendar's name (X-WR-CALNAME). */
  name?: string;
  /** The feed's own URL, when known. */
  url?: string;
  /** DTSTAMP of every event (default now); the catalog's load time keeps a refresh stable. */
  stamp?: Date;
}

export interface CalendarEvent {
  uid: string;
  entry: Entry;
  milestone: Milestone;
}

/** A milestone's key within its entry: its type, plus its label's hash for rounds, plus an ordinal for repeats. */
function milestoneKeys(entry: Entry): string[] {
  const seen = new Map<string, number>();
  return entry.milestones.map((m) => {
    const base = m.type === 'phase' ? `phase-${createHash('sha1').update(m.label).digest('hex').slice(0, 8)}` : m.type;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}-${n}`;
  });
}

export function eventsOf(entries: readonly Entry[]): CalendarEvent[] {
  return entries.flatMap((entry) => {
    const keys = milestoneKeys(entry);
    return entry.milestones.map((milestone, i) => ({ uid: `${entry.id}.${keys[i]}@${UID_DOMAIN}`, entry, milestone }));
  });
}

const DEFAULT_NAME: Record<Lang, string> = { zh: '医学 AI 截止日程', en: 'Medical AI deadlines' };

/** What one event says (the personal feed fingerprints it to tell a changed event). */
export interface EventContent {
  summary: string;
  description: string;
  /** An all-day event's days are DATEs: UTC midnights of the first day and the day after the last. */
  allDay: boolean;
  start: Date;
  end: Date;
  category: string;
  location?: string;
  url?: string;
}

export function eventContent(entry: Entry, m: Milestone, lang: Lang): EventContent {
  const common = {
    summary: `${entry.title} · ${milestoneLabel(m.type, m.label, lang)}`,
    description: describe(entry, m, lang),
    category: kindLabel(entry.kind, lang),
    ...(m.place ? { location: m.place } : {}),
    ...(entry.links[0] ? { url: entry.links[0] } : {}),
  };
  if (m.allDay) {
    const start = DateTime.fromISO(m.at, { setZone: true }).setZone(m.zone).startOf('day');
    const last = m.end ? DateTime.fromISO(m.end, { setZone: true }).setZone(m.zone).startOf('day') : start;
    return { ...common, allDay: true, start: dateOnly(start), end: dateOnly(last.plus({ days: 1 })) };
  }
  const start = DateTime.fromISO(m.at).toUTC();
  const end = m.end ? DateTime.fromISO(m.end).toUTC() : start;
  return { ...common, allDay: false, start: start.toJSDate(), end: end.toJSDate() };
}

/** An empty calendar with the feed's name, product id and refresh interval. */
export function newCalendar(options: FeedOptions): ICalCalendar {
  const ical = lazyIcal();
  return ical.default({
    prodId: { company: 'catalog-bot', product: 'deadlines', language: options.lang === 'zh' ? 'ZH' : 'EN' },
    name: options.name ?? DEFAULT_NAME[options.lang],
    method: ical.ICalCalendarMethod.PUBLISH,
    ttl: 60 * 60,
    ...(options.url ? { url: options.url, source: options.url } : {}),
  });
}

/** Adds one event; `extra` is what only the personal feed sets (SEQUENCE, LAST-MODIFIED, alarms). */
export function addEvent(calendar: ICalCalendar, uid: string, c: EventContent, stamp: Date, extra: Partial<ICalEventData> = {}): void {
  calendar.createEvent({
    id: uid,
    summary: c.summary,
    description: c.description,
    stamp,
    categories: [{ name: c.category }],
    ...(c.location ? { location: c.location } : {}),
    ...(c.url ? { url: c.url } : {}),
    ...(c.allDay ? { allDay: true } : {}),
    start: c.start,
    end: c.end,
    ...extra,
  });
}

/** The feed as iCalendar text (CRLF lines, folded at 75 octets). */
export function calendarFeed(entries: readonly Entry[], options: FeedOptions): string {
  const stamp = options.stamp ?? new Date();
  const calendar = newCalendar(options);
  for (const { uid, entry, milestone } of eventsOf(entries)) addEvent(calendar, uid, eventContent(entry, milestone, options.lang), stamp);
  return calendar.toString();
}

/** A calendar day as a UTC-midnight Date, which ical-generator writes as that DATE. */
function dateOnly(day: DateTime): Date {
  return new Date(Date.UTC(day.year, day.month - 1, day.day));
}

function describe(entry: Entry, m: Milestone, lang: Lang): string {
  const zh = lang === 'zh';
  const lines = [
    `${kindLabel(entry.kind, lang)}: ${entry.title}`,
    `${milestoneLabel(m.type, m.label, lang)}: ${formatMilestoneTime(m, lang)}`,
    `${zh ? '原文' : 'Source says'}: “${m.wording}”`,
  ];
  const note = assumptionNote(m, lang);
  if (note) lines.push(note);
  const local = localDaysNote(m, lang);
  if (local) lines.push(local);
  if (entry.venue) lines.push(`${zh ? '出处' : 'Venue'}: ${entry.venue}`);
  if (entry.links.length) lines.push(...entry.links);
  return lines.join('\n');
}

/** A file name for one entry's calendar: "emnlp-2026-4a02b9d8.ics". */
export function icsFileName(entry: Entry): string {
  return `${entry.id}.ics`;
}
