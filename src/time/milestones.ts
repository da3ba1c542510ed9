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
import { zoneOfPlace } from './places.js';
import { parseZone, type SourceZone } from './zones.js';

/**
 * Keyword → milestone type. English keywords are whole words: never part of a hyphenated
 * compound ("closed-source", "deadline-aware", "submission-free") and never "due to".
 * When several occur before a date, the most specific, then the closest, wins.
 */
const W = (body: string) => new RegExp(`(?<![\\w-])(?:${body})(?![\\w]|-\\w)`, 'gi');
const KEYWORDS: Array<[MilestoneType | 'skip', RegExp]> = [
  ['skip', /核验|verified|checked on|last updated|updated on|as of|更新于|发布于/gi],
  ['camera-ready', /(?<![\w-])(?:camera[- ]?ready|final version)(?![\w]|-\w)|终稿|定稿/gi],
  ['notification', new RegExp(`${W('notifications?|notify|decisions?|acceptance').source}|录用|通知`, 'gi')],
  ['rebuttal', new RegExp(`${W('rebuttal|author response').source}|反驳`, 'gi')],
  ['abstract', new RegExp(`${W('abstracts?').source}|摘要`, 'gi')],
  ['registration', new RegExp(`${W('registration|register').source}|报名`, 'gi')],
  ['data-release', new RegExp(`${W('releases?d?').source}|数据发布|发布|公布`, 'gi')],
  ['conference', new RegExp(`${W('conference|workshop|symposium|held|takes place').source}|会议|大会|举办|举行`, 'gi')],
  ['phase', new RegExp(`初赛|复赛|半决赛|决赛|预赛|${W('phase|stage|round|preliminar(?:y|ies)|qualif(?:ier|ying)|semi-?finals?|finals?').source}`, 'gi')],
  ['deadline', new RegExp(`${W('due(?!\\s+to\\b)|deadlines?|submissions?|submit|until|closes?|closing').source}|截止|截稿|投稿`, 'gi')],
];

/**
 * What may stand between a milestone word and its date: a few connecting words
 * ("papers due 2026-05-26", "notification on", "conference dates", "截止日期为"),
 * no digits (a version, a count, another date) and no clause break.
 */
const BINDING_GAP = /^[^\d;;。!?!?]{0,48}$/u;
const MAX_GAP_WORDS = 6;

function bound(raw: string): boolean {
  // An ordinal after the word is part of its name ("Phase 1 runs 2026-05-01").
  const gap = raw.replace(/^\s*(?:\d{1,2}|[IVX]{1,4})(?![\d.])/, '');
  if (!BINDING_GAP.test(gap)) return false;
  if (/[,,、]/.test(gap)) return false;
  return gap.trim().split(/\s+/).filter(Boolean).length <= MAX_GAP_WORDS;
}

/** Chinese competition schedules put the label after the date: "6.17-8.7 初赛". */
const LABEL_AFTER = /^\s*(初赛|复赛|半决赛|决赛|预赛|截止|报名截止|报名|提交截止|数据发布|发布|开赛|答辩)/;

const DEADLINE_LIKE = new Set<MilestoneType>(['deadline', 'abstract', 'registration', 'rebuttal', 'notification', 'camera-ready']);

export interface ReadOptions {
  /** Year for dates written without one. */
  year?: number;
  /** Zone to assume when a date has none next to it. */
  fallbackZone: SourceZone;
  from: Milestone['from'];
  /** Collects dated statements left out because they sit inside a quotation (another event's wording). */
  quoted?: string[];
}

/** Spans of text inside quotation marks: “…”, 「…」, 『…』, "…". */
function quotedSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const m of text.matchAll(/“[^”]*”|「[^」]*」|『[^』]*』|"[^"]*"/g)) spans.push([m.index, m.index + m[0].length]);
  return spans;
}

/** Read every milestone stated in `text`. Dates with no recognisable role are ignored. */
export function readMilestones(text: string, options: ReadOptions): Milestone[] {
  const mentions = findDateMentions(text, options.year);
  const out: Milestone[] = [];
  const quotes = quotedSpans(text);
  let previousEnd = 0;
  for (const mention of mentions) {
    const role = classify(text, mention, previousEnd);
    previousEnd = mention.end;
    if (!role || role.type === 'skip') continue;
    const quote = quotes.find(([a, b]) => mention.index > a && mention.end < b);
    if (quote) {
      options.quoted?.push(text.slice(quote[0], quote[1]));
      continue;
    }
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
    return { type, label, wording: text.slice(mention.index, mention.end + after[0].length).trim() };
  }
  const follow = text.slice(mention.end, mention.end + 12);
  if (/^\s*\)?\s*(?:核验|verified|checked)/i.test(follow)) return { type: 'skip', label: '', wording: '' };
  const clauseStart = Math.max(previousEnd, mention.index - 80, lastSentenceBreak(text, mention.index));
  const before = text.slice(clauseStart, mention.index);
  const best = closestKeyword(before);
  if (!best) return undefined;
  const wording = text.slice(clauseStart + best.at, mention.end).trim();
  // "Registration opens 2026-12-01" is when it starts, an event: not a deadline at 23:59.
  const opening = (best.type === 'registration' || best.type === 'deadline') && OPENS.test(before.slice(best.at + best.label.length));
  if (opening) return { type: 'phase', label: best.type === 'registration' ? REGISTRATION_OPENS : '投稿开始', wording };
  // A phase is named by its canonical label whichever language the source wrote it in
  // ("Preliminary round" and 初赛 alike; "final round" is 决赛, not "round").
  if (best.type === 'phase') return { type: 'phase', label: phaseLabel(before.slice(Math.max(0, best.at - 24))) ?? best.label, wording };
  return { type: best.type, label: best.label, wording };
}

/** Words between a registration or submission keyword and its date that make the date its opening. */
/** The phase label of "registration opens" (an event, not a deadline): questions asking when registration opens look for it. */
export const REGISTRATION_OPENS = '报名开始';
const OPENS = /^[^\d]{0,24}?(?<![\w-])(?:opens?|opening|starts?|begins?|launch(?:es)?)(?![\w-])|^[^\d]{0,8}?(?:开放|开始|开启)/i;

/** English phase names → the labels Chinese schedules use (and messages translate back). */
const PHASE_LABELS: Array<[RegExp, string]> = [
  [/(?<![\w-])semi-?finals?(?![\w-])|半决赛/gi, '半决赛'],
  [/(?<![\w-])(?:preliminar(?:y|ies)|qualif(?:ier|ying|ication)(?: round)?|first round)(?![\w-])|初赛/gi, '初赛'],
  [/(?<![\w-])second round(?![\w-])|复赛/gi, '复赛'],
  [/(?<![\w-])(?:finals?|final round|final stage|final phase)(?![\w-])|决赛/gi, '决赛'],
];

/** The canonical label of the last phase named in `text`, if any. */
function phaseLabel(text: string): string | undefined {
  let found: { at: number; label: string } | undefined;
  for (const [re, label] of PHASE_LABELS) {
    re.lastIndex = 0;
    for (let hit = re.exec(text); hit; hit = re.exec(text)) if (!found || hit.index > found.at) found = { at: hit.index, label };
  }
  return found?.label;
}

const SPECIFIC = new Set<MilestoneType | 'skip'>(['skip', 'abstract', 'registration', 'rebuttal', 'notification', 'camera-ready', 'data-release']);

/**
 * The keyword that names a date's role, among those bound to the date (see `bound`). A specific role ("abstract deadline",
 * "camera-ready due") beats the generic deadline words; a deadline word beats an
 * event word ("conference paper submission"); otherwise the closest keyword wins.
 */
function closestKeyword(before: string): { type: MilestoneType | 'skip'; at: number; label: string } | undefined {
  const found: Array<{ type: MilestoneType | 'skip'; at: number; label: string }> = [];
  for (const [type, re] of KEYWORDS) {
    re.lastIndex = 0;
    for (let m = re.exec(before); m; m = re.exec(before)) {
      if (bound(before.slice(m.index + m[0].length))) found.push({ type, at: m.index, label: m[0] });
    }
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

export function toMilestone(mention: DateMention, type: MilestoneType, label: string, wording: string, options: ReadOptions, text?: string): Milestone | undefined {
  const stated = mention.zoneLabel ? parseZone(mention.zoneLabel) : undefined;
  const isRange = mention.rangeEnd !== undefined;
  const hasTime = mention.start.hour !== undefined;
  const allDay = !hasTime && (isRange || !DEADLINE_LIKE.has(type));
  const placeMatch = text ? PLACE_AFTER.exec(text.slice(mention.end)) : undefined;
  const place = placeMatch ? (placeMatch[1] ?? placeMatch[2])!.trim() : undefined;
  // Days of an event held in a named city are that city's days ("Budapest local dates").
  const venue = allDay && !stated && place ? zoneOfPlace(place) : undefined;
  const zone = stated ?? (venue ? { zone: venue.zone, label: place! } : options.fallbackZone);
  const start = instant(mention.start, zone.zone, allDay ? 'start' : 'end');
  const end = mention.rangeEnd ? instant(mention.rangeEnd, zone.zone, 'end') : undefined;
  if (start === null || end === null) return undefined;
  return {
    type,
    label,
    at: start,
    ...(end ? { end } : {}),
    allDay,
    zone: zone.zone,
    zoneLabel: zone.label,
    zoneAssumed: !stated && !venue,
    timeAssumed: !hasTime && !allDay,
    ...(mention.yearInferred ? { yearAssumed: true } : {}),
    wording,
    ...(place ? { place } : {}),
    ...(venue ? { localTo: place } : {}),
    from: options.from,
  };
}

/**
 * Instants already computed, by zone and parts: luxon's zone arithmetic (an Intl formatter
 * pass per offset lookup, several per `endOf('day')`) was a third of a 92,000-entry load,
 * and a catalog names the same few days in the same few zones over and over.
 */
const instants = new Map<string, string | null>();
const MAX_INSTANTS = 50_000;

/**
 * A date (and maybe time) in a zone, as ISO text; without a time, the start or the last second
 * of the day. Null when no such instant exists (a day that is not in the calendar, an unknown zone).
 */
function instant(parts: DateParts, zone: string, dayEdge: 'start' | 'end'): string | null {
  const key = `${zone}|${parts.year}|${parts.month}|${parts.day}|${parts.hour}|${parts.minute}|${parts.hour === undefined ? dayEdge : ''}`;
  let at = instants.get(key);
  if (at === undefined) {
    const dt = compute(parts, zone, dayEdge);
    at = dt.isValid ? (dt.toISO({ suppressMilliseconds: true }) ?? '') : null;
    if (instants.size >= MAX_INSTANTS) instants.clear();
    instants.set(key, at);
  }
  return at;
}

function compute(parts: DateParts, zone: string, dayEdge: 'start' | 'end'): DateTime {
  const base = { year: parts.year, month: parts.month, day: parts.day };
  if (parts.hour !== undefined) {
    return DateTime.fromObject({ ...base, hour: parts.hour, minute: parts.minute ?? 0 }, { zone });
  }
  const day = DateTime.fromObject(base, { zone });
  return dayEdge === 'start' ? day.startOf('day') : day.endOf('day').set({ millisecond: 0 });
}
