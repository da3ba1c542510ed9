/**
 * Shared types of the fake Discord REST API + gateway.
 *
 * Payloads are Discord's raw snake_case JSON. They are typed loosely on purpose: the fake must accept
 * whatever discord.js sends (and tests want to poke at nested fields without casts), so bodies are `any`.
 */
import type { IncomingHttpHeaders } from 'node:http';

// biome-ignore lint/suspicious/noExplicitAny: raw Discord payloads, loose on purpose (see above)
export type Json = any;
export type JsonObject = Record<string, Json>;

export interface UserInput {
  id: string;
  username: string;
  global_name?: string | null;
  discriminator?: string;
  avatar?: string | null;
  bot?: boolean;
}

export interface ChannelInput {
  id: string;
  name: string;
  /** 0 = GUILD_TEXT (default), 2 = voice, 4 = category, 5 = announcement, 15 = forum ... */
  type?: number;
  topic?: string | null;
  parentId?: string | null;
  nsfw?: boolean;
}

export interface GuildInput {
  id: string;
  name: string;
  channels?: ChannelInput[];
  /** preferred_locale of the guild (also sent as guild_locale on interactions). Default "en-US". */
  locale?: string;
  ownerId?: string;
  memberCount?: number;
  /** permissions string of the @everyone role (id = guild id). */
  everyonePermissions?: string;
}

export interface FakeDiscordOptions {
  /** Bot token expected on IDENTIFY and on authenticated REST calls. Default: a random fake token. */
  token?: string;
  /** Application id (== bot user id unless given). */
  applicationId?: string;
  botUser?: Partial<UserInput>;
  /** Guilds the bot is in. Default: one guild "Fake Guild" with a #general text channel. */
  guilds?: GuildInput[];
  /** HELLO heartbeat_interval in ms. Default 45000. */
  heartbeatInterval?: number;
  /**
   * Real Discord rejects an initial interaction callback sent more than 3 s after the interaction with
   * 404 Unknown interaction (10062). Default 3000; 0 disables the check.
   */
  interactionAckTimeoutMs?: number;
  /** Close IDENTIFY with 4014 when a privileged intent (GuildMembers, GuildPresences, MessageContent) is asked for. */
  disallowPrivilegedIntents?: boolean;
  /** Window in which `enforce_nonce` de-duplicates channel messages. Default 5 minutes. */
  nonceWindowMs?: number;
}

export interface RecordedFile {
  /** multipart field name, e.g. "files[0]" */
  field: string;
  filename: string;
  contentType: string;
  size: number;
  data: Buffer;
}

export interface RecordedRequest {
  /** 1-based, increasing */
  seq: number;
  at: number;
  method: string;
  /** Decoded path without the `/api/v10` prefix, e.g. `/webhooks/1/tok/messages/@original`. */
  path: string;
  /** Path exactly as received (still URL-encoded, with the `/api/v10` prefix, without the query). */
  rawPath: string;
  apiVersion: number | null;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, or the parsed `payload_json` of a multipart body (other text fields merged in). */
  body: Json;
  multipart: boolean;
  files: RecordedFile[];
  /** Filled once the fake has answered. */
  status?: number;
  response?: Json;
  /** True when no route matched (answered 404). */
  unhandled?: boolean;
  /** True when answered 429 by `rateLimitNext`. */
  rateLimited?: boolean;
}

/**
 * A request matcher: a function of (method, path, body, request), an object, or a string like
 * `"POST /channels/123/messages"` (exact path) — `path` may also be a RegExp.
 */
export type RequestMatcher = ((method: string, path: string, body: Json, request: RecordedRequest) => boolean) | { method?: string; path?: string | RegExp } | string;

export interface RateLimitOptions {
  /** seconds (retry_after / Retry-After). Default 1. */
  retryAfter?: number;
  global?: boolean;
  /** x-ratelimit-scope; default "user" ("global" when global). */
  scope?: 'user' | 'global' | 'shared';
  bucket?: string;
  /** How many matching requests to answer with 429. Default 1. */
  times?: number;
}

export type InteractionResponseKind = 'callback' | 'getOriginal' | 'editOriginal' | 'deleteOriginal' | 'followup' | 'getFollowup' | 'editFollowup' | 'deleteFollowup';

export interface InteractionResponseRecord {
  kind: InteractionResponseKind;
  at: number;
  /** Callback type for kind "callback": 4 message, 5 deferred, 6 deferred update, 7 update, 8 autocomplete, 9 modal. */
  type?: number;
  /** `data` of a callback, or the body of a webhook edit / follow-up. */
  data: Json;
  /** Message created/edited/fetched/deleted, if any. */
  messageId?: string;
  /** Snapshot of the resulting message object (after the edit). */
  message?: JsonObject;
  files: RecordedFile[];
  /** For follow-ups: true when Discord's "first follow-up after a deferReply edits the loading message" rule applied. */
  replacedDeferred?: boolean;
  request: RecordedRequest;
}

export interface SentInteraction {
  id: string;
  token: string;
  /** The full INTERACTION_CREATE payload sent. */
  payload: JsonObject;
}

export interface InteractionContextOptions {
  locale?: string;
  /** Guild to send from; default first guild. `null` sends it as a bot DM. */
  guildId?: string | null;
  channelId?: string;
  user?: Partial<UserInput>;
  /** permissions string/bigint of the invoking member (guild only). Default: regular member permissions. */
  memberPermissions?: string | bigint;
  /** app_permissions. Default: typical bot permissions. */
  appPermissions?: string | bigint;
  /** Extra member fields (roles, nick ...). */
  member?: JsonObject;
}

export type OptionValue = string | number | boolean;
/** Either a `{ name: value }` map (types inferred: string 3, integer 4, float 10, boolean 5) or raw Discord option objects. */
export type OptionsInput = Record<string, OptionValue> | JsonObject[];

export interface SlashCommandOptions extends InteractionContextOptions {
  subcommand?: string;
  subcommandGroup?: string;
  commandId?: string;
  /** data.resolved (users, members, channels, roles, attachments). */
  resolved?: JsonObject;
}
