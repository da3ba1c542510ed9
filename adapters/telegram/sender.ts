/**
 * Posts replies unprompted (announcements) to "telegram:<chat id>" through the Bot API,
 * with the retries of retry.ts. Failures are SendErrors (send-errors.ts): lost, moved (to
 * the supergroup's id) or transient. Telegram has no idempotency key: it is ignored.
 */
import { Api } from 'grammy';
import type { Message } from 'grammy/types';
import type { Reply } from '../../src/bot/reply.js';
import type { PlatformLimits, PlatformServices, Sender, SentMessage } from '../../src/platform.js';
import { chatOf } from './address.js';
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

  constructor(private readonly api: Api) {}

  async send(address: string, reply: Reply): Promise<SentMessage> {
    const chat = chatOf(address);
    let sent: Message.TextMessage[];
    try {
      sent = await postReply(this.api, chat, reply);
    } catch (error) {
      throw classifySendError(error);
    }
    if (!sent[0]) throw new Error('the reply has no text to send');
    return { messageId: String(sent[0].message_id) };
  }

  async close(): Promise<void> {}
}
