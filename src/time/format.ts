/**
 * How instants are shown: Beijing time, the source zone when it differs
 * ("2026-05-25 23:59 AoE = 2026-05-26 19:59 北京时间"), and a countdown.
 * All arithmetic is luxon's.
 */
import { DateTime, Duration } from 'luxon';
import type { Milestone } from '../catalog/schema.js';
import type { Lang } from '../bot/reply.js';
import { BEIJING, labelInForce } from './zones.js';

const BEIJING_ZONE = BEIJING.zone;
const FORMAT = 'yyyy-MM-dd HH:mm';
const DAY = 'yyyy-MM-dd';

function beijingLabel(lang: Lang): string {
  return lang === 'zh' ? '北京时间' : 'Beijing time';
}

/**
 * Shown times already formatted, by everything they depend on. Formatting is luxon zone
 * arithmetic (an Intl formatter pass per offset) and was more than half the CPU of a `/deadline`
 * reply (measured ~1 ms a message on the bundled catalog); the catalog's milestones repeat from
 * message to message.
 */
const shown = new Map<string, string>();
const MAX_SHOWN = 20_000;

function remember(key: string, make: () => string): string {
  let text = shown.get(key);
  if (text === undefined) {
    text = make();
    if (shown.size >= MAX_SHOWN) shown.clear();
    shown.set(key, text);
  }
  return text;
}

/** "2026-05-25 23:59 AoE = 2026-05-26 19:59 北京时间", or just the Beijing form. */
export function formatMilestoneTime(m: Milestone, lang: Lang, viewerZone = BEIJING_ZONE, viewerLabel?: string): string {
  const key = `t\u0000${m.at}\u0000${m.end ?? ''}\u0000${m.allDay ? 1 : 0}\u0000${m.zone}\u0000${m.zoneLabel}\u0000${lang}\u0000${viewerZone}\u0000${viewerLabel ?? '\u0001'}`;
  return remember(key, () => formatUncached(m, lang, viewerZone, viewerLabel));
}

function formatUncached(m: Milestone, lang: Lang, viewerZone: string, viewerLabel: string | undefined): string {
  const start = DateTime.fromISO(m.at, { setZone: true });
  if (m.allDay) {
    const day = start.setZone(m.zone).toFormat(DAY);
    const end = m.end ? DateTime.fromISO(m.end, { setZone: true }).setZone(m.zone).toFormat(DAY) : undefined;
    return end && end !== day ? `${day} – ${end}` : day;
  }
  const target = viewerLabel ?? (viewerZone === BEIJING_ZONE ? beijingLabel(lang) : viewerZone);
  const inViewer = `${start.setZone(viewerZone).toFormat(FORMAT)} ${target}`;
  const sameZone = DateTime.fromISO(m.at).setZone(m.zone).offset === start.setZone(viewerZone).offset;
  if (sameZone) return inViewer;
  const source = `${start.setZone(m.zone).toFormat(FORMAT)} ${zoneLabel(m, lang)}`;
  return `${source} = ${inViewer}`;
}

function zoneLabel(m: Milestone, lang: Lang): string {
  if (m.zone === BEIJING_ZONE) return beijingLabel(lang);
  return m.zoneLabel;
}

/** "还有 3 天 4 小时" / "in 3 days 4 h", "已截止 5 天" / "closed 5 days ago". */
export function countdown(m: Milestone, now: DateTime, lang: Lang): string {
  const { start, end } = span(m);
  const at = now.toMillis();
  if (Number.isNaN(start) || Number.isNaN(end) || Number.isNaN(at)) return countdownOfInvalid(m, now, lang);
  // `a.diff(b)` of two valid DateTimes, a later, is the duration of their milliseconds apart.
  if (m.allDay || m.end) {
    if (at < start) return startsIn(Duration.fromMillis(start - at), lang);
    if (at <= end) return lang === 'zh' ? '进行中' : 'ongoing';
    // A range has ended; a single day (a final, "registration opens") was N days ago.
    return ended(Duration.fromMillis(at - end), lang, m.end ? 'ended' : 'past');
  }
  if (at < start) return remaining(Duration.fromMillis(start - at), lang);
  return ended(Duration.fromMillis(at - start), lang, CLOSING.has(m.type) ? 'closed' : 'past');
}

/** The same rules on luxon values, for a milestone (or a now) that names no valid instant. */
function countdownOfInvalid(m: Milestone, now: DateTime, lang: Lang): string {
  const start = DateTime.fromISO(m.at);
  const end = m.end ? DateTime.fromISO(m.end) : m.allDay ? start.endOf('day') : start;
  if (m.allDay || m.end) {
    if (now < start) return startsIn(start.diff(now), lang);
    if (now <= end) return lang === 'zh' ? '进行中' : 'ongoing';
    return ended(now.diff(end), lang, m.end ? 'ended' : 'past');
  }
  if (now < start) return remaining(start.diff(now), lang);
  return ended(now.diff(start), lang, CLOSING.has(m.type) ? 'closed' : 'past');
}

/**
 * A milestone's start and end instants (epoch ms), read once per milestone object: parsing its
 * ISO text and a day's end in luxon per reply was most of the rest of a `/deadline` reply.
 */
interface Span {
  start: number;
  end: number;
  /** What it was read from: a milestone changed in place is read again. */
  at: string;
  endAt: string | undefined;
  allDay: boolean;
}
const spans = new WeakMap<Milestone, Span>();

function span(m: Milestone): Span {
  let s = spans.get(m);
  if (!s || s.at !== m.at || s.endAt !== m.end || s.allDay !== m.allDay) {
    const start = DateTime.fromISO(m.at);
    const end = m.end ? DateTime.fromISO(m.end) : m.allDay ? start.endOf('day') : start;
    s = { start: start.toMillis(), end: end.toMillis(), at: m.at, endAt: m.end, allDay: m.allDay };
    spans.set(m, s);
  }
  return s;
}

function parts(d: Duration): { days: number; hours: number; minutes: number } {
  const s = d.shiftTo('days', 'hours', 'minutes').toObject();
  return { days: Math.floor(s.days ?? 0), hours: Math.floor(s.hours ?? 0), minutes: Math.floor(s.minutes ?? 0) };
}

function remaining(d: Duration, lang: Lang): string {
  const { days, hours, minutes } = parts(d);
  if (lang === 'zh') {
    if (days > 0) return `还有 ${days} 天 ${hours} 小时`;
    return hours > 0 ? `还有 ${hours} 小时 ${minutes} 分` : `还有 ${minutes} 分钟`;
  }
  if (days > 0) return `in ${days} day${days === 1 ? '' : 's'} ${hours} h`;
  return hours > 0 ? `in ${hours} h ${minutes} min` : `in ${minutes} min`;
}

function startsIn(d: Duration, lang: Lang): string {
  const { days, hours } = parts(d);
  if (lang === 'zh') return days > 0 ? `${days} 天后开始` : `${hours} 小时后开始`;
  return days > 0 ? `starts in ${days} day${days === 1 ? '' : 's'}` : `starts in ${hours} h`;
}

/** Milestones that close something; the rest (notification, release) just pass. */
const CLOSING = new Set(['deadline', 'abstract', 'registration', 'rebuttal', 'camera-ready']);

function ended(d: Duration, lang: Lang, word: 'closed' | 'ended' | 'past'): string {
  const { days, hours } = parts(d);
  const amount = days > 0 ? { zh: `${days} 天`, en: `${days} day${days === 1 ? '' : 's'}` } : { zh: `${Math.max(hours, 0)} 小时`, en: `${Math.max(hours, 0)} h` };
  if (lang === 'zh') return word === 'closed' ? `已截止 ${amount.zh}` : word === 'ended' ? `已结束 ${amount.zh}` : `${amount.zh}前`;
  return word === 'past' ? `${amount.en} ago` : `${word} ${amount.en} ago`;
}

/** The note shown when the source gave no time or no zone. */
export function assumptionNote(m: Milestone, lang: Lang): string | undefined {
  if (m.timeAssumed) {
    return lang === 'zh' ? '原文未注明时间,按当天 23:59:59 计' : 'no time given; 23:59:59 assumed';
  }
  return undefined;
}

/** Whose days an all-day event's dates are: "Budapest local dates" / "Budapest 当地日期" (the place as the source wrote it). */
export function localDaysNote(m: Milestone, lang: Lang): string | undefined {
  if (!m.allDay || !m.localTo) return undefined;
  return lang === 'zh' ? `${m.localTo} 当地日期` : `${m.localTo} local dates`;
}

/** Where a milestone takes place, after its time: " (Budapest local dates)", " · Dallas", or nothing. */
export function placeNote(m: Milestone, lang: Lang): string {
  const local = localDaysNote(m, lang);
  return local ? ` (${local})` : m.place ? ` · ${m.place}` : '';
}

/** A zone the asker named, with how to call it ("Tokyo", "伦敦", "UTC+2", "PDT"). */
export interface AskedZone {
  zone: string;
  label: string;
}

/** "UTC+9", "UTC-7", "UTC+5:30": the offset of `zone` at that instant (so daylight saving shows). */
function offsetLabel(at: DateTime): string {
  const minutes = at.offset;
  const sign = minutes < 0 ? '-' : '+';
  const h = Math.floor(Math.abs(minutes) / 60);
  const m = Math.abs(minutes) % 60;
  return `UTC${sign}${h}${m ? `:${String(m).padStart(2, '0')}` : ''}`;
}

/**
 * An instant in the asker's zone first, then the source zone and Beijing time when they differ:
 * "2026-05-26 08:59 California (UTC-7) = 2026-05-25 23:59 AoE = 2026-05-26 19:59 北京时间".
 * A date-only milestone (a competition phase, a conference) is shown as dates, which do not move.
 */
export function formatInZone(m: Milestone, lang: Lang, asked: AskedZone): string {
  if (m.allDay) return formatMilestoneTime(m, lang);
  const key = `z\u0000${m.at}\u0000${m.zone}\u0000${m.zoneLabel}\u0000${lang}\u0000${asked.zone}\u0000${asked.label}`;
  return remember(key, () => inZoneUncached(m, lang, asked));
}

function inZoneUncached(m: Milestone, lang: Lang, asked: AskedZone): string {
  const start = DateTime.fromISO(m.at, { setZone: true });
  const inAsked = start.setZone(asked.zone);
  const offset = offsetLabel(inAsked);
  // "UTC+2 (UTC+2)" says it twice: an offset zone is named by its offset alone.
  const named = labelInForce(asked.label, inAsked.isInDST);
  const parts = [`${inAsked.toFormat(FORMAT)} ${named}${named === offset ? '' : ` (${offset})`}`];
  const seen = new Set([inAsked.offset]);
  const source = start.setZone(m.zone);
  const beijing = start.setZone(BEIJING_ZONE);
  if (!seen.has(source.offset)) {
    const label = zoneLabel(m, lang);
    // A source zone on Beijing's clock says so ("UTC+8 (Beijing time)"): Beijing time is always given.
    const same = source.offset === beijing.offset && label !== beijingLabel(lang);
    parts.push(`${source.toFormat(FORMAT)} ${label}${same ? ` (${beijingLabel(lang)})` : ''}`);
    seen.add(source.offset);
  }
  if (!seen.has(beijing.offset)) parts.push(`${beijing.toFormat(FORMAT)} ${beijingLabel(lang)}`);
  return parts.join(' = ');
}
