/**
 * A zone a person chooses for themselves (/settings zone): an IANA name (any case), UTC±N or
 * a zone word (parseZone: AoE, PST, 北京时间), or a city in either language (zoneOfPlace).
 * Also what to call a stored zone in a reply, and the zones suggested while typing one.
 */
import { IANAZone } from 'luxon';
import { placesStartingWith, zoneOfPlace } from './places.js';
import { BEIJING, parseZone } from './zones.js';

/** The zone the text names, as luxon reads it ("Asia/Tokyo", "UTC+2"); undefined when it names none. */
export function readPersonZone(text: string): string | undefined {
  const value = text.trim().replace(/\s+/g, ' ').replace('−', '-');
  if (!value) return undefined;
  const parsed = parseZone(value) ?? parseZone(value.replace(/\s+/g, ''));
  if (parsed) return canonical(parsed.zone);
  return zoneOfPlace(value)?.zone;
}

/** An IANA name as the runtime spells it ("asia/tokyo" → "Asia/Tokyo"); offsets stay as they are. */
function canonical(zone: string): string {
  if (/^UTC[+-]/.test(zone) || !IANAZone.isValidZone(zone)) return zone;
  return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
}

/** How a reply names a stored zone: its city ("America/Los_Angeles" → "Los Angeles"), an offset as is. */
export function personZoneLabel(zone: string): string {
  if (!zone.includes('/')) return zone;
  return zone.slice(zone.lastIndexOf('/') + 1).replace(/_/g, ' ');
}

/** Whether times need a zone of their own for this person (Beijing time is always shown). */
export function isBeijing(zone: string): boolean {
  return zone === BEIJING.zone;
}

export interface ZoneChoice {
  /** "Tokyo · Asia/Tokyo", "Europe/Berlin", "UTC+2". */
  title: string;
  /** What the option is filled with (readPersonZone reads it back). */
  value: string;
}

/** Zones for what is typed so far: UTC±N as typed, IANA names containing it, cities starting with it. */
export function zoneChoices(query: string, limit: number): ZoneChoice[] {
  const q = query.trim();
  if (!q) return [];
  const out: ZoneChoice[] = [];
  const seen = new Set<string>();
  const add = (title: string, value: string) => {
    if (seen.has(value) || out.length >= limit) return;
    seen.add(value);
    out.push({ title, value });
  };
  const offset = parseZone(q.replace(/\s+/g, ''));
  if (offset && /^(?:UTC|GMT)/i.test(q)) add(offset.zone, offset.zone);
  const lower = q.toLowerCase().replace(/\s+/g, '_');
  const names = Intl.supportedValuesOf('timeZone');
  for (const name of names) if (name.toLowerCase().startsWith(lower)) add(name, name);
  for (const place of placesStartingWith(q, limit)) add(`${place.place} · ${place.zone}`, place.place);
  for (const name of names) if (name.toLowerCase().includes(lower)) add(name, name);
  return out;
}
