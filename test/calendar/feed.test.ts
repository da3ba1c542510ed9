/**
 * The calendar feed, parsed back with ical.js: one event per milestone, exact instants,
 * all-day dates, UIDs that survive a moved deadline, both languages, and the filters.
 */
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { calendarFeed, eventsOf } from '../../src/calendar/feed.js';
import { FeedQueryError, feedUrl, parseFeedQuery, selectEntries } from '../../src/calendar/filter.js';
import { calendarRoute } from '../../src/http/calendar.js';
import { HttpServer } from '../../src/http/server.js';
import { makeBot, seedDir } from '../helpers.js';

interface Parsed {
  uid: string;
  summary: string;
  description: string;
  start: ICAL.Time;
  end: ICAL.Time | null;
  location: string | null;
}

function parse(text: string): { name: string; events: Parsed[] } {
  const root = new ICAL.Component(ICAL.parse(text));
  expect(root.name).toBe('vcalendar');
  expect(root.getFirstPropertyValue('version')).toBe('2.0');
  expect(root.getFirstPropertyValue('prodid')).toBeTruthy();
  const events = root.getAllSubcomponents('vevent').map((c) => {
    const e = new ICAL.Event(c);
    expect(c.getFirstPropertyValue('dtstamp')).toBeTruthy();
    return { uid: e.uid, summary: e.summary, description: e.description, start: e.startDate, end: c.hasProperty('dtend') ? e.endDate : null, location: e.location ?? null };
  });
  return { name: String(root.getFirstPropertyValue('x-wr-calname')), events };
}

const STAMP = new Date('2026-11-01T00:00:00Z');

describe('calendar feed', () => {
  const core = makeBot();
  const emnlp = core.search('EMNLP').find((e) => e.title === 'EMNLP 2026 征稿')!;
  const competition = core.entries.find((e) => e.milestones.filter((m) => m.type === 'phase').length === 2)!;

  it('has one event per milestone of every dated entry, with unique UIDs', () => {
    const dated = core.entries.filter((e) => e.milestones.length > 0);
    const { events } = parse(calendarFeed(dated, { lang: 'en', stamp: STAMP }));
    expect(events).toHaveLength(dated.reduce((n, e) => n + e.milestones.length, 0));
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);
    for (const e of events) expect(e.uid).toMatch(/^[a-z0-9-]+\.[a-z0-9-]+@catalog-bot$/);
  });

  it('writes a timed deadline as its exact instant (AoE → UTC) and a conference as all-day dates', () => {
    const { events } = parse(calendarFeed([emnlp], { lang: 'en', stamp: STAMP }));
    const deadline = events.find((e) => e.uid === `${emnlp.id}.deadline@catalog-bot`)!;
    // "due 2026-05-25 UTC-12", 23:59:59 assumed = 2026-05-26 11:59:59 UTC.
    expect(deadline.start.isDate).toBe(false);
    expect(deadline.start.toJSDate().toISOString()).toBe('2026-05-26T11:59:59.000Z');
    expect(deadline.start.zone?.tzid).toBe('UTC');
    expect(deadline.summary).toBe('EMNLP 2026 征稿 · Deadline');
    expect(deadline.description).toContain('2026-05-25 23:59 UTC-12 = 2026-05-26 19:59 Beijing time');
    expect(deadline.description).toContain('Source says: “due 2026-05-25 UTC-12”');

    const conference = events.find((e) => e.uid === `${emnlp.id}.conference@catalog-bot`)!;
    expect(conference.start.isDate).toBe(true);
    expect(conference.start.toString()).toBe('2026-10-24');
    // DTEND of an all-day event is exclusive: the conference runs through the 29th.
    expect(conference.end!.toString()).toBe('2026-10-30');
    expect(conference.location).toBe('Budapest');
  });

  it('keeps a round apart from another round of the same entry', () => {
    const { events } = parse(calendarFeed([competition], { lang: 'zh', stamp: STAMP }));
    const rounds = events.filter((e) => e.uid.includes('.phase-'));
    expect(rounds).toHaveLength(2);
    expect(rounds.map((r) => r.summary.split(' · ')[1])).toEqual(['初赛', '决赛']);
  });

  it('writes Chinese or English text', () => {
    const zh = parse(calendarFeed([emnlp], { lang: 'zh', stamp: STAMP }));
    const en = parse(calendarFeed([emnlp], { lang: 'en', stamp: STAMP }));
    expect(zh.name).toBe('医学 AI 截止日程');
    expect(en.name).toBe('Medical AI deadlines');
    expect(zh.events[0]!.summary).toBe('EMNLP 2026 征稿 · 截止');
    expect(zh.events[0]!.description).toContain('北京时间');
  });

  it('keeps an event’s UID when its deadline moves, so calendar apps update it', () => {
    const header = '征稿WorkshopX 2026\nWorkshopX 2026 calls for papers.';
    const before = makeBot({ seeds: seedDir({ 'x.txt': `${header} Papers due 2026-07-01 AoE. Workshop 2026-09-10.\n` }) });
    const after = makeBot({ seeds: seedDir({ 'x.txt': `${header} Papers due 2026-07-15 AoE. Workshop 2026-09-10.\n` }) });
    const a = parse(calendarFeed(before.entries, { lang: 'en', stamp: STAMP })).events;
    const b = parse(calendarFeed(after.entries, { lang: 'en', stamp: STAMP })).events;
    expect(a.length).toBeGreaterThan(0);
    expect(b.map((e) => e.uid)).toEqual(a.map((e) => e.uid));
    const moved = (events: Parsed[]) =>
      events
        .find((e) => e.uid.endsWith('.deadline@catalog-bot'))!
        .start.toJSDate()
        .toISOString();
    expect(moved(a)).toBe('2026-07-02T11:59:59.000Z');
    expect(moved(b)).toBe('2026-07-16T11:59:59.000Z');
    // The same UIDs again on another run.
    expect(eventsOf(after.entries).map((e) => e.uid)).toEqual(b.map((e) => e.uid));
  });
});

describe('feed filters', () => {
  const core = makeBot();

  it('reads kind, tag, q and lang, and rejects bad values with one line', () => {
    expect(parseFeedQuery(new URLSearchParams('kind=cfp,competition&kind=cfp&tag=NLP&q=EMNLP&lang=zh'))).toEqual({
      kinds: ['cfp', 'competition'],
      tag: 'NLP',
      q: 'EMNLP',
      lang: 'zh',
    });
    expect(() => parseFeedQuery(new URLSearchParams('kind=poster'))).toThrow(FeedQueryError);
    expect(() => parseFeedQuery(new URLSearchParams('lang=fr'))).toThrow('lang must be zh or en (got "fr")');
  });

  it('selects dated entries by kind, tag and query', () => {
    const cfps = selectEntries(core, { kinds: ['cfp'] });
    expect(cfps.length).toBeGreaterThan(0);
    expect(cfps.every((e) => e.kind === 'cfp' && e.milestones.length > 0)).toBe(true);
    expect(selectEntries(core, { q: 'EMNLP' })[0]!.title).toBe('EMNLP 2026 征稿');
    const tagged = core.entries.find((e) => e.milestones.length > 0 && e.tags.length > 0)!;
    const tag = tagged.tags[0]!;
    const byTag = selectEntries(core, { tag: tag.toUpperCase() });
    expect(byTag).toContain(tagged);
    expect(byTag.every((e) => e.tags.some((t) => t.toLowerCase() === tag.toLowerCase()))).toBe(true);
    expect(selectEntries(core, { q: 'EMNLP', kinds: ['dataset'] })).toEqual([]);
  });

  it('builds the feed URL of a query', () => {
    expect(feedUrl('https://bot.example.org/', { q: 'EMNLP 2026', lang: 'zh' })).toBe('https://bot.example.org/calendar.ics?q=EMNLP+2026&lang=zh');
    expect(feedUrl('https://bot.example.org', {})).toBe('https://bot.example.org/calendar.ics');
  });

  it('is served as text/calendar at /calendar.ics, 400 for a bad filter', async () => {
    const server = new HttpServer();
    server.mount('/calendar.ics', calendarRoute({ source: core, stamp: () => STAMP }));
    const { port } = await server.listen(0, '127.0.0.1');
    try {
      const res = await fetch(`http://127.0.0.1:${port}/calendar.ics?q=EMNLP&kind=cfp`, { headers: { 'accept-language': 'zh-CN,zh;q=0.9' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
      const { name, events } = parse(await res.text());
      expect(name).toBe('医学 AI 截止日程');
      expect(events.map((e) => e.summary)).toContain('EMNLP 2026 征稿 · 截止');
      const bad = await fetch(`http://127.0.0.1:${port}/calendar.ics?kind=poster`);
      expect(bad.status).toBe(400);
      expect(await bad.text()).toMatch(/^kind must be one of paper, dataset, competition, cfp, course, other/);
    } finally {
      await server.close();
    }
  });
});
