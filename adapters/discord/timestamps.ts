/**
 * Dates as Discord timestamp markup: `<t:UNIX:F>` shows the instant in each reader's own
 * time zone and language, `<t:UNIX:R>` a live countdown ("in 3 days"). The source's own
 * wording of the time ("2026-05-25 23:59 AoE") is kept next to it.
 */
import { DateTime } from 'luxon';
import type { Milestone } from '../../src/catalog/schema.js';
import type { Lang } from '../../src/bot/types.js';
import { formatMilestoneTime } from '../../src/time/format.js';

export type TimestampStyle = 't' | 'T' | 'd' | 'D' | 'f' | 'F' | 'R';

export function unixSeconds(iso: string): number | undefined {
  const dt = DateTime.fromISO(iso, { setZone: true });
  return dt.isValid ? Math.floor(dt.toSeconds()) : undefined;
}

export function timestamp(iso: string, style: TimestampStyle): string | undefined {
  const s = unixSeconds(iso);
  return s === undefined ? undefined : `<t:${s}:${style}>`;
}

/** "2026-05-25 23:59 UTC-12" / "2026-05-26 23:59 北京时间": the time as the source zone writes it. */
export function sourceWording(m: Milestone, lang: Lang): string {
  const label = m.zone === 'Asia/Shanghai' ? (lang === 'zh' ? '北京时间' : 'Beijing time') : m.zoneLabel;
  return formatMilestoneTime(m, lang, m.zone, label);
}

/**
 * The value of a milestone field: reader-local time and live countdown, then the source
 * wording. All-day dates stay dates as the source gives them (a reader's zone could shift the day).
 */
export function milestoneValue(m: Milestone, lang: Lang): string | undefined {
  const relative = timestamp(m.at, 'R');
  if (!relative) return undefined;
  const place = m.place ? ` · ${m.place}` : '';
  if (m.allDay) return `${formatMilestoneTime(m, lang)}${place} (${relative})`;
  const until = m.end ? timestamp(m.end, 'F') : undefined;
  return `${timestamp(m.at, 'F')}${until ? ` → ${until}` : ''} (${relative})\n${sourceWording(m, lang)}${place}`;
}

/** The value for a bare deadline instant (no milestone details known). */
export function instantValue(iso: string): string | undefined {
  const full = timestamp(iso, 'F');
  const relative = timestamp(iso, 'R');
  return full && relative ? `${full} (${relative})` : undefined;
}
