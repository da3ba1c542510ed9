/** What both stores share: subscription ids, feed tokens, and turning table rows into Store objects. */
import { randomBytes, randomInt } from 'node:crypto';
import type { Lang } from '../bot/reply.js';
import type { EventVersion, FollowReach, LedgerRow, LedgerStatus, PersonSettings, Subscription, WindowRow } from './types.js';

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const ID_LENGTH = 6;
/** How many fresh ids to try before giving up (32^6 ≈ 10^9 ids: a collision is rare). */
export const ID_ATTEMPTS = 10;

/** A short random id a user can type: 6 lowercase base32 characters. */
export function newSubscriptionId(): string {
  let id = '';
  for (let i = 0; i < ID_LENGTH; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return id;
}

/** A private calendar feed token: 32 random bytes as 43 URL-safe characters (base64url). */
export function newFeedToken(): string {
  return randomBytes(32).toString('base64url');
}

export interface EventVersionRecord {
  uid: string;
  fingerprint: string;
  sequence: number;
  modified_at: string;
}

export function toEventVersions(rows: readonly EventVersionRecord[]): Map<string, EventVersion> {
  return new Map(rows.map((r) => [r.uid, { fingerprint: r.fingerprint, sequence: Number(r.sequence), modifiedAt: r.modified_at }]));
}

export interface SubscriptionRecord {
  id: string;
  conversation: string;
  platform: string;
  filter: string;
  leads: string;
  zone: string;
  lang: string;
  digest: string | null;
  created_by: string | null;
  active: number | boolean;
  created_at: string;
  inactive_reason: string | null;
}

export interface LedgerRecord {
  subscription_id: string;
  entry_id: string;
  milestone: string;
  lead: string;
  status: string;
  deadline_at: string;
  claimed_by: string;
  claimed_at: string;
  message_id: string | null;
  sent_at: string | null;
  late: number | boolean;
  reason: string | null;
}

export function toSubscription(r: SubscriptionRecord): Subscription {
  const s: Subscription = {
    id: r.id,
    conversation: r.conversation,
    platform: r.platform,
    filter: JSON.parse(r.filter) as Subscription['filter'],
    leads: JSON.parse(r.leads) as number[],
    zone: r.zone,
    lang: r.lang as Lang,
    active: Boolean(r.active),
    createdAt: r.created_at,
  };
  if (r.digest !== null) s.digest = JSON.parse(r.digest) as NonNullable<Subscription['digest']>;
  if (r.created_by !== null) s.createdBy = r.created_by;
  if (r.inactive_reason !== null) s.inactiveReason = r.inactive_reason;
  return s;
}

export function toLedgerRow(r: LedgerRecord): LedgerRow {
  const row: LedgerRow = {
    subscriptionId: r.subscription_id,
    entryId: r.entry_id,
    milestone: r.milestone,
    lead: r.lead,
    status: r.status as LedgerStatus,
    deadlineAt: r.deadline_at,
    claimedBy: r.claimed_by,
    claimedAt: r.claimed_at,
  };
  if (r.message_id !== null) row.messageId = r.message_id;
  if (r.sent_at !== null) row.sentAt = r.sent_at;
  if (r.late) row.late = true;
  if (r.reason !== null) row.reason = r.reason;
  return row;
}

/**
 * The columns of a WindowRow, in WindowTuple's order, for a table named `table` (both stores
 * select these: the time of a row not sent is its claim's, a reason only a failed row's).
 */
export function windowColumns(table: string): string {
  const c = (name: string) => `${table}.${name}`;
  return [
    c('subscription_id'),
    c('entry_id'),
    c('milestone'),
    c('lead'),
    c('status'),
    c('deadline_at'),
    `coalesce(${c('sent_at')}, ${c('claimed_at')}) AS at`,
    `CASE WHEN ${c('status')} = 'failed' THEN ${c('reason')} END AS reason`,
  ].join(', ');
}

export type WindowTuple = [string, string, string, string, string, string, string, string | null];

/** A WindowRow from a row read as an array of windowColumns. */
export function toWindowRow(r: WindowTuple): WindowRow {
  const row: WindowRow = { subscriptionId: r[0], entryId: r[1], milestone: r[2], lead: r[3], status: r[4] as LedgerStatus, deadlineAt: r[5], at: r[6] };
  if (r[7] !== null) row.reason = r[7];
  return row;
}

/** Rejects a timestamp the database could not compare: ISO 8601 with a date and a time. */
export function checkInstant(name: string, value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new Error(`${name} must be an ISO 8601 instant, got ${JSON.stringify(value)}`);
  }
  return value;
}

const FILTER_MARGIN_MS = 2 * 24 * 3_600_000;

/**
 * ledgerOf's `deadlineAfter` as three bounds. Rows are compared as text first, which an index on
 * (subscription_id, deadline_at) serves: an ISO instant whose text sorts at or before `lower`
 * (UTC, 2 days earlier) is before `after` whatever its offset (offsets are under a day), and one
 * that sorts after `upper` (2 days later) is after it. Only rows in between are compared as instants.
 */
export function deadlineBounds(after: string): { after: string; lower: string; upper: string } {
  const ms = Date.parse(checkInstant('deadlineAfter', after));
  return {
    after,
    lower: new Date(ms - FILTER_MARGIN_MS).toISOString(),
    upper: new Date(ms + FILTER_MARGIN_MS).toISOString(),
  };
}

/** A thread's own deadlineAfter as a text bound (rows whose text sorts at or before it are before it); '' for none. */
export function threadLower(after: string | undefined): string {
  return after === undefined ? '' : deadlineBounds(after).lower;
}

/** Drops repeated keys (the last one's reason wins, as with repeated markSkipped calls). */
export function uniqueSkips<T extends { subscriptionId: string; entryId: string; milestone: string; lead: string; reason: string }>(skips: readonly T[]): T[] {
  const byKey = new Map<string, T>();
  for (const s of skips) {
    const key = `${s.subscriptionId}\u0000${s.entryId}\u0000${s.milestone}\u0000${s.lead}`;
    const seen = byKey.get(key);
    byKey.set(key, seen ? { ...seen, reason: s.reason } : s);
  }
  return [...byKey.values()];
}

export interface SettingsRecord {
  person: string;
  zone: string | null;
  lang: string | null;
  leads: string | null;
  updated_at: string;
}

export function toSettings(r: SettingsRecord): PersonSettings {
  const s: PersonSettings = { person: r.person, updatedAt: r.updated_at };
  if (r.zone !== null) s.zone = r.zone;
  if (r.lang !== null) s.lang = r.lang as Lang;
  if (r.leads !== null) s.leads = JSON.parse(r.leads) as number[];
  return s;
}

/** A person's settings as the columns of person_settings (checked: a bad lead or instant throws). */
export function settingsValues(s: PersonSettings): { person: string; zone: string | null; lang: string | null; leads: string | null; updatedAt: string } {
  if (s.leads?.some((n) => !Number.isInteger(n) || n < 0)) throw new Error(`leads must be whole days, got ${JSON.stringify(s.leads)}`);
  return {
    person: s.person,
    zone: s.zone ?? null,
    lang: s.lang ?? null,
    leads: s.leads ? JSON.stringify([...new Set(s.leads)].sort((a, b) => b - a)) : null,
    updatedAt: checkInstant('updatedAt', s.updatedAt),
  };
}

/** activeFollowsOf's entries as [entry id, min lead] pairs, one per entry (its smallest min lead). */
export function followReach(entries: readonly FollowReach[]): Array<[string, number]> {
  const min = new Map<string, number>();
  for (const e of entries) {
    const lead = e.minLead ?? 0;
    if (!Number.isFinite(lead)) throw new Error(`activeFollowsOf: minLead of ${e.entryId} is not a number`);
    const was = min.get(e.entryId);
    if (was === undefined || lead < was) min.set(e.entryId, lead);
  }
  return [...min];
}
