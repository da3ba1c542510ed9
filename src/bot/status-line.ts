/**
 * The status line of an item, as of the day the source checked it. After the deadline
 * has passed, a status that reads as open is shown as what it was, not as current.
 * A status in the other language is marked as the source's wording.
 */
import { DateTime } from 'luxon';
import type { Entry } from '../catalog/schema.js';
import { readStatus } from '../catalog/status.js';
import type { Lang } from './reply.js';

export function statusValue(entry: Entry, now: DateTime, lang: Lang): string | undefined {
  const raw = entry.details.status;
  if (!raw) return undefined;
  const s = readStatus(raw);
  const zh = lang === 'zh';
  const foreign = s.lang !== lang;
  const passed = entry.deadline ? now > DateTime.fromISO(entry.deadline.at) : false;
  const quoted = foreign ? (zh ? `原文:“${s.bare}”` : `source's wording: “${s.bare}”`) : s.bare;
  const asOf = s.checked ? (zh ? `(${s.checked} 核验)` : `as of ${s.checked}`) : undefined;
  if (passed && s.readsOpen) {
    const day = DateTime.fromISO(entry.deadline!.at, { setZone: true }).toFormat('yyyy-MM-dd');
    if (zh) {
      return s.checked
        ? `截至 ${s.checked} 的状态:${quoted};截止日期 ${day} 已过,此状态已不是当前状态`
        : `来源所写的状态(未注明核验日期):${quoted};截止日期 ${day} 已过,此状态已不是当前状态`;
    }
    return s.checked
      ? `status as of ${s.checked}: ${quoted}; the deadline ${day} has passed, so this is no longer current`
      : `status as the source states it (no check date): ${quoted}; the deadline ${day} has passed, so this is no longer current`;
  }
  if (!asOf) return quoted;
  return zh ? `${quoted}${asOf}` : `${quoted} (${asOf})`;
}
