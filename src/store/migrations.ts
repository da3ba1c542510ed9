/**
 * Versioned schema migrations, one list per dialect. A database records what it has in
 * `schema_migrations(version, applied_at)`; `pending` picks the missing ones, in order. Never edit
 * a released migration: add the next version instead.
 */

export interface Migration {
  version: number;
  name: string;
  /** One or more statements, run in the migration's transaction. */
  sql: string;
}

/** A follow's entry and largest lead from its filter and leads (NULL for other subscriptions). */
const FOLLOW_SET_SQLITE = `
  follow_entry = CASE WHEN json_type(filter, '$.ids') = 'array' AND json_array_length(filter, '$.ids') = 1 THEN filter ->> '$.ids[0]' END,
  follow_lead = CASE WHEN json_type(filter, '$.ids') = 'array' AND json_array_length(filter, '$.ids') = 1
    THEN coalesce((SELECT max(value) FROM json_each(leads)), 0) END`;

export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'subscriptions and announcement ledger',
    sql: `
      CREATE TABLE subscriptions (
        id TEXT PRIMARY KEY,
        conversation TEXT NOT NULL,
        platform TEXT NOT NULL,
        filter TEXT NOT NULL,
        leads TEXT NOT NULL,
        zone TEXT NOT NULL,
        lang TEXT NOT NULL,
        digest TEXT,
        created_by TEXT,
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at TEXT NOT NULL,
        inactive_reason TEXT
      ) STRICT;
      CREATE INDEX subscriptions_conversation ON subscriptions (conversation);
      CREATE INDEX subscriptions_active ON subscriptions (active);
      CREATE TABLE ledger (
        subscription_id TEXT NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
        entry_id TEXT NOT NULL,
        milestone TEXT NOT NULL,
        lead TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('claimed', 'sent', 'failed', 'skipped')),
        deadline_at TEXT NOT NULL,
        claimed_by TEXT NOT NULL,
        claimed_at TEXT NOT NULL,
        message_id TEXT,
        sent_at TEXT,
        late INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)),
        reason TEXT,
        PRIMARY KEY (subscription_id, entry_id, milestone, lead)
      ) STRICT;
      CREATE INDEX ledger_status ON ledger (status);
    `,
  },
  {
    version: 2,
    name: 'ledger by subscription and deadline',
    // ledgerWindow(ids, { deadlineAfter, threads }): a pass reads only the rows of recent and future
    // deadlines, and the older rows of the threads it looks at (a deadline that moved).
    sql: `
      CREATE INDEX ledger_subscription_deadline ON ledger (subscription_id, deadline_at);
      CREATE INDEX ledger_thread_deadline ON ledger (entry_id, milestone, deadline_at);
      -- staleClaims reads only 'claimed' rows: an index of those alone costs nothing to the
      -- hundreds of thousands of sent and skipped rows a pass after downtime writes.
      DROP INDEX ledger_status;
      CREATE INDEX ledger_claimed ON ledger (claimed_at) WHERE status = 'claimed';
    `,
  },
  {
    version: 3,
    name: 'announcer state',
    // lastCompletePass/recordCompletePass: the time of the last complete announcement pass, so the
    // first pass after a restart (and each `npm run announce`) looks back only since then + 1 day.
    sql: `
      CREATE TABLE announcer_state (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 4,
    name: 'person settings',
    // settingsOf/saveSettings: one row per person (their direct address), read by its primary key
    // on every message they send; leads as JSON text like the subscriptions' leads.
    sql: `
      CREATE TABLE person_settings (
        person TEXT PRIMARY KEY,
        zone TEXT,
        lang TEXT CHECK (lang IN ('zh', 'en')),
        leads TEXT,
        updated_at TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 5,
    name: 'calendar feed tokens and event versions',
    // feedTokenOf/personOfFeedToken: one private feed token per person (their direct address);
    // eventVersions: each feed event's SEQUENCE and LAST-MODIFIED, bumped when its content changes.
    sql: `
      CREATE TABLE feed_tokens (
        person TEXT PRIMARY KEY,
        token TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE event_versions (
        person TEXT NOT NULL,
        uid TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        sequence INTEGER NOT NULL,
        modified_at TEXT NOT NULL,
        PRIMARY KEY (person, uid)
      ) STRICT;
    `,
  },
  {
    version: 6,
    name: 'follows by entry',
    // activeFollowsOf: a follow (filter.ids of one entry) carries its entry and its largest lead,
    // kept by triggers on every insert and on every change of filter or leads, whoever writes it.
    sql: `
      ALTER TABLE subscriptions ADD COLUMN follow_entry TEXT;
      ALTER TABLE subscriptions ADD COLUMN follow_lead REAL;
      CREATE TRIGGER subscriptions_follow_insert AFTER INSERT ON subscriptions BEGIN
        UPDATE subscriptions SET ${FOLLOW_SET_SQLITE} WHERE id = NEW.id;
      END;
      CREATE TRIGGER subscriptions_follow_update AFTER UPDATE OF filter, leads ON subscriptions BEGIN
        UPDATE subscriptions SET ${FOLLOW_SET_SQLITE} WHERE id = NEW.id;
      END;
      UPDATE subscriptions SET ${FOLLOW_SET_SQLITE};
      CREATE INDEX subscriptions_follow ON subscriptions (follow_entry, follow_lead) WHERE follow_entry IS NOT NULL;
      -- activeSubscriptions({ follows: false }): the channels' subscriptions without the follows.
      CREATE INDEX subscriptions_channels ON subscriptions (created_at, id) WHERE active = 1 AND follow_entry IS NULL;
    `,
  },
  {
    version: 7,
    name: 'settled skips',
    // settleSkips/settledOf: one mark per subscription instead of a 'skipped' ledger row per lead
    // (a pass after two weeks of downtime settled hundreds of thousands); the older rows stay.
    sql: `
      CREATE TABLE ledger_settled (
        subscription_id TEXT PRIMARY KEY REFERENCES subscriptions (id) ON DELETE CASCADE,
        settled_through TEXT NOT NULL,
        leads TEXT NOT NULL,
        settled_by TEXT NOT NULL,
        settled_at TEXT NOT NULL
      ) STRICT;
    `,
  },
];

export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'subscriptions and announcement ledger',
    sql: `
      CREATE TABLE subscriptions (
        id TEXT PRIMARY KEY,
        conversation TEXT NOT NULL,
        platform TEXT NOT NULL,
        filter TEXT NOT NULL,
        leads TEXT NOT NULL,
        zone TEXT NOT NULL,
        lang TEXT NOT NULL,
        digest TEXT,
        created_by TEXT,
        active BOOLEAN NOT NULL DEFAULT TRUE,
        created_at TEXT NOT NULL,
        inactive_reason TEXT
      );
      CREATE INDEX subscriptions_conversation ON subscriptions (conversation);
      CREATE INDEX subscriptions_active ON subscriptions (active);
      CREATE TABLE ledger (
        subscription_id TEXT NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
        entry_id TEXT NOT NULL,
        milestone TEXT NOT NULL,
        lead TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('claimed', 'sent', 'failed', 'skipped')),
        deadline_at TEXT NOT NULL,
        claimed_by TEXT NOT NULL,
        claimed_at TEXT NOT NULL,
        message_id TEXT,
        sent_at TEXT,
        late BOOLEAN NOT NULL DEFAULT FALSE,
        reason TEXT,
        PRIMARY KEY (subscription_id, entry_id, milestone, lead)
      );
      CREATE INDEX ledger_status ON ledger (status);
    `,
  },
  {
    version: 2,
    name: 'ledger by subscription and deadline',
    // ledgerWindow(ids, { deadlineAfter, threads }): a pass reads only the rows of recent and future
    // deadlines, and the older rows of the threads it looks at (a deadline that moved).
    // Byte order (COLLATE "C"), whatever the database's collation: ledgerWindow compares ISO text.
    sql: `
      CREATE INDEX ledger_subscription_deadline ON ledger (subscription_id, deadline_at COLLATE "C");
      CREATE INDEX ledger_thread_deadline ON ledger (entry_id, milestone, deadline_at COLLATE "C");
      -- staleClaims reads only 'claimed' rows: an index of those alone costs nothing to the
      -- hundreds of thousands of sent and skipped rows a pass after downtime writes.
      DROP INDEX ledger_status;
      CREATE INDEX ledger_claimed ON ledger (claimed_at) WHERE status = 'claimed';
    `,
  },
  {
    version: 3,
    name: 'announcer state',
    // lastCompletePass/recordCompletePass: the time of the last complete announcement pass, so the
    // first pass after a restart (and each `npm run announce`) looks back only since then + 1 day.
    sql: `
      CREATE TABLE announcer_state (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
  {
    version: 4,
    name: 'person settings',
    // settingsOf/saveSettings: one row per person (their direct address), read by its primary key
    // on every message they send; leads as JSON text like the subscriptions' leads.
    sql: `
      CREATE TABLE person_settings (
        person TEXT PRIMARY KEY,
        zone TEXT,
        lang TEXT CHECK (lang IN ('zh', 'en')),
        leads TEXT,
        updated_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 5,
    name: 'calendar feed tokens and event versions',
    // feedTokenOf/personOfFeedToken: one private feed token per person (their direct address);
    // eventVersions: each feed event's SEQUENCE and LAST-MODIFIED, bumped when its content changes.
    sql: `
      CREATE TABLE feed_tokens (
        person TEXT PRIMARY KEY,
        token TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL
      );
      CREATE TABLE event_versions (
        person TEXT NOT NULL,
        uid TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        sequence INTEGER NOT NULL,
        modified_at TEXT NOT NULL,
        PRIMARY KEY (person, uid)
      );
    `,
  },
  {
    version: 6,
    name: 'follows by entry',
    // activeFollowsOf: a follow (filter.ids of one entry) carries its entry and its largest lead,
    // kept by a trigger on every insert and on every change of filter or leads, whoever writes it.
    sql: `
      ALTER TABLE subscriptions ADD COLUMN follow_entry TEXT, ADD COLUMN follow_lead DOUBLE PRECISION;
      CREATE FUNCTION subscriptions_follow() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF jsonb_typeof(NEW.filter::jsonb -> 'ids') = 'array' AND jsonb_array_length(NEW.filter::jsonb -> 'ids') = 1 THEN
          NEW.follow_entry := NEW.filter::jsonb -> 'ids' ->> 0;
          NEW.follow_lead := COALESCE((SELECT MAX(l::double precision) FROM jsonb_array_elements_text(NEW.leads::jsonb) AS l), 0);
        ELSE
          NEW.follow_entry := NULL;
          NEW.follow_lead := NULL;
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER subscriptions_follow BEFORE INSERT OR UPDATE OF filter, leads ON subscriptions
        FOR EACH ROW EXECUTE FUNCTION subscriptions_follow();
      UPDATE subscriptions SET filter = filter;
      CREATE INDEX subscriptions_follow ON subscriptions (follow_entry, follow_lead) WHERE follow_entry IS NOT NULL;
      -- activeSubscriptions({ follows: false }): the channels' subscriptions without the follows.
      CREATE INDEX subscriptions_channels ON subscriptions (created_at, id) WHERE active AND follow_entry IS NULL;
    `,
  },
  {
    version: 7,
    name: 'settled skips',
    // settleSkips/settledOf: one mark per subscription instead of a 'skipped' ledger row per lead
    // (a pass after two weeks of downtime settled hundreds of thousands); the older rows stay.
    sql: `
      CREATE TABLE ledger_settled (
        subscription_id TEXT PRIMARY KEY REFERENCES subscriptions (id) ON DELETE CASCADE,
        settled_through TEXT NOT NULL,
        leads TEXT NOT NULL,
        settled_by TEXT NOT NULL,
        settled_at TEXT NOT NULL
      );
    `,
  },
];

/** The migrations of `all` not in `applied`, by version; throws on a list out of order. */
export function pending(all: readonly Migration[], applied: ReadonlySet<number>): Migration[] {
  all.forEach((m, i) => {
    const prev = all[i - 1];
    if (prev && m.version <= prev.version) throw new Error(`migrations out of order at version ${m.version}`);
  });
  return all.filter((m) => !applied.has(m.version));
}
