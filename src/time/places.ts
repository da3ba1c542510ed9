/**
 * Place → IANA zone: "Budapest", "in Tokyo time", "柏林", "California".
 *
 * The city table is city-timezones (7,300 cities with population, English names, no
 * network); Chinese names and regions people name instead of a city (states,
 * countries with one zone) are curated in curated/places.json. When a city name is
 * shared ("London" is also in Ontario) the most populous one wins.
 *
 * Reading city-timezones' 1.9 MB of JSON and checking its zones costs ~100 ms, paid at
 * every start when a seed names a venue city. So `npm run build` writes the compact
 * name → zone table once (`dist/places-table.json`, scripts/build-places.ts, ~3 ms to
 * read); from the sources (tsx) or without that file the table is built from the library
 * on first use, the same way (`buildPlaceTable`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PLACES_FILE, PROJECT_ROOT } from '../paths.js';
import { isValidZone } from './zones.js';

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

/** A place key → [IANA zone, the place's name]. */
export type PlaceTable = Record<string, [string, string]>;

/** Where `npm run build` writes the table. */
export const PLACE_TABLE_FILE = join(PROJECT_ROOT, 'dist', 'places-table.json');

let cities: Map<string, [string, string]> | undefined;
let curated: Curated | undefined;
let chineseNames: string[] | undefined;

function curatedPlaces(): Curated {
  if (!curated) {
    const raw = JSON.parse(readFileSync(PLACES_FILE, 'utf8')) as Partial<Curated>;
    curated = { zh: raw.zh ?? {}, regions: lowerKeys(raw.regions ?? {}) };
  }
  return curated;
}

/** The name → zone table from city-timezones: the most populous city of each name, zones this runtime knows. */
export function buildPlaceTable(): PlaceTable {
  const require = createRequire(import.meta.url);
  const rows = (require('city-timezones') as { cityMapping: CityRow[] }).cityMapping;
  const best = new Map<string, CityRow>();
  for (const row of rows) {
    // isValidZone remembers its answer per zone: asked once per zone, not once per city.
    if (!isValidZone(row.timezone)) continue;
    for (const name of new Set([row.city, row.city_ascii])) {
      if (!name) continue;
      const key = placeKey(name);
      const known = best.get(key);
      if (!known || known.pop < row.pop) best.set(key, row);
    }
  }
  const table: PlaceTable = {};
  for (const [key, row] of best) table[key] = [row.timezone, row.city_ascii || row.city];
  return table;
}

function cityTable(): Map<string, [string, string]> {
  if (!cities) {
    let table: PlaceTable | undefined;
    if (existsSync(PLACE_TABLE_FILE)) {
      try {
        table = JSON.parse(readFileSync(PLACE_TABLE_FILE, 'utf8')) as PlaceTable;
      } catch {
        table = undefined; // a damaged file: build the table from the library instead
      }
    }
    cities = new Map(Object.entries(table ?? buildPlaceTable()));
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
  const row = cityTable().get(placeKey(english));
  return row && isValidZone(row[0]) ? { zone: row[0], place: row[1] } : undefined;
}

/**
 * Places whose name starts with `prefix` (either language; accents and case ignored), cities their
 * zone is named after first, then shortest names, at most `limit`: what a zone option suggests while typing ("Tok" → Tokyo, "柏" → 柏林).
 */
export function placesStartingWith(prefix: string, limit: number): PlaceZone[] {
  const key = placeKey(prefix);
  if (!key) return [];
  const { zh } = curatedPlaces();
  const found: PlaceZone[] = [];
  for (const name of Object.keys(zh)) {
    if (!name.startsWith(prefix.trim())) continue;
    const zone = zoneOfPlace(name);
    if (zone) found.push({ zone: zone.zone, place: name });
  }
  const english: PlaceZone[] = [];
  for (const [k, [zone, place]] of cityTable()) if (k.startsWith(key)) english.push({ zone, place });
  // A city its zone is named after (Tokyo, Asia/Tokyo) first: the one people mean.
  const named = (p: PlaceZone) => (p.zone.endsWith(`/${p.place.replace(/ /g, '_')}`) ? 0 : 1);
  english.sort((a, b) => named(a) - named(b) || a.place.length - b.place.length || a.place.localeCompare(b.place));
  return [...found, ...english].slice(0, limit);
}

/** Every curated Chinese place name (for finding place names inside a sentence). */
export function chinesePlaceNames(): readonly string[] {
  if (!chineseNames) {
    const { zh, regions } = curatedPlaces();
    chineseNames = [...Object.keys(zh), ...Object.keys(regions).filter((k) => /\p{Script=Han}/u.test(k))];
  }
  return chineseNames;
}

function placeKey(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[.'’]/g, '').replace(/\s+/g, ' ').trim();
}

function lowerKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [placeKey(k), v]));
}
