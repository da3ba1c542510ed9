/**
 * Announcement test harness: a fake clock (given to the stores, the passes and the
 * announcer; the global Date is left alone), a small catalog with deadlines in 2027,
 * SQLite stores, and a recording sender that implements the Sender interface and can be
 * told to fail.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../temp-dirs.js';
import { DateTime } from 'luxon';
import { createBot } from '../../app/bot.js';
import type { Reply } from '../../src/bot/reply.js';
import type { Engine } from '../../src/engine/engine.js';
import type { InboundEvent } from '../../src/engine/types.js';
import { SendError } from '../../src/platform.js';
import { runPass, type AnnounceSender, type PassOptions, type PassSummary } from '../../src/announce/pass.js';
import { Pacer } from '../../src/announce/pacing.js';
import type { Clock as ClockService, Timer } from '../../src/clock.js';
import type { PlatformLimits, SendOptions, SentMessage } from '../../src/platform.js';
import { FakeClock } from '../fake-clock.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/types.js';

export const ALPHA = 'alpha-conf-2027-50ecd5c4';
export const BETA = 'beta-7e66408f';

export function catalogText(alphaDeadline = '2027-03-10 23:59'): string {
  return (
    `征稿与合作Alpha Conf 2027截止 北京时间 ${alphaDeadline.slice(0, 10)}会议征稿 Alpha Conf 2027 征稿\n` +
    `Alpha Conf 2027 invites papers on clinical NLP; papers due ${alphaDeadline} UTC+8. https://alpha.example.org/cfp\n` +
    '技术竞赛Beta Challenge截止 北京时间 2027-04-20Beta 医学影像挑战赛\n' +
    'The Beta Challenge on medical imaging segmentation closes 2027-04-20 23:59 AoE.\n' +
    '论文Venue2026 年topic Gamma:测试论文\nGamma description about ECG.\n'
  );
}

export function seeds(text = catalogText()): string {
  const dir = tempDir('announce-seeds-');
  writeFileSync(join(dir, 'a.txt'), text);
  return dir;
}

/**
 * The test clock: a FakeClock (timers fire only in `tick`) that also jumps — `set`, `to`
 * and `advance` move time at once, for passes driven by hand.
 */
export class Clock implements ClockService {
  readonly fake: FakeClock;
  constructor(iso: string) {
    this.fake = new FakeClock(DateTime.fromISO(iso, { setZone: true }).toMillis());
  }
  get ms(): number {
    return this.fake.now();
  }
  now(): number {
    return this.fake.now();
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return this.fake.sleep(ms, signal);
  }
  setTimer(ms: number, fn: () => void): Timer {
    return this.fake.setTimer(ms, fn);
  }
  set(iso: string): void {
    this.to(DateTime.fromISO(iso, { setZone: true }).toMillis());
  }
  to(ms: number): void {
    this.fake.jump(ms);
  }
  advance(ms: number): void {
    this.to(this.ms + ms);
  }
  /** Moves time forward, firing the timers due on the way. */
  tick(ms: number): Promise<void> {
    return this.fake.advance(ms);
  }
  get dt(): DateTime {
    return DateTime.fromMillis(this.ms);
  }
}

/** The engine over the catalog (its `services` are what passes and the announcer read). */
export function bot(clock: Clock, store: Store | undefined, seedDir = seeds()): Engine {
  return createBot({ seeds: seedDir, now: () => DateTime.fromMillis(clock.ms), ...(store ? { store } : {}) }).engine;
}

export function tempDb(): string {
  return join(tempDir('announce-db-'), 'bot.sqlite');
}

export function memoryStore(clock: ClockService): SqliteStore {
  return openSqliteStore(':memory:', undefined, { clock });
}

export function fileStore(file: string, clock: ClockService): SqliteStore {
  return openSqliteStore(file, undefined, { clock });
}

export interface Sent {
  conversation: string;
  reply: Reply;
  idempotencyKey?: string;
  at: number;
  /** Sent without sound (SendOptions.silent). */
  silent?: boolean;
}

/** A Sender that records what it is asked to send; failures are scripted per conversation. */
export class RecordingSender implements AnnounceSender {
  readonly sent: Sent[] = [];
  /** conversation → the error the next sends there throw. */
  readonly failWith = new Map<string, () => Error>();
  private next = 1;
  /** idempotency key → message id (when `idempotencyWindowMs` is set: dedupes like Discord). */
  private readonly seen = new Map<string, string>();
  readonly limits: PlatformLimits;

  constructor(
    readonly platform: string,
    private readonly clock: Clock,
    /** Declared in `limits` (what the pass reads) and kept by this fake's own dedupe. */
    private readonly idempotencyWindowMs?: number,
  ) {
    const free = { burst: Number.POSITIVE_INFINITY, perSecond: Number.POSITIVE_INFINITY };
    this.limits = { perAddress: () => free, pageTokenBytes: 64, ...(idempotencyWindowMs ? { idempotencyWindowMs } : {}) };
  }

  async send(conversation: string, reply: Reply, options?: SendOptions): Promise<SentMessage> {
    const fail = this.failWith.get(conversation);
    if (fail) throw fail();
    const key = options?.idempotencyKey;
    if (this.idempotencyWindowMs && key && this.seen.has(key)) return { messageId: this.seen.get(key)! };
    const messageId = String(this.next++);
    if (key) this.seen.set(key, messageId);
    this.sent.push({ conversation, reply, ...(key ? { idempotencyKey: key } : {}), at: this.clock.ms, ...(options?.silent ? { silent: true } : {}) });
    return { messageId };
  }
}

export const lost = () => new SendError('Forbidden: bot was kicked from the supergroup chat', 'lost');

export function pass(engine: Engine, store: SqliteStore, senders: Record<string, AnnounceSender>, clock: Clock, extra: Partial<PassOptions> = {}): Promise<PassSummary> {
  return runPass({ store, core: engine.services, senders, now: clock.ms, clock, instanceId: 'test-1', pacer: Pacer.unlimited(), ...extra });
}

/** Runs a pass every `stepMs` from the clock's time up to `untilIso`. */
export async function drive(untilIso: string, stepMs: number, run: () => Promise<PassSummary>, clock: Clock): Promise<PassSummary[]> {
  const until = DateTime.fromISO(untilIso, { setZone: true }).toMillis();
  const out: PassSummary[] = [];
  for (; clock.ms <= until; clock.advance(stepMs)) out.push(await run());
  return out;
}

/** Who asks where: a manager ('7', locale en) in the Telegram group telegram:-1001 unless told otherwise. */
export interface Asked {
  platform?: string;
  conversation?: string;
  user?: string;
  /** Whether the actor manages the place (undefined: not known, so not a manager). */
  canManage?: boolean | undefined;
  inGroup?: boolean;
  locale?: string;
  /** The place's own locale (a Discord server's). */
  channelLocale?: string;
  /** The place cannot hold settings (a Discord DM). */
  noSettings?: boolean;
  /** The actor's direct address (where the bot can write to them privately). */
  direct?: string;
}

/** The engine's reply to an event (fails when there is none). */
export async function respond(engine: Engine, event: InboundEvent, asked: Asked = {}): Promise<Reply> {
  const a: Asked = { platform: 'telegram', conversation: 'telegram:-1001', user: '7', canManage: true, inGroup: true, locale: 'en', ...asked };
  const outcome = await engine.handle(
    event,
    { id: a.user!, ...(a.locale ? { locale: a.locale } : {}), ...(a.direct ? { directAddress: a.direct } : {}), canManage: async () => a.canManage === true },
    {
      address: a.conversation!,
      platform: a.platform!,
      group: a.inGroup ?? false,
      ...(a.channelLocale ? { locale: a.channelLocale } : {}),
      ...(a.noSettings ? { noSettings: true } : {}),
    },
  );
  if (outcome.type !== 'reply') throw new Error(`no reply (${outcome.type})`);
  return outcome.reply;
}

/** The reply to a message typed by the asker. */
export function command(engine: Engine, text: string, asked: Asked = {}): Promise<Reply> {
  return respond(engine, { type: 'text', text }, asked);
}

/** "lead" of a recorded post, from its ledger-derived heading. */
export function headings(sent: Sent[]): string[] {
  return sent.map((s) => s.reply.text.join(' | '));
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** Pacers (unlimited) for `n` racing passes: none sends before all have planned, so they race for every claim. */
export function gatedPacers(n: number): Pacer[] {
  let arrived = 0;
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  return Array.from({ length: n }, () => {
    let first = true;
    const pacer = Pacer.unlimited();
    const take = pacer.take.bind(pacer);
    pacer.take = async (conversation, sender) => {
      if (first) {
        first = false;
        if (++arrived === n) open();
      }
      await gate;
      return take(conversation, sender);
    };
    return pacer;
  });
}
