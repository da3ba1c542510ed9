/**
 * Time windows in a question, relative to the clock and in the asker's zone:
 * curated phrases first (这周, 下个月, 两个月内, next week, in two weeks — chrono-node's
 * Chinese parser misses most of them, measured in DESIGN.md), then chrono-node for dates
 * and months ("6月", "June", "before August", "9月21日"), whose components luxon turns
 * into a window. chrono-node is loaded on the first message with a date-like word: its
 * import costs ~0.3 s, which a process answering only topic questions never pays.
 */
import { createRequire } from 'node:module';
import { DateTime } from 'luxon';
import type { TimeWindow } from './types.js';
import { questionWords, type Unit } from './words.js';

export interface FoundWindow {
  window: TimeWindow;
  start: number;
  end: number;
}

interface ChronoComponents {
  get(c: 'year' | 'month' | 'day'): number | null;
  isCertain(c: 'year' | 'month' | 'day' | 'weekday'): boolean;
}
interface ChronoResult {
  index: number;
  text: string;
  start: ChronoComponents;
  end?: ChronoComponents;
}
interface ChronoParser {
  parse(text: string, ref: { instant: Date; timezone: number }, options?: { forwardDate?: boolean }): ChronoResult[];
}

let chrono: { zh: ChronoParser; en: ChronoParser } | undefined;

function chronoParsers(): { zh: ChronoParser; en: ChronoParser } {
  if (!chrono) {
    const require = createRequire(import.meta.url);
    const lib = require('chrono-node') as { zh: ChronoParser; en: ChronoParser };
    chrono = { zh: lib.zh, en: lib.en };
  }
  return chrono;
}

const UNIT_ZH: Record<Unit, string> = { day: '天', week: '周', month: '个月', year: '年' };
const HAN = /\p{Script=Han}/u;
/** A weekday right after a week word: 下周三, 这周五, 下星期天. */
const WEEKDAY_AFTER = /^[一二三四五六日天]/u;
/** How far "after June" reaches. */
const OPEN_END_YEARS = 5;

/**
 * A whole year said as a time ("in 2027", "during 2027", 2027 年内, 2027年截止): only in a
 * question about deadlines, where "EMNLP 2026" stays a name (no "in" before it, no 年 after it).
 */
const YEAR_WINDOW =
  /(?:\b(?:in|during|for|within|through(?:out)?)\s+((?:19|20)\d{2})(?![\d-])(?!\s*(?:年)?\s*\d))|(?<!\d)((?:19|20)\d{2})\s*年(?:内|里|中|全年|之内)?(?!\s*\d|\s*[一二三四五六七八九十]+月)/iu;

/** The window a question names; `years`: a year alone is one (in a question about deadlines). */
export function findWindow(text: string, now: DateTime, zone: string, options: { years?: boolean } = {}): FoundWindow | undefined {
  const W = questionWords();
  // The clock in the asker's zone, made only when a phrase needs it (a zone's offset is an Intl
  // call: most questions name no time).
  let inZone: DateTime | undefined;
  const here = () => (inZone ??= now.setZone(zone));
  // The longest phrase wins ("下下个月" over "下个月").
  let best: { m: RegExpExecArray; rule: (typeof W.relative)[number] } | undefined;
  for (const rule of W.relative) {
    rule.re.lastIndex = 0;
    const m = rule.re.exec(text);
    // 下周三 is a day (read by chrono below), not next week.
    if (m && rule.unit === 'week' && WEEKDAY_AFTER.test(text.slice(m.index + m[0].length))) continue;
    if (m && (!best || m[0].length > best.m[0].length)) best = { m, rule };
  }
  if (best) {
    const { m, rule } = best;
    const base = here().plus({ [rule.unit]: rule.offset });
    // 下个月底前: from now to the end of next month, not next month alone.
    const from = rule.fromNow ? here() : base.startOf(rule.unit);
    return { window: make(from, base.endOf(rule.unit), rule.label), start: m.index, end: m.index + m[0].length };
  }
  for (const re of W.within) {
    const m = re.exec(text);
    if (!m) continue;
    const n = m.length >= 3 ? numberOf(m[1]!) : 1;
    const unit = unitOf(m.length >= 3 ? m[2]! : m[1]!);
    if (!unit || !n || n <= 0 || n > 100) continue;
    const amount = n % 1 === 0 ? { [unit]: n } : fractional(n, unit);
    const shown = Number.isInteger(n) ? String(n) : String(n);
    const label = { zh: `${shown} ${UNIT_ZH[unit]}内`, en: `within ${shown} ${unit}${n === 1 ? '' : 's'}` };
    return { window: make(here(), here().plus(amount), label), start: m.index, end: m.index + m[0].length };
  }
  const dated = W.timeCue.test(text) ? chronoWindow(text, here()) : undefined;
  if (dated || !options.years) return dated;
  const y = YEAR_WINDOW.exec(text);
  if (!y) return undefined;
  const year = Number(y[1] ?? y[2]);
  const from = DateTime.fromObject({ year, month: 1, day: 1 }, { zone: here().zone });
  return { window: make(from, from.endOf('year'), { zh: `${year} 年`, en: `in ${year}` }), start: y.index, end: y.index + y[0].length };
}

/** Which week a Chinese week word names (这周, 下个星期 …), relative to this one. */
const WEEKS_AHEAD: Record<string, number> = { 这: 0, 这个: 0, 本: 0, 下: 1, 下个: 1, 下下: 2, 下下个: 2, 上: -1, 上个: -1 };
const WEEK_LEAD = '这个?|本|下下个?|下个?|上个?';
const ZH_WEEK_DAY = new RegExp(`^(${WEEK_LEAD})(?:周|星期|礼拜)([一二三四五六日天])$`, 'u');
/** The week word chrono may leave out of its match (本 in 本周日). */
const WEEK_LEAD_BEFORE = new RegExp(`(?:${WEEK_LEAD})$`, 'u');

/** The day a Chinese week word and weekday name (本周三, 下星期天), in Monday-first weeks; undefined for other text. */
function zhWeekDay(text: string, here: DateTime): DateTime | undefined {
  const m = ZH_WEEK_DAY.exec(text.trim());
  if (!m) return undefined;
  const weekday = '一二三四五六日天'.indexOf(m[2]!);
  return here.startOf('week').plus({ weeks: WEEKS_AHEAD[m[1]!] ?? 0, days: Math.min(weekday, 6) });
}

function chronoWindow(text: string, here: DateTime): FoundWindow | undefined {
  const W = questionWords();
  const parsers = chronoParsers();
  const ref = { instant: here.toJSDate(), timezone: here.offset };
  const results = [...(HAN.test(text) ? parsers.zh.parse(text, ref, { forwardDate: true }) : []), ...parsers.en.parse(text, ref, { forwardDate: true })];
  const r = results.find((x) => x.start.isCertain('month') || x.start.isCertain('day') || x.start.isCertain('weekday'));
  if (!r) return undefined;
  // 下周日 is the Sunday of next week (weeks start on Monday in Chinese), which chrono reads as the coming Sunday.
  const lead = /^(?:周|星期|礼拜)/u.test(r.text) ? WEEK_LEAD_BEFORE.exec(text.slice(0, r.index)) : null;
  const weekDay = zhWeekDay((lead?.[0] ?? '') + r.text, here);
  const month = weekDay?.month ?? r.start.get('month') ?? here.month;
  const monthOnly = !weekDay && !r.start.isCertain('day') && !r.start.isCertain('weekday');
  const year = weekDay?.year ?? yearOf(r, here, month, monthOnly);
  const day = weekDay?.day ?? r.start.get('day') ?? 1;
  let start = r.index - (weekDay && lead ? lead[0].length : 0);
  let end = r.index + r.text.length;
  let rest = text.slice(end);
  let point: { from: DateTime; to: DateTime; zh: string; en: string };
  const base = DateTime.fromObject({ year, month, day: monthOnly ? 1 : day }, { zone: here.zone });
  const yearZh = year !== here.year ? `${year} 年 ` : '';
  const yearEn = year !== here.year ? ` ${year}` : '';
  const endOfMonth = monthOnly ? /^\s*(?:底|末)/.exec(rest) : null;
  if (endOfMonth) {
    const last = base.endOf('month').startOf('day');
    point = { from: last, to: last.endOf('day'), zh: `${yearZh}${month} 月底`, en: `the end of ${base.toFormat('MMMM', { locale: 'en' })}${yearEn}` };
    end += endOfMonth[0].length;
    rest = text.slice(end);
  } else if (monthOnly) {
    point = { from: base, to: base.endOf('month'), zh: `${yearZh}${month} 月`, en: `${base.toFormat('MMMM', { locale: 'en' })}${yearEn}` };
    const suffix = /^\s*(?:份|里|中)/.exec(rest);
    if (suffix) {
      end += suffix[0].length;
      rest = text.slice(end);
    }
  } else {
    point = { from: base, to: base.endOf('day'), zh: `${yearZh}${month} 月 ${base.day} 日`, en: `${base.toFormat('MMMM d', { locale: 'en' })}${yearEn}` };
  }
  const before = text.slice(0, start);
  const bs = W.beforeSuffix.exec(rest);
  const bp = W.beforePrefix.exec(before);
  const as = W.afterSuffix.exec(rest);
  const ap = W.afterPrefix.exec(before);
  const now = here;
  if (bs || bp) {
    // "before August" ends when August starts; "by June", "截至 6 月" include June.
    const word = (bs?.[0] ?? bp?.[0] ?? '').trim().toLowerCase();
    const inclusive = /^(?:by|until|till|截至|为止|no later than)/.test(word) || Boolean(endOfMonth);
    if (bs) end += bs[0].length;
    if (bp) start = bp.index;
    const to = inclusive ? point.to : point.from.minus({ milliseconds: 1 });
    const label = inclusive ? { zh: `${point.zh}前`, en: `by ${point.en}` } : { zh: `${point.zh}前`, en: `before ${point.en}` };
    return { window: make(now, to, label), start, end };
  }
  if (as || ap) {
    if (as) end += as[0].length;
    if (ap) start = ap.index;
    return { window: make(point.to.plus({ milliseconds: 1 }), now.plus({ years: OPEN_END_YEARS }), { zh: `${point.zh}后`, en: `after ${point.en}` }), start, end };
  }
  const en = monthOnly && !endOfMonth ? `in ${point.en}` : `on ${point.en}`;
  return { window: make(point.from, point.to, { zh: point.zh, en }), start, end };
}

/**
 * The year of a date said without one: this year's if that day (or month) is not over yet,
 * else next year's. chrono's forwardDate alone moves a date whose midnight has passed, so on
 * 2 December "in December" and "on December 2" would be read as next year's.
 */
function yearOf(r: ChronoResult, here: DateTime, month: number, monthOnly: boolean): number {
  const said = r.start.get('year') ?? here.year;
  if (r.start.isCertain('year') || r.start.isCertain('weekday')) return said;
  const day = monthOnly ? 1 : (r.start.get('day') ?? 1);
  const thisYear = DateTime.fromObject({ year: here.year, month, day }, { zone: here.zone });
  if (!thisYear.isValid) return said;
  return thisYear.endOf(monthOnly ? 'month' : 'day') >= here ? here.year : here.year + 1;
}

function make(from: DateTime, to: DateTime, label: { zh: string; en: string }): TimeWindow {
  return { from: from.toISO()!, to: to.toISO()!, label };
}

function unitOf(word: string): Unit | undefined {
  return questionWords().units.find(([re]) => re.test(word.trim()))?.[1];
}

function fractional(n: number, unit: Unit): Record<string, number> {
  if (unit === 'year') return { months: Math.round(n * 12) };
  if (unit === 'month') return { days: Math.round(n * 30) };
  if (unit === 'week') return { days: Math.round(n * 7) };
  return { hours: Math.round(n * 24) };
}

const DIGITS: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** "2", "two", "两", "十二", "半" → a number. */
export function numberOf(word: string): number | undefined {
  const w = word.trim().toLowerCase().replace(/\s+/g, ' ');
  if (/^\d+(?:\.\d+)?$/.test(w)) return Number(w);
  const named = questionWords().numbers[w];
  if (named !== undefined) return named;
  if (/^[零一二两三四五六七八九十]+$/.test(w)) {
    if (!w.includes('十')) return DIGITS[w];
    const [tens, ones] = w.split('十');
    return (tens ? (DIGITS[tens] ?? 0) : 1) * 10 + (ones ? (DIGITS[ones] ?? 0) : 0);
  }
  return undefined;
}
