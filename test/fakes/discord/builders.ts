/** Builders for Discord JSON objects: users, channels, guilds, messages and interactions. */
import type { ChannelState, FakeState, GuildState } from './state.js';
import type { InteractionContextOptions, Json, JsonObject, OptionsInput, OptionValue, RecordedFile, SlashCommandOptions, UserInput } from './types.js';
import { DEFAULT_APP_PERMISSIONS, DEFAULT_MEMBER_PERMISSIONS, iso, randomToken, snowflake } from './util.js';

export function userPayload(u: Partial<UserInput> & { id: string }, base: JsonObject = {}): JsonObject {
  return {
    ...base,
    id: u.id,
    username: u.username ?? base.username ?? `user${u.id.slice(-4)}`,
    global_name: u.global_name ?? base.global_name ?? null,
    discriminator: u.discriminator ?? base.discriminator ?? '0',
    avatar: u.avatar ?? base.avatar ?? null,
    public_flags: base.public_flags ?? 0,
    ...(u.bot ? { bot: true } : {}),
  };
}

export function channelPayload(c: ChannelState): JsonObject {
  const base: JsonObject = {
    id: c.id,
    type: c.type,
    name: c.name,
    position: c.position,
    flags: 0,
    parent_id: c.parentId,
    permission_overwrites: [],
  };
  if (c.guildId) base.guild_id = c.guildId;
  if (c.type === 0 || c.type === 5) {
    Object.assign(base, {
      topic: c.topic,
      nsfw: c.nsfw,
      last_message_id: c.lastMessageId,
      rate_limit_per_user: 0,
      default_thread_rate_limit_per_user: 0,
    });
  }
  if (c.type === 2 || c.type === 13) {
    Object.assign(base, { bitrate: 64000, user_limit: 0, rtc_region: null, nsfw: c.nsfw, last_message_id: null, rate_limit_per_user: 0 });
  }
  return base;
}

function rolePayload(id: string, name: string, permissions: string, position = 0): JsonObject {
  return {
    id,
    name,
    description: null,
    permissions,
    position,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    managed: false,
    mentionable: false,
    icon: null,
    unicode_emoji: null,
    flags: 0,
  };
}

function memberPayload(user: JsonObject, extra: JsonObject = {}): JsonObject {
  return {
    user,
    roles: [],
    nick: null,
    avatar: null,
    banner: null,
    premium_since: null,
    joined_at: iso(Date.now() - 30 * 86_400_000),
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
    unusual_dm_activity_until: null,
    ...extra,
  };
}

export function guildCreatePayload(state: FakeState, g: GuildState): JsonObject {
  const channels = g.channelIds
    .map((id) => state.channels.get(id))
    .filter((c): c is ChannelState => Boolean(c && !c.deleted))
    .map((c) => {
      const { guild_id: _omit, ...rest } = channelPayload(c);
      return rest;
    });
  return {
    id: g.id,
    name: g.name,
    icon: null,
    icon_hash: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: g.ownerId,
    region: 'deprecated',
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [rolePayload(g.id, '@everyone', g.everyonePermissions, 0)],
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    max_members: 500000,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    vanity_url_code: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    premium_progress_bar_enabled: false,
    preferred_locale: g.locale,
    nsfw_level: 0,
    nsfw: false,
    hub_type: null,
    incidents_data: null,
    joined_at: iso(g.joinedAt),
    large: false,
    unavailable: false,
    member_count: g.memberCount,
    lazy: true,
    voice_states: [],
    members: [memberPayload(state.botUser, { joined_at: iso(g.joinedAt) })],
    channels,
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    embedded_activities: [],
    activity_instances: [],
    version: Date.now(),
  };
}

function normalizeEmbeds(embeds: Json): JsonObject[] {
  if (!Array.isArray(embeds)) return [];
  return embeds.map((e: JsonObject) => ({ type: 'rich', ...e, content_scan_version: 0 }));
}

/** Turns uploaded files + body.attachments into message attachment objects (keeping `keep` ones by id). */
function buildAttachments(state: FakeState, channelId: string, body: Json, files: RecordedFile[], keep: JsonObject[] = []): JsonObject[] {
  const described: JsonObject[] = Array.isArray(body?.attachments) ? body.attachments : [];
  const out: JsonObject[] = [];
  // existing attachments explicitly kept (edits)
  for (const a of described) {
    const existing = keep.find((k) => k.id === String(a.id));
    if (existing) out.push(existing);
  }
  files.forEach((file, index) => {
    const match = /\[(\d+)\]/.exec(file.field);
    const n = match ? match[1] : String(index);
    const meta = described.find((a) => String(a.id) === n) ?? {};
    const id = snowflake();
    const filename = (meta.filename as string | undefined) ?? file.filename;
    const key = `/attachments/${channelId}/${id}/${encodeURIComponent(filename)}`;
    state.attachments.set(key, { data: file.data, contentType: file.contentType });
    out.push({
      id,
      filename,
      size: file.size,
      url: `${state.baseUrl}${key}`,
      proxy_url: `${state.baseUrl}${key}`,
      content_type: file.contentType,
      ...(meta.description !== undefined ? { description: meta.description } : {}),
      ...(meta.title !== undefined ? { title: meta.title } : {}),
      ...(meta.duration_secs !== undefined ? { duration_secs: meta.duration_secs } : {}),
    });
  });
  return out;
}

export interface MessageParams {
  channelId: string;
  guildId?: string | null;
  body: Json;
  files?: RecordedFile[];
  author?: JsonObject;
  type?: number;
  /** interaction-created messages: the interaction payload */
  interaction?: JsonObject;
  id?: string;
}

const EPHEMERAL = 1 << 6;
const LOADING = 1 << 7;

export function messagePayload(state: FakeState, p: MessageParams): JsonObject {
  const body: JsonObject = p.body ?? {};
  const id = p.id ?? snowflake();
  const message: JsonObject = {
    id,
    type: p.type ?? 0,
    content: typeof body.content === 'string' ? body.content : '',
    channel_id: p.channelId,
    author: p.author ?? state.botUser,
    attachments: buildAttachments(state, p.channelId, body, p.files ?? []),
    embeds: normalizeEmbeds(body.embeds),
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: Boolean(body.tts),
    timestamp: iso(),
    edited_timestamp: null,
    flags: typeof body.flags === 'number' ? body.flags : 0,
    components: Array.isArray(body.components) ? body.components : [],
  };
  if (p.guildId) message.guild_id = p.guildId;
  if (body.nonce !== undefined && body.nonce !== null) message.nonce = body.nonce;
  if (body.message_reference) {
    message.message_reference = { type: 0, channel_id: p.channelId, ...(p.guildId ? { guild_id: p.guildId } : {}), ...body.message_reference };
    if (message.type === 0) message.type = 19;
  }
  if (body.poll) message.poll = body.poll;
  if (Array.isArray(body.sticker_ids)) message.sticker_items = [];
  if (p.interaction) {
    const i = p.interaction;
    const user = i.member?.user ?? i.user;
    message.webhook_id = state.applicationId;
    message.application_id = state.applicationId;
    message.interaction_metadata = {
      id: i.id,
      type: i.type,
      user,
      authorizing_integration_owners: i.authorizing_integration_owners ?? {},
      ...(i.type === 2 ? { name: i.data?.name, command_type: i.data?.type ?? 1 } : {}),
      ...(i.type === 3 && i.message ? { interacted_message_id: i.message.id } : {}),
    };
    if (i.type === 2) {
      message.interaction = { id: i.id, type: i.type, name: i.data?.name, user };
    }
  }
  return message;
}

/** Applies an edit body (PATCH) to a stored message, in place. Returns the message. */
export function applyEdit(state: FakeState, message: JsonObject, body: Json, files: RecordedFile[]): JsonObject {
  const b: JsonObject = body ?? {};
  if ('content' in b) message.content = b.content ?? '';
  if ('embeds' in b) message.embeds = normalizeEmbeds(b.embeds ?? []);
  if ('components' in b) message.components = b.components ?? [];
  if ('flags' in b && typeof b.flags === 'number') {
    // only SUPPRESS_EMBEDS (4) and IS_COMPONENTS_V2 may be toggled by edits; keep ephemeral/loading bits
    message.flags = (message.flags & (EPHEMERAL | LOADING)) | b.flags;
  }
  if ('attachments' in b || files.length) {
    message.attachments = buildAttachments(state, message.channel_id, b, files, message.attachments ?? []);
  }
  if (b.poll) message.poll = b.poll;
  message.edited_timestamp = iso();
  return message;
}

// ----- interactions ---------------------------------------------------------------------------

function resolveUser(state: FakeState, u: Partial<UserInput> | undefined): JsonObject {
  if (!u) return { ...state.defaultUser };
  const id = u.id ?? state.defaultUser.id;
  return userPayload({ ...u, id }, id === state.defaultUser.id ? state.defaultUser : {});
}

function interactionToken(): string {
  return `aW50ZXJhY3Rpb246${randomToken(48)}`;
}

/** Fills every field discord.js needs on an INTERACTION_CREATE payload. `partial` fields win. */
export function buildInteraction(state: FakeState, partial: JsonObject, ctx: InteractionContextOptions = {}): JsonObject {
  const id = partial.id ?? snowflake();
  const token = partial.token ?? interactionToken();
  const user = resolveUser(state, ctx.user);
  const guildId = ctx.guildId === null ? null : (ctx.guildId ?? (partial.guild_id as string | undefined) ?? state.firstGuild()?.id ?? null);
  const guild = guildId ? state.guilds.get(guildId) : undefined;
  if (guildId && !guild) throw new Error(`FakeDiscord: unknown guild ${guildId}`);
  const appPermissions = String(ctx.appPermissions ?? DEFAULT_APP_PERMISSIONS);
  const locale = ctx.locale ?? 'en-US';

  const payload: JsonObject = {
    id,
    application_id: state.applicationId,
    type: partial.type ?? 2,
    token,
    version: 1,
    app_permissions: appPermissions,
    locale,
    entitlements: [],
    attachment_size_limit: 10_485_760,
  };

  if (guild) {
    const channelId = ctx.channelId ?? (partial.channel_id as string | undefined) ?? state.firstTextChannel(guild.id)?.id;
    if (!channelId) throw new Error(`FakeDiscord: guild ${guild.id} has no text channel; pass channelId`);
    const channel = state.channels.get(channelId);
    payload.guild_id = guild.id;
    payload.guild = { id: guild.id, locale: guild.locale, features: [] };
    payload.guild_locale = guild.locale;
    payload.channel_id = channelId;
    payload.channel = channel ? { ...channelPayload(channel), permissions: appPermissions } : { id: channelId, type: 0, guild_id: guild.id, permissions: appPermissions };
    payload.member = memberPayload(user, {
      permissions: String(ctx.memberPermissions ?? DEFAULT_MEMBER_PERMISSIONS),
      ...(ctx.member ?? {}),
    });
    payload.authorizing_integration_owners = { '0': guild.id };
    payload.context = 0;
  } else {
    const channelId = ctx.channelId ?? (partial.channel_id as string | undefined) ?? snowflake();
    payload.channel_id = channelId;
    payload.channel = { id: channelId, type: 1, last_message_id: null, flags: 0, recipients: [user] };
    payload.user = user;
    payload.authorizing_integration_owners = { '0': '0' };
    payload.context = 1;
  }
  return { ...payload, ...partial, id, token };
}

function inferOptionType(value: OptionValue): number {
  if (typeof value === 'boolean') return 5;
  if (typeof value === 'number') return Number.isInteger(value) ? 4 : 10;
  return 3;
}

function toOptions(input: OptionsInput | undefined): JsonObject[] {
  if (!input) return [];
  if (Array.isArray(input)) return input;
  return Object.entries(input).map(([name, value]) => ({ name, type: inferOptionType(value), value }));
}

function nest(options: JsonObject[], subcommand?: string, group?: string): JsonObject[] {
  if (!subcommand) return options;
  const sub = { name: subcommand, type: 1, options };
  return group ? [{ name: group, type: 2, options: [sub] }] : [sub];
}

/** Id of a registered command with that name (guild first, then global), else a stable ad-hoc id. */
function commandIdFor(state: FakeState, name: string, guildId: string | null, type = 1): { id: string; guildId?: string } {
  if (guildId) {
    const cmd = state.commands.get(guildId)?.find((c) => c.name === name && (c.type ?? 1) === type);
    if (cmd) return { id: cmd.id, guildId };
  }
  const global = state.commands.get('global')?.find((c) => c.name === name && (c.type ?? 1) === type);
  if (global) return { id: global.id };
  let id = state.adHocCommandIds.get(`${type}:${name}`);
  if (!id) {
    id = snowflake(Date.now() - 86_400_000);
    state.adHocCommandIds.set(`${type}:${name}`, id);
  }
  return { id };
}

export function slashCommandInteraction(state: FakeState, name: string, options: OptionsInput | undefined, ctx: SlashCommandOptions = {}): JsonObject {
  const guildId = ctx.guildId === null ? null : (ctx.guildId ?? state.firstGuild()?.id ?? null);
  const { id, guildId: commandGuildId } = commandIdFor(state, name, guildId);
  const data: JsonObject = {
    id: ctx.commandId ?? id,
    name,
    type: 1,
    options: nest(toOptions(options), ctx.subcommand, ctx.subcommandGroup),
  };
  if (commandGuildId) data.guild_id = commandGuildId;
  if (ctx.resolved) data.resolved = ctx.resolved;
  return buildInteraction(state, { type: 2, data }, { ...ctx, guildId });
}

export interface AutocompleteOptions extends SlashCommandOptions {
  /** option type of the focused option; default 3 (string). Discord sends the partial input as a string. */
  focusedType?: number;
}

export function autocompleteInteraction(
  state: FakeState,
  name: string,
  focusedOptionName: string,
  value: string,
  otherOptions: OptionsInput | undefined,
  ctx: AutocompleteOptions = {},
): JsonObject {
  const guildId = ctx.guildId === null ? null : (ctx.guildId ?? state.firstGuild()?.id ?? null);
  const { id, guildId: commandGuildId } = commandIdFor(state, name, guildId);
  const focused = { name: focusedOptionName, type: ctx.focusedType ?? 3, value, focused: true };
  const options = [...toOptions(otherOptions).filter((o) => o.name !== focusedOptionName), focused];
  const data: JsonObject = { id, name, type: 1, options: nest(options, ctx.subcommand, ctx.subcommandGroup) };
  if (commandGuildId) data.guild_id = commandGuildId;
  return buildInteraction(state, { type: 4, data }, { ...ctx, guildId });
}

export interface ComponentInteractionOptions extends InteractionContextOptions {
  /** The message the component is on: a stored message id, or a (partial) message object. */
  message?: string | JsonObject;
}

function componentMessage(state: FakeState, payloadBase: JsonObject, customId: string, component: JsonObject, message: string | JsonObject | undefined): JsonObject {
  if (typeof message === 'string') {
    const found = state.findAnyMessage(message);
    if (!found) throw new Error(`FakeDiscord: no stored message ${message} to attach the component interaction to`);
    return JSON.parse(JSON.stringify(found)) as JsonObject;
  }
  const channelId: string = payloadBase.channel_id;
  const base = messagePayload(state, {
    channelId,
    guildId: payloadBase.guild_id ?? null,
    body: { content: '', components: [{ type: 1, components: [{ ...component, custom_id: customId }] }] },
  });
  return { ...base, ...(message ?? {}) };
}

export function buttonInteraction(state: FakeState, customId: string, ctx: ComponentInteractionOptions = {}): JsonObject {
  const base = buildInteraction(state, { type: 3, data: { custom_id: customId, component_type: 2 } }, ctx);
  base.message = componentMessage(state, base, customId, { type: 2, style: 1, label: 'Button' }, ctx.message);
  return base;
}

export function stringSelectInteraction(state: FakeState, customId: string, values: string[], ctx: ComponentInteractionOptions = {}): JsonObject {
  const base = buildInteraction(state, { type: 3, data: { custom_id: customId, component_type: 3, values } }, ctx);
  base.message = componentMessage(
    state,
    base,
    customId,
    { type: 3, options: values.map((v) => ({ label: v, value: v })), min_values: 1, max_values: Math.max(1, values.length) },
    ctx.message,
  );
  return base;
}

export function modalSubmitInteraction(state: FakeState, customId: string, fields: Record<string, string>, ctx: ComponentInteractionOptions = {}): JsonObject {
  const components = Object.entries(fields).map(([id, value]) => ({
    type: 1,
    components: [{ type: 4, custom_id: id, value }],
  }));
  const base = buildInteraction(state, { type: 5, data: { custom_id: customId, components } }, ctx);
  if (ctx.message !== undefined) {
    base.message = componentMessage(state, base, customId, { type: 2, style: 1, label: 'Open' }, ctx.message);
  }
  return base;
}
