/**
 * Time-zone rules: how a zone written in a seed file ("AoE", "UTC-12", "北京时间",
 * "Beijing", "PT") becomes a zone luxon understands. Every rule lives here.
 */
import { IANAZone } from 'luxon';

export interface SourceZone {
  /** A zone name luxon accepts: an IANA name ("Asia/Shanghai") or a fixed offset ("UTC-12"). */
  zone: string;
  /** How the source wrote it, for quoting back ("AoE", "UTC-12", "北京时间"). */
  label: string;
}

export const BEIJING: SourceZone = { zone: 'Asia/Shanghai', label: '北京时间' };

/** The zone-label pattern used inside larger date regexes (keep in sync with parseZone). */
export const ZONE_PATTERN =
  '(?:AoE|Anywhere on Earth|(?:UTC|GMT)\\s?[+\\-−]\\s?\\d{1,2}(?::?\\d{2})?|UTC|GMT|Beijing(?: time)?|北京时间|China Standard Time|PST|PDT|PT|Pacific(?: Time)?|EST|EDT|ET|Eastern(?: Time)?|CET|CEST|BST|JST|KST|SGT)';

const NAMED: Array<[RegExp, string]> = [
  [/^(aoe|anywhere on earth)$/i, 'UTC-12'],
  [/^(beijing( time)?|北京时间|china standard time)$/i, 'Asia/Shanghai'],
  [/^(pst|pdt|pt|pacific( time)?)$/i, 'America/Los_Angeles'],
  [/^(est|edt|et|eastern( time)?)$/i, 'America/New_York'],
  [/^(cet|cest)$/i, 'Europe/Paris'],
  [/^bst$/i, 'Europe/London'],
  [/^jst$/i, 'Asia/Tokyo'],
  [/^kst$/i, 'Asia/Seoul'],
  [/^sgt$/i, 'Asia/Singapore'],
  [/^(utc|gmt|z)$/i, 'UTC'],
];

const validity = new Map<string, boolean>();

/**
 * Whether luxon knows an IANA zone name, remembered per name: `IANAZone.isValidZone` builds an
 * Intl formatter per call (measured: 1.35 s of a 92,000-entry load asking it once per milestone).
 */
export function isValidZone(name: string): boolean {
  let ok = validity.get(name);
  if (ok === undefined) {
    ok = IANAZone.isValidZone(name);
    if (validity.size < 4096) validity.set(name, ok);
  }
  return ok;
}

/** Parse a zone label as written in a seed; undefined when it is not a zone we know. */
export function parseZone(label: string): SourceZone | undefined {
  const text = label.trim();
  const offset = /^(?:UTC|GMT)\s?([+\-−])\s?(\d{1,2})(?::?(\d{2}))?$/i.exec(text);
  if (offset) {
    const sign = offset[1] === '+' ? '+' : '-';
    const hours = Number(offset[2]);
    const minutes = offset[3] ? Number(offset[3]) : 0;
    if (hours > 14 || minutes >= 60) return undefined;
    const zone = minutes ? `UTC${sign}${hours}:${String(minutes).padStart(2, '0')}` : `UTC${sign}${hours}`;
    return { zone, label: zone };
  }
  for (const [pattern, zone] of NAMED) {
    if (pattern.test(text)) return { zone, label: /^aoe|anywhere/i.test(text) ? 'AoE' : text };
  }
  if (isValidZone(text)) return { zone: text, label: text };
  return undefined;
}

/** A zone a user named in a question: where it sat in the text, to take it out of the topic. */
export interface ZonePhrase extends SourceZone {
  start: number;
  end: number;
}

/** Abbreviations and names people type for a zone (upper-case abbreviations only, so "et"/"pt" in prose are not zones). */
const USER_ABBREVIATIONS: Record<string, string> = {
  PST: 'America/Los_Angeles',
  PDT: 'America/Los_Angeles',
  PT: 'America/Los_Angeles',
  MST: 'America/Denver',
  MDT: 'America/Denver',
  CDT: 'America/Chicago',
  CT: 'America/Chicago',
  EST: 'America/New_York',
  EDT: 'America/New_York',
  ET: 'America/New_York',
  CET: 'Europe/Paris',
  CEST: 'Europe/Paris',
  BST: 'Europe/London',
  WET: 'Europe/Lisbon',
  WEST: 'Europe/Lisbon',
  EET: 'Europe/Athens',
  EEST: 'Europe/Athens',
  JST: 'Asia/Tokyo',
  KST: 'Asia/Seoul',
  SGT: 'Asia/Singapore',
  HKT: 'Asia/Hong_Kong',
  AEST: 'Australia/Sydney',
  AEDT: 'Australia/Sydney',
  NZST: 'Pacific/Auckland',
  NZDT: 'Pacific/Auckland',
  UTC: 'UTC',
  GMT: 'UTC',
};

/** The continents a place's zone can be in. */
export const REGIONS = ['asia', 'europe', 'americas', 'africa', 'oceania'] as const;
export type Region = (typeof REGIONS)[number];

/** An IANA zone's first part → its continent. */
const AREAS: Record<string, Region> = { Asia: 'asia', Europe: 'europe', America: 'americas', Africa: 'africa', Australia: 'oceania', Pacific: 'oceania' };

/** The continent of an IANA zone, by its first part ("Asia/Macau" → asia); undefined for offsets and oceans. */
export function regionOfZone(zone: string): Region | undefined {
  return AREAS[zone.split('/')[0]!];
}

/** Abbreviations that name a zone's standard and its daylight-saving time: [standard, daylight]. */
const SEASONS: ReadonlyArray<readonly [string, string]> = [
  ['PST', 'PDT'],
  ['MST', 'MDT'],
  ['CST', 'CDT'],
  ['EST', 'EDT'],
  ['GMT', 'BST'],
  ['WET', 'WEST'],
  ['CET', 'CEST'],
  ['EET', 'EEST'],
  ['AEST', 'AEDT'],
  ['NZST', 'NZDT'],
];

/**
 * How to call a zone the user named by an abbreviation at an instant: people type "PST" for
 * Pacific time all year, but in July the clock there is PDT (UTC-7), so a time is labelled with
 * the abbreviation in force then. Any other label is kept as written.
 */
export function labelInForce(label: string, daylight: boolean): string {
  const pair = SEASONS.find((p) => p.includes(label));
  return pair ? pair[daylight ? 1 : 0] : label;
}

const ZONE_WORDS: Array<[RegExp, string, string?]> = [
  [/\b(?:AoE|anywhere on earth)\b/i, 'UTC-12', 'AoE'],
  [/\b(?:pacific|us west(?: coast)?)(?: time)?\b|太平洋时间|美西时间|美西/i, 'America/Los_Angeles'],
  [/\b(?:eastern|us east(?: coast)?)(?: time)\b|美东时间|美东|美国东部时间/i, 'America/New_York'],
  [/\bcentral european(?: summer)? time\b|欧洲中部时间|中欧时间/i, 'Europe/Paris'],
  [/\bbeijing time\b|北京时间|china standard time/i, 'Asia/Shanghai'],
];

const OFFSET = /(?:UTC|GMT)\s?[+\-−]\s?\d{1,2}(?::?\d{2})?/i;
const IANA = /\b[A-Z][A-Za-z_]+\/[A-Za-z_]+(?:\/[A-Za-z_]+)?\b/;
const ABBREVIATION = new RegExp(`(?<![A-Za-z])(?:${Object.keys(USER_ABBREVIATIONS).join('|')}|AoE)(?![A-Za-z])`);
/** A place read as a zone: "Tokyo time", "in Tokyo time", "I'm in California". */
const PLACE_WORD = "[A-Z][a-zA-Z.'’-]+";
const PLACE_TIME = new RegExp(`(?:\\bin\\s+)?(${PLACE_WORD}(?:\\s+${PLACE_WORD}){0,2})\\s+time\\b`);
const LIVING_IN = new RegExp(
  `\\b(?:i'?m|i am|we'?re|we are|i live|we live|living|based|located|currently|someone|people|colleagues?|i'?ll be|attending)\\s+in\\s+(${PLACE_WORD}(?:\\s+${PLACE_WORD}){0,2})`,
  'i',
);
const IN_PLACE = new RegExp(`\\b(?:in|for|at)\\s+(${PLACE_WORD}(?:\\s+${PLACE_WORD}){0,2})`, 'g');
const NOT_PLACES = /^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun|the|this|next|chinese|english|nature|science|medicine|time)/i;

/**
 * The zone a user names in a question: an IANA name, UTC±N, an abbreviation (PST, CEST, JST),
 * a place with "time" ("Tokyo time", "伦敦时间"), where they are ("I'm in California", "我在纽约"),
 * or, when `loose` (a question about dates), any place named ("in Berlin", "纽约").
 * Places go through `zoneOf` (src/time/places.ts), so this file holds no city table.
 */
export function zoneInText(
  text: string,
  zoneOf: (place: string) => { zone: string; place: string } | undefined,
  chinesePlaces: readonly string[],
  loose = false,
): ZonePhrase | undefined {
  const at = (m: RegExpExecArray | null, zone: string | undefined, label?: string): ZonePhrase | undefined =>
    m && zone ? { zone, label: label ?? m[0].trim(), start: m.index, end: m.index + m[0].length } : undefined;
  const iana = IANA.exec(text);
  if (iana && isValidZone(iana[0])) return at(iana, iana[0]);
  const offset = OFFSET.exec(text);
  if (offset) {
    const parsed = parseZone(offset[0].replace('−', '-').replace(/\s+/g, ''));
    if (parsed) return at(offset, parsed.zone, parsed.label);
  }
  for (const [re, zone, label] of ZONE_WORDS) {
    const found = at(re.exec(text), zone, label);
    if (found) return found;
  }
  const abbr = ABBREVIATION.exec(text);
  if (abbr) return at(abbr, abbr[0].toLowerCase() === 'aoe' ? 'UTC-12' : USER_ABBREVIATIONS[abbr[0]], abbr[0].toLowerCase() === 'aoe' ? 'AoE' : abbr[0]);
  const english = (m: RegExpExecArray | null, group: string | undefined): ZonePhrase | undefined => {
    if (!m || !group || NOT_PLACES.test(group)) return undefined;
    // "New York City" → try the longest run of words that is a place.
    const words = group.split(/\s+/);
    for (let n = words.length; n > 0; n--) {
      const place = zoneOf(words.slice(0, n).join(' '));
      if (place) return { zone: place.zone, label: place.place, start: m.index, end: m.index + m[0].length };
    }
    return undefined;
  };
  const withTime = english(PLACE_TIME.exec(text), PLACE_TIME.exec(text)?.[1]);
  if (withTime) return withTime;
  const living = LIVING_IN.exec(text);
  const where = english(living, living?.[1]);
  if (where) return where;
  const han = chinesePlaceIn(text, zoneOf, chinesePlaces, loose);
  if (han) return han;
  if (loose) {
    for (const m of text.matchAll(IN_PLACE)) {
      const found = english(m as RegExpExecArray, m[1]);
      if (found) return found;
    }
  }
  return undefined;
}

function chinesePlaceIn(text: string, zoneOf: (place: string) => { zone: string; place: string } | undefined, names: readonly string[], loose: boolean): ZonePhrase | undefined {
  const sorted = [...names].sort((a, b) => b.length - a.length);
  for (const name of sorted) {
    const i = text.indexOf(name);
    if (i < 0) continue;
    const before = text.slice(Math.max(0, i - 3), i);
    const after = text.slice(i + name.length);
    const timeWord = /^(?:的)?(?:时间|时区|当地时间)/.exec(after);
    const living = /(?:我在|人在|身在|住在|我们在|在)$/.exec(before);
    if (!timeWord && !living && !loose) continue;
    const zone = zoneOf(name);
    if (!zone) continue;
    const start = living ? i - living[0].length : i;
    return { zone: zone.zone, label: name, start, end: i + name.length + (timeWord?.[0].length ?? 0) };
  }
  return undefined;
}
