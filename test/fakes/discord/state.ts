/** In-memory "Discord" data the REST routes and the gateway share. */
import type { FakeDiscordOptions, InteractionResponseRecord, JsonObject } from './types.js';
import { DEFAULT_EVERYONE_PERMISSIONS, fakeBotToken, snowflake } from './util.js';

export interface GuildState {
  id: string;
  name: string;
  locale: string;
  ownerId: string;
  memberCount: number;
  everyonePermissions: string;
  joinedAt: number;
  channelIds: string[];
}

export interface ChannelState {
  id: string;
  guildId: string | null;
  name: string;
  type: number;
  topic: string | null;
  parentId: string | null;
  nsfw: boolean;
  position: number;
  forbidden: boolean;
  deleted: boolean;
  lastMessageId: string | null;
}

export interface InteractionState {
  id: string;
  token: string;
  payload: JsonObject;
  createdAt: number;
  /** Set once the initial callback was accepted. */
  callbackType: number | null;
  /** The @original message (reply / deferred "thinking" / the component's message for types 6-7). */
  original: JsonObject | null;
  /** true between a type 5 callback and the first edit (or follow-up) of @original */
  originalLoading: boolean;
  originalDeleted: boolean;
  followups: Map<string, JsonObject>;
  responses: InteractionResponseRecord[];
}

export interface StoredAttachment {
  data: Buffer;
  contentType: string;
}

export class FakeState {
  readonly token: string;
  readonly applicationId: string;
  readonly botUser: JsonObject;
  /** The user invoking interactions unless a test says otherwise. */
  readonly defaultUser: JsonObject;
  /** command name -> id for commands invoked but never registered (stable ids) */
  readonly adHocCommandIds = new Map<string, string>();
  readonly guilds = new Map<string, GuildState>();
  readonly channels = new Map<string, ChannelState>();
  /** channel id -> messages created through POST /channels/{id}/messages (in order) */
  readonly channelMessages = new Map<string, JsonObject[]>();
  /** `${channelId}:${nonce}` -> message id + time, for enforce_nonce */
  readonly nonces = new Map<string, { messageId: string; at: number }>();
  readonly interactions = new Map<string, InteractionState>();
  readonly interactionsByToken = new Map<string, InteractionState>();
  /** "global" or a guild id -> commands */
  readonly commands = new Map<string, JsonObject[]>();
  readonly attachments = new Map<string, StoredAttachment>();
  readonly interactionAckTimeoutMs: number;
  readonly nonceWindowMs: number;
  /** set by the server once listening */
  baseUrl = '';

  constructor(options: FakeDiscordOptions) {
    const botId = options.botUser?.id ?? options.applicationId ?? snowflake(Date.now() - 400 * 86_400_000);
    this.applicationId = options.applicationId ?? botId;
    this.botUser = {
      id: botId,
      username: options.botUser?.username ?? 'catalog-bot',
      global_name: options.botUser?.global_name ?? null,
      discriminator: options.botUser?.discriminator ?? '0',
      avatar: options.botUser?.avatar ?? null,
      bot: true,
      system: false,
      public_flags: 0,
      flags: 0,
      mfa_enabled: false,
      verified: true,
      email: null,
      banner: null,
      accent_color: null,
      avatar_decoration_data: null,
      primary_guild: null,
    };
    this.defaultUser = {
      id: snowflake(Date.now() - 300 * 86_400_000),
      username: 'tester',
      global_name: 'Tester',
      discriminator: '0',
      avatar: null,
      public_flags: 0,
    };
    this.token = options.token ?? fakeBotToken(botId);
    this.interactionAckTimeoutMs = options.interactionAckTimeoutMs ?? 3000;
    this.nonceWindowMs = options.nonceWindowMs ?? 5 * 60_000;

    const guilds = options.guilds ?? [{ id: snowflake(), name: 'Fake Guild', channels: [{ id: snowflake(), name: 'general', type: 0 }] }];
    for (const g of guilds) {
      const guild: GuildState = {
        id: g.id,
        name: g.name,
        locale: g.locale ?? 'en-US',
        ownerId: g.ownerId ?? snowflake(Date.now() - 500 * 86_400_000),
        memberCount: g.memberCount ?? 2,
        everyonePermissions: g.everyonePermissions ?? DEFAULT_EVERYONE_PERMISSIONS,
        joinedAt: Date.now() - 86_400_000,
        channelIds: [],
      };
      this.guilds.set(guild.id, guild);
      (g.channels ?? []).forEach((c, position) => {
        this.addChannel({
          id: c.id,
          guildId: guild.id,
          name: c.name,
          type: c.type ?? 0,
          topic: c.topic ?? null,
          parentId: c.parentId ?? null,
          nsfw: c.nsfw ?? false,
          position,
        });
      });
    }
  }

  addChannel(c: Pick<ChannelState, 'id' | 'guildId' | 'name' | 'type'> & Partial<ChannelState>): ChannelState {
    const channel: ChannelState = {
      topic: null,
      parentId: null,
      nsfw: false,
      position: 0,
      forbidden: false,
      deleted: false,
      lastMessageId: null,
      ...c,
    };
    this.channels.set(channel.id, channel);
    if (channel.guildId) {
      const guild = this.guilds.get(channel.guildId);
      if (guild && !guild.channelIds.includes(channel.id)) guild.channelIds.push(channel.id);
    }
    return channel;
  }

  messagesOf(channelId: string): JsonObject[] {
    let list = this.channelMessages.get(channelId);
    if (!list) {
      list = [];
      this.channelMessages.set(channelId, list);
    }
    return list;
  }

  findChannelMessage(channelId: string, messageId: string): JsonObject | undefined {
    return this.channelMessages.get(channelId)?.find((m) => m.id === messageId);
  }

  /** Looks a message up everywhere (channel messages, interaction originals and follow-ups). */
  findAnyMessage(messageId: string): JsonObject | undefined {
    for (const list of this.channelMessages.values()) {
      const found = list.find((m) => m.id === messageId);
      if (found) return found;
    }
    for (const i of this.interactions.values()) {
      if (i.original?.id === messageId) return i.original;
      const f = i.followups.get(messageId);
      if (f) return f;
    }
    return undefined;
  }

  firstGuild(): GuildState | undefined {
    return this.guilds.values().next().value;
  }

  firstTextChannel(guildId: string): ChannelState | undefined {
    const guild = this.guilds.get(guildId);
    if (!guild) return undefined;
    for (const id of guild.channelIds) {
      const c = this.channels.get(id);
      if (c && !c.deleted && [0, 5].includes(c.type)) return c;
    }
    return undefined;
  }
}
