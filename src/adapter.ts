/**
 * The one interface every platform adapter implements (console, Telegram, Discord).
 * An adapter turns platform events into InboundEvents, hands them to the engine's
 * `handle` (the dispatcher's access), and turns outcomes into platform messages.
 * Optional abilities are optional methods. (Being replaced by src/platform.ts.)
 */
import type { CommandDefinition, Reply } from './bot/types.js';
import type { EngineAccess } from './engine/types.js';

/** What an adapter is started with: the dispatcher's access to the engine. */
export type Dispatch = EngineAccess;

export interface SentMessage {
  /** The platform's id of the message that was posted. */
  messageId: string;
}

/** Options of an unprompted post (announcements). */
export interface SendOptions {
  /**
   * Idempotency key derived from the ledger key: a platform that supports it (Discord's
   * nonce with enforce_nonce) posts a retried request only once.
   */
  idempotencyKey?: string;
}

/**
 * Why `send` failed, classified by the adapter so the scheduler can decide:
 *  - lost:    the bot can no longer post there (kicked, 403, chat or channel not found): deactivate;
 *  - moved:   the conversation has a new id (Telegram group → supergroup): follow `movedTo`;
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

export interface Adapter {
  readonly platform: string;
  /** Start receiving; resolves once the adapter is connected and listening. */
  start(engine: Dispatch): Promise<void>;
  /** Stop receiving and release every resource; resolves when done. */
  stop(): Promise<void>;
  /** Post a reply unprompted (announcements) to a conversation like "telegram:-100123". */
  send(conversation: string, reply: Reply, options?: SendOptions): Promise<SentMessage>;
  /**
   * How long the platform dedupes sends that carry the same idempotency key (Discord's
   * enforced nonce: a few minutes). Unset: no deduplication, a resend may post twice.
   */
  readonly idempotencyWindowMs?: number;
  /** Publish the command menu built from the declarations (an explicit step, not on start). */
  registerCommands?(commands: readonly CommandDefinition[]): Promise<void>;
}
