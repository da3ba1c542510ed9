/**
 * Receiving on Discord: a discord.js Client with the Guilds intent only (slash
 * commands need no privileged intent and no message content). Interactions become
 * engine events (interactions.ts). No message can ping anyone: allowed mentions are
 * empty as the client's default and on every message. Rate limits are waited out by
 * discord.js's REST queue; a failing interaction is logged and answered, and the client
 * keeps running. stop() lets answers in progress finish (up to drainMs), then disconnects.
 */
import { Client, Events, GatewayIntentBits, type Interaction } from 'discord.js';
import type { EngineAccess } from '../../src/engine/access.js';
import type { PlatformServices, Receiver } from '../../src/platform.js';
import { TaskGroup } from '../../src/runtime/tasks.js';
import type { DiscordConfig } from './config.js';
import { handleInteraction } from './interactions.js';
import { NO_MENTIONS } from './limits.js';
import { DeferPolicy } from './timing.js';

export class DiscordReceiver implements Receiver {
  readonly platform = 'discord';
  private client: Client | undefined;
  private tasks: TaskGroup;
  private readonly defer: DeferPolicy;

  constructor(
    private readonly config: DiscordConfig,
    private readonly services: PlatformServices,
  ) {
    this.defer = new DeferPolicy(config.deferAfterMs ?? 1000, services.clock);
    this.tasks = new TaskGroup({ clock: services.clock });
  }

  async start(engine: EngineAccess): Promise<void> {
    if (this.client) throw new Error('the Discord receiver is already started');
    const { log } = this.services;
    if (this.tasks.isClosed) this.tasks = new TaskGroup({ clock: this.services.clock });
    const client = new Client({
      intents: [GatewayIntentBits.Guilds],
      allowedMentions: NO_MENTIONS,
      ...(this.config.restApi ? { rest: { api: this.config.restApi } } : {}),
      ...(this.config.shards ? { shards: this.config.shards } : {}),
      ...(this.config.shardCount ? { shardCount: this.config.shardCount } : {}),
    });
    this.client = client;
    const ctx = { engine, selfId: () => client.user?.id, defer: this.defer, log };
    client.on(Events.InteractionCreate, (interaction: Interaction) => {
      if (this.tasks.isClosed) return;
      void this.tasks.run(() => handleInteraction(interaction, ctx).catch((error: unknown) => log('discord: interaction failed', error)));
    });
    client.on(Events.Error, (error) => log('discord: client error', error));
    client.on(Events.Warn, (message) => log(`discord: ${message}`));
    // discord.js's REST queue waits out every 429 and retries; note the ones that happen.
    client.rest.on('response', (request, response) => {
      if (response.status !== 429) return;
      const route = request.route.replace(/\/[^/]{40,}/g, '/:token');
      const retryAfter = response.headers.get('retry-after');
      log(`discord: rate limited (429) on ${request.method.toUpperCase()} ${route}; retrying${retryAfter ? ` after ${retryAfter} s` : ''}`);
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
      log(`discord: DISCORD_APPLICATION_ID is ${this.config.applicationId} but the token belongs to application ${appId}`);
    }
  }

  async stop(): Promise<void> {
    const client = this.client;
    if (!client) return;
    await this.tasks.close(this.config.drainMs ?? 5000);
    this.client = undefined;
    await client.destroy();
  }

  /** Resolves once every interaction received so far has been answered (tests). */
  async whenIdle(): Promise<void> {
    await this.tasks.drained();
  }
}
