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
  if (IANAZone.isValidZone(text)) return { zone: text, label: text };
  return undefined;
}

/** Validate a zone given in configuration or by a user (IANA name or a label parseZone knows). */
export function zoneFromUser(input: string): SourceZone | undefined {
  return parseZone(input);
}
