/**
 * The Store: everything catalog-bot keeps between runs (subscriptions and the
 * announcement ledger). SQLite by default, PostgreSQL when DATABASE_URL is set;
 * both implement this interface and pass the same test suite.
 *
 * Exactly-once: a post is identified by its LedgerKey. `claim` inserts the key
 * (unique) and returns true to exactly one caller across every instance sharing the
 * database; only that caller sends, then records the outcome with `markSent`,
 * `markFailed` or `markSkipped`.
 */
import type { Kind } from '../catalog/schema.js';
import type { Lang } from '../bot/reply.js';

/**
 * One person's settings, keyed by their direct address (Actor.directAddress): every reply
 * to them gives times in `zone` (next to the source zone and Beijing time) and, when set,
 * in `lang`; `leads` are the default reminder leads of their follows (days; default 7, 1, 0).
 */
export interface PersonSettings {
  person: string;
  zone?: string;
  lang?: Lang;
  leads?: number[];
  updatedAt: string;
}

export interface SubscriptionFilter {
  /** Only these entries (a person's follow of one item: its subscription lives at their direct address). */
  ids?: string[];
  kinds?: Kind[];
  tags?: string[];
  /** A search query; matching entries are the ones the search returns. */
  query?: string;
}

export interface Digest {
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** Local time of day "HH:mm" in the subscription's zone. */
  time: string;
}

export interface NewSubscription {
  /** "telegram:-100123", "discord:<channel id>", "console". */
  conversation: string;
  platform: string;
  filter: SubscriptionFilter;
  /** Days before each deadline; 0 is the day itself. */
  leads: number[];
  /** IANA zone the posts are shown and scheduled in. */
  zone: string;
  lang: Lang;
  digest?: Digest;
  createdBy?: string;
}

export interface Subscription extends NewSubscription {
  /** Short, stable, unique id users type in /unsubscribe. */
  id: string;
  active: boolean;
  /** ISO instant. */
  createdAt: string;
  /** Why it was deactivated ("chat not found", "bot was kicked"). */
  inactiveReason?: string;
}

export type LedgerStatus = 'claimed' | 'sent' | 'failed' | 'skipped';

export interface LedgerKey {
  subscriptionId: string;
  entryId: string;
  /** Which milestone: "deadline", or "<type>:<label>" for others; "digest" for a digest. */
  milestone: string;
  /** "30d", "7d", "1d", "0d", "changed:<ISO>" for a moved deadline, "digest:<ISO week>". */
  lead: string;
}

export interface LedgerRow extends LedgerKey {
  status: LedgerStatus;
  /** The instant announced (ISO), to detect a deadline that moved. */
  deadlineAt: string;
  /** Who claimed it (instance id) and when (ISO). */
  claimedBy: string;
  claimedAt: string;
  /** Set once sent: the platform's message id. */
  messageId?: string;
  sentAt?: string;
  late?: boolean;
  /** Why it failed or was skipped. */
  reason?: string;
}

export interface Claim extends LedgerKey {
  deadlineAt: string;
  claimedBy: string;
  claimedAt: string;
  late?: boolean;
}

/**
 * A ledger row as a pass plans from it (Store.ledgerWindow): what decides whether a post is due
 * again — whether the key has a row, its status and instant, when it was sent.
 */
export interface WindowRow extends LedgerKey {
  status: LedgerStatus;
  /** The instant announced (ISO), to detect a deadline that moved. */
  deadlineAt: string;
  /** When it was sent; when it was claimed for a row not sent. */
  at: string;
  /** Why it failed (failed rows only). */
  reason?: string;
}

/** ledgerWindow's query (see there). */
export interface LedgerQuery {
  deadlineAfter: string;
  /**
   * Threads (entry and milestone) whose rows are returned whatever their
   * deadline, or (the thread's own `deadlineAfter`) whose deadline is after that.
   */
  threads?: ReadonlyArray<{ entryId: string; milestone: string; deadlineAfter?: string }>;
}

/**
 * ledgerLacking's question: sets of keys (every thread of a group with every one of its leads), and
 * the subscriptions to check, each against one group.
 */
export interface LedgerKeysQuery {
  groups: ReadonlyArray<{ threads: ReadonlyArray<{ entryId: string; milestone: string }>; leads: readonly string[] }>;
  /** Each subscription with the index of its group in `groups`. */
  subscriptions: ReadonlyArray<{ subscriptionId: string; group: number }>;
}

/** A row to record as skipped (markSkippedMany). */
export interface SkipRecord extends Claim {
  reason: string;
}

/**
 * One subscription's settled skips (settleSkips, settledOf): every lead of `leads` that a pass
 * at `through` would have recorded as skipped — due at or before it (and after the subscription was
 * made), of a milestone passed by then or overtaken by a later lead of `leads` due by then — and
 * that has no ledger row counts as skipped. A row, whatever its status, always wins.
 */
export interface SettledMark {
  subscriptionId: string;
  /** ISO instant (stored as UTC ISO text). */
  through: string;
  /** Lead days, as the subscription had them then. */
  leads: readonly number[];
}

/** A mark to write (settleSkips): who wrote it and when (ISO). */
export interface SettleRecord extends SettledMark {
  settledBy: string;
  settledAt: string;
}

/**
 * The version of one event of a person's calendar feed (its UID's SEQUENCE and LAST-MODIFIED):
 * `fingerprint` hashes what the event says (start, end, summary, description); a new one
 * bumps `sequence` and `modifiedAt` (ISO instant).
 */
export interface EventVersion {
  fingerprint: string;
  sequence: number;
  modifiedAt: string;
}

export interface EventVersionRow extends EventVersion {
  uid: string;
}

/**
 * An entry a pass looks at (activeFollowsOf): its follows are read when their largest lead is at
 * least `minLead` days (default 0), i.e. when that lead reaches one of the entry's milestones.
 */
export interface FollowReach {
  entryId: string;
  minLead?: number;
}

/** What /healthz says of the store (Store.health). */
export interface StoreHealth {
  kind: 'sqlite' | 'postgres';
  /** ok; busy: another process holds the write lock (writes wait, then answer "busy"); unavailable. */
  state: 'ok' | 'busy' | 'unavailable';
  writable: boolean;
  error?: string;
}

export interface Store {
  /** Creates or upgrades the schema (versioned migrations); safe to call on every start. */
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** Whether the database answers and takes writes now, without waiting long (for /healthz). */
  health?(): Promise<StoreHealth>;

  addSubscription(subscription: NewSubscription): Promise<Subscription>;
  /** Every subscription of one conversation (active and inactive). */
  subscriptionsOf(conversation: string): Promise<Subscription[]>;
  /**
   * Every active subscription; with `{ follows: false }` only those that are not follows (a
   * follow: `filter.ids` of exactly one entry, see activeFollowsOf).
   */
  activeSubscriptions(options?: { follows?: boolean }): Promise<Subscription[]>;
  /**
   * The active follows of the given entries (subscriptions whose `filter.ids` is that one entry),
   * each whose largest lead is at least the entry's `minLead`; an index on (entry, largest lead)
   * serves it, so a pass reads only the follows its window reaches. In no particular order.
   * (Migration 6; additive.)
   */
  activeFollowsOf(entries: readonly FollowReach[]): Promise<Subscription[]>;
  /** Removes one subscription of this conversation; false when there is none with that id. */
  removeSubscription(conversation: string, id: string): Promise<boolean>;
  /**
   * Sets the leads of one subscription of this conversation (a person's follow: "only on the last
   * day", "remind me tomorrow"); its ledger rows stay, so nothing already sent is sent again.
   * False when there is none with that id. (Added for follows; additive.)
   */
  setLeads(conversation: string, id: string, leads: readonly number[]): Promise<boolean>;
  /** Removes every subscription of the conversation; returns how many. */
  removeAll(conversation: string): Promise<number>;
  /** The bot lost the conversation: deactivate its subscriptions (kept, not deleted). */
  deactivateConversation(conversation: string, reason: string): Promise<number>;
  /** A Telegram group became a supergroup: move its subscriptions to the new id. */
  moveConversation(from: string, to: string): Promise<number>;

  /**
   * Inserts the ledger row; true only for the one caller that inserted it. Also false when the
   * subscription no longer exists (ledger rows belong to a subscription and go with it).
   */
  claim(claim: Claim): Promise<boolean>;
  markSent(key: LedgerKey, messageId: string, sentAt: string): Promise<void>;
  markFailed(key: LedgerKey, reason: string): Promise<void>;
  /** Records a post that will not be sent (deadline passed during downtime); claims it if unclaimed. */
  markSkipped(claim: Claim, reason: string): Promise<void>;
  /**
   * `markSkipped` for many rows at once (a pass after downtime records thousands): each row as
   * `markSkipped` would, in one transaction (SQLite) or multi-row statements (PostgreSQL).
   */
  markSkippedMany(skips: readonly SkipRecord[]): Promise<void>;
  /**
   * Records the skips of many subscriptions, one mark each (SettledMark; a pass after downtime
   * settles hundreds of thousands of leads in one row per subscription): a stored mark is replaced
   * only by one at the same or a later `through` (instances sharing the database never move it back); a subscription
   * that no longer exists is left out. Marks go with their subscription. (Migration 7; additive.)
   */
  settleSkips(marks: readonly SettleRecord[]): Promise<void>;
  /** The marks of the given subscriptions (those that have one), `through` as stored (UTC ISO). In no particular order. */
  settledOf(subscriptionIds: readonly string[]): Promise<SettledMark[]>;
  /** Rows left 'claimed' (the process died between claim and send), older than the given ISO instant. */
  staleClaims(olderThan: string): Promise<LedgerRow[]>;
  /** Ledger rows of the given subscriptions, ordered by key. */
  ledgerOf(subscriptionIds: readonly string[]): Promise<LedgerRow[]>;
  /**
   * The ledger as a pass plans from it: the given subscriptions' rows whose deadlineAt is after
   * `query.deadlineAfter` (ISO; compared as instants, whatever the offset; an index on
   * (subscription_id, deadline_at) serves it) — a pass needs only rows of recent and future
   * deadlines — and the rows of `query.threads` whatever their deadline (or after the thread's own
   * `deadlineAfter`): a milestone whose date moved keeps the rows of its earlier date (change
   * detection needs them). Only the columns the planner reads (WindowRow): a pass reads hundreds of
   * thousands. In no particular order.
   */
  ledgerWindow(subscriptionIds: readonly string[], query: LedgerQuery): Promise<WindowRow[]>;
  /**
   * The subscriptions of `query.subscriptions` that lack a ledger row (of any status and deadline)
   * for at least one key of their group: the subscription's id × a thread × a lead of the group. One
   * statement, answered from the ledger's primary key; nothing else is read. A full pass learns this
   * way that the passed milestones of a subscription are all recorded, without loading their rows.
   * In no particular order. (Added for catch-up passes; additive.)
   */
  ledgerLacking(query: LedgerKeysQuery): Promise<string[]>;
  /**
   * Takes a row over again, for exactly one caller across every instance: a 'failed' row, or a
   * 'claimed' row whose claimedAt is before `staleBefore` (its claimer died). On success the row is
   * 'claimed' by `claimedBy` at `claimedAt` (which must be later than `staleBefore`), its reason
   * cleared, and true is returned; false when the row is missing, 'sent', 'skipped', or already
   * taken over. (Added with the stores; additive.)
   */
  reclaim(key: LedgerKey, claimedBy: string, claimedAt: string, staleBefore?: string): Promise<boolean>;

  /** One person's settings (by their direct address); undefined when they never saved any. (Migration 4.) */
  settingsOf(person: string): Promise<PersonSettings | undefined>;
  /**
   * Saves a person's settings whole: a field left out is cleared (merge with `settingsOf` first
   * to change one). `updatedAt` must be an ISO instant; `leads` are stored sorted, longest first.
   */
  saveSettings(settings: PersonSettings): Promise<void>;

  /**
   * The time (ISO, UTC) of the last complete announcement pass recorded by any instance;
   * undefined when none was recorded. (Added with migration 3; additive.)
   */
  lastCompletePass(): Promise<string | undefined>;
  /**
   * Records a complete pass at `at` (an ISO instant): keeps the later of the stored time and `at`,
   * atomically (instances sharing the database never move it back). Stored as UTC ISO text.
   */
  recordCompletePass(at: string): Promise<void>;

  /**
   * The person's private calendar feed token (keyed by their direct address), issued on first
   * use: 43 random URL-safe characters. (Added with migration 5, as are the methods below.)
   */
  feedTokenOf(person: string): Promise<string>;
  /** Revokes the person's token (its feed URL stops working) and issues a new one. */
  resetFeedToken(person: string): Promise<string>;
  /** Whose feed a token opens; undefined for an unknown or revoked token. */
  personOfFeedToken(token: string): Promise<string | undefined>;
  /** The stored versions of the events of a person's feed, by UID. */
  eventVersions(person: string): Promise<Map<string, EventVersion>>;
  /**
   * Stores versions; a row replaces the stored one only when its sequence is higher (two
   * renders at once never move a version back).
   */
  saveEventVersions(person: string, rows: readonly EventVersionRow[]): Promise<void>;
}
