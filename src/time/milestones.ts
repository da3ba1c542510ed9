/**
 * From date statements to exact instants. The rules:
 * - the most specific statement wins: a zone written next to a date beats a zone
 *   assumed from elsewhere (the header's date-only 北京时间 label);
 * - a deadline-like date without a time means 23:59:59 in its zone (never 00:00);
 * - date-only ranges and events (conference dates, competition phases) stay all-day;
 * - the original wording is kept so replies can quote it and say what was assumed.
 */
import { DateTime } from 'luxon';
import type { Milestone, MilestoneType } from '../catalog/schema.js';
import { findDateMentions, type DateMention, type DateParts } from './mentions.js';
import { parseZone, type SourceZone } from './zones.js';

/** Keyword → milestone type. When several occur before a date, the closest one wins. */
const KEYWORDS: Array<[MilestoneType | 'skip', RegExp]> = [
  ['skip', /核验|verified|checked on|last updated|updated on|as of|更新于|发布于/gi],
  ['camera-ready', /camera[- ]?ready|final version|终稿|定稿/gi],
  ['notification', /notifications?|notify|decisions?|acceptance|录用|通知/gi],
  ['rebuttal', /rebuttal|author response|反驳/gi],
  ['abstract', /abstracts?\b|摘要/gi],
  ['registration', /registration|register|报名/gi],
  ['data-release', /releases?d?\b|数据发布|发布|公布/gi],
  ['conference', /conference|workshop|symposium|held|takes place|会议|大会|举办|举行/gi],
  ['phase', /初赛|复赛|半决赛|决赛|预赛|phase|stage|round|preliminar(?:y|ies)|finals?\b/gi],
  ['deadline', /\bdue\b|deadlines?|submissions?|submit|until|closes?|截止|截稿|投稿/gi],
];

/** Chinese competition schedules put the label after the date: "6.17-8.7 初赛". */
const LABEL_AFTER = /^\s*(初赛|复赛|半决赛|决赛|预赛|截止|报名截止|报名|提交截止|数据发布|发布|开赛|答辩)/;

const DEADLINE_LIKE = new Set<MilestoneType>([
  'deadline', 'abstract', 'registration', 'rebuttal', 'notification', 'camera-ready',
]);

export interface ReadOptions {
  /** Year for dates written without one. */
  year?: number;
  /** Zone to assume when a date has none next to it. */
  fallbackZone: SourceZone;
  from: Milestone['from'];
}

/** Read every milestone stated in `text`. Dates with no recognisable role are ignored. */
export function readMilestones(text: string, options: ReadOptions): Milestone[] {
  const mentions = findDateMentions(text, options.year);
  const out: Milestone[] = [];
  let previousEnd = 0;
  for (const mention of mentions) {
    const role = classify(text, mention, previousEnd);
    previousEnd = mention.end;
    if (!role || role.type === 'skip') continue;
    const milestone = toMilestone(mention, role.type, role.label, role.wording, options, text);
    if (milestone) out.push(milestone);
  }
  return out;
}

interface Role {
  type: MilestoneType | 'skip';
  label: string;
  wording: string;
}

function classify(text: string, mention: DateMention, previousEnd: number): Role | undefined {
  const after = LABEL_AFTER.exec(text.slice(mention.end));
  if (after) {
    const label = after[1]!;
    const type = typeOf(label) ?? 'phase';
    return { type, label, wording: `${mention.text} ${label}` };
  }
  const follow = text.slice(mention.end, mention.end + 12);
  if (/^\s*\)?\s*(?:核验|verified|checked)/i.test(follow)) return { type: 'skip', label: '', wording: '' };
  const clauseStart = Math.max(previousEnd, mention.index - 80, lastSentenceBreak(text, mention.index));
  const before = text.slice(clauseStart, mention.index);
  const best = closestKeyword(before);
  if (!best) return undefined;
  const wording = `${before.slice(best.at).trim()} ${mention.text}`.trim();
  return { type: best.type, label: best.label, wording };
}

const SPECIFIC = new Set<MilestoneType | 'skip'>([
  'skip', 'abstract', 'registration', 'rebuttal', 'notification', 'camera-ready', 'data-release',
]);

/**
 * The keyword that names a date's role. A specific role ("abstract deadline",
 * "camera-ready due") beats the generic deadline words; a deadline word beats an
 * event word ("conference paper submission"); otherwise the closest keyword wins.
 */
function closestKeyword(before: string): { type: MilestoneType | 'skip'; at: number; label: string } | undefined {
  const found: Array<{ type: MilestoneType | 'skip'; at: number; label: string }> = [];
  for (const [type, re] of KEYWORDS) {
    re.lastIndex = 0;
    for (let m = re.exec(before); m; m = re.exec(before)) found.push({ type, at: m.index, label: m[0] });
  }
  const rank = (t: MilestoneType | 'skip') => (SPECIFIC.has(t) ? 2 : t === 'deadline' ? 1 : 0);
  found.sort((a, b) => rank(b.type) - rank(a.type) || b.at - a.at);
  return found[0];
}

function typeOf(label: string): MilestoneType | undefined {
  for (const [type, re] of KEYWORDS) {
    re.lastIndex = 0;
    if (type !== 'skip' && re.test(label)) return type;
  }
  return undefined;
}

function lastSentenceBreak(text: string, before: number): number {
  const head = text.slice(0, before);
  const i = Math.max(head.lastIndexOf('. '), head.lastIndexOf('。'), head.lastIndexOf('; '), head.lastIndexOf(';'));
  return i < 0 ? 0 : i + 1;
}

const PLACE_AFTER = /^\s*,?\s*(?:in|at)\s+([A-Z][\p{L} .'-]{1,40}?)(?=\s*[.,;)]|\s+and\b|$)|^\s*(?:在|于)([\p{Script=Han}]{2,8}?)(?:举行|举办|召开)/u;

export function toMilestone(
  mention: DateMention,
  type: MilestoneType,
  label: string,
  wording: string,
  options: ReadOptions,
  text?: string,
): Milestone | undefined {
  const stated = mention.zoneLabel ? parseZone(mention.zoneLabel) : undefined;
  const zone = stated ?? options.fallbackZone;
  const isRange = mention.rangeEnd !== undefined;
  const hasTime = mention.start.hour !== undefined;
  const allDay = !hasTime && (isRange || !DEADLINE_LIKE.has(type));
  const start = instant(mention.start, zone.zone, allDay ? 'start' : 'end');
  const end = mention.rangeEnd ? instant(mention.rangeEnd, zone.zone, 'end') : undefined;
  if (!start.isValid || (end && !end.isValid)) return undefined;
  const place = text ? PLACE_AFTER.exec(text.slice(mention.end)) : undefined;
  return {
    type,
    label,
    at: iso(start),
    ...(end ? { end: iso(end) } : {}),
    allDay,
    zone: zone.zone,
    zoneLabel: zone.label,
    zoneAssumed: !stated,
    timeAssumed: !hasTime && !allDay,
    wording,
    ...(place ? { place: (place[1] ?? place[2])!.trim() } : {}),
    from: options.from,
  };
}

/** A date (and maybe time) in a zone; without a time, the start or the last second of the day. */
export function instant(parts: DateParts, zone: string, dayEdge: 'start' | 'end'): DateTime {
  const base = { year: parts.year, month: parts.month, day: parts.day };
  if (parts.hour !== undefined) {
    return DateTime.fromObject({ ...base, hour: parts.hour, minute: parts.minute ?? 0 }, { zone });
  }
  const day = DateTime.fromObject(base, { zone });
  return dayEdge === 'start' ? day.startOf('day') : day.endOf('day').set({ millisecond: 0 });
}

export function iso(dt: DateTime): string {
  return dt.toISO({ suppressMilliseconds: true }) ?? '';
}
