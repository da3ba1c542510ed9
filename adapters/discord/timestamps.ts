/**
 * Instants as Discord timestamp markup: `<t:UNIX:F>` shows the instant in each reader's
 * own time zone and language, `<t:UNIX:R>` a live countdown ("in 3 days").
 */
import { DateTime } from 'luxon';

function timestamp(iso: string, style: 'F' | 'R'): string | undefined {
  const dt = DateTime.fromISO(iso, { setZone: true });
  return dt.isValid ? `<t:${Math.floor(dt.toSeconds())}:${style}>` : undefined;
}

/** "<t:…:F> (<t:…:R>)", or undefined for an unreadable instant. */
export function instantValue(iso: string): string | undefined {
  const full = timestamp(iso, 'F');
  return full && `${full} (${timestamp(iso, 'R')})`;
}
