/**
 * The Discord adapter: a discord.js Client with the Guilds intent only (slash
 * commands need no privileged intent and no message content). Interactions go to the
 * core through `dispatch` (interactions.ts); replies become embeds and buttons
 * (messages.ts). No message can ping anyone: allowed mentions are empty as the
 * client's default and again on every message sent. Rate limits are waited out by
 * discord.js's REST queue; a failing interaction is logged and answered, and the
 * client keeps running. stop() lets answers in progress finish, then disconnects.
 * Announcements (send) carry a nonce from the ledger key with enforce_nonce; 403/404 are
 * SendError 'lost'. Slash commands carry canManage (Manage Server) and inGroup (in a server).
 */
import { Client, Events, GatewayIntentBits, type Interaction } from 'discord.js';
import type { Adapter, Dispatch, SendOptions, SentMessage } from '../../src/adapter.js';
import { SendError } from '../../src/adapter.js';
import { idempotencyKey } from '../../src/announce/key.js';
import type { BotCore } from '../../src/bot/core.js';
import type { CommandDefinition, Reply } from '../../src/bot/types.js';
import type { DiscordConfig } from './config.js';
import { handleInteraction, type Log } from './interactions.js';
import { NO_MENTIONS } from './limits.js';
import { composeReply } from './messages.js';
import { classifySendError } from './send-errors.js';
import { syncDiscordCommands } from './sync.js';
import { DeferPolicy } from './timing.js';

export interface DiscordAdapterOptions {
  /** Where errors and warnings go (never stdout). Default: stderr. */
  log?: Log;
  /**
   * Defer (acknowledge first, answer by editing) when a recent answer took this long
   * or the one in progress has not come yet. Default 1000 ms; 0 always defers.
   */
  deferAfterMs?: number;
  /** How long stop() waits for answers in progress. Default 5000 ms. */
  drainMs?: number;
}

const CONVERSATION = /^discord:(\d{17,20})$/;

function stderrLog(message: string, error?: unknown): void {
  process.stderr.write(`${message}${error ? `: ${error instanceof Error ? error.message : String(error)}` : ''}\n`);
}

export class DiscordAdapter implements Adapter {
  readonly platform = 'discord';
  /** Discord checks an enforced nonce for uniqueness over "the past few minutes": assume 4. */
  readonly idempotencyWindowMs = 4 * 60_000;
  private client: Client | undefined;
  private stopping = false;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly log: Log;
  private readonly defer: DeferPolicy;

  constructor(
    private readonly config: DiscordConfig,
    private readonly core: BotCore,
    private readonly options: DiscordAdapterOptions = {},
  ) {
    this.log = options.log ?? stderrLog;
    this.defer = new DeferPolicy(options.deferAfterMs ?? 1000);
  }

  async start(dispatch: Dispatch): Promise<void> {
    if (this.client) throw new Error('the Discord adapter is already started');
    this.stopping = false;
    const client = new Client({
      intents: [GatewayIntentBits.Guilds],
      allowedMentions: NO_MENTIONS,
      ...(this.config.restApi ? { rest: { api: this.config.restApi } } : {}),
      ...(this.config.shards ? { shards: this.config.shards } : {}),
      ...(this.config.shardCount ? { shardCount: this.config.shardCount } : {}),
    });
    this.client = client;

    const ctx = {
      core: this.core,
      dispatch,
      selfId: () => client.user?.id,
      defer: this.defer,
      log: this.log,
    };
    client.on(Events.InteractionCreate, (interaction: Interaction) => {
      if (this.stopping) return;
      this.track(
        handleInteraction(interaction, ctx).catch((error: unknown) => this.log('discord: interaction failed', error)),
      );
    });
    client.on(Events.Error, (error) => this.log('discord: client error', error));
    client.on(Events.Warn, (message) => this.log(`discord: ${message}`));
    // discord.js's REST queue waits out every 429 and retries; note the ones that happen.
    client.rest.on('response', (request, response) => {
      if (response.status !== 429) return;
      const route = request.route.replace(/\/[^/]{40,}/g, '/:token');
      const retryAfter = response.headers.get('retry-after');
      this.log(`discord: rate limited (429) on ${request.method.toUpperCase()} ${route}; retrying${retryAfter ? ` after ${retryAfter} s` : ''}`);
    });

    const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
    try {
      await client.login(this.config.token);
      await ready;
    } catch (error) {
      this.client = undefined;
      await client.destroy();
      throw error;
    }
    const appId = client.application?.id;
    if (appId && appId !== this.config.applicationId) {
      this.log(`discord: DISCORD_APPLICATION_ID is ${this.config.applicationId} but the token belongs to application ${appId}`);
    }
  }

  async stop(): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.stopping = true;
    const drained = Promise.allSettled([...this.inFlight]);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.options.drainMs ?? 5000);
    });
    await Promise.race([drained, timeout]);
    clearTimeout(timer);
    this.client = undefined;
    await client.destroy();
  }

  /** Resolves once every interaction received so far has been answered (tests, shutdown). */
  async whenIdle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  /**
   * Posts a reply unprompted (an announcement). With an idempotency key each message
   * carries a nonce derived from it with enforce_nonce, so a retried request posts once.
   * Failures are SendErrors: 403/404 → lost, the rest transient.
   */
  async send(conversation: string, reply: Reply, options: SendOptions = {}): Promise<SentMessage> {
    const m = CONVERSATION.exec(conversation);
    if (!m) throw new Error(`not a Discord conversation: ${JSON.stringify(conversation)} (expected "discord:<channel id>")`);
    const client = this.client;
    if (!client?.isReady()) throw new Error('the Discord adapter is not started');
    try {
      const channel = await client.channels.fetch(m[1]!);
      if (!channel?.isSendable()) throw new SendError(`Discord channel ${m[1]} does not take messages`, 'lost');
      let first: string | undefined;
      for (const [i, message] of composeReply(reply).entries()) {
        const key = options.idempotencyKey;
        const nonce = key ? (i === 0 ? key : idempotencyKey(`${key}:${i}`)) : undefined;
        const sent = await channel.send({
          embeds: message.embeds,
          components: message.components,
          allowedMentions: NO_MENTIONS,
          ...(nonce ? { nonce, enforceNonce: true } : {}),
        });
        first ??= sent.id;
      }
      return { messageId: first! };
    } catch (error) {
      throw classifySendError(error);
    }
  }

  /** Registers the slash commands (globally, or to config.guildId) when they changed. */
  async registerCommands(commands: readonly CommandDefinition[]): Promise<void> {
    await syncDiscordCommands(this.config, commands);
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }
}
