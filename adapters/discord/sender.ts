/**
 * Posting to Discord over REST only, without a gateway session: announcements, from
 * the running bot or a one-off `npm run announce`. Each message of a reply carries a
 * nonce derived from the idempotency key with enforce_nonce, so a retried request
 * posts once; discord.js's REST queue waits out 429s. A person's DM address opens the DM
 * channel first (POST /users/@me/channels), once per person while the sender lives.
 * Failures are SendErrors (a person whose DMs are closed: 403, lost).
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
  /** DM channel ids by user id. */
  private readonly dms = new Map<string, string>();

  constructor(private readonly config: DiscordConfig) {}

  async send(address: string, reply: Reply, options: SendOptions = {}): Promise<SentMessage> {
    const target = discordAddress.targetOf(address);
    this.rest ??= discordRest(this.config);
    const key = options.idempotencyKey;
    let first: string | undefined;
    try {
      const channel = 'channel' in target ? target.channel : await this.dmChannel(this.rest, target.user);
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

  private async dmChannel(rest: REST, user: string): Promise<string> {
    const known = this.dms.get(user);
    if (known) return known;
    const dm = (await rest.post(Routes.userChannels(), { body: { recipient_id: user } })) as { id: string };
    this.dms.set(user, dm.id);
    return dm.id;
  }

  async close(): Promise<void> {
    this.rest?.clearHashSweeper();
    this.rest?.clearHandlerSweeper();
    this.rest = undefined;
  }
}
