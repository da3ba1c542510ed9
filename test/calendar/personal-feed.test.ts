/**
 * The private feed /calendar/<token>.ics, parsed back with ical.js: the followed items only, with
 * every milestone; UIDs stable across renders and a restart (a new store connection on the same
 * file); SEQUENCE and LAST-MODIFIED bumped when a deadline changes (a new catalog); VALARM at the
 * first lead when asked; conference days as all-day DATEs; 304 for the ETag; 404 for a token
 * that is unknown or was reset; the token never in the log.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { eventsOf } from '../../src/calendar/feed.js';
import { PERSONAL_FEED_PREFIX, personalCalendarRoute } from '../../src/http/personal-calendar.js';
import { calendarRoute } from '../../src/http/calendar.js';
import { HttpServer } from '../../src/http/server.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/types.js';
import { FakeClock } from '../fake-clock.js';
import { makeBot, seedDir } from '../helpers.js';

const ALPHA = 'alpha-conf-2027-50ecd5c4';
const BETA = 'beta-7e66408f';
const PERSON = 'telegram:42';
const STAMP = new Date('2027-01-01T00:00:00Z');

function seeds(alphaDeadline = '2027-03-10 23:59'): string {
  return seedDir({
    'a.txt':
      `征稿与合作Alpha Conf 2027截止 北京时间 ${alphaDeadline.slice(0, 10)}会议征稿 Alpha Conf 2027 征稿\n` +
      `Alpha Conf 2027 invites papers on clinical NLP; papers due ${alphaDeadline} UTC+8; the conference on 2027-06-01 to 2027-06-03 in Budapest. https://alpha.example.org/cfp\n` +
      '技术竞赛Beta Challenge截止 北京时间 2027-04-20Beta 医学影像挑战赛\n' +
      'The Beta Challenge on medical imaging segmentation closes 2027-04-20 23:59 AoE.\n',
  });
}

function follow(store: Store, person: string, id: string, leads = [7, 1, 0]) {
  return store.addSubscription({ conversation: person, platform: 'telegram', filter: { ids: [id] }, leads, zone: 'Asia/Shanghai', lang: 'en', createdBy: '42' });
}

const dir = mkdtempSync(join(tmpdir(), 'personal-feed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const open: { server?: HttpServer; store?: SqliteStore }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) {
    await o.server?.close();
    await o.store?.close();
  }
});

/** A server of the private feeds over `seedsDir`'s catalog and a store on `file`. */
async function serve(file: string, clock: FakeClock, seedsDir = seeds(), log: string[] = []) {
  const store = openSqliteStore(file, undefined, { clock });
  const core = makeBot({ seeds: seedsDir });
  const server = new HttpServer({ log: (message) => log.push(message) });
  open.push({ server, store });
  server.mount('/calendar.ics', calendarRoute({ source: core, stamp: () => STAMP }));
  server.mountPrefix(PERSONAL_FEED_PREFIX, personalCalendarRoute({ source: core, store, stamp: () => STAMP, clock }));
  const { port } = await server.listen(0, '127.0.0.1');
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`http://127.0.0.1:${port}${path}`, { headers });
  return { store, core, get };
}

function parse(text: string) {
  const root = new ICAL.Component(ICAL.parse(text));
  return root.getAllSubcomponents('vevent').map((c) => ({
    uid: c.getFirstPropertyValue('uid') as string,
    sequence: c.getFirstPropertyValue('sequence') as number | null,
    lastModified: (c.getFirstPropertyValue('last-modified') as ICAL.Time | null)?.toJSDate().toISOString(),
    start: c.getFirstPropertyValue('dtstart') as ICAL.Time,
    end: c.getFirstPropertyValue('dtend') as ICAL.Time,
    alarms: c.getAllSubcomponents('valarm').map((a) => String(a.getFirstPropertyValue('trigger'))),
  }));
}

describe('the private calendar feed', () => {
  it('holds every milestone of the followed items only; UIDs stay across renders and a restart', async () => {
    const file = join(dir, `feed-${n++}.sqlite`);
    const clock = new FakeClock(Date.parse('2027-01-05T08:00:00Z'));
    const first = await serve(file, clock);
    await follow(first.store, PERSON, ALPHA);
    await follow(first.store, 'telegram:77', BETA);
    // A subscription at the same address that is no follow (no ids) adds nothing.
    await first.store.addSubscription({ conversation: PERSON, platform: 'telegram', filter: { kinds: ['competition'] }, leads: [7], zone: 'UTC', lang: 'en' });
    const token = await first.store.feedTokenOf(PERSON);

    const res = await first.get(`/calendar/${token}.ics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('private, max-age=300');
    const body = await res.text();
    const events = parse(body);
    const alpha = first.core.entries.find((e) => e.id === ALPHA)!;
    expect(events.map((e) => e.uid)).toEqual(eventsOf([alpha]).map((e) => e.uid));
    expect(events.map((e) => e.uid)).toEqual([`${ALPHA}.deadline@catalog-bot`, `${ALPHA}.conference@catalog-bot`]);
    expect(events.every((e) => e.sequence === 0 && e.lastModified === '2027-01-05T08:00:00.000Z')).toBe(true);
    expect(events.every((e) => e.alarms.length === 0)).toBe(true);

    // Conference days: all-day DATEs, the end exclusive.
    const conference = events[1]!;
    expect(conference.start.isDate).toBe(true);
    expect(conference.start.toString()).toBe('2027-06-01');
    expect(conference.end.toString()).toBe('2027-06-04');
    expect(body).toContain('DTSTART;VALUE=DATE:20270601');
    const deadline = events[0]!;
    expect(deadline.start.isDate).toBe(false);
    expect(deadline.start.toJSDate().toISOString()).toBe('2027-03-10T15:59:00.000Z');

    // Rendered again later: the same feed, and the ETag gets 304.
    clock.jump(Date.parse('2027-01-06T08:00:00Z'));
    const again = await first.get(`/calendar/${token}.ics`);
    expect(await again.text()).toBe(body);
    const etag = again.headers.get('etag')!;
    expect((await first.get(`/calendar/${token}.ics`, { 'if-none-match': etag })).status).toBe(304);

    // A restart: a new store connection on the same file, a new catalog load of the same seeds.
    for (const o of open.splice(0)) {
      await o.server?.close();
      await o.store?.close();
    }
    clock.jump(Date.parse('2027-01-07T08:00:00Z'));
    const restarted = await serve(file, clock);
    const after = await restarted.get(`/calendar/${token}.ics`);
    expect(after.status).toBe(200);
    const text = await after.text();
    expect(text).toBe(body);
    expect(parse(text).map((e) => [e.uid, e.sequence, e.lastModified])).toEqual(events.map((e) => [e.uid, 0, '2027-01-05T08:00:00.000Z']));
  });

  it('bumps SEQUENCE and LAST-MODIFIED of the event whose deadline changed, only that one', async () => {
    const file = join(dir, `feed-${n++}.sqlite`);
    const clock = new FakeClock(Date.parse('2027-01-05T08:00:00Z'));
    const before = await serve(file, clock);
    await follow(before.store, PERSON, ALPHA);
    const token = await before.store.feedTokenOf(PERSON);
    const old = parse(await (await before.get(`/calendar/${token}.ics`)).text());
    const oldEtag = (await before.get(`/calendar/${token}.ics`)).headers.get('etag')!;

    // The same store file served with a catalog whose Alpha deadline moved by a week.
    clock.jump(Date.parse('2027-02-01T09:30:00Z'));
    const moved = await serve(file, clock, seeds('2027-03-17 23:59'));
    const res = await moved.get(`/calendar/${token}.ics`, { 'if-none-match': oldEtag });
    expect(res.status).toBe(200);
    const now = parse(await res.text());
    expect(now.map((e) => e.uid)).toEqual(old.map((e) => e.uid));
    const [deadline, conference] = now;
    expect(deadline!.start.toJSDate().toISOString()).toBe('2027-03-17T15:59:00.000Z');
    expect(deadline).toMatchObject({ sequence: 1, lastModified: '2027-02-01T09:30:00.000Z' });
    expect(conference).toMatchObject({ sequence: 0, lastModified: '2027-01-05T08:00:00.000Z' });

    // Served again: no further bump; in the other language: the same versions.
    clock.jump(Date.parse('2027-02-02T00:00:00Z'));
    expect(parse(await (await moved.get(`/calendar/${token}.ics`)).text()).map((e) => e.sequence)).toEqual([1, 0]);
    expect(parse(await (await moved.get(`/calendar/${token}.ics?lang=zh`)).text()).map((e) => e.sequence)).toEqual([1, 0]);
  });

  it('adds a VALARM at the first lead with ?alarm=1', async () => {
    const clock = new FakeClock(Date.parse('2027-01-05T08:00:00Z'));
    const { store, get } = await serve(join(dir, `feed-${n++}.sqlite`), clock);
    await follow(store, PERSON, ALPHA, [14, 3, 0]);
    await follow(store, PERSON, BETA, [0]);
    const token = await store.feedTokenOf(PERSON);
    const res = await get(`/calendar/${token}.ics?alarm=1`);
    const text = await res.text();
    expect(text).toContain('BEGIN:VALARM');
    const events = parse(text);
    expect(events.map((e) => [e.uid.split('.')[0], e.alarms])).toEqual([
      [ALPHA, ['-P14D']],
      [ALPHA, ['-P14D']],
      [BETA, ['PT0S']],
    ]);
    // Without the parameter, no alarm.
    expect(await (await get(`/calendar/${token}.ics`)).text()).not.toContain('VALARM');
  });

  it('answers 404 for an unknown, malformed or reset token, and never logs the token', async () => {
    const clock = new FakeClock(Date.parse('2027-01-05T08:00:00Z'));
    const log: string[] = [];
    const { store, get } = await serve(join(dir, `feed-${n++}.sqlite`), clock, seeds(), log);
    await follow(store, PERSON, ALPHA);
    const old = await store.feedTokenOf(PERSON);
    expect((await get(`/calendar/${'x'.repeat(43)}.ics`)).status).toBe(404);
    expect((await get('/calendar/short.ics')).status).toBe(404);
    expect((await get(`/calendar/${old}`)).status).toBe(404);
    expect((await get(`/calendar/${old}.ics/more`)).status).toBe(404);
    // The exact route next to the prefix is still the public feed.
    expect((await get('/calendar.ics')).status).toBe(200);
    expect((await get(`/calendar/${old}.ics`)).status).toBe(200);
    expect((await get(`/calendar/${old}.ics?lang=fr`)).status).toBe(400);

    const fresh = await store.resetFeedToken(PERSON);
    expect((await get(`/calendar/${old}.ics`)).status).toBe(404);
    expect((await get(`/calendar/${fresh}.ics`)).status).toBe(200);

    // A failing render is a 500 whose log line names the prefix, not the path.
    store.eventVersions = async () => {
      throw new Error('disk on fire');
    };
    expect((await get(`/calendar/${fresh}.ics`)).status).toBe(500);
    expect(log).toEqual(['http: GET /calendar/… failed']);
    expect(log.join('\n')).not.toContain(fresh);
  });
});
