/**
 * Place → IANA zone: "Budapest", "in Tokyo time", "柏林", "California".
 *
 * The city table is city-timezones (7,300 cities with population, English names, no
 * network); Chinese names and regions people name instead of a city (states,
 * countries with one zone) are curated in curated/places.json. When a city name is
 * shared ("London" is also in Ontario) the most populous one wins. The table is
 * loaded on first use, so a process that never asks pays nothing at start.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { IANAZone } from 'luxon';
import { PLACES_FILE } from '../paths.js';

export interface PlaceZone {
  /** IANA zone ("Europe/Budapest"). */
  zone: string;
  /** The place as the table names it ("Budapest", "California"). */
  place: string;
}

interface CityRow {
  city: string;
  city_ascii: string;
  pop: number;
  timezone: string;
}

interface Curated {
  zh: Record<string, string>;
  regions: Record<string, string>;
}

let cities: Map<string, CityRow> | undefined;
/** Lookups answered by one pass over the rows before the table is built (a catalog's few venues); then the table. */
const MAX_SCANS = 8;
let scans = 0;
let curated: Curated | undefined;

function curatedPlaces(): Curated {
  if (!curated) {
    const raw = JSON.parse(readFileSync(PLACES_FILE, 'utf8')) as Partial<Curated>;
    curated = { zh: raw.zh ?? {}, regions: lowerKeys(raw.regions ?? {}) };
  }
  return curated;
}

function cityTable(): Map<string, CityRow> {
  if (!cities) {
    const require = createRequire(import.meta.url);
    const rows = (require('city-timezones') as { cityMapping: CityRow[] }).cityMapping;
    cities = new Map();
    // isValidZone builds an Intl formatter per call: ask once per zone, not once per city.
    const valid = new Map<string, boolean>();
    for (const row of rows) {
      let ok = valid.get(row.timezone);
      if (ok === undefined) valid.set(row.timezone, (ok = IANAZone.isValidZone(row.timezone)));
      if (!ok) continue;
      for (const name of new Set([row.city, row.city_ascii])) {
        const key = placeKey(name);
        const known = cities.get(key);
        if (!known || known.pop < row.pop) cities.set(key, row);
      }
    }
  }
  return cities;
}

/** The zone of a named place, or undefined when the name is not a place we know. */
export function zoneOfPlace(name: string): PlaceZone | undefined {
  const text = name.trim().replace(/\s+/g, ' ');
  if (!text) return undefined;
  const { zh, regions } = curatedPlaces();
  const english = zh[text] ?? text;
  const region = regions[placeKey(english)] ?? regions[text];
  if (region) return { zone: region, place: english };
  const key = placeKey(english);
  const row = cities ? cities.get(key) : /^[\x20-\x7e]+$/.test(key) && scans++ < MAX_SCANS ? scanAscii(key) : cityTable().get(key);
  return row ? { zone: row.timezone, place: row.city_ascii || row.city } : undefined;
}

/**
 * An ASCII name looked up before the table is built (the catalog's few venue cities at
 * start): one pass over the rows, the most populous match, without building the table.
 */
function scanAscii(key: string): CityRow | undefined {
  const require = createRequire(import.meta.url);
  const rows = (require('city-timezones') as { cityMapping: CityRow[] }).cityMapping;
  let best: CityRow | undefined;
  const first = key.charCodeAt(0);
  for (const row of rows) {
    // Most rows differ in their first letter: skip them before any string work.
    if (((row.city_ascii?.charCodeAt(0) ?? 0) | 32) !== first && ((row.city?.charCodeAt(0) ?? 0) | 32) !== first) continue;
    if (asciiKey(row.city_ascii) !== key && asciiKey(row.city) !== key) continue;
    if (!best || best.pop < row.pop) best = row;
  }
  // The most populous match, if its zone is one this runtime knows.
  return best && IANAZone.isValidZone(best.timezone) ? best : undefined;
}

function asciiKey(name: string | undefined): string {
  return (name ?? '').toLowerCase().replace(/[.'’]/g, '').replace(/\s+/g, ' ').trim();
}

/** Every curated Chinese place name (for finding place names inside a sentence). */
export function chinesePlaceNames(): string[] {
  const { zh, regions } = curatedPlaces();
  return [...Object.keys(zh), ...Object.keys(regions).filter((k) => /\p{Script=Han}/u.test(k))];
}

function placeKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[.'’]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function lowerKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [placeKey(k), v]));
}
