/**
 * Posting to Discord over REST only, without a gateway session: what
 * `npm run announce` uses, so a one-off pass never receives (or answers) the
 * interactions meant for the running bot. Same messages, nonce and error mapping as
 * DiscordAdapter.send.
 */
import { Routes, type REST } from 'discord.js';
import type { Adapter, SendOptions, SentMessage } from '../../src/adapter.js';
import { idempotencyKey } from '../../src/announce/key.js';
import type { Reply } from '../../src/bot/types.js';
import type { DiscordConfig } from './config.js';
import { NO_MENTIONS } from './limits.js';
import { composeReply } from './messages.js';
import { classifySendError } from './send-errors.js';
import { discordRest } from './sync.js';

const CONVERSATION = /^discord:(\d{17,20})$/;

export class DiscordRestSender implements Adapter {
  readonly platform = 'discord';
  readonly idempotencyWindowMs = 4 * 60_000;
  private rest: REST | undefined;

  constructor(private readonly config: DiscordConfig) {}

  /** Receives nothing: this adapter only sends. */
  async start(): Promise<void> {}

  async stop(): Promise<void> {
    this.rest?.clearHashSweeper();
    this.rest?.clearHandlerSweeper();
    this.rest = undefined;
  }

  async send(conversation: string, reply: Reply, options: SendOptions = {}): Promise<SentMessage> {
    const m = CONVERSATION.exec(conversation);
    if (!m) throw new Error(`not a Discord conversation: ${JSON.stringify(conversation)} (expected "discord:<channel id>")`);
    this.rest ??= discordRest(this.config);
    let first: string | undefined;
    try {
      for (const [i, message] of composeReply(reply).entries()) {
        const key = options.idempotencyKey;
        const nonce = key ? (i === 0 ? key : idempotencyKey(`${key}:${i}`)) : undefined;
        const body = {
          embeds: message.embeds,
          components: message.components,
          allowed_mentions: NO_MENTIONS,
          ...(nonce ? { nonce, enforce_nonce: true } : {}),
        };
        const sent = (await this.rest.post(Routes.channelMessages(m[1]!), { body })) as { id: string };
        first ??= sent.id;
      }
    } catch (error) {
      throw classifySendError(error);
    }
    return { messageId: first! };
  }
}
