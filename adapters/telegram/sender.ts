/**
 * Posts replies unprompted (announcements) to "telegram:<chat id>" through the Bot API,
 * with the retries of retry.ts. Failures are SendErrors (send-errors.ts): lost, moved (to
 * the supergroup's id) or transient; a person who never started the bot cannot be
 * written to first (403 "bot can't initiate conversation with a user"): lost, like a
 * block. `silent` sends without sound (disable_notification). In a group, an item's
 * follow gets the deep link to the private chat, which needs the bot's username (getMe,
 * asked once, only then). Telegram has no idempotency key: it is ignored.
 */
import { Api } from 'grammy';
import type { Message } from 'grammy/types';
import type { Reply } from '../../src/bot/reply.js';
import type { PlatformLimits, PlatformServices, Sender, SendOptions, SentMessage } from '../../src/platform.js';
import { chatOf, isGroupAddress } from './address.js';
import type { TelegramConfig } from './config.js';
import { telegramLimits } from './limits.js';
import { postReply } from './outgoing.js';
import { installRetries } from './retry.js';
import { classifySendError } from './send-errors.js';

/** A Bot API client for the configuration, with bounded retries. */
export function telegramApi(config: TelegramConfig, services: PlatformServices): Api {
  const api = new Api(config.token, config.apiRoot ? { apiRoot: config.apiRoot } : {});
  installRetries(api, services.clock);
  return api;
}

export class TelegramSender implements Sender {
  readonly platform = 'telegram';
  readonly limits: PlatformLimits = telegramLimits;

  private botName: Promise<string> | undefined;

  constructor(private readonly api: Api) {}

  async send(address: string, reply: Reply, options: SendOptions = {}): Promise<SentMessage> {
    const chat = chatOf(address);
    let sent: Message.TextMessage[];
    try {
      const group = isGroupAddress(address);
      const follows = reply.intent === 'follow' || reply.items.some((i) => i.actions?.some((a) => a.key === 'follow'));
      const botName = group && follows ? await this.username() : undefined;
      sent = await postReply(this.api, chat, reply, undefined, { shown: { group, botName }, silent: Boolean(options.silent) });
    } catch (error) {
      throw classifySendError(error);
    }
    if (!sent[0]) throw new Error('the reply has no text to send');
    return { messageId: String(sent[0].message_id) };
  }

  private username(): Promise<string> {
    this.botName ??= this.api.getMe().then(
      (me) => me.username,
      (error: unknown) => {
        this.botName = undefined;
        throw error;
      },
    );
    return this.botName;
  }

  async close(): Promise<void> {}
}
