/**
 * Any date statement the parser accepts keeps its instant from the seed line to the
 * reply item and to the calendar feed (parsed back with ical.js). Property-based
 * (fast-check): random dates, times, zones, wordings and venues.
 */
import fc from 'fast-check';
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { toItem } from '../../src/bot/items.js';
import { calendarFeed } from '../../src/calendar/feed.js';
import { buildCatalog } from '../../src/catalog/load.js';
import { parseZone } from '../../src/time/zones.js';
import { zoneOfPlace } from '../../src/time/places.js';
import { at } from '../helpers.js';

const MONTH = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const day = fc
  .date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2030-12-20T00:00:00Z'), noInvalidDate: true })
  .map((d) => DateTime.fromJSDate(d, { zone: 'UTC' }).startOf('day'));
const written = (d: DateTime, style: number) =>
  [d.toFormat('yyyy-MM-dd'), `${MONTH[d.month - 1]} ${d.day}, ${d.year}`, `${d.day} ${MONTH[d.month - 1]} ${d.year}`, `${d.year}年${d.month}月${d.day}日`][style]!;

describe('a date statement round-trips to the same instant', () => {
  it('through the entry, the reply item and the calendar feed', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('papers due', 'submission deadline', 'Deadline:', '投稿截止', 'full papers due'),
        day,
        fc.integer({ min: 0, max: 3 }),
        fc.option(fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })), { nil: undefined }),
        fc.constantFrom('', 'AoE', 'UTC+8', 'UTC-5', 'PT', '北京时间', 'UTC'),
        fc.integer({ min: 30, max: 200 }),
        fc.integer({ min: 0, max: 5 }),
        fc.constantFrom('Budapest', 'Dallas', 'Macau', 'Tokyo', 'Lisbon', 'Atlantis'),
        (word, date, style, time, zoneText, gap, length, city) => {
          const hhmm = time ? ` ${String(time[0]).padStart(2, '0')}:${String(time[1]).padStart(2, '0')}` : '';
          const first = date.plus({ days: gap });
          const last = first.plus({ days: length });
          const description = `${word} ${written(date, style)}${hhmm}${zoneText ? ` ${zoneText}` : ''}; the conference on ${first.toFormat('yyyy-MM-dd')} to ${last.toFormat('yyyy-MM-dd')} in ${city}.`;
          const catalog = buildCatalog([{ name: 'gen.txt', content: `征稿与合作Gen会议征稿 Gen 征稿\n${description}\n` }]);
          const entry = catalog.entries[0]!;
          expect(entry.deadline, description).toBeDefined();

          // The instant the statement names, computed independently.
          const zone = (zoneText && parseZone(zoneText)?.zone) || 'Asia/Shanghai';
          const base = { year: date.year, month: date.month, day: date.day };
          const expected = time
            ? DateTime.fromObject({ ...base, hour: time[0], minute: time[1] }, { zone })
            : DateTime.fromObject({ ...base, hour: 23, minute: 59, second: 59 }, { zone });
          expect(DateTime.fromISO(entry.deadline!.at).toMillis(), description).toBe(expected.toMillis());

          const item = toItem(entry, { lang: 'en', now: at('2026-01-01T00:00:00+08:00') });
          expect(item.deadline).toBe(entry.deadline!.at);

          const root = new ICAL.Component(ICAL.parse(calendarFeed([entry], { lang: 'en', stamp: new Date('2026-01-01T00:00:00Z') })));
          const events = root.getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
          const deadline = events.find((e) => e.uid.includes('.deadline@'))!;
          expect(deadline.startDate.toJSDate().getTime(), description).toBe(expected.toMillis());

          // Conference days: all-day DATEs, the days as written, in the venue's zone when the city is known.
          const conference = events.find((e) => e.uid.includes('.conference@'))!;
          expect(conference.startDate.isDate).toBe(true);
          expect(conference.startDate.toString()).toBe(first.toFormat('yyyy-MM-dd'));
          expect(conference.endDate.toString()).toBe(last.plus({ days: 1 }).toFormat('yyyy-MM-dd'));
          const m = entry.milestones.find((x) => x.type === 'conference')!;
          // An unknown place keeps the zone the description states for its deadline, else the header's (Beijing here).
          expect(m.zone).toBe(zoneOfPlace(city)?.zone ?? zone);
        },
      ),
      { numRuns: 150 },
    );
  });
});
