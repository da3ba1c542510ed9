/**
 * The Store on PostgreSQL (pg Pool), used when DATABASE_URL is set: several bot instances can
 * share it. `claim` relies on the ledger's primary key (INSERT … ON CONFLICT DO NOTHING RETURNING);
 * migrations run under a transaction-scoped advisory lock so instances starting together don't race.
 */
import pg from 'pg';
import { systemClock, type Clock, type Timer } from '../clock.js';
import { POSTGRES_MIGRATIONS, pending, type Migration } from './migrations.js';
import {
  ID_ATTEMPTS,
  checkInstant,
  deadlineBounds,
  newFeedToken,
  followReach,
  newSubscriptionId,
  threadLower,
  toEventVersions,
  toLedgerRow,
  toSubscription,
  toWindowRow,
  uniqueSkips,
  windowColumns,
  type EventVersionRecord,
  settingsValues,
  toSettings,
  type LedgerRecord,
  type SettingsRecord,
  type SubscriptionRecord,
  type WindowTuple,
} from './rows.js';
import { settleValues, toSettledMark, type SettleValues, type SettledRecord } from './settled.js';
import type {
  Claim,
  EventVersion,
  EventVersionRow,
  FollowReach,
  LedgerKey,
  LedgerKeysQuery,
  LedgerQuery,
  LedgerRow,
  NewSubscription,
  PersonSettings,
  SettleRecord,
  SettledMark,
  SkipRecord,
  Store,
  WindowRow,
  StoreHealth,
  Subscription,
} from './types.js';

/** How long the health probe waits for PostgreSQL before reporting it unreachable. */
const HEALTH_TIMEOUT_MS = 2000;

export interface PostgresStoreOptions {
  /** Use this schema (it must exist) instead of the connection's default search_path. */
  schema?: string;
  /** Pool size (default 10). */
  max?: number;
  /** Called with errors of idle pooled connections (the pool drops them and reconnects). */
  onPoolError?: (error: Error) => void;
  /** The schema's history; only tests pass another. */
  migrations?: readonly Migration[];
  /** Stamps createdAt and times the health probe (default systemClock). */
  clock?: Clock;
}

const KEY = 'subscription_id = $1 AND entry_id = $2 AND milestone = $3 AND lead = $4';
const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';
const DEADLOCK_DETECTED = '40P01';
/** Rows per statement in markSkippedMany. */
const SKIP_CHUNK = 2000;
/** Marks per statement in settleSkips. */
const SETTLE_CHUNK = 5000;

/** settleSkips: marks as parallel arrays; one at the same or a later `through` (byte order of UTC ISO text) replaces the stored one. */
const SETTLE = `INSERT INTO ledger_settled (subscription_id, settled_through, leads, settled_by, settled_at)
  SELECT v.s, v.t, v.l, v.b, v.a FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS v(s, t, l, b, a)
  WHERE EXISTS (SELECT 1 FROM subscriptions WHERE id = v.s)
  ON CONFLICT (subscription_id) DO UPDATE SET settled_through = excluded.settled_through, leads = excluded.leads,
    settled_by = excluded.settled_by, settled_at = excluded.settled_at
  WHERE excluded.settled_through COLLATE "C" >= ledger_settled.settled_through COLLATE "C"`;

function settleColumns(values: readonly SettleValues[]): string[][] {
  return [values.map((v) => v.subscriptionId), values.map((v) => v.through), values.map((v) => v.leads), values.map((v) => v.settledBy), values.map((v) => v.settledAt)];
}

function keyValues(key: LedgerKey): string[] {
  return [key.subscriptionId, key.entryId, key.milestone, key.lead];
}

function claimValues(claim: Claim): (string | boolean)[] {
  return [...keyValues(claim), checkInstant('deadlineAt', claim.deadlineAt), claim.claimedBy, checkInstant('claimedAt', claim.claimedAt), claim.late ?? false];
}

function codeOf(error: unknown): unknown {
  return (error as { code?: unknown }).code;
}

export class PostgresStore implements Store {
  private closed = false;

  constructor(
    readonly pool: pg.Pool,
    readonly schema?: string,
    private readonly migrations: readonly Migration[] = POSTGRES_MIGRATIONS,
    private readonly clock: Clock = systemClock,
  ) {}

  async migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // One migrator per schema at a time; the lock is released with the transaction.
      await client.query("SELECT pg_advisory_xact_lock(hashtext('catalog-bot:migrate:' || current_schema()))");
      await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)');
      const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
      for (const m of pending(this.migrations, new Set(rows.map((r) => r.version)))) {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [m.version, new Date(this.clock.now()).toISOString()]);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  /** Whether PostgreSQL answers (within HEALTH_TIMEOUT_MS) and takes writes (not a read-only replica). */
  async health(): Promise<StoreHealth> {
    if (this.closed) return { kind: 'postgres', state: 'unavailable', writable: false, error: 'the store is closed' };
    let timer: Timer | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = this.clock.setTimer(HEALTH_TIMEOUT_MS, () => reject(new Error(`no answer within ${HEALTH_TIMEOUT_MS} ms`)));
    });
    try {
      const { rows } = await Promise.race([this.pool.query<{ ro: string }>("SELECT current_setting('transaction_read_only') AS ro"), timeout]);
      const writable = rows[0]?.ro !== 'on';
      return writable ? { kind: 'postgres', state: 'ok', writable } : { kind: 'postgres', state: 'unavailable', writable, error: 'the database is read-only' };
    } catch (error) {
      return { kind: 'postgres', state: 'unavailable', writable: false, error: `unreachable: ${(error as Error).message}` };
    } finally {
      timer?.cancel();
    }
  }

  async addSubscription(s: NewSubscription): Promise<Subscription> {
    const createdAt = new Date(this.clock.now()).toISOString();
    for (let attempt = 1; ; attempt++) {
      try {
        const { rows } = await this.pool.query<SubscriptionRecord>(
          `INSERT INTO subscriptions (id, conversation, platform, filter, leads, zone, lang, digest, created_by, active, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, TRUE, $10) RETURNING *`,
          [
            newSubscriptionId(),
            s.conversation,
            s.platform,
            JSON.stringify(s.filter),
            JSON.stringify(s.leads),
            s.zone,
            s.lang,
            s.digest ? JSON.stringify(s.digest) : null,
            s.createdBy ?? null,
            createdAt,
          ],
        );
        const row = rows[0];
        if (!row) throw new Error('INSERT … RETURNING returned no row');
        return toSubscription(row);
      } catch (error) {
        if (codeOf(error) !== UNIQUE_VIOLATION || attempt >= ID_ATTEMPTS) throw error;
      }
    }
  }

  async subscriptionsOf(conversation: string): Promise<Subscription[]> {
    const { rows } = await this.pool.query<SubscriptionRecord>('SELECT * FROM subscriptions WHERE conversation = $1 ORDER BY created_at, id', [conversation]);
    return rows.map(toSubscription);
  }

  async activeSubscriptions(options?: { follows?: boolean }): Promise<Subscription[]> {
    // Without follows: the conditions of the subscriptions_channels index.
    const sql =
      options?.follows === false
        ? 'SELECT * FROM subscriptions WHERE active AND follow_entry IS NULL ORDER BY created_at, id'
        : 'SELECT * FROM subscriptions WHERE active ORDER BY created_at, id';
    const { rows } = await this.pool.query<SubscriptionRecord>(sql);
    return rows.map(toSubscription);
  }

  async activeFollowsOf(entries: readonly FollowReach[]): Promise<Subscription[]> {
    if (entries.length === 0) return [];
    const reach = followReach(entries);
    const { rows } = await this.pool.query<SubscriptionRecord>(
      `SELECT s.* FROM unnest($1::text[], $2::double precision[]) AS w (entry_id, min_lead)
       JOIN subscriptions AS s ON s.follow_entry = w.entry_id AND s.follow_lead >= w.min_lead
       WHERE s.active`,
      [reach.map((r) => r[0]), reach.map((r) => r[1])],
    );
    return rows.map(toSubscription);
  }

  async removeSubscription(conversation: string, id: string): Promise<boolean> {
    const result = await this.pool.query('DELETE FROM subscriptions WHERE conversation = $1 AND id = $2', [conversation, id]);
    return (result.rowCount ?? 0) > 0;
  }

  async setLeads(conversation: string, id: string, leads: readonly number[]): Promise<boolean> {
    const result = await this.pool.query('UPDATE subscriptions SET leads = $1 WHERE conversation = $2 AND id = $3', [JSON.stringify(leads), conversation, id]);
    return (result.rowCount ?? 0) > 0;
  }

  async removeAll(conversation: string): Promise<number> {
    return (await this.pool.query('DELETE FROM subscriptions WHERE conversation = $1', [conversation])).rowCount ?? 0;
  }

  async deactivateConversation(conversation: string, reason: string): Promise<number> {
    const result = await this.pool.query('UPDATE subscriptions SET active = FALSE, inactive_reason = $1 WHERE conversation = $2 AND active', [reason, conversation]);
    return result.rowCount ?? 0;
  }

  async moveConversation(from: string, to: string): Promise<number> {
    const result = await this.pool.query('UPDATE subscriptions SET conversation = $1 WHERE conversation = $2', [to, from]);
    return result.rowCount ?? 0;
  }

  async claim(claim: Claim): Promise<boolean> {
    try {
      const result = await this.pool.query(
        `INSERT INTO ledger (subscription_id, entry_id, milestone, lead, status, deadline_at, claimed_by, claimed_at, late)
         SELECT $1::text, $2::text, $3::text, $4::text, 'claimed', $5::text, $6::text, $7::text, $8::boolean
         WHERE EXISTS (SELECT 1 FROM subscriptions WHERE id = $1::text)
         ON CONFLICT (subscription_id, entry_id, milestone, lead) DO NOTHING
         RETURNING 1`,
        claimValues(claim),
      );
      return result.rowCount === 1;
    } catch (error) {
      // The subscription was removed between the EXISTS check and the insert.
      if (codeOf(error) === FOREIGN_KEY_VIOLATION) return false;
      throw error;
    }
  }

  async markSent(key: LedgerKey, messageId: string, sentAt: string): Promise<void> {
    await this.pool.query(`UPDATE ledger SET status = 'sent', message_id = $5, sent_at = $6, reason = NULL WHERE ${KEY}`, [...keyValues(key), messageId, sentAt]);
  }

  async markFailed(key: LedgerKey, reason: string): Promise<void> {
    await this.pool.query(`UPDATE ledger SET status = 'failed', reason = $5 WHERE ${KEY} AND status <> 'sent'`, [...keyValues(key), reason]);
  }

  async markSkipped(claim: Claim, reason: string): Promise<void> {
    try {
      await this.pool.query(
        `INSERT INTO ledger (subscription_id, entry_id, milestone, lead, status, deadline_at, claimed_by, claimed_at, late, reason)
         SELECT $1::text, $2::text, $3::text, $4::text, 'skipped', $5::text, $6::text, $7::text, $8::boolean, $9::text
         WHERE EXISTS (SELECT 1 FROM subscriptions WHERE id = $1::text)
         ON CONFLICT (subscription_id, entry_id, milestone, lead)
         DO UPDATE SET status = 'skipped', reason = excluded.reason WHERE ledger.status <> 'sent'`,
        [...claimValues(claim), reason],
      );
    } catch (error) {
      if (codeOf(error) !== FOREIGN_KEY_VIOLATION) throw error;
    }
  }

  async markSkippedMany(skips: readonly SkipRecord[]): Promise<void> {
    // In key order: two instances writing overlapping rows lock them in the same order.
    const rows = uniqueSkips(skips).sort((a, b) => compareKeys(a, b));
    for (let i = 0; i < rows.length; i += SKIP_CHUNK) {
      const chunk = rows.slice(i, i + SKIP_CHUNK);
      const columns: (string | boolean)[][] = [[], [], [], [], [], [], [], [], []];
      for (const row of chunk)
        [...claimValues(row), row.reason].forEach((v, c) => {
          columns[c]!.push(v);
        });
      try {
        await this.pool.query(
          `INSERT INTO ledger (subscription_id, entry_id, milestone, lead, status, deadline_at, claimed_by, claimed_at, late, reason)
           SELECT v.s, v.e, v.m, v.l, 'skipped', v.d, v.b, v.c, v.late, v.r
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::boolean[], $9::text[])
             AS v(s, e, m, l, d, b, c, late, r)
           WHERE EXISTS (SELECT 1 FROM subscriptions WHERE id = v.s)
           ON CONFLICT (subscription_id, entry_id, milestone, lead)
           DO UPDATE SET status = 'skipped', reason = excluded.reason WHERE ledger.status <> 'sent'`,
          columns,
        );
      } catch (error) {
        // A subscription removed meanwhile (or a lock cycle): the chunk row by row, as markSkipped.
        if (codeOf(error) !== FOREIGN_KEY_VIOLATION && codeOf(error) !== DEADLOCK_DETECTED) throw error;
        for (const row of chunk) await this.markSkipped(row, row.reason);
      }
    }
  }

  async settleSkips(marks: readonly SettleRecord[]): Promise<void> {
    // One mark per subscription, in id order (two instances lock overlapping marks in one order).
    const values = settleValues(marks);
    for (let i = 0; i < values.length; i += SETTLE_CHUNK) {
      const chunk = values.slice(i, i + SETTLE_CHUNK);
      try {
        await this.pool.query(SETTLE, settleColumns(chunk));
      } catch (error) {
        // A subscription removed meanwhile (or a lock cycle): the chunk mark by mark, skipping the removed.
        if (codeOf(error) !== FOREIGN_KEY_VIOLATION && codeOf(error) !== DEADLOCK_DETECTED) throw error;
        for (const v of chunk) {
          try {
            await this.pool.query(SETTLE, settleColumns([v]));
          } catch (again) {
            if (codeOf(again) !== FOREIGN_KEY_VIOLATION) throw again;
          }
        }
      }
    }
  }

  async settledOf(subscriptionIds: readonly string[]): Promise<SettledMark[]> {
    if (subscriptionIds.length === 0) return [];
    const { rows } = await this.pool.query<SettledRecord>('SELECT subscription_id, settled_through, leads FROM ledger_settled WHERE subscription_id = ANY($1::text[])', [
      subscriptionIds,
    ]);
    return rows.map(toSettledMark);
  }

  async staleClaims(olderThan: string): Promise<LedgerRow[]> {
    const { rows } = await this.pool.query<LedgerRecord>(
      `SELECT * FROM ledger WHERE status = 'claimed' AND claimed_at::timestamptz < $1::timestamptz
       ORDER BY claimed_at::timestamptz, subscription_id, entry_id, milestone, lead`,
      [checkInstant('olderThan', olderThan)],
    );
    return rows.map(toLedgerRow);
  }

  async ledgerOf(subscriptionIds: readonly string[]): Promise<LedgerRow[]> {
    if (subscriptionIds.length === 0) return [];
    const { rows } = await this.pool.query<LedgerRecord>(
      `SELECT * FROM ledger WHERE subscription_id = ANY($1::text[])
       ORDER BY subscription_id, entry_id, milestone, lead`,
      [subscriptionIds],
    );
    return rows.map(toLedgerRow);
  }

  async ledgerWindow(subscriptionIds: readonly string[], options: LedgerQuery): Promise<WindowRow[]> {
    if (subscriptionIds.length === 0) return [];
    // The text range uses ledger_subscription_deadline; rows near the bound are compared as
    // instants (only text that looks like an instant is cast; returning a row is never wrong).
    // The older rows of the given threads come from ledger_thread_deadline.
    const { after, lower, upper } = deadlineBounds(options.deadlineAfter);
    const recent = `deadline_at COLLATE "C" > $2::text
      AND (deadline_at COLLATE "C" > $3::text OR CASE WHEN deadline_at ~ '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}'
        THEN deadline_at::timestamptz > $4::timestamptz ELSE TRUE END)`;
    const threads = options.threads ?? [];
    // Rows as arrays: a pass reads many.
    const { rows } = await this.pool.query<WindowTuple>({
      rowMode: 'array',
      text: `SELECT ${windowColumns('ledger')} FROM ledger WHERE subscription_id = ANY($1::text[]) AND ${recent}
       UNION ALL
       SELECT ${windowColumns('ledger')} FROM unnest($5::text[], $6::text[], $7::text[]) AS t(e, m, a)
       JOIN ledger ON ledger.entry_id = t.e AND ledger.milestone = t.m
       WHERE deadline_at COLLATE "C" <= $3::text AND deadline_at COLLATE "C" > t.a COLLATE "C"
         AND NOT (${recent}) AND subscription_id = ANY($1::text[])`,
      values: [subscriptionIds, lower, upper, after, threads.map((t) => t.entryId), threads.map((t) => t.milestone), threads.map((t) => threadLower(t.deadlineAfter))],
    });
    return rows.map(toWindowRow);
  }

  async ledgerLacking(query: LedgerKeysQuery): Promise<string[]> {
    if (query.subscriptions.length === 0 || query.groups.length === 0) return [];
    // Every group's keys as parallel arrays (group, entry, milestone, lead), joined to the
    // subscriptions of that group and probed in the ledger's primary key.
    const keys: [number[], string[], string[], string[]] = [[], [], [], []];
    query.groups.forEach((group, g) => {
      for (const t of group.threads)
        for (const lead of group.leads) {
          keys[0].push(g);
          keys[1].push(t.entryId);
          keys[2].push(t.milestone);
          keys[3].push(lead);
        }
    });
    const { rows } = await this.pool.query<{ id: string }>(
      `WITH c AS MATERIALIZED (SELECT DISTINCT * FROM unnest($3::int[], $4::text[], $5::text[], $6::text[]) AS c (g, e, m, l)),
         s AS MATERIALIZED (SELECT * FROM unnest($1::text[], $2::int[]) AS s (id, g))
       SELECT DISTINCT s.id FROM s JOIN c ON c.g = s.g
       WHERE NOT EXISTS (SELECT 1 FROM ledger WHERE subscription_id = s.id AND entry_id = c.e AND milestone = c.m AND lead = c.l)`,
      [query.subscriptions.map((s) => s.subscriptionId), query.subscriptions.map((s) => s.group), ...keys],
    );
    return rows.map((r) => r.id);
  }

  async reclaim(key: LedgerKey, claimedBy: string, claimedAt: string, staleBefore?: string): Promise<boolean> {
    // Under READ COMMITTED a second concurrent UPDATE waits, then re-checks the WHERE on the
    // updated row, which no longer matches: exactly one caller gets rowCount 1.
    const result = await this.pool.query(
      `UPDATE ledger SET status = 'claimed', claimed_by = $5, claimed_at = $6, reason = NULL
       WHERE ${KEY} AND (status = 'failed'
         OR (status = 'claimed' AND $7::text IS NOT NULL AND claimed_at::timestamptz < $7::timestamptz))`,
      [...keyValues(key), claimedBy, checkInstant('claimedAt', claimedAt), staleBefore === undefined ? null : checkInstant('staleBefore', staleBefore)],
    );
    return result.rowCount === 1;
  }

  async settingsOf(person: string): Promise<PersonSettings | undefined> {
    const { rows } = await this.pool.query<SettingsRecord>('SELECT person, zone, lang, leads, updated_at FROM person_settings WHERE person = $1', [person]);
    return rows[0] ? toSettings(rows[0]) : undefined;
  }

  async saveSettings(settings: PersonSettings): Promise<void> {
    const v = settingsValues(settings);
    await this.pool.query(
      `INSERT INTO person_settings (person, zone, lang, leads, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (person) DO UPDATE SET zone = excluded.zone, lang = excluded.lang, leads = excluded.leads, updated_at = excluded.updated_at`,
      [v.person, v.zone, v.lang, v.leads, v.updatedAt],
    );
  }

  async lastCompletePass(): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ value: string }>(`SELECT value FROM announcer_state WHERE name = 'last_complete_pass'`);
    return rows[0]?.value;
  }

  async recordCompletePass(at: string): Promise<void> {
    // UTC ISO text of one length: text order (byte order, COLLATE "C") is time order. One
    // statement: concurrent upserts of the row serialise, and the later time stays.
    const value = new Date(checkInstant('at', at)).toISOString();
    await this.pool.query(
      `INSERT INTO announcer_state (name, value) VALUES ('last_complete_pass', $1)
       ON CONFLICT (name) DO UPDATE SET value = excluded.value
       WHERE excluded.value COLLATE "C" > announcer_state.value COLLATE "C"`,
      [value],
    );
  }

  async feedTokenOf(person: string): Promise<string> {
    // One statement: the inserted row, else the one another caller inserted first.
    const { rows } = await this.pool.query<{ token: string }>(
      `WITH made AS (
         INSERT INTO feed_tokens (person, token, created_at) VALUES ($1, $2, $3) ON CONFLICT (person) DO NOTHING RETURNING token
       )
       SELECT token FROM made UNION ALL SELECT token FROM feed_tokens WHERE person = $1 LIMIT 1`,
      [person, newFeedToken(), new Date(this.clock.now()).toISOString()],
    );
    if (rows[0]) return rows[0].token;
    // The conflicting insert committed after this statement's snapshot: it is visible now.
    const again = await this.pool.query<{ token: string }>('SELECT token FROM feed_tokens WHERE person = $1', [person]);
    if (!again.rows[0]) throw new Error('feed token vanished');
    return again.rows[0].token;
  }

  async resetFeedToken(person: string): Promise<string> {
    const { rows } = await this.pool.query<{ token: string }>(
      `INSERT INTO feed_tokens (person, token, created_at) VALUES ($1, $2, $3)
       ON CONFLICT (person) DO UPDATE SET token = excluded.token, created_at = excluded.created_at RETURNING token`,
      [person, newFeedToken(), new Date(this.clock.now()).toISOString()],
    );
    return rows[0]!.token;
  }

  async personOfFeedToken(token: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ person: string }>('SELECT person FROM feed_tokens WHERE token = $1', [token]);
    return rows[0]?.person;
  }

  async eventVersions(person: string): Promise<Map<string, EventVersion>> {
    const { rows } = await this.pool.query<EventVersionRecord>('SELECT uid, fingerprint, sequence, modified_at FROM event_versions WHERE person = $1', [person]);
    return toEventVersions(rows);
  }

  async saveEventVersions(person: string, rows: readonly EventVersionRow[]): Promise<void> {
    // One row per UID (the last wins): a statement may not update a row twice.
    const unique = [...new Map(rows.map((r) => [r.uid, r])).values()];
    if (unique.length === 0) return;
    for (const r of unique) checkInstant('modifiedAt', r.modifiedAt);
    await this.pool.query(
      `INSERT INTO event_versions (person, uid, fingerprint, sequence, modified_at)
       SELECT $1, v.u, v.f, v.s, v.m FROM unnest($2::text[], $3::text[], $4::int[], $5::text[]) AS v(u, f, s, m)
       ON CONFLICT (person, uid) DO UPDATE SET fingerprint = excluded.fingerprint, sequence = excluded.sequence, modified_at = excluded.modified_at
       WHERE excluded.sequence > event_versions.sequence`,
      [person, unique.map((r) => r.uid), unique.map((r) => r.fingerprint), unique.map((r) => r.sequence), unique.map((r) => r.modifiedAt)],
    );
  }
}

function compareKeys(a: LedgerKey, b: LedgerKey): number {
  for (const k of ['subscriptionId', 'entryId', 'milestone', 'lead'] as const) {
    if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  }
  return 0;
}

/** Checks a schema name before it goes into the connection's options. */
function checkSchema(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`bad PostgreSQL schema name ${JSON.stringify(schema)}`);
  return schema;
}

/** A PostgresStore on a new pool, migrated and ready. Timestamps without an offset are read as UTC. */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
  const settings = ['-c TimeZone=UTC'];
  if (options.schema !== undefined) settings.push(`-c search_path=${checkSchema(options.schema)}`);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    options: settings.join(' '),
    application_name: 'catalog-bot',
  });
  pool.on('error', options.onPoolError ?? (() => undefined));
  const store = new PostgresStore(pool, options.schema, options.migrations, options.clock);
  try {
    await store.migrate();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
