import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildPlaceTable, PLACE_TABLE_FILE, zoneOfPlace } from '../../src/time/places.js';

describe('zoneOfPlace', () => {
  it('finds venue cities in English', () => {
    expect(zoneOfPlace('Budapest')?.zone).toBe('Europe/Budapest');
    expect(zoneOfPlace('Macau')?.zone).toBe('Asia/Macau');
    expect(zoneOfPlace('Dallas')?.zone).toBe('America/Chicago');
    expect(zoneOfPlace('san francisco')?.zone).toBe('America/Los_Angeles');
  });
  it('prefers the most populous city of a shared name', () => {
    expect(zoneOfPlace('London')?.zone).toBe('Europe/London');
  });
  it('reads Chinese names and regions', () => {
    expect(zoneOfPlace('柏林')?.zone).toBe('Europe/Berlin');
    expect(zoneOfPlace('纽约')?.zone).toBe('America/New_York');
    expect(zoneOfPlace('California')?.zone).toBe('America/Los_Angeles');
    expect(zoneOfPlace('加州')?.zone).toBe('America/Los_Angeles');
  });
  it('answers undefined for words that are not places', () => {
    expect(zoneOfPlace('pathology')).toBeUndefined();
    expect(zoneOfPlace('')).toBeUndefined();
  });
});

describe('the place table written by npm run build', () => {
  it('holds what the library gives (so a start without it answers the same)', () => {
    if (!existsSync(PLACE_TABLE_FILE)) return; // from the sources without a build: the library is used directly
    expect(JSON.parse(readFileSync(PLACE_TABLE_FILE, 'utf8'))).toEqual(buildPlaceTable());
  });
});
