/**
 * What a platform module (adapters/<name>/module.ts) provides. The composition root
 * (app/) registers the modules; the core only sees the interfaces below: it never
 * imports a platform SDK, an adapter or its config.
 *
 *  - config:    the module's zod schema over the environment (registered, not imported by src/);
 *  - limits:    its rates, page-token size and idempotency window (the scheduler asks, never guesses);
 *  - address:   the codec of its opaque addresses ("telegram:-100…"): owns(), the only parser;
 *  - sender:    posts a reply unprompted (announcements), with an idempotency key;
 *  - receiver:  start/stop receiving, turning platform events into engine events;
 *  - publishCommands: `npm run sync-commands`.
 */
import type { ZodType } from 'zod';
import type { Clock } from './clock.js';
import type { CommandDefinition } from './bot/types.js';
import type { Reply } from './bot/reply.js';
import type { EngineAccess } from './engine/access.js';
import type { LogFn } from './log.js';

export interface Rate {
  /** Tokens available at once. */
  burst: number;
  /** Tokens added per second. */
  perSecond: number;
}

export interface PlatformLimits {
  /** Sends per second overall (Telegram 30/s). */
  overall?: Rate;
  /** The rate of one address (a Telegram group: 20 a minute; a Discord channel: 5 per 5 s). */
  perAddress(address: string): Rate;
  /** Bytes a page token may have (Telegram callback_data 64, Discord custom_id 100). */
  pageTokenBytes: number;
  /** How long the platform dedupes sends carrying the same idempotency key (Discord nonce); unset: none. */
  idempotencyWindowMs?: number;
}

export interface AddressCodec {
  /** Whether this platform owns the address. */
  owns(address: string): boolean;
  /** A short human description for logs and /subscriptions ("Telegram chat -100…"). */
  describe?(address: string): string;
}

export interface SentMessage {
  /** The platform's id of the message that was posted. */
  messageId: string;
}

export interface SendOptions {
  /** Derived from the ledger key: a platform that supports it posts a retried request only once. */
  idempotencyKey?: string;
  /** Deliver without sound (Telegram `disable_notification`): early reminders; the last ones ring. */
  silent?: boolean;
}

/**
 * Why `send` failed, classified by the platform module so the scheduler can decide:
 *  - lost:      the bot can no longer post there (kicked, 403, chat or channel not found): deactivate;
 *  - moved:     the place has a new address (a Telegram group became a supergroup): follow `movedTo`;
 *  - transient: network, 5xx, rate limits left after retries: try again at a later pass.
 */
export class SendError extends Error {
  constructor(
    message: string,
    readonly kind: 'lost' | 'moved' | 'transient',
    readonly movedTo?: string,
  ) {
    super(message);
    this.name = 'SendError';
  }
}

export interface Sender {
  readonly platform: string;
  readonly limits: PlatformLimits;
  /** Posts a reply unprompted; failures are SendErrors (lost, moved, transient). */
  send(address: string, reply: Reply, options?: SendOptions): Promise<SentMessage>;
  close(): Promise<void>;
}

export interface Receiver {
  readonly platform: string;
  /** Resolves once connected and listening. */
  start(engine: EngineAccess): Promise<void>;
  /** Stops receiving, waits for events being handled, releases everything. */
  stop(): Promise<void>;
}

/** What the composition root gives a module. */
export interface PlatformServices {
  log: LogFn;
  clock: Clock;
  /** A server the bot already runs (HTTP_PORT) where a webhook can be mounted; returns the unmount. */
  mountHttp?: (path: string, handler: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void) => () => void;
}

/** Words a platform adds to shared messages (how to grant rights there), by language. */
export interface PlatformWords {
  /** Who may manage a place on this platform ("a Discord member with Manage Server"). */
  manager: { zh: string; en: string };
}

export interface PlatformModule<C = unknown> {
  readonly name: string;
  /** Reads the module's settings from the environment; undefined when it is not configured (no token). */
  readonly config: { schema: ZodType<C>; fromEnv(env: NodeJS.ProcessEnv): C | undefined; secrets?(config: C): string[] };
  readonly limits: PlatformLimits;
  readonly address: AddressCodec;
  readonly words?: PlatformWords;
  createSender(config: C, services: PlatformServices): Sender;
  createReceiver(config: C, services: PlatformServices): Receiver;
  publishCommands(config: C, commands: readonly CommandDefinition[], services: PlatformServices): Promise<void>;
}
