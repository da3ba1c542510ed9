/**
 * Shared by the announcement end-to-end tests: a catalog whose deadlines are a few days
 * from the real clock (the store stamps subscriptions with it), and the pass "now" at
 * which the 7-day post is due.
 */
import { DateTime } from 'luxon';
import { seedDir } from '../helpers.js';

export interface Timed {
  seeds: string;
  /** 09:30 Beijing time on the day the 7-day post about "Alpha" is due. */
  sevenDaysBefore: number;
}

export function timedCatalog(): Timed {
  const today = DateTime.now().setZone('Asia/Shanghai').startOf('day');
  const deadline = today.plus({ days: 10 });
  const day = deadline.toFormat('yyyy-MM-dd');
  const text =
    `征稿与合作Alpha Conf截止 北京时间 ${day}会议征稿 Alpha Conf 征稿\n` +
    `Alpha Conf invites papers on clinical NLP; papers due ${day} 23:59 UTC+8. https://alpha.example.org/cfp\n` +
    '论文Venue2026 年topic Gamma:测试论文\nGamma description about ECG.\n';
  return { seeds: seedDir({ 'a.txt': text }), sevenDaysBefore: today.plus({ days: 3, hours: 9, minutes: 30 }).toMillis() };
}
