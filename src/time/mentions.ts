/**
 * Finding date statements in free text ("papers due 2026-05-25 UTC-12",
 * "6.17-8.7 初赛", "the conference on 2026-12-01 to 2026-12-04 in Dallas").
 * This file only finds and reads them; milestones.ts decides what they mean.
 */
import { ZONE_PATTERN } from './zones.js';

export interface DateParts {
  year: number;
  month: number;
  day: number;
  hour?: number;
  minute?: number;
}

export interface DateMention {
  index: number;
  end: number;
  text: string;
  start: DateParts;
  rangeEnd?: DateParts;
  zoneLabel?: string;
  /** Written without a year ("6.17", "9月21日"): the year was inferred. */
  yearInferred: boolean;
}

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};
const MONTH_NAME = '(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?';

interface Raw {
  index: number;
  end: number;
  parts: DateParts;
  yearInferred: boolean;
  rangeOnly: boolean;
}

type Reader = {
  re: RegExp;
  read: (m: RegExpExecArray, year: number | undefined) => DateParts | undefined;
  inferred: boolean;
  /** Only the second half of a range, never a date on its own. */
  rangeOnly?: boolean;
};

/**
 * A short date ("6.17", "9月21日") is a date only inside a phase or milestone phrase:
 * a phase or milestone word right after it ("6.17-8.7 初赛") or right before it
 * ("决赛 9月21日", "截止日期:6.30"). It never follows a Latin name or version
 * ("Claude 4.6", "GPT-4.1", "v2.2", "phase 2.3"), a digit or a dot.
 */
const SHORT_WORDS = '初赛|复赛|半决赛|决赛|预赛|截止|报名|发布|提交|开赛|公布|答辩|通知';
const SHORT_FOLLOWER = `(?=\\s*(?:[-–~至到]\\s*\\d{1,2}[.月]\\d{1,2}日?\\s*)?(?:${SHORT_WORDS}))`;
const SHORT_LEADER = `(?<=(?:${SHORT_WORDS})(?:日期|时间)?\\s*(?:为|是|于|在)?\\s*[::]?\\s*)`;
const NOT_AFTER_NAME = '(?<![\\w.年/])(?<![A-Za-z][\\w.]*[-_]?\\s{0,2})(?<!\\d[.月]\\d{1,2}日?\\s*[-–~至到]\\s*)(?<!(?:版本|版|第|阶段)\\s*)';
const SHORT = '(\\d{1,2})[.月](\\d{1,2})日?(?![\\d.])';

const READERS: Reader[] = [
  { re: /(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)/g, read: (m) => ymd(m[1], m[2], m[3]), inferred: false },
  { re: /(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?/g, read: (m) => ymd(m[1], m[2], m[3]), inferred: false },
  {
    re: new RegExp(`\\b${MONTH_NAME}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'gi'),
    read: (m) => ymd(m[3], String(monthOf(m[1])), m[2]),
    inferred: false,
  },
  {
    re: new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH_NAME},?\\s+(\\d{4})\\b`, 'gi'),
    read: (m) => ymd(m[3], String(monthOf(m[2])), m[1]),
    inferred: false,
  },
  {
    re: new RegExp(`${NOT_AFTER_NAME}${SHORT}${SHORT_FOLLOWER}`, 'gu'),
    read: (m, year) => (year && shortTailOk(m) ? ymd(String(year), m[1], m[2]) : undefined),
    inferred: true,
  },
  {
    // Not a version or an amount ("截止 3.5 版本", "6.17 万条").
    re: new RegExp(`(?=\\d)${SHORT_LEADER}${NOT_AFTER_NAME}${SHORT}`, 'gu'),
    read: (m, year) => (year && shortTailOk(m) ? ymd(String(year), m[1], m[2]) : undefined),
    inferred: true,
  },
  {
    // The end of a range ("6.17-8.7"): kept only right after another date (see rangeOnly).
    // (?=\d) first: the lookbehind is then tried only where a digit stands (measured 2× faster).
    re: /(?=\d)(?<=[-–~至到]\s*)(\d{1,2})[.月](\d{1,2})日?(?![\d.])/g,
    read: (m, year) => (year ? ymd(String(year), m[1], m[2]) : undefined),
    inferred: true,
    rangeOnly: true,
  },
];

const AMOUNT = /^\s*(?:版|万|倍|个|%|[-_]?[A-Za-z])/;
const SHORT_TAIL = /^\s*[-–~至到]\s*(\d{1,2})[.月](\d{1,2})日?(?![\d.])/;

/**
 * A short date stands only when what follows is not a unit ("3.5 版本", "6.17 万条",
 * "3.5-4.1 years") and a range it starts ends on a real date ("1.1-0.0" is no date).
 */
function shortTailOk(m: RegExpExecArray): boolean {
  let rest = m.input.slice(m.index + m[0].length);
  const tail = SHORT_TAIL.exec(rest);
  if (tail) {
    if (!ymd('2000', tail[1], tail[2])) return false;
    rest = rest.slice(tail[0].length);
  }
  return !AMOUNT.test(rest);
}

function monthOf(name: string | undefined): number {
  return MONTHS[(name ?? '').slice(0, name?.toLowerCase().startsWith('sept') ? 4 : 3).toLowerCase()] ?? 0;
}

function ymd(y?: string, m?: string, d?: string): DateParts | undefined {
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  if (!year || month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  return { year, month, day };
}

const TIME_AFTER = /^(?:\s*,?\s*|T)(?:at\s+)?(\d{1,2}):(\d{2})(?::\d{2})?\s*(am|pm)?/i;
const ZONE_AFTER = new RegExp(`^\\s*\\(?\\s*(${ZONE_PATTERN})(?![A-Za-z])\\s*\\)?`, 'i');
const RANGE_JOIN = /^\s*(?:to|until|through|and|[-–—~]|至|到)\s*$/i;

/** Every date statement in `text`, in order. `year` fills in dates written without one. */
export function findDateMentions(text: string, year?: number): DateMention[] {
  const raws: Raw[] = [];
  for (const reader of READERS) {
    reader.re.lastIndex = 0;
    for (let m = reader.re.exec(text); m; m = reader.re.exec(text)) {
      const parts = reader.read(m, year);
      if (parts) raws.push({ index: m.index, end: m.index + m[0].length, parts, yearInferred: reader.inferred, rangeOnly: reader.rangeOnly === true });
    }
  }
  raws.sort((a, b) => a.index - b.index || b.end - a.end);
  const dates = raws.filter((r, i) => !raws.slice(0, i).some((o) => r.index < o.end));
  // A lone range end ("Claude-4.6", "3.5-4.1") is not a date: it must follow a date through a range word.
  const kept = dates.filter(
    (r, i) => !r.rangeOnly || (i > 0 && !dates[i - 1]!.rangeOnly && RANGE_JOIN.test(text.slice(dates[i - 1]!.end, r.index).replace(/\s*\d{1,2}:\d{2}(?::\d{2})?\s*/, ''))),
  );

  const mentions: DateMention[] = [];
  for (let i = 0; i < kept.length; i++) {
    const first = kept[i]!;
    const start = withTime(first.parts, text, first.end);
    let end = start.end;
    let rangeEnd: DateParts | undefined;
    const next = kept[i + 1];
    if (next && RANGE_JOIN.test(text.slice(end, next.index))) {
      const second = withTime(next.parts, text, next.end);
      rangeEnd = second.parts;
      if (rangeEnd.year === start.parts.year && compare(rangeEnd, start.parts) < 0 && next.yearInferred) {
        rangeEnd = { ...rangeEnd, year: rangeEnd.year + 1 };
      }
      end = second.end;
      i++;
    }
    const zone = ZONE_AFTER.exec(text.slice(end));
    if (zone) end += zone[0].length;
    mentions.push({
      index: first.index,
      end,
      text: text.slice(first.index, end).trim(),
      start: start.parts,
      rangeEnd,
      zoneLabel: zone?.[1],
      yearInferred: first.yearInferred,
    });
  }
  return mentions;
}

function withTime(parts: DateParts, text: string, at: number): { parts: DateParts; end: number } {
  const m = TIME_AFTER.exec(text.slice(at));
  if (!m) return { parts, end: at };
  let hour = Number(m[1]);
  const minute = Number(m[2]);
  const meridiem = m[3]?.toLowerCase();
  if (meridiem === 'pm' && hour < 12) hour += 12;
  if (meridiem === 'am' && hour === 12) hour = 0;
  if (hour > 24 || minute > 59) return { parts, end: at };
  return { parts: { ...parts, hour, minute }, end: at + m[0].length };
}

function compare(a: DateParts, b: DateParts): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}
