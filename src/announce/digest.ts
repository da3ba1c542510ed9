/**
 * The optional weekly digest of a subscription (e.g. Monday 09:00 local): what closes
 * in the next 14 days and what opened (registration, a phase, a data release) since
 * the last digest. Keyed "digest:<ISO week>" under entry "digest"; a digest more than
 * a day late is recorded as skipped. An empty week still gets a one-line digest.
 */
import { DateTime } from 'luxon';
import type { Entry } from '../catalog/schema.js';
import type { Digest, Subscription } from '../store/types.js';
import type { LedgerView, PlannedPost, PlannedSkip } from './planned.js';
import { DAY_MS, type MilestoneIndex } from './schedule.js';

const DIGEST_AHEAD_MS = 14 * DAY_MS;
const WEEK_MS = 7 * DAY_MS;
const OPENING = new Set(['registration', 'phase', 'data-release']);

/** "Mon 09:00" / "周一 09:00" → Digest; undefined when not understood. */
export function parseDigest(text: string): Digest | undefined {
  const m = /^(?:weekly[:=@ ]?)?([a-z]{3,9}|周[一二三四五六日天]|星期[一二三四五六日天])?[@: ,=]?(\d{1,2})?(?::(\d{2}))?$/i.exec(text.trim());
  if (!m) return undefined;
  const weekday = m[1] ? weekdayOf(m[1]) : 1;
  if (!weekday) return undefined;
  const hour = m[2] ? Number(m[2]) : 9;
  const minute = m[3] ? Number(m[3]) : 0;
  if (hour > 23 || minute > 59) return undefined;
  return { weekday, time: `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}` };
}

const EN_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const ZH_DAYS = '一二三四五六日';

function weekdayOf(word: string): number | undefined {
  const zh = /[一二三四五六日天]$/.exec(word)?.[0];
  if (zh) return zh === '天' ? 7 : ZH_DAYS.indexOf(zh) + 1;
  const i = EN_DAYS.indexOf(word.slice(0, 3).toLowerCase());
  return i >= 0 ? i + 1 : undefined;
}

/** The most recent digest time at or before `now` (epoch ms). */
export function lastDigestTime(digest: Digest, zone: string, now: number): DateTime {
  const [h, m] = digest.time.split(':').map(Number) as [number, number];
  const local = DateTime.fromMillis(now, { zone });
  let at = local.set({ weekday: digest.weekday as 1, hour: h, minute: m, second: 0, millisecond: 0 });
  if (at.toMillis() > now) at = at.minus({ weeks: 1 });
  return at;
}

export function digestDue(sub: Subscription, now: number, ledger: LedgerView, grace: number): { post?: PlannedPost; skip?: PlannedSkip } | undefined {
  if (!sub.digest) return undefined;
  const at = lastDigestTime(sub.digest, sub.zone, now);
  const due = at.toMillis();
  if (due < Date.parse(sub.createdAt)) return undefined;
  const key = { subscriptionId: sub.id, entryId: 'digest', milestone: 'digest', lead: `digest:${at.toISOWeekDate()?.slice(0, 8)}` };
  if (ledger.row(key)) return undefined;
  const deadlineAt = new Date(due).toISOString();
  if (now - due > DAY_MS) return { skip: { subscription: sub, key, deadlineAt, reason: 'digest missed by more than a day' } };
  return { post: { kind: 'digest', subscription: sub, key, deadlineAt, dueAt: due, late: now - due > grace } };
}

export interface DigestContent {
  closing: Array<{ entry: Entry; ms: number }>;
  opened: Entry[];
}

/** What a digest due at `dueAt` says for the entries `ids` selects. */
export function digestContent(index: MilestoneIndex, entries: readonly Entry[], ids: ReadonlySet<string>, dueAt: number, now: number): DigestContent {
  const seen = new Set<string>();
  const closing: DigestContent['closing'] = [];
  for (const a of index.between(now, now + DIGEST_AHEAD_MS)) {
    if (a.name !== 'deadline' || !ids.has(a.entry.id) || seen.has(a.entry.id)) continue;
    seen.add(a.entry.id);
    closing.push({ entry: a.entry, ms: a.ms });
  }
  const since = dueAt - WEEK_MS;
  const opened = entries.filter((e) => ids.has(e.id) && e.milestones.some((m) => OPENING.has(m.type) && Date.parse(m.at) > since && Date.parse(m.at) <= now));
  return { closing, opened };
}
