import { describe, expect, it } from 'vitest';
import type { Milestone } from '../../src/catalog/schema.js';
import { milestoneLabel } from '../../src/bot/messages.js';
import { countdown, formatInZone, formatMilestoneTime } from '../../src/time/format.js';
import { readMilestones } from '../../src/time/milestones.js';
import { BEIJING, parseZone } from '../../src/time/zones.js';
import { at } from '../helpers.js';

const read = (text: string, year = 2026) => readMilestones(text, { year, fallbackZone: BEIJING, from: 'description' });

describe('zones', () => {
  it('reads AoE, UTC offsets, Beijing and Pacific time', () => {
    expect(parseZone('AoE')).toEqual({ zone: 'UTC-12', label: 'AoE' });
    expect(parseZone('UTC-12')?.zone).toBe('UTC-12');
    expect(parseZone('UTC+8')?.zone).toBe('UTC+8');
    expect(parseZone('GMT+5:30')?.zone).toBe('UTC+5:30');
    expect(parseZone('Beijing')?.zone).toBe('Asia/Shanghai');
    expect(parseZone('北京时间')?.zone).toBe('Asia/Shanghai');
    expect(parseZone('PT')?.zone).toBe('America/Los_Angeles');
    expect(parseZone('UTC+99')).toBeUndefined();
    expect(parseZone('Mars time')).toBeUndefined();
  });
});

describe('reading milestones', () => {
  it('a date-only deadline with an explicit zone ends at 23:59:59 in that zone', () => {
    const [m] = read('papers due 2026-05-25 UTC-12');
    expect(m).toMatchObject({ type: 'deadline', at: '2026-05-25T23:59:59-12:00', zoneAssumed: false, timeAssumed: true });
    expect(m!.wording).toBe('due 2026-05-25 UTC-12');
  });

  it('a date without a zone takes the fallback zone and says so', () => {
    const [m] = read('open for submissions until 2026-06-23.');
    expect(m).toMatchObject({ type: 'deadline', at: '2026-06-23T23:59:59+08:00', zoneAssumed: true, timeAssumed: true });
  });

  it('keeps an explicit time and zone', () => {
    const [m] = read('Training release scheduled 2026-05-11 17:00 Beijing');
    expect(m).toMatchObject({ type: 'data-release', at: '2026-05-11T17:00:00+08:00', timeAssumed: false, zoneAssumed: false });
  });

  it('reads notification, camera-ready and a conference range with its place', () => {
    const ms = read('full papers due 2026-07-05, notification on 2026-09-25, camera-ready on 2026-10-25, and the conference on 2026-12-01 to 2026-12-04 in Dallas.');
    expect(ms.map((m) => m.type)).toEqual(['deadline', 'notification', 'camera-ready', 'conference']);
    // Conference days are Dallas's own days.
    expect(ms[3]).toMatchObject({
      at: '2026-12-01T00:00:00-06:00',
      end: '2026-12-04T23:59:59-06:00',
      allDay: true,
      place: 'Dallas',
      zone: 'America/Chicago',
      localTo: 'Dallas',
      zoneAssumed: false,
    });
  });

  it('reads Chinese competition phases with the label after the dates', () => {
    const ms = read('赛程含 6.17-8.7 初赛、后续复赛和 9.21 决赛。');
    expect(ms.map((m) => [m.label, m.at, m.end])).toEqual([
      ['初赛', '2026-06-17T00:00:00+08:00', '2026-08-07T23:59:59+08:00'],
      ['决赛', '2026-09-21T00:00:00+08:00', undefined],
    ]);
  });

  it('names English phases with the labels Chinese schedules use, and reads an opening as an event, not a deadline', () => {
    const ms = read('Registration opens 2026-12-01. Preliminary round 2027-01-05 to 2027-01-15; final round on 2027-02-20. Registration closes 2027-01-10.');
    expect(ms.map((m) => [m.type, m.label, m.at, m.allDay])).toEqual([
      ['phase', '报名开始', '2026-12-01T00:00:00+08:00', true],
      ['phase', '初赛', '2027-01-05T00:00:00+08:00', true],
      ['phase', '决赛', '2027-02-20T00:00:00+08:00', true],
      ['registration', 'Registration', '2027-01-10T23:59:59+08:00', false],
    ]);
    expect(read('The submission site opens 2026-08-01 and the semi-final is 2026-10-02.').map((m) => m.label)).toEqual(['投稿开始', '半决赛']);
    expect(milestoneLabel('phase', '决赛', 'en')).toBe('Final');
    expect(milestoneLabel('phase', '报名开始', 'en')).toBe('Registration opens');
  });

  it('ignores "verified on" dates and version numbers', () => {
    expect(read('报名入口公开,赛程未来阶段仍开放(2026-05-03 核验)')).toEqual([]);
    expect(read('MedGemma 1.5 resources, version 2.1.0')).toEqual([]);
  });

  it('prefers the specific role: "abstract deadline" is an abstract milestone', () => {
    const ms = read('Abstract deadline: May 1, 2026 (AoE); full paper due May 8, 2026 11:59 pm PT');
    expect(ms[0]).toMatchObject({ type: 'abstract', at: '2026-05-01T23:59:59-12:00' });
    // Pacific daylight time in May: UTC-7.
    expect(ms[1]).toMatchObject({ type: 'deadline', at: '2026-05-08T23:59:00-07:00' });
  });

  it('follows daylight saving for named zones', () => {
    const [winter] = read('submissions due 2026-01-15 17:00 PT');
    expect(winter!.at).toBe('2026-01-15T17:00:00-08:00');
  });
});

function milestone(partial: Partial<Milestone>): Milestone {
  return {
    type: 'deadline',
    label: 'due',
    at: '2026-05-25T23:59:59-12:00',
    allDay: false,
    zone: 'UTC-12',
    zoneLabel: 'AoE',
    zoneAssumed: false,
    timeAssumed: true,
    wording: 'due 2026-05-25 AoE',
    from: 'description',
    ...partial,
  };
}

describe('showing instants', () => {
  it('shows the source zone and Beijing time when they differ', () => {
    expect(formatMilestoneTime(milestone({}), 'zh')).toBe('2026-05-25 23:59 AoE = 2026-05-26 19:59 北京时间');
    expect(formatMilestoneTime(milestone({}), 'en')).toBe('2026-05-25 23:59 AoE = 2026-05-26 19:59 Beijing time');
  });

  it('labels a zone named by abbreviation with the one in force then (PST in winter, PDT in summer)', () => {
    const summer = milestone({});
    const winter = milestone({ at: '2026-12-20T23:59:00-12:00' });
    expect(formatInZone(summer, 'en', { zone: 'America/Los_Angeles', label: 'PST' })).toBe('2026-05-26 04:59 PDT (UTC-7) = 2026-05-25 23:59 AoE = 2026-05-26 19:59 Beijing time');
    expect(formatInZone(winter, 'en', { zone: 'America/Los_Angeles', label: 'PDT' })).toMatch(/^2026-12-21 03:59 PST \(UTC-8\) = /);
    expect(formatInZone(winter, 'zh', { zone: 'Europe/Paris', label: 'CEST' })).toMatch(/^2026-12-21 12:59 CET \(UTC\+1\) = /);
    expect(formatInZone(summer, 'en', { zone: 'Asia/Tokyo', label: 'Tokyo' })).toMatch(/^2026-05-26 20:59 Tokyo \(UTC\+9\) = /);
  });

  it('shows Beijing time alone when the source is Beijing', () => {
    const m = milestone({ at: '2026-07-20T17:00:00+08:00', zone: 'Asia/Shanghai', zoneLabel: '北京时间' });
    expect(formatMilestoneTime(m, 'zh')).toBe('2026-07-20 17:00 北京时间');
  });

  it('counts down in days and hours, and says how long ago a deadline closed', () => {
    const m = milestone({});
    expect(countdown(m, at('2026-05-22T15:00:00+08:00'), 'zh')).toBe('还有 4 天 4 小时');
    expect(countdown(m, at('2026-05-22T15:00:00+08:00'), 'en')).toBe('in 4 days 4 h');
    expect(countdown(m, at('2026-05-26T17:00:00+08:00'), 'en')).toBe('in 2 h 59 min');
    expect(countdown(m, at('2026-06-05T20:00:00+08:00'), 'en')).toBe('closed 10 days ago');
    expect(countdown(m, at('2026-06-05T20:00:00+08:00'), 'zh')).toBe('已截止 10 天');
  });

  it('treats date ranges as all-day events', () => {
    const conf = milestone({ type: 'conference', at: '2026-12-01T00:00:00+08:00', end: '2026-12-04T23:59:59+08:00', allDay: true, zone: 'Asia/Shanghai' });
    expect(formatMilestoneTime(conf, 'en')).toBe('2026-12-01 – 2026-12-04');
    expect(countdown(conf, at('2026-11-23T12:00:00+08:00'), 'en')).toBe('starts in 7 days');
    expect(countdown(conf, at('2026-12-02T12:00:00+08:00'), 'zh')).toBe('进行中');
    expect(countdown(conf, at('2026-12-07T12:00:00+08:00'), 'en')).toBe('ended 2 days ago');
    // A single day (a final, an opening) was N days ago.
    const day = milestone({ type: 'phase', label: '决赛', at: '2026-12-01T00:00:00+08:00', allDay: true, zone: 'Asia/Shanghai' });
    expect(countdown(day, at('2026-12-04T12:00:00+08:00'), 'en')).toBe('3 days ago');
    expect(countdown(day, at('2026-12-04T12:00:00+08:00'), 'zh')).toBe('3 天前');
  });
});
