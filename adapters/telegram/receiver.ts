/**
 * Receives Telegram updates (grammY): long polling by default, webhook mode when
 * config.webhookUrl is set (webhook.ts). Each update becomes an engine event
 * (updates.ts). The error boundary (bot.catch, and the same for webhook updates) logs,
 * apologises to whoever was being answered and keeps receiving. Logs never carry the token.
 */
import { Bot, BotError, type Context } from 'grammy';
import type { Update } from 'grammy/types';
import { messages } from '../../src/bot/messages.js';
import type { EngineAccess } from '../../src/engine/access.js';
import type { LogFn } from '../../src/log.js';
import type { PlatformServices, Receiver } from '../../src/platform.js';
import type { TelegramConfig } from './config.js';
import { langOf } from './language.js';
import { redact } from './log.js';
import { replyOptions } from './outgoing.js';
import { installRetries } from './retry.js';
import { onCallback, onInline, onMessage, type UpdateState } from './updates.js';
import { ALLOWED_UPDATES, openWebhook, type OpenWebhook } from './webhook.js';

export class TelegramReceiver implements Receiver {
  readonly platform = 'telegram';
  /** The grammY bot (tests: botInfo, API transformers; the engine never sees grammY). */
  readonly bot: Bot;
  private engine: EngineAccess | undefined;
  private polling: Promise<void> | undefined;
  private webhook: OpenWebhook | undefined;
  private readonly log: LogFn;
  private readonly state: UpdateState;

  constructor(
    private readonly config: TelegramConfig,
    private readonly services: PlatformServices,
  ) {
    this.log = (message, error) => services.log(message, error === undefined ? undefined : redact(error, config.token));
    this.bot = new Bot(config.token, config.apiRoot ? { client: { apiRoot: config.apiRoot } } : {});
    installRetries(this.bot.api, services.clock);
    this.state = {
      engine: () => {
        if (!this.engine) throw new Error('the Telegram receiver is not started');
        return this.engine;
      },
      log: this.log,
      engaged: new WeakSet(),
      answered: new WeakSet(),
    };
    this.bot.catch((error) => this.onError(error));
    this.bot.on('message:text', (ctx) => onMessage(ctx, this.state));
    this.bot.on('callback_query', (ctx) => onCallback(ctx, this.state));
    this.bot.on('inline_query', (ctx) => onInline(ctx, this.state));
  }

  async start(engine: EngineAccess): Promise<void> {
    if (this.engine) throw new Error('the Telegram receiver is already started');
    this.engine = engine;
    try {
      if (this.config.webhookUrl) {
        await this.bot.init();
        const mount = this.services.mountHttp;
        this.webhook = await openWebhook(this.bot.api, this.config.webhookUrl, this.config, {
          handle: (update) => this.receive(update),
          log: this.log,
          clock: this.services.clock,
          ...(mount ? { mount } : {}),
        });
      } else await this.startPolling();
    } catch (error) {
      this.engine = undefined;
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

  /** Handles one update behind the error boundary (webhook mode; tests). */
  async receive(update: Update): Promise<void> {
    try {
      await this.bot.handleUpdate(update);
    } catch (error) {
      if (error instanceof BotError) await this.onError(error);
      else throw error;
    }
  }

  /** Where the webhook server listens (webhook mode on a server of its own only). */
  webhookAddress(): { host: string; port: number } | undefined {
    const a = this.webhook?.address;
    return a ? { host: a.address, port: a.port } : undefined;
  }

  /** Resolves when long polling has ended (after stop(), or when Telegram refused it). */
  async finished(): Promise<void> {
    await this.polling;
  }

  /** Ends long polling (the update offset is confirmed) or closes the webhook; waits for updates being handled. */
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
    this.engine = undefined;
  }

  /** The error boundary: log, apologise to whoever was being answered, never throw. */
  private async onError(error: BotError<Context>): Promise<void> {
    const ctx = error.ctx;
    this.log(`telegram: update ${ctx.update?.update_id} failed`, error.error);
    try {
      const from = ctx.callbackQuery?.from ?? ctx.message?.from;
      const lang = langOf(from?.language_code, typeof ctx.message?.text === 'string' ? ctx.message.text : '');
      if (ctx.callbackQuery && !this.state.answered.has(ctx)) {
        this.state.answered.add(ctx);
        await ctx.answerCallbackQuery({ text: messages(lang).error });
      } else if (ctx.message && this.state.engaged.has(ctx)) {
        await ctx.api.sendMessage(ctx.message.chat.id, messages(lang).error, replyOptions(ctx.message));
      }
    } catch (apologyError) {
      this.log('telegram: could not send the apology', apologyError);
    }
  }
}
