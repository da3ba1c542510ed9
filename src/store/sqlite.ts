/**
 * The Store on SQLite (better-sqlite3): the default, one file under data/. WAL mode lets several
 * processes share the file (readers never wait for a writer); a statement that meets another
 * process's write lock is retried asynchronously (busy.ts), never waited for inside the call;
 * `claim` relies on the ledger's primary key.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { systemClock, type Clock } from '../clock.js';
import { DEFAULT_BUSY_POLICY, isSqliteBusy, retryWhileBusy, type BusyPolicy } from './busy.js';
import { SQLITE_MIGRATIONS, pending, type Migration } from './migrations.js';
import { GroupCommit } from './group-commit.js';
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
  toWindowRow,
  windowColumns,
  toSubscription,
  type EventVersionRecord,
  settingsValues,
  toSettings,
  type LedgerRecord,
  type WindowTuple,
  type SettingsRecord,
  type SubscriptionRecord,
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

/** How long opening and migrating (at start, before anything is served) wait for another process's lock. */
const BUSY_TIMEOUT_MS = 5000;

export interface SqliteStoreOptions {
  /** Stamps createdAt and applied_at, and paces the lock back-off (default systemClock). */
  clock?: Clock;
  /** How statements wait for a lock (busy.ts); its clock defaults to `clock`. */
  busy?: Partial<BusyPolicy>;
}

const KEY = 'subscription_id = @subscriptionId AND entry_id = @entryId AND milestone = @milestone AND lead = @lead';

function keyParams(key: LedgerKey): LedgerKey {
  return { subscriptionId: key.subscriptionId, entryId: key.entryId, milestone: key.milestone, lead: key.lead };
}

function claimParams(claim: Claim): Record<string, string | number> {
  return {
    ...keyParams(claim),
    deadlineAt: checkInstant('deadlineAt', claim.deadlineAt),
    claimedBy: claim.claimedBy,
    claimedAt: checkInstant('claimedAt', claim.claimedAt),
    late: claim.late ? 1 : 0,
  };
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** Rows per transaction in markSkippedMany: the write lock is not held for long. */
const SKIP_CHUNK = 5000;

const MARK_SKIPPED = `INSERT INTO ledger (subscription_id, entry_id, milestone, lead, status, deadline_at, claimed_by, claimed_at, late, reason)
  SELECT @subscriptionId, @entryId, @milestone, @lead, 'skipped', @deadlineAt, @claimedBy, @claimedAt, @late, @reason
  WHERE EXISTS (SELECT 1 FROM subscriptions WHERE id = @subscriptionId)
  ON CONFLICT (subscription_id, entry_id, milestone, lead)
  DO UPDATE SET status = 'skipped', reason = excluded.reason WHERE ledger.status <> 'sent'`;

/** Marks per statement (and transaction) in settleSkips. */
const SETTLE_CHUNK = 5000;

/** settleSkips: the marks as JSON [[subscription, through, leads], …]; one at the same or a later `through` replaces the stored one. */
const SETTLE = `INSERT INTO ledger_settled (subscription_id, settled_through, leads, settled_by, settled_at)
  SELECT m.value ->> 0, m.value ->> 1, m.value ->> 2, @settledBy, @settledAt FROM json_each(@marks) AS m
  WHERE EXISTS (SELECT 1 FROM subscriptions WHERE id = m.value ->> 0)
  ON CONFLICT (subscription_id) DO UPDATE SET settled_through = excluded.settled_through, leads = excluded.leads,
    settled_by = excluded.settled_by, settled_at = excluded.settled_at
  WHERE excluded.settled_through >= ledger_settled.settled_through`;

/** Rows per statement in markSkippedMany (10 parameters a row, under SQLite's 32,766). */
const SKIP_ROWS_PER_STATEMENT = 500;

/**
 * MARK_SKIPPED for `n` rows in one statement (9 positional parameters a row). SQLite takes the rows
 * one after the other, as n markSkipped calls would: a key repeated in the batch is updated by the later row.
 */
function markSkippedRows(n: number): string {
  const row = '(?, ?, ?, ?, ?, ?, ?, ?, ?)';
  return `INSERT INTO ledger (subscription_id, entry_id, milestone, lead, status, deadline_at, claimed_by, claimed_at, late, reason)
  SELECT v.column1, v.column2, v.column3, v.column4, 'skipped', v.column5, v.column6, v.column7, v.column8, v.column9
  FROM (VALUES ${Array.from({ length: n }, () => row).join(', ')}) AS v
  WHERE EXISTS (SELECT 1 FROM subscriptions WHERE id = v.column1)
  ON CONFLICT (subscription_id, entry_id, milestone, lead)
  DO UPDATE SET status = 'skipped', reason = excluded.reason WHERE ledger.status <> 'sent'`;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * Runs `fn`, retrying for up to BUSY_TIMEOUT_MS while SQLite answers SQLITE_BUSY, waiting
 * synchronously: only for opening and migrating, at start. Statements afterwards wait
 * asynchronously (busy.ts). A synchronous wait is real time, so it reads the real clock.
 */
function retryBusy<T>(fn: () => T): T {
  const until = Date.now() + BUSY_TIMEOUT_MS;
  for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
    try {
      return fn();
    } catch (error) {
      if (!isSqliteBusy(error) || Date.now() >= until) throw error;
      Atomics.wait(sleeper, 0, 0, delay);
    }
  }
}

export class SqliteStore implements Store {
  readonly db: Database.Database;
  private closed = false;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly busy: BusyPolicy;
  private readonly clock: Clock;
  /** Claims and marks of concurrent sends, committed together (group-commit.ts). */
  private readonly grouped: GroupCommit;

  constructor(
    readonly path: string,
    /** The schema's history; only tests pass another. */
    private readonly migrations: readonly Migration[] = SQLITE_MIGRATIONS,
    options: SqliteStoreOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.busy = { ...DEFAULT_BUSY_POLICY, clock: this.clock, ...options.busy };
    this.db = new Database(path);
    this.grouped = new GroupCommit(this.db, (fn) => this.ledger(fn));
    try {
      // Opening waits for a lock synchronously (at start, nothing is served yet) …
      this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      if (path !== ':memory:') retryBusy(() => this.db.pragma('journal_mode = WAL'));
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('foreign_keys = ON');
      // … statements never wait inside a call (it would block the event loop): SQLITE_BUSY at once, retried asynchronously.
      this.db.pragma('busy_timeout = 0');
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  async migrate(): Promise<void> {
    this.migrateNow();
  }

  /** `migrate`, synchronously (better-sqlite3 is synchronous). */
  migrateNow(): void {
    // Nothing to do (the usual start): read without a lock, so a start does not wait for another
    // process's write transaction.
    if (this.upToDate()) return;
    // IMMEDIATE takes the write lock first, so two processes migrating at once run one after the other.
    const run = this.db.transaction(() => {
      this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
      const rows = this.db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[];
      const insert = this.db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)');
      for (const m of pending(this.migrations, new Set(rows.map((r) => r.version)))) {
        this.db.exec(m.sql);
        insert.run(m.version, new Date(this.clock.now()).toISOString());
      }
    });
    this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    try {
      retryBusy(() => run.immediate());
    } finally {
      this.db.pragma('busy_timeout = 0');
    }
  }

  /** Whether every migration is applied (a read; false when that cannot be told). */
  private upToDate(): boolean {
    try {
      const table = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
      if (!table) return false;
      const rows = this.db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[];
      return pending(this.migrations, new Set(rows.map((r) => r.version))).length === 0;
    } catch {
      return false;
    }
  }

  /** A chat-facing statement: waits for a lock asynchronously, for the short budget. */
  private user<T>(fn: () => T): Promise<T> {
    return retryWhileBusy(fn, this.busy.clock, this.busy.userBudgetMs);
  }

  /** A ledger or announcer statement: waits for a lock asynchronously, for the long budget. */
  private ledger<T>(fn: () => T): Promise<T> {
    return retryWhileBusy(fn, this.busy.clock, this.busy.ledgerBudgetMs);
  }

  /**
   * Whether the file is writable now: a write transaction is begun, written to and rolled back,
   * never waiting (another process's lock is reported as busy).
   */
  async health(): Promise<StoreHealth> {
    if (this.closed) return { kind: 'sqlite', state: 'unavailable', writable: false, error: 'the store is closed' };
    try {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        this.db.exec("INSERT INTO announcer_state (name, value) VALUES ('health_probe', '') ON CONFLICT (name) DO NOTHING");
      } finally {
        this.db.exec('ROLLBACK');
      }
      return { kind: 'sqlite', state: 'ok', writable: true };
    } catch (error) {
      const message = (error as Error).message;
      if (isSqliteBusy(error)) return { kind: 'sqlite', state: 'busy', writable: true, error: `locked by another process: ${message}` };
      return { kind: 'sqlite', state: 'unavailable', writable: false, error: message };
    }
  }

  /** A prepared statement, prepared once per store. */
  private stmt(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }

  /** A prepared statement that returns rows as arrays. */
  private rawStmt(sql: string): Database.Statement {
    let statement = this.statements.get(`raw:${sql}`);
    if (!statement) this.statements.set(`raw:${sql}`, (statement = this.db.prepare(sql).raw(true)));
    return statement;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  async addSubscription(s: NewSubscription): Promise<Subscription> {
    const insert = this.stmt(
      `INSERT INTO subscriptions (id, conversation, platform, filter, leads, zone, lang, digest, created_by, active, created_at)
       VALUES (@id, @conversation, @platform, @filter, @leads, @zone, @lang, @digest, @createdBy, 1, @createdAt)`,
    );
    const createdAt = new Date(this.clock.now()).toISOString();
    for (let attempt = 1; ; attempt++) {
      const id = newSubscriptionId();
      try {
        await this.user(() =>
          insert.run({
            id,
            conversation: s.conversation,
            platform: s.platform,
            filter: JSON.stringify(s.filter),
            leads: JSON.stringify(s.leads),
            zone: s.zone,
            lang: s.lang,
            digest: s.digest ? JSON.stringify(s.digest) : null,
            createdBy: s.createdBy ?? null,
            createdAt,
          }),
        );
        return await this.user(() => this.subscription(id));
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= ID_ATTEMPTS) throw error;
      }
    }
  }

  private subscription(id: string): Subscription {
    const row = this.stmt('SELECT * FROM subscriptions WHERE id = ?').get(id) as SubscriptionRecord | undefined;
    if (!row) throw new Error(`subscription ${id} vanished`);
    return toSubscription(row);
  }

  async subscriptionsOf(conversation: string): Promise<Subscription[]> {
    const rows = (await this.user(() => this.stmt('SELECT * FROM subscriptions WHERE conversation = ? ORDER BY created_at, id').all(conversation))) as SubscriptionRecord[];
    return rows.map(toSubscription);
  }

  async activeSubscriptions(options?: { follows?: boolean }): Promise<Subscription[]> {
    // Without follows: through subscriptions_channels, named (subscriptions_active would read every follow), in its order.
    const sql =
      options?.follows === false
        ? 'SELECT * FROM subscriptions INDEXED BY subscriptions_channels WHERE active = 1 AND follow_entry IS NULL ORDER BY created_at, id'
        : 'SELECT * FROM subscriptions WHERE active = 1 ORDER BY created_at, id';
    const rows = (await this.ledger(() => this.stmt(sql).all())) as SubscriptionRecord[];
    return rows.map(toSubscription);
  }

  async activeFollowsOf(entries: readonly FollowReach[]): Promise<Subscription[]> {
    if (entries.length === 0) return [];
    // The entries drive the join (CROSS JOIN keeps them outer): one probe of subscriptions_follow each.
    const reach = JSON.stringify(followReach(entries));
    const rows = (await this.ledger(() =>
      this.stmt(
        `SELECT s.* FROM json_each(?) AS w CROSS JOIN subscriptions AS s
         WHERE s.follow_entry = w.value ->> 0 AND s.follow_lead >= w.value ->> 1 AND s.active = 1`,
      ).all(reach),
    )) as SubscriptionRecord[];
    return rows.map(toSubscription);
  }

  async removeSubscription(conversation: string, id: string): Promise<boolean> {
    return this.user(() => this.stmt('DELETE FROM subscriptions WHERE conversation = ? AND id = ?').run(conversation, id).changes > 0);
  }

  async setLeads(conversation: string, id: string, leads: readonly number[]): Promise<boolean> {
    return this.user(() => this.stmt('UPDATE subscriptions SET leads = ? WHERE conversation = ? AND id = ?').run(JSON.stringify(leads), conversation, id).changes > 0);
  }

  async removeAll(conversation: string): Promise<number> {
    return this.user(() => this.stmt('DELETE FROM subscriptions WHERE conversation = ?').run(conversation).changes);
  }

  async deactivateConversation(conversation: string, reason: string): Promise<number> {
    return this.ledger(() => this.stmt('UPDATE subscriptions SET active = 0, inactive_reason = ? WHERE conversation = ? AND active = 1').run(reason, conversation).changes);
  }

  async moveConversation(from: string, to: string): Promise<number> {
    return this.ledger(() => this.stmt('UPDATE subscriptions SET conversation = ? WHERE conversation = ?').run(to, from).changes);
  }

  async claim(claim: Claim): Promise<boolean> {
    const params = claimParams(claim);
    const result = await this.grouped.run(() =>
      this.stmt(
        `INSERT INTO ledger (subscription_id, entry_id, milestone, lead, status, deadline_at, claimed_by, claimed_at, late)
         SELECT @subscriptionId, @entryId, @milestone, @lead, 'claimed', @deadlineAt, @claimedBy, @claimedAt, @late
         WHERE EXISTS (SELECT 1 FROM subscriptions WHERE id = @subscriptionId)
         ON CONFLICT (subscription_id, entry_id, milestone, lead) DO NOTHING`,
      ).run(params),
    );
    return result.changes === 1;
  }

  async markSent(key: LedgerKey, messageId: string, sentAt: string): Promise<void> {
    await this.grouped.run(() =>
      this.stmt(`UPDATE ledger SET status = 'sent', message_id = @messageId, sent_at = @sentAt, reason = NULL WHERE ${KEY}`).run({ ...keyParams(key), messageId, sentAt }),
    );
  }

  async markFailed(key: LedgerKey, reason: string): Promise<void> {
    await this.grouped.run(() => this.stmt(`UPDATE ledger SET status = 'failed', reason = @reason WHERE ${KEY} AND status <> 'sent'`).run({ ...keyParams(key), reason }));
  }

  async markSkipped(claim: Claim, reason: string): Promise<void> {
    const params = { ...claimParams(claim), reason };
    await this.ledger(() => this.stmt(MARK_SKIPPED).run(params));
  }

  async markSkippedMany(skips: readonly SkipRecord[]): Promise<void> {
    // The same few instants recur in every row: each is checked once, all before anything is written.
    const checked = new Set<string>();
    for (const s of skips) {
      if (!checked.has(s.deadlineAt)) checked.add(checkInstant('deadlineAt', s.deadlineAt));
      if (!checked.has(s.claimedAt)) checked.add(checkInstant('claimedAt', s.claimedAt));
    }
    // One multi-row statement per SKIP_ROWS_PER_STATEMENT rows, SKIP_CHUNK rows per transaction.
    const full = this.stmt(markSkippedRows(SKIP_ROWS_PER_STATEMENT));
    const params: (string | number)[] = [];
    const insert = (from: number, to: number) => {
      params.length = 0;
      for (let i = from; i < to; i++) {
        const s = skips[i]!;
        params.push(s.subscriptionId, s.entryId, s.milestone, s.lead, s.deadlineAt, s.claimedBy, s.claimedAt, s.late ? 1 : 0, s.reason);
      }
      // The last, shorter statement of a call is prepared for it alone (not kept).
      (to - from === SKIP_ROWS_PER_STATEMENT ? full : this.db.prepare(markSkippedRows(to - from))).run(params);
    };
    const run = this.db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i += SKIP_ROWS_PER_STATEMENT) insert(i, Math.min(to, i + SKIP_ROWS_PER_STATEMENT));
    });
    for (let i = 0; i < skips.length; i += SKIP_CHUNK) {
      if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      const to = Math.min(skips.length, i + SKIP_CHUNK);
      await this.ledger(() => run.immediate(i, to));
    }
  }

  async settleSkips(marks: readonly SettleRecord[]): Promise<void> {
    const values = settleValues(marks);
    // One statement (and transaction) per SETTLE_CHUNK marks; each mark is one row, written whole or not at all.
    for (let i = 0; i < values.length; i += SETTLE_CHUNK) {
      if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      const chunk = values.slice(i, i + SETTLE_CHUNK);
      const byWriter = new Map<string, SettleValues[]>();
      for (const v of chunk) {
        const key = `${v.settledBy}\u0000${v.settledAt}`;
        const list = byWriter.get(key);
        if (list) list.push(v);
        else byWriter.set(key, [v]);
      }
      const run = this.db.transaction(() => {
        for (const list of byWriter.values())
          this.stmt(SETTLE).run({
            marks: JSON.stringify(list.map((v) => [v.subscriptionId, v.through, v.leads])),
            settledBy: list[0]!.settledBy,
            settledAt: list[0]!.settledAt,
          });
      });
      await this.ledger(() => run.immediate());
    }
  }

  async settledOf(subscriptionIds: readonly string[]): Promise<SettledMark[]> {
    if (subscriptionIds.length === 0) return [];
    const rows = (await this.ledger(() =>
      this.stmt('SELECT subscription_id, settled_through, leads FROM ledger_settled WHERE subscription_id IN (SELECT value FROM json_each(?))').all(
        JSON.stringify(subscriptionIds),
      ),
    )) as SettledRecord[];
    return rows.map(toSettledMark);
  }

  async staleClaims(olderThan: string): Promise<LedgerRow[]> {
    const before = checkInstant('olderThan', olderThan);
    const rows = (await this.ledger(() =>
      this.stmt(
        `SELECT * FROM ledger WHERE status = 'claimed' AND julianday(claimed_at) < julianday(?)
         ORDER BY julianday(claimed_at), subscription_id, entry_id, milestone, lead`,
      ).all(before),
    )) as LedgerRecord[];
    return rows.map(toLedgerRow);
  }

  async ledgerOf(subscriptionIds: readonly string[]): Promise<LedgerRow[]> {
    if (subscriptionIds.length === 0) return [];
    const rows = (await this.ledger(() =>
      this.stmt(
        `SELECT * FROM ledger WHERE subscription_id IN (SELECT value FROM json_each(?))
         ORDER BY subscription_id, entry_id, milestone, lead`,
      ).all(JSON.stringify(subscriptionIds)),
    )) as LedgerRecord[];
    return rows.map(toLedgerRow);
  }

  async ledgerWindow(subscriptionIds: readonly string[], options: LedgerQuery): Promise<WindowRow[]> {
    if (subscriptionIds.length === 0) return [];
    const ids = JSON.stringify(subscriptionIds);
    // The text range uses ledger_subscription_deadline; rows near the bound are compared as
    // instants (a value SQLite cannot read is kept: returning a row is never wrong). The older rows
    // of the given threads come from ledger_thread_deadline. Rows as arrays (raw): a pass reads many.
    const after = `deadline_at > @lower
      AND (deadline_at > @upper OR julianday(deadline_at) IS NULL OR julianday(deadline_at) > julianday(@after))`;
    const recent = `SELECT ${windowColumns('ledger')} FROM ledger
      WHERE subscription_id IN (SELECT value FROM json_each(@ids)) AND ${after}`;
    const params = { ids, ...deadlineBounds(options.deadlineAfter) };
    if (!options.threads?.length) return ((await this.ledger(() => this.rawStmt(recent).all(params))) as WindowTuple[]).map(toWindowRow);
    const older = `SELECT ${windowColumns('ledger')}
      FROM json_each(@threads) AS t JOIN ledger ON ledger.entry_id = t.value ->> 0 AND ledger.milestone = t.value ->> 1
      WHERE deadline_at <= @upper AND deadline_at > t.value ->> 2 AND NOT (${after})
        AND subscription_id IN (SELECT value FROM json_each(@ids))`;
    const threads = JSON.stringify(options.threads.map((t) => [t.entryId, t.milestone, threadLower(t.deadlineAfter)]));
    const rows = (await this.ledger(() => this.rawStmt(`${recent} UNION ALL ${older}`).all({ ...params, threads }))) as WindowTuple[];
    return rows.map(toWindowRow);
  }

  async ledgerLacking(query: LedgerKeysQuery): Promise<string[]> {
    if (query.subscriptions.length === 0 || query.groups.length === 0) return [];
    // Every group's leads (gl) and threads (t, with how many leads) once; for each subscription and
    // thread of its group, the rows of that thread (one range of the primary key) whose lead is one
    // of the group's are counted; a subscription is done at its first thread with fewer.
    const groups = JSON.stringify(query.groups.map((g) => [g.threads.map((t) => [t.entryId, t.milestone]), g.leads]));
    const subscriptions = JSON.stringify(query.subscriptions.map((s) => [s.subscriptionId, s.group]));
    return (await this.ledger(() =>
      this.stmt(
        `WITH gl (g, l) AS MATERIALIZED (
           SELECT DISTINCT grp.key, ld.value FROM json_each(@groups) AS grp, json_each(grp.value, '$[1]') AS ld),
         t (g, e, m, n) AS MATERIALIZED (
           SELECT DISTINCT grp.key, th.value ->> 0, th.value ->> 1, (SELECT count(*) FROM gl WHERE gl.g = grp.key)
           FROM json_each(@groups) AS grp, json_each(grp.value, '$[0]') AS th),
         s (id, g) AS MATERIALIZED (SELECT value ->> 0, value ->> 1 FROM json_each(@subscriptions))
         SELECT s.id FROM s
         WHERE EXISTS (SELECT 1 FROM t WHERE t.g = s.g AND t.n > (
           SELECT count(*) FROM ledger JOIN gl ON gl.g = s.g AND gl.l = ledger.lead
           WHERE ledger.subscription_id = s.id AND ledger.entry_id = t.e AND ledger.milestone = t.m))`,
      )
        .pluck()
        .all({ groups, subscriptions }),
    )) as string[];
  }

  async reclaim(key: LedgerKey, claimedBy: string, claimedAt: string, staleBefore?: string): Promise<boolean> {
    const params = {
      ...keyParams(key),
      claimedBy,
      claimedAt: checkInstant('claimedAt', claimedAt),
      staleBefore: staleBefore === undefined ? null : checkInstant('staleBefore', staleBefore),
    };
    const result = await this.grouped.run(() =>
      this.stmt(
        `UPDATE ledger SET status = 'claimed', claimed_by = @claimedBy, claimed_at = @claimedAt, reason = NULL
         WHERE ${KEY} AND (status = 'failed'
           OR (status = 'claimed' AND @staleBefore IS NOT NULL AND julianday(claimed_at) < julianday(@staleBefore)))`,
      ).run(params),
    );
    return result.changes === 1;
  }

  async settingsOf(person: string): Promise<PersonSettings | undefined> {
    const row = (await this.user(() => this.stmt('SELECT person, zone, lang, leads, updated_at FROM person_settings WHERE person = ?').get(person))) as SettingsRecord | undefined;
    return row ? toSettings(row) : undefined;
  }

  async saveSettings(settings: PersonSettings): Promise<void> {
    const values = settingsValues(settings);
    await this.user(() =>
      this.stmt(
        `INSERT INTO person_settings (person, zone, lang, leads, updated_at) VALUES (@person, @zone, @lang, @leads, @updatedAt)
         ON CONFLICT (person) DO UPDATE SET zone = excluded.zone, lang = excluded.lang, leads = excluded.leads, updated_at = excluded.updated_at`,
      ).run(values),
    );
  }

  async lastCompletePass(): Promise<string | undefined> {
    const row = (await this.ledger(() => this.stmt(`SELECT value FROM announcer_state WHERE name = 'last_complete_pass'`).get())) as { value: string } | undefined;
    return row?.value;
  }

  async recordCompletePass(at: string): Promise<void> {
    // UTC ISO text of one length: text order is time order, and the upsert keeps the later one.
    const value = new Date(checkInstant('at', at)).toISOString();
    await this.ledger(() =>
      this.stmt(
        `INSERT INTO announcer_state (name, value) VALUES ('last_complete_pass', @value)
       ON CONFLICT (name) DO UPDATE SET value = excluded.value WHERE excluded.value > announcer_state.value`,
      ).run({ value }),
    );
  }

  async feedTokenOf(person: string): Promise<string> {
    const createdAt = new Date(this.clock.now()).toISOString();
    return this.user(() => {
      this.stmt('INSERT INTO feed_tokens (person, token, created_at) VALUES (?, ?, ?) ON CONFLICT (person) DO NOTHING').run(person, newFeedToken(), createdAt);
      return (this.stmt('SELECT token FROM feed_tokens WHERE person = ?').get(person) as { token: string }).token;
    });
  }

  async resetFeedToken(person: string): Promise<string> {
    const createdAt = new Date(this.clock.now()).toISOString();
    const row = await this.user(
      () =>
        this.stmt(
          `INSERT INTO feed_tokens (person, token, created_at) VALUES (?, ?, ?)
           ON CONFLICT (person) DO UPDATE SET token = excluded.token, created_at = excluded.created_at RETURNING token`,
        ).get(person, newFeedToken(), createdAt) as { token: string },
    );
    return row.token;
  }

  async personOfFeedToken(token: string): Promise<string | undefined> {
    const row = (await this.user(() => this.stmt('SELECT person FROM feed_tokens WHERE token = ?').get(token))) as { person: string } | undefined;
    return row?.person;
  }

  async eventVersions(person: string): Promise<Map<string, EventVersion>> {
    const rows = (await this.user(() => this.stmt('SELECT uid, fingerprint, sequence, modified_at FROM event_versions WHERE person = ?').all(person))) as EventVersionRecord[];
    return toEventVersions(rows);
  }

  async saveEventVersions(person: string, rows: readonly EventVersionRow[]): Promise<void> {
    if (rows.length === 0) return;
    for (const r of rows) checkInstant('modifiedAt', r.modifiedAt);
    const upsert = this.stmt(
      `INSERT INTO event_versions (person, uid, fingerprint, sequence, modified_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (person, uid) DO UPDATE SET fingerprint = excluded.fingerprint, sequence = excluded.sequence, modified_at = excluded.modified_at
       WHERE excluded.sequence > event_versions.sequence`,
    );
    const run = this.db.transaction(() => {
      for (const r of rows) upsert.run(person, r.uid, r.fingerprint, r.sequence, r.modifiedAt);
    });
    await this.user(() => run.immediate());
  }
}

/**
 * Opens a SQLite store, creating the file and its directory, and migrates it: it is ready to use
 * (a later `migrate()` is harmless). ':memory:' gives a private in-memory database.
 */
export function openSqliteStore(path: string, migrations: readonly Migration[] = SQLITE_MIGRATIONS, options: SqliteStoreOptions = {}): SqliteStore {
  let store: SqliteStore;
  if (path === ':memory:') {
    store = new SqliteStore(path, migrations, options);
  } else {
    const file = resolve(path);
    mkdirSync(dirname(file), { recursive: true });
    store = new SqliteStore(file, migrations, options);
  }
  try {
    store.migrateNow();
  } catch (error) {
    store.db.close();
    throw error;
  }
  return store;
}
