/**
 * One announcement pass: plan (plan.ts), record skips (one mark of settled skips per subscription,
 * settled.ts; a missed digest as a ledger row), then for each due post claim →
 * send (with the idempotency key) → markSent. Exactly once across instances: only the
 * caller whose claim inserted the ledger row sends.
 *
 *  - SendError 'lost': the conversation's subscriptions are deactivated; its other posts dropped.
 *  - SendError 'moved': subscriptions follow the new id and the post is sent there.
 *  - Anything else: the row is marked failed ("transient: …") and retried at a later pass
 *    while still useful (reclaim).
 *  - A row left 'claimed' (the process died between claim and send) for longer than
 *    `staleAfterMs` (checked at every pass): re-sent with the same idempotency key only when the sender dedupes
 *    and the claim is younger than its dedupe window (Discord); otherwise it is marked
 *    failed ("unknown: …") and never resent — at most once. See DESIGN.md.
 *  - Posts go out paced (pacing.ts), one conversation at a time per worker.
 */
import { DateTime } from 'luxon';
import { SendError } from '../platform.js';
import type { Clock } from '../clock.js';
import type { Sender } from '../platform.js';
import type { Entry, Kind } from '../catalog/schema.js';
import type { Reply } from '../bot/reply.js';
import type { LedgerKey, LedgerRow, Store, Subscription } from '../store/types.js';
import { digestContent } from './digest.js';
import { describeKey, idempotencyKey } from './key.js';
import { Matcher } from './match.js';
import { Pacer } from './pacing.js';
import { type PassedKeys, type PlanOptions, passedKeys, plan, relevantSubscriptions, windowOf, windowStart } from './plan.js';
import type { PlannedPost, PlannedSkip } from './planned.js';
import { isFollow } from './follow.js';
import { type Settled, settledBySubscription } from './settled.js';
import { postReply, silentPost } from './post.js';
import { followReach } from './reach.js';
import { type Announced, announcedMilestones, DAY_MS, DueCache, MilestoneIndex } from './schedule.js';

/** What a pass needs of a platform's sender: send, and its limits (rates, idempotency window). */
export type AnnounceSender = Pick<Sender, 'platform' | 'limits' | 'send'>;

export interface PassCore {
  readonly entries: readonly Entry[];
  search(query: string, kinds?: readonly Kind[]): readonly Entry[];
  /** The entries of these kinds (only they are read); without it, `entries` is scanned. */
  ofKinds?(kinds: readonly Kind[]): readonly Entry[];
}

export type PassEvent =
  | { type: 'sent' | 'late' | 'resent'; key: LedgerKey; conversation: string; messageId: string }
  | { type: 'skipped' | 'failed' | 'unknown'; key: LedgerKey; conversation?: string; reason: string }
  | { type: 'raced'; key: LedgerKey; conversation: string }
  | { type: 'deactivated' | 'moved'; conversation: string; reason: string; to?: string };

export interface PassOptions {
  store: Store;
  core: PassCore;
  /** The senders, by platform ("telegram", "discord", "console"). */
  senders: Readonly<Record<string, AnnounceSender | undefined>>;
  /** The pass's "now" (what is due). */
  now: DateTime | number;
  /** Wall clock for claim times and stale claims (default: stopped at `now`). */
  clock?: Pick<Clock, 'now'>;
  /** Who claims ("host:pid:random"). */
  instanceId: string;
  /** Plan and build the posts; claim, send and record nothing. */
  dryRun?: boolean;
  pacer?: Pacer;
  /** Built once per catalog by long-running callers; built here otherwise. */
  index?: MilestoneIndex;
  /**
   * Incremental pass: the time of the last complete pass. Only leads due since then are
   * looked at (retries and changed deadlines wait for a full pass; stale claims are checked always).
   */
  since?: number;
  plan?: PlanOptions;
  /** Entries whose dates moved since the catalog before (plan.ts `moved`): told at once. */
  moved?: ReadonlySet<string>;
  /** A 'claimed' row older than this is stale (default 2 minutes). */
  staleAfterMs?: number;
  /**
   * Conversations sent to in parallel (default 32; the pacer holds each platform to its overall
   * rate). On SQLite their claims and marks share group commits: with 8, a pass sending 6,000
   * posts ran 15–20 % longer.
   */
  concurrency?: number;
  /** Subscriptions planned per ledger query (default 500). */
  batchSize?: number;
  onEvent?: (event: PassEvent) => void;
  log?: (message: string, error?: unknown) => void;
}

export interface PassSummary {
  /** Subscriptions read: every channel's, and the follows the window reaches (reach.ts). */
  subscriptions: number;
  planned: number;
  sent: number;
  late: number;
  skipped: number;
  failed: number;
  deactivated: number;
  moved: number;
  /** Claimed by another instance first. */
  raced: number;
  /** Stale claims re-sent under the sender's dedupe window. */
  resent: number;
  /** Stale claims marked unknown (not resent). */
  unknown: number;
  /** Subscriptions whose platform has no sender here. */
  unroutable: number;
  /**
   * The window's first instant (ISO, exclusive): milestones after it were looked at (a full pass's
   * lookback, an incremental pass's `since` − 1 day).
   */
  windowStart: string;
  /** Dry run: what would be sent. */
  wouldSend: Array<{ conversation: string; key: LedgerKey; deadlineAt: string; late: boolean; reply: Reply }>;
}

export const DEFAULT_STALE_AFTER_MS = 2 * 60_000;
const PLAN_BATCH = 500;
const DEFAULT_CONCURRENCY = 32;
/** A full pass looking back further than this asks which subscriptions have their passed milestones recorded. */
const SHORTCUT_LOOKBACK_MS = 2 * DAY_MS;
/** How far back a digest's ledger row can be (the last digest time is within the past week). */
const DIGEST_ROW_MS = 8 * DAY_MS;

export async function runPass(options: PassOptions): Promise<PassSummary> {
  const now = typeof options.now === 'number' ? options.now : options.now.toMillis();
  const nowDT = DateTime.fromMillis(now);
  const clock = options.clock ? () => options.clock!.now() : () => now;
  const iso = () => new Date(clock()).toISOString();
  const { store, instanceId } = options;
  const emit = options.onEvent ?? (() => undefined);
  const pacer = options.pacer ?? new Pacer();
  const index = options.index ?? new MilestoneIndex(options.core.entries);
  const { core } = options;
  const matcher = new Matcher(core.entries, (q, k) => core.search(q, k), core.ofKinds?.bind(core));
  const summary: PassSummary = {
    subscriptions: 0,
    planned: 0,
    sent: 0,
    late: 0,
    skipped: 0,
    failed: 0,
    deactivated: 0,
    moved: 0,
    raced: 0,
    resent: 0,
    unknown: 0,
    unroutable: 0,
    windowStart: '',
    wouldSend: [],
  };

  const replies = new Map<string, Reply>();

  // Every channel's subscriptions; of the follows (many: one per person and item), only those the
  // window reaches (reach.ts) — the others have nothing due — and every follow of a moved entry
  // (its "deadline changed" post is due now, though the new date may lie beyond the follow's leads).
  const start = windowStart({ now, ...(options.since !== undefined ? { since: options.since } : {}), ...(options.plan ? { options: options.plan } : {}) });
  summary.windowStart = new Date(start).toISOString();
  const channels = await store.activeSubscriptions({ follows: false });
  const follows = await store.activeFollowsOf(followReach(index, start, now, options.moved));
  const all = channels.concat(follows);
  summary.subscriptions = all.length;
  const routable = all.filter((s) => options.senders[s.platform]);
  summary.unroutable = all.length - routable.length;
  const byId = new Map(all.map((s) => [s.id, s]));
  const matches = (s: Subscription) => matcher.ids(s.filter);

  if (!options.dryRun) await recoverStale();

  const dues = new DueCache();
  const base = {
    subscriptions: routable,
    index,
    matches,
    now,
    dues,
    ...(options.since !== undefined ? { since: options.since } : {}),
    ...(options.plan ? { options: options.plan } : {}),
    ...(options.moved?.size ? { moved: options.moved } : {}),
  };
  const relevant = relevantSubscriptions(base);
  // Only the ledger rows the planner looks at: those of milestones in the window (plus digests,
  // due recently) — whatever date a milestone had when its rows were written (it may have moved).
  const deadlineAfter = new Date(start).toISOString();
  const threads = new Map<string, { entryId: string; milestone: string; deadlineAfter?: string }>();
  const ahead = new Map<string, { entryId: string; milestone: string; deadlineAfter?: string }>();
  for (const a of windowOf(base)) {
    const thread = { entryId: a.entry.id, milestone: a.name };
    threads.set(a.thread, thread);
    if (a.ms > now) ahead.set(a.thread, thread);
  }
  // A digest's row: the last digest came due within a week.
  const digestThread = { entryId: 'digest', milestone: 'digest', deadlineAfter: new Date(now - DIGEST_ROW_MS).toISOString() };
  threads.set('digest', digestThread);
  ahead.set('digest', digestThread);
  const query = { deadlineAfter, threads: [...threads.values()] };
  // A full pass: a subscription with a row for every lead of its passed milestones (asked in one
  // statement, the rows not read) needs only the rows of milestones ahead; after the first pass that
  // caught up, that is nearly every subscription.
  // Only when the window looks back far (at start with nothing stored, after downtime): a shorter
  // one holds few passed rows, and reading them costs less than the separate read of the rows ahead.
  const passed = options.since === undefined && now - start > SHORTCUT_LOOKBACK_MS ? passedKeys(base) : undefined;
  const aheadQuery = { deadlineAfter: new Date(now).toISOString(), threads: [...ahead.values()] };
  // In batches of subscriptions: a batch's ledger rows are loaded, planned and dropped, and the
  // event loop gets a turn in between (chat answers are not held up by a large pass).
  const posts: PlannedPost[] = [];
  // Lead skips are not listed (a pass after downtime plans hundreds of thousands), only counted per
  // subscription: the subscriptions to mark, the digests' skips, and every skip only for onEvent.
  const marked = new Map<string, Subscription>();
  const digests: PlannedSkip[] = [];
  const skipEvents: PlannedSkip[] | undefined = options.onEvent ? [] : undefined;
  const batch = options.batchSize ?? PLAN_BATCH;
  for (let i = 0; i < relevant.length; i += batch) {
    const subscriptions = relevant.slice(i, i + batch);
    const settled = settledBySubscription(await store.settledOf(subscriptions.map((s) => s.id)));
    const recorded = passed ? await recordedOf(subscriptions, passed, settled) : undefined;
    const rest = recorded?.size ? subscriptions.filter((s) => !recorded.has(s.id)) : subscriptions;
    const ledger = rest.length
      ? await store.ledgerWindow(
          rest.map((s) => s.id),
          query,
        )
      : [];
    if (recorded?.size) for (const row of await store.ledgerWindow([...recorded], aheadQuery)) ledger.push(row);
    // Lead skips are listed only for onEvent: recorded, they are one mark per subscription.
    const planned = plan({ ...base, subscriptions, ledger, settled, listLeadSkips: skipEvents !== undefined, ...(recorded?.size ? { recorded } : {}) });
    for (const p of planned.posts) posts.push(p);
    for (const skip of planned.skips) {
      if (skip.key.milestone === 'digest') {
        digests.push(skip);
        summary.skipped += 1;
      }
      skipEvents?.push(skip);
    }
    for (const [sub, count] of planned.leadSkips) {
      marked.set(sub.id, sub);
      summary.skipped += count;
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  posts.sort((x, y) => x.dueAt - y.dueAt);
  summary.planned = posts.length;

  if ((marked.size || digests.length) && !options.dryRun) {
    // A lead's skip: one mark per subscription, settled through now with its leads (what a pass
    // after downtime writes is one row per subscription); a missed digest: its ledger row.
    const claimedAt = iso();
    const through = new Date(now).toISOString();
    if (marked.size)
      await store.settleSkips([...marked.values()].map((sub) => ({ subscriptionId: sub.id, through, leads: sub.leads, settledBy: instanceId, settledAt: claimedAt })));
    if (digests.length)
      await store.markSkippedMany(
        digests.map(({ key, deadlineAt, reason }) => ({
          subscriptionId: key.subscriptionId,
          entryId: key.entryId,
          milestone: key.milestone,
          lead: key.lead,
          deadlineAt,
          claimedBy: instanceId,
          claimedAt,
          reason,
        })),
      );
  }
  if (skipEvents) for (const skip of skipEvents) emit({ type: 'skipped', key: skip.key, conversation: skip.subscription.conversation, reason: skip.reason });

  // One queue per conversation, in due order; a few conversations at a time.
  const queues = new Map<string, PlannedPost[]>();
  for (const post of posts) {
    const q = queues.get(post.subscription.conversation) ?? [];
    q.push(post);
    queues.set(post.subscription.conversation, q);
  }
  const pending = [...queues.values()];
  const worker = async () => {
    for (let q = pending.shift(); q; q = pending.shift()) await sendQueue(q);
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY) }, worker));
  return summary;

  function replyFor(post: PlannedPost, sender: AnnounceSender): Reply {
    const bytes = sender.limits.pageTokenBytes;
    if (post.kind !== 'digest') {
      // Many subscriptions get the same post (same milestone, lead, language and zone): built once a
      // pass; a person's reminder has buttons of its own follow.
      const { lang, zone } = post.subscription;
      const own = isFollow(post.subscription) ? post.subscription.id : '';
      const key = [post.kind, post.entry?.id, post.key.milestone, post.key.lead, post.leadDays, post.late, lang, zone, post.previousAt, post.deadlineAt, own, bytes].join('\u0000');
      let reply = replies.get(key);
      if (!reply) replies.set(key, (reply = postReply(post, nowDT, undefined, bytes)));
      return reply;
    }
    return postReply(post, nowDT, digestContent(index, options.core.entries, matches(post.subscription), post.dueAt, now), bytes);
  }

  async function sendQueue(queue: PlannedPost[]): Promise<void> {
    let conversation = queue[0]!.subscription.conversation;
    for (const post of queue) {
      const sender = options.senders[post.subscription.platform]!;
      const reply = replyFor(post, sender);
      if (options.dryRun) {
        summary.wouldSend.push({ conversation, key: post.key, deadlineAt: post.deadlineAt, late: post.late, reply });
        continue;
      }
      await pacer.take(conversation, sender);
      const claimedAt = iso();
      const claimed = post.retry
        ? await store.reclaim(post.key, instanceId, claimedAt)
        : await store.claim({ ...post.key, deadlineAt: post.deadlineAt, claimedBy: instanceId, claimedAt, late: post.late });
      if (!claimed) {
        summary.raced += 1;
        emit({ type: 'raced', key: post.key, conversation });
        continue;
      }
      const outcome = await deliver(sender, conversation, post.key, reply, post.late, silentPost(post));
      if (outcome === 'lost') return;
      if (typeof outcome === 'object') conversation = outcome.movedTo;
    }
  }

  /** Sends one claimed post and records the outcome. */
  async function deliver(
    sender: AnnounceSender,
    conversation: string,
    key: LedgerKey,
    reply: Reply,
    late: boolean,
    silent: boolean,
    moved = false,
  ): Promise<'sent' | 'lost' | 'failed' | { movedTo: string }> {
    try {
      const sent = await sender.send(conversation, reply, { idempotencyKey: idempotencyKey(key), ...(silent ? { silent: true } : {}) });
      await store.markSent(key, sent.messageId, iso());
      summary.sent += 1;
      if (late) summary.late += 1;
      emit({ type: late ? 'late' : 'sent', key, conversation, messageId: sent.messageId });
      return moved ? { movedTo: conversation } : 'sent';
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof SendError && error.kind === 'lost') {
        await store.markFailed(key, `lost: ${message}`);
        const n = await store.deactivateConversation(conversation, message);
        summary.deactivated += n;
        summary.failed += 1;
        emit({ type: 'deactivated', conversation, reason: message });
        return 'lost';
      }
      if (error instanceof SendError && error.kind === 'moved' && error.movedTo && !moved) {
        await store.moveConversation(conversation, error.movedTo);
        summary.moved += 1;
        emit({ type: 'moved', conversation, reason: message, to: error.movedTo });
        return deliver(sender, error.movedTo, key, reply, late, silent, true);
      }
      options.log?.(`announce: sending ${describeKey(key)} to ${conversation} failed`, error);
      await store.markFailed(key, `transient: ${message}`);
      summary.failed += 1;
      emit({ type: 'failed', key, conversation, reason: message });
      return 'failed';
    }
  }

  /** The batch's subscriptions with a ledger row for every key passedKeys gives them. */
  async function recordedOf(
    subscriptions: readonly Subscription[],
    passedOf: (sub: Subscription, settled?: Settled) => PassedKeys | undefined,
    settled: ReadonlyMap<string, Settled>,
  ): Promise<Set<string>> {
    const groups: Array<{ threads: Array<{ entryId: string; milestone: string }>; leads: string[] }> = [];
    const groupIndex = new Map<readonly Announced[], Map<string, number>>();
    const asked: Array<{ subscriptionId: string; group: number }> = [];
    const recorded = new Set<string>();
    for (const sub of subscriptions) {
      const keys = passedOf(sub, settled.get(sub.id));
      if (!keys) continue;
      if (keys.milestones.length === 0) {
        recorded.add(sub.id); // nothing passed to plan: recorded, without asking
        continue;
      }
      let byLeads = groupIndex.get(keys.milestones);
      if (!byLeads) groupIndex.set(keys.milestones, (byLeads = new Map()));
      const leads = keys.leads.join(',');
      let group = byLeads.get(leads);
      if (group === undefined) {
        byLeads.set(leads, (group = groups.length));
        groups.push({ threads: keys.milestones.map((a) => ({ entryId: a.entry.id, milestone: a.name })), leads: keys.leads });
      }
      asked.push({ subscriptionId: sub.id, group });
    }
    if (asked.length === 0) return recorded;
    const lacking = new Set(await store.ledgerLacking({ groups, subscriptions: asked }));
    for (const a of asked) if (!lacking.has(a.subscriptionId)) recorded.add(a.subscriptionId);
    return recorded;
  }

  /** Rows left 'claimed' by a process that died between claim and send. */
  async function recoverStale(): Promise<void> {
    const staleBefore = new Date(clock() - (options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS)).toISOString();
    const stale = await store.staleClaims(staleBefore);
    // A follow outside this pass's window was not read: its entry's follows are (rare: a crash).
    const unread = stale.filter((row) => !byId.has(row.subscriptionId));
    if (unread.length) for (const s of await store.activeFollowsOf(unread.map((row) => ({ entryId: row.entryId })))) byId.set(s.id, s);
    for (const row of stale) {
      const sub = byId.get(row.subscriptionId);
      const sender = sub ? options.senders[sub.platform] : undefined;
      const window = sender?.limits.idempotencyWindowMs ?? 0;
      const post = sub && sender && clock() - Date.parse(row.claimedAt) < window ? rebuild(row, sub) : undefined;
      if (post && sub && sender && (await store.reclaim(row, instanceId, iso(), staleBefore))) {
        // Same idempotency key as the first attempt: the platform posts it at most once.
        const outcome = await deliver(sender, sub.conversation, row, replyFor(post, sender), Boolean(row.late), silentPost(post));
        if (outcome === 'sent') {
          summary.sent -= 1;
          summary.resent += 1;
        }
        continue;
      }
      const reason = 'unknown: the process stopped between claim and send; not resent (at most once)';
      await store.markFailed(row, reason);
      summary.unknown += 1;
      emit({ type: 'unknown', key: row, ...(sub ? { conversation: sub.conversation } : {}), reason });
    }
  }

  /** The planned post a stale ledger row stands for (undefined when the entry is gone). */
  function rebuild(row: LedgerRow, sub: Subscription): PlannedPost | undefined {
    const key = { subscriptionId: row.subscriptionId, entryId: row.entryId, milestone: row.milestone, lead: row.lead };
    const common = { subscription: sub, key, deadlineAt: row.deadlineAt, late: Boolean(row.late) };
    if (row.milestone === 'digest') return { ...common, kind: 'digest', dueAt: Date.parse(row.deadlineAt) };
    const entry = options.core.entries.find((e) => e.id === row.entryId);
    const a = entry ? announcedMilestones(entry).find((m) => m.name === row.milestone) : undefined;
    if (!entry || !a) return undefined;
    const days = /^(\d+)d$/.exec(row.lead)?.[1];
    if (days !== undefined) return { ...common, kind: 'lead', entry, milestone: a.milestone, leadDays: Number(days), dueAt: now };
    return undefined;
  }
}
