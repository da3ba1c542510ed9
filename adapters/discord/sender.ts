/**
 * Posting to Discord over REST only, without a gateway session: announcements, from
 * the running bot or a one-off `npm run announce`. Each message of a reply carries a
 * nonce derived from the idempotency key with enforce_nonce, so a retried request
 * posts once; discord.js's REST queue waits out 429s. Failures are SendErrors.
 */
import { Routes, type REST } from 'discord.js';
import { idempotencyKey } from '../../src/announce/key.js';
import type { Reply } from '../../src/bot/reply.js';
import type { Sender, SendOptions, SentMessage } from '../../src/platform.js';
import { discordAddress } from './address.js';
import type { DiscordConfig } from './config.js';
import { NO_MENTIONS, PLATFORM_LIMITS } from './limits.js';
import { composeReply } from './messages.js';
import { classifySendError } from './send-errors.js';
import { discordRest } from './sync.js';

export class DiscordSender implements Sender {
  readonly platform = 'discord';
  readonly limits = PLATFORM_LIMITS;
  private rest: REST | undefined;

  constructor(private readonly config: DiscordConfig) {}

  async send(address: string, reply: Reply, options: SendOptions = {}): Promise<SentMessage> {
    const channel = discordAddress.channelOf(address);
    this.rest ??= discordRest(this.config);
    const key = options.idempotencyKey;
    let first: string | undefined;
    try {
      for (const [i, message] of composeReply(reply).entries()) {
        const nonce = key ? (i === 0 ? key : idempotencyKey(`${key}:${i}`)) : undefined;
        const body = { ...message, allowed_mentions: NO_MENTIONS, ...(nonce ? { nonce, enforce_nonce: true } : {}) };
        const sent = (await this.rest.post(Routes.channelMessages(channel), { body })) as { id: string };
        first ??= sent.id;
      }
    } catch (error) {
      throw classifySendError(error);
    }
    return { messageId: first! };
  }

  async close(): Promise<void> {
    this.rest?.clearHashSweeper();
    this.rest?.clearHandlerSweeper();
    this.rest = undefined;
  }
}
