/**
 * The Telegram adapter (grammY). It only translates: a message, a page button or an
 * inline query becomes a BotRequest for the core (or a core search), and the Reply
 * becomes HTML messages with page buttons.
 *
 *  - Every text message goes to the core as typed, with the bot's username, whether it is
 *    in a group and whether Telegram marks it as for the bot (groups.ts: a reply to the bot,
 *    a mention entity). The core alone reads commands (any alias, `/x@ThisBot`; another
 *    bot's commands are ignored), "more" and `page:N`, and decides what a group message
 *    addressed to no one gets (BotCore.wants): nothing unless it is one of our /commands.
 *  - Messages the bot wrote itself (from.id or via_bot is the bot) are never answered.
 *  - Each answer replies to the user's message (reply_parameters): page buttons use that
 *    to read a long question back (paging.ts), re-asked with the page as data.
 *  - A page button edits its message in place; every callback query is answered, also
 *    for stale data, a flood, or an error.
 *  - Per-user flood limits (flood.ts); sending and editing messages (outgoing.ts).
 *  - Error boundary (bot.catch): logs, apologises to the asker, keeps polling.
 *  - Long polling by default; webhook mode when config.webhookUrl is set.
 *  - Commands declared `manage` (subscriptions) carry canManage (groups.ts, isChatManager).
 *  - send() (announcements) fails with SendErrors: lost, moved (migrate_to_chat_id) or transient.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Bot, BotError, type Context } from 'grammy';
import type { Message, Update, UserFromGetMe } from 'grammy/types';
import type { Adapter, Dispatch, SentMessage } from '../../src/adapter.js';
import type { BotCore } from '../../src/bot/core.js';
import { messages, slowDown } from '../../src/bot/messages.js';
import type { BotRequest, CommandDefinition, Reply } from '../../src/bot/types.js';
import { publishCommands } from './commands.js';
import type { TelegramConfig } from './config.js';
import { addressedToBot, isChatManager, type BotIdentity } from './groups.js';
import { INLINE_HINT, inlineAnswer } from './inline.js';
import { langOf, localeOf } from './language.js';
import { decodePage, STALE_BUTTON } from './paging.js';
import { FloodGuard } from './flood.js';
import { describe, redact } from './log.js';
import { editInPlace, postReply, replyOptions, sendAttachments } from './outgoing.js';
import { installRetries } from './retry.js';
import { classifySendError } from './send-errors.js';
import { ALLOWED_UPDATES, openWebhook, type OpenWebhook } from './webhook.js';

export interface TelegramAdapterOptions {
  /** Where errors go (default: stderr). The bot token is never written. */
  log?: (message: string, error?: unknown) => void;
  /** The getMe answer, when known (skips the getMe call at start). */
  botInfo?: UserFromGetMe;
  /** Per-user flood limit for messages and page buttons (default: a burst of 8, then one every 2 s). */
  rateLimit?: { burst: number; perSecond: number };
  /** The rate limiter's clock in ms (tests). */
  now?: () => number;
  /**
   * A server the bot already runs (HTTP_PORT): webhook mode mounts its handler there
   * instead of listening on a port of its own. Returns the function that unmounts it.
   */
  mountWebhook?: (path: string, handler: (req: IncomingMessage, res: ServerResponse) => void) => () => void;
}




/** "telegram:-100123" → -100123, "telegram:@channel" → "@channel". */
export function chatOf(conversation: string): number | string {
  const m = /^telegram:(-?\d{1,20}|@[A-Za-z0-9_]{4,32})$/.exec(conversation);
  if (!m) throw new Error(`"${conversation}" is not a Telegram conversation (expected telegram:<chat id>)`);
  return m[1]!.startsWith('@') ? m[1]! : Number(m[1]);
}

export class TelegramAdapter implements Adapter {
  readonly platform = 'telegram';
  /** The grammY bot (tests and wiring only; the core never sees grammY). */
  readonly bot: Bot;
  private dispatch: Dispatch | undefined;
  private polling: Promise<void> | undefined;
  private webhook: OpenWebhook | undefined;
  private readonly mountWebhook: TelegramAdapterOptions['mountWebhook'];
  private readonly log: (message: string, error?: unknown) => void;
  private readonly flood: FloodGuard;
  /** Updates the bot decided to answer (the error boundary apologises only for those). */
  private readonly engaged = new WeakSet<Context>();
  /** Callback queries already answered. */
  private readonly answered = new WeakSet<Context>();

  constructor(
    private readonly config: TelegramConfig,
    private readonly core: BotCore,
    options: TelegramAdapterOptions = {},
  ) {
    const log = options.log ?? ((message, error) => process.stderr.write(`${message}${error ? `: ${describe(error)}` : ''}\n`));
    this.log = (message, error) => log(message, error === undefined ? undefined : redact(error, config.token));
    this.flood = new FloodGuard(options.rateLimit, options.now);
    this.mountWebhook = options.mountWebhook;

    this.bot = new Bot(config.token, {
      ...(options.botInfo ? { botInfo: options.botInfo } : {}),
      ...(config.apiRoot ? { client: { apiRoot: config.apiRoot } } : {}),
    });
    installRetries(this.bot.api);
    this.bot.catch((error) => this.onError(error));
    this.bot.on('message:text', (ctx) => this.onMessage(ctx));
    this.bot.on('callback_query', (ctx) => this.onCallback(ctx));
    this.bot.on('inline_query', (ctx) => this.onInline(ctx));
  }

  // ------------------------------------------------------------------ lifecycle

  async start(dispatch: Dispatch): Promise<void> {
    if (this.dispatch) throw new Error('the Telegram adapter is already started');
    this.dispatch = dispatch;
    try {
      if (this.config.webhookUrl) await this.startWebhook(this.config.webhookUrl);
      else await this.startPolling();
    } catch (error) {
      this.dispatch = undefined;
      throw error;
    }
  }

  private startPolling(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let started = false;
      this.polling = this.bot
        .start({
          allowed_updates: ALLOWED_UPDATES,
          drop_pending_updates: false,
          onStart: () => {
            started = true;
            resolve();
          },
        })
        .catch((error: unknown) => {
          if (started) this.log('telegram: long polling stopped', error);
          else reject(error);
        });
    });
  }

  private async startWebhook(url: string): Promise<void> {
    await this.bot.init();
    this.webhook = await openWebhook(this.bot.api, url, this.config, {
      handle: (update) => this.handleWebhookUpdate(update),
      log: this.log,
      ...(this.mountWebhook ? { mount: this.mountWebhook } : {}),
    });
  }

  /** In webhook mode grammY leaves errors to the caller: the same boundary as bot.catch. */
  private async handleWebhookUpdate(update: Update): Promise<void> {
    try {
      await this.bot.handleUpdate(update);
    } catch (error) {
      if (error instanceof BotError) await this.onError(error);
      else throw error;
    }
  }

  /** Where the webhook server listens (webhook mode only). */
  webhookAddress(): { host: string; port: number } | undefined {
    const a = this.webhook?.address;
    return a ? { host: a.address, port: a.port } : undefined;
  }

  /** Resolves when long polling has ended (after stop(), or when Telegram refused it). */
  async finished(): Promise<void> {
    await this.polling;
  }

  /** Ends long polling (the update offset is confirmed) or closes the webhook server; waits for updates being handled. */
  async stop(): Promise<void> {
    const webhook = this.webhook;
    this.webhook = undefined;
    if (webhook) await webhook.close();
    const polling = this.polling;
    this.polling = undefined;
    if (polling) {
      if (this.bot.isRunning()) await this.bot.stop().catch((error: unknown) => this.log('telegram: stopping long polling failed', error));
      await polling;
    }
    this.dispatch = undefined;
  }

  async registerCommands(commands: readonly CommandDefinition[]): Promise<void> {
    await publishCommands(this.bot.api, commands);
  }

  /**
   * Posts a reply unprompted (an announcement) to "telegram:<chat id>". Failures are
   * SendErrors (send-errors.ts): lost, moved (to the supergroup's id) or transient.
   */
  async send(conversation: string, reply: Reply): Promise<SentMessage> {
    const chat = chatOf(conversation);
    let sent: Message.TextMessage[];
    try {
      sent = await postReply(this.bot.api, chat, reply, { canReference: false });
    } catch (error) {
      throw classifySendError(error);
    }
    if (!sent[0]) throw new Error('the reply has no text to send');
    return { messageId: String(sent[0].message_id) };
  }

  // ------------------------------------------------------------------ updates

  private me(ctx: Context): BotIdentity {
    return { id: ctx.me.id, username: ctx.me.username };
  }

  private async ask(request: BotRequest): Promise<Reply | undefined> {
    if (!this.dispatch) throw new Error('the Telegram adapter is not started');
    return this.dispatch(request);
  }

  private async onMessage(ctx: Context): Promise<void> {
    const message = ctx.message;
    if (!message?.text) return;
    if (!message.chat || typeof message.chat.id !== 'number') {
      this.log(`telegram: update ${ctx.update.update_id} has a message without a chat; ignored`);
      return;
    }
    const me = this.me(ctx);
    const chat = message.chat;
    const fromSelf = message.from?.id === me.id || message.via_bot?.id === me.id;
    const group = chat.type === 'group' || chat.type === 'supergroup';
    const text = message.text;
    const locale = localeOf(message.from?.language_code);
    const userId = message.sender_chat?.id ?? message.from?.id;
    const request: BotRequest = {
      platform: this.platform,
      conversation: `telegram:${chat.id}`,
      ...(userId !== undefined ? { user: String(userId) } : {}),
      ...(locale ? { locale } : {}),
      text,
      botName: me.username,
      inGroup: group,
      ...(group && addressedToBot(message, me) ? { addressed: true } : {}),
    };
    if (fromSelf) {
      // The core refuses its own messages; nothing is sent whatever it says.
      await this.ask({ ...request, fromSelf: true });
      return;
    }
    // Other people's conversation in a group (or another bot's command): no answer, no flood count.
    if (!this.core.wants(request)) return;
    this.engaged.add(ctx);
    const lang = langOf(message.from?.language_code, text);
    const admitted = await this.flood.admit(`u:${userId ?? chat.id}`, () =>
      this.bot.api.sendMessage(chat.id, slowDown(lang), replyOptions(message)),
    );
    if (!admitted) return;

    if (this.core.commandOf(request)?.requires?.includes('manage')) request.canManage = await isChatManager(this.bot.api, message, this.log);
    const reply = await this.ask(request);
    if (!reply) return;
    // A reply that continues another ("more") cannot be re-asked from this message: its buttons carry their query.
    await postReply(this.bot.api, chat.id, reply, { replyTo: message, canReference: !reply.continues });
    await sendAttachments(this.bot.api, chat.id, reply, message);
  }

  /**
   * Whether the sender manages the chat: the user of a private chat; in a group its
   * creator or an administrator (getChatMember), including an anonymous admin, whose
   * message comes from the group itself (sender_chat). Unknown (an API error) is no.
   */
  private async onCallback(ctx: Context): Promise<void> {
    const query = ctx.callbackQuery!;
    const lang = langOf(query.from.language_code);
    const answer = async (text?: string) => {
      if (this.answered.has(ctx)) return;
      this.answered.add(ctx);
      await ctx.answerCallbackQuery(text ? { text } : {});
    };
    try {
      if (query.from.id === ctx.me.id) return await answer();
      if (!this.flood.takeButton(`u:${query.from.id}`)) return await answer(slowDown(lang));
      const action = decodePage(query.data);
      const message = query.message;
      if (!action || !message || message.date === 0) return await answer(STALE_BUTTON[lang]);
      const locale = localeOf(query.from.language_code);
      const base: BotRequest = {
        platform: this.platform,
        conversation: `telegram:${message.chat.id}`,
        user: String(query.from.id),
        ...(locale ? { locale } : {}),
      };
      let request: BotRequest;
      if (action.kind === 'command') {
        request = { ...base, command: action.command, args: action.args, page: action.page };
      } else {
        const original = (message as Message).reply_to_message?.text;
        if (!original) return await answer(STALE_BUTTON[lang]);
        // The question as asked; the page travels as data (it wins over a "page:N" in the text).
        request = { ...base, text: original, botName: ctx.me.username, page: action.page };
      }
      this.engaged.add(ctx);
      const reply = await this.ask(request);
      if (!reply) return await answer();
      await editInPlace(this.bot.api, message as Message, reply, action.kind === 'reply');
      await answer();
    } catch (error) {
      // Answer the button before the boundary sees the error (it answers nothing twice).
      if (!this.answered.has(ctx)) {
        await answer(messages(lang).error).catch((e: unknown) => this.log('telegram: could not answer a callback query', e));
      }
      throw error;
    }
  }

  private async onInline(ctx: Context): Promise<void> {
    const query = ctx.inlineQuery!;
    const lang = langOf(query.from.language_code, query.query);
    if (!this.flood.takeInline(`u:${query.from.id}`)) {
      await ctx.answerInlineQuery([], { cache_time: 5, is_personal: true });
      return;
    }
    const { results, nextOffset } = inlineAnswer(this.core, query.query, query.offset, lang);
    await ctx.answerInlineQuery(results, {
      next_offset: nextOffset,
      // Results are in the user's language, so they are cached per user.
      is_personal: true,
      cache_time: 60,
      ...(query.query.trim() === '' ? { button: { text: INLINE_HINT[lang], start_parameter: 'inline' } } : {}),
    });
  }

  /** The error boundary: log, apologise to whoever was being answered, never throw (polling goes on). */
  private async onError(error: BotError<Context>): Promise<void> {
    const ctx = error.ctx;
    this.log(`telegram: update ${ctx.update?.update_id} failed`, error.error);
    try {
      const from = ctx.callbackQuery?.from ?? ctx.message?.from;
      const lang = langOf(from?.language_code, ctx.message?.text ?? '');
      if (ctx.callbackQuery && !this.answered.has(ctx)) {
        this.answered.add(ctx);
        await ctx.answerCallbackQuery({ text: messages(lang).error });
      } else if (ctx.message && this.engaged.has(ctx)) {
        await this.bot.api.sendMessage(ctx.message.chat.id, messages(lang).error, replyOptions(ctx.message));
      }
    } catch (apologyError) {
      this.log('telegram: could not send the apology', apologyError);
    }
  }

  // ------------------------------------------------------------------ helpers

  /** Takes a token from the user's bucket; the first refusal tells the user to slow down. */
}
