/**
 * FakeDiscord: an in-process fake of Discord's REST API (v10) and gateway for end-to-end tests with a
 * real discord.js Client.
 *
 * ```ts
 * const fake = await FakeDiscord.start();
 * const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.restBase } });
 * await client.login(fake.token);
 * const { id } = fake.slashCommand('search', { query: 'lamp' }, { locale: 'de' });
 * const [reply] = await fake.waitForInteractionResponse(id);
 * await client.destroy(); // BEFORE fake.close(): a server-side close makes discord.js reconnect
 * await fake.close();
 * ```
 */
import {
  autocompleteInteraction,
  buildInteraction,
  buttonInteraction,
  channelPayload,
  modalSubmitInteraction,
  slashCommandInteraction,
  stringSelectInteraction,
  type AutocompleteOptions,
  type ComponentInteractionOptions,
} from './builders.js';
import { FakeGateway, type GatewayConnectionRecord, type GatewayReceived } from './gateway.js';
import { FakeHttpServer } from './server.js';
import { FakeState, type InteractionState } from './state.js';
import type {
  FakeDiscordOptions,
  InteractionContextOptions,
  InteractionResponseRecord,
  JsonObject,
  OptionsInput,
  RateLimitOptions,
  RecordedRequest,
  RequestMatcher,
  SentInteraction,
  SlashCommandOptions,
} from './types.js';
import { deferred, describeRequest, matchRequest, snowflake, type Deferred } from './util.js';

export type * from './types.js';
export type { AutocompleteOptions, ComponentInteractionOptions } from './builders.js';
export type { GatewayConnectionRecord, GatewayReceived } from './gateway.js';

export interface WaitForRequestOptions {
  timeoutMs?: number;
  /** Only consider requests with `seq > since` (see `fake.mark()`). Default 0: already-recorded requests count. */
  since?: number;
  /** Also match requests answered 429 by `rateLimitNext`. Default false. */
  includeRateLimited?: boolean;
}

interface RequestWaiter {
  matcher: RequestMatcher;
  since: number;
  includeRateLimited: boolean;
  deferred: Deferred<RecordedRequest>;
}

interface ResponseWaiter {
  interactionId: string;
  predicate: (r: InteractionResponseRecord) => boolean;
  deferred: Deferred<InteractionResponseRecord>;
}

interface RateLimitRule {
  matcher: RequestMatcher;
  remaining: number;
  options: RateLimitOptions;
}

export interface FakeGuildInfo {
  id: string;
  name: string;
  locale: string;
  channels: { id: string; name: string; type: number }[];
}

export class FakeDiscord {
  readonly token: string;
  readonly applicationId: string;
  /** Raw user object of the bot (what READY / GET /users/@me return). */
  readonly botUser: JsonObject;
  /** The user that invokes interactions unless `user` is given. */
  readonly defaultUser: JsonObject;
  /** `http://127.0.0.1:PORT/api` — pass as `rest: { api }`; discord.js then requests `${restBase}/v10/...`. */
  restBase = '';
  /** `ws://127.0.0.1:PORT/gateway` (what GET /gateway/bot returns). */
  gatewayUrl = '';
  port = 0;

  private readonly state: FakeState;
  private readonly gateway: FakeGateway;
  private readonly http: FakeHttpServer;
  private requestWaiters: RequestWaiter[] = [];
  private responseWaiters: ResponseWaiter[] = [];
  private rateLimits: RateLimitRule[] = [];
  private closed = false;

  private constructor(options: FakeDiscordOptions) {
    this.state = new FakeState(options);
    this.gateway = new FakeGateway(this.state, {
      heartbeatInterval: options.heartbeatInterval ?? 45_000,
      disallowPrivilegedIntents: options.disallowPrivilegedIntents ?? false,
    });
    this.http = new FakeHttpServer(this.state, this.gateway, {
      takeRateLimit: (req) => this.takeRateLimit(req),
      onResponded: (req) => this.onResponded(req),
    });
    this.token = this.state.token;
    this.applicationId = this.state.applicationId;
    this.botUser = this.state.botUser;
    this.defaultUser = this.state.defaultUser;
  }

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options);
    fake.port = await fake.http.listen();
    fake.restBase = `http://127.0.0.1:${fake.port}/api`;
    fake.state.baseUrl = `http://127.0.0.1:${fake.port}`;
    fake.gateway.wsBase = `ws://127.0.0.1:${fake.port}`;
    fake.gatewayUrl = fake.gateway.url;
    return fake;
  }

  // ----- inspection ------------------------------------------------------------------------------

  /** Every REST request, in order (including 429-answered and unhandled ones). */
  get requests(): RecordedRequest[] {
    return this.http.requests;
  }

  /** Requests no route matched (answered 404/405) — handy to assert the fake covers what the bot does. */
  get unhandledRequests(): RecordedRequest[] {
    return this.http.requests.filter((r) => r.unhandled);
  }

  /** The last IDENTIFY payload (`d`: token, intents, properties, shard ...), or null. */
  get identify(): JsonObject | null {
    return this.gateway.identifies.at(-1) ?? null;
  }

  get identifies(): JsonObject[] {
    return this.gateway.identifies;
  }

  get resumes(): JsonObject[] {
    return this.gateway.resumes;
  }

  /** Heartbeats (op 1) received so far. */
  get heartbeats(): number {
    return this.gateway.heartbeats;
  }

  /** Every payload clients sent over the gateway. */
  get gatewayReceived(): GatewayReceived[] {
    return this.gateway.received;
  }

  /** Every gateway connection (path + query), e.g. to check `v=10&encoding=json` or the resume URL. */
  get gatewayConnections(): GatewayConnectionRecord[] {
    return this.gateway.connectionLog;
  }

  get openGatewayConnections(): number {
    return this.gateway.openConnections;
  }

  get guilds(): FakeGuildInfo[] {
    return [...this.state.guilds.values()].map((g) => ({
      id: g.id,
      name: g.name,
      locale: g.locale,
      channels: g.channelIds.flatMap((id) => {
        const c = this.state.channels.get(id);
        return c && !c.deleted ? [{ id: c.id, name: c.name, type: c.type }] : [];
      }),
    }));
  }

  get defaultGuildId(): string {
    const g = this.state.firstGuild();
    if (!g) throw new Error('FakeDiscord: no guilds configured');
    return g.id;
  }

  get defaultChannelId(): string {
    const c = this.state.firstTextChannel(this.defaultGuildId);
    if (!c) throw new Error('FakeDiscord: the first guild has no text channel');
    return c.id;
  }

  /** Current request sequence number, for `waitForRequest(..., { since: fake.mark() })`. */
  mark(): number {
    return this.http.requests.at(-1)?.seq ?? 0;
  }

  /** The callback + webhook calls (edits, follow-ups, fetches, deletes) accepted for an interaction, in order. */
  interactionResponses(interactionId: string): InteractionResponseRecord[] {
    return this.state.interactions.get(interactionId)?.responses ?? [];
  }

  /** Current @original message of an interaction (null before a message-creating callback). */
  originalMessage(interactionId: string): JsonObject | null {
    const i = this.state.interactions.get(interactionId);
    return i && !i.originalDeleted ? i.original : null;
  }

  followUps(interactionId: string): JsonObject[] {
    return [...(this.state.interactions.get(interactionId)?.followups.values() ?? [])];
  }

  /** Messages created through `POST /channels/{id}/messages` (not interaction replies), oldest first. */
  channelMessages(channelId: string): JsonObject[] {
    return this.state.channelMessages.get(channelId) ?? [];
  }

  /** Registered commands: "global" (default) or a guild id. */
  commands(scope: 'global' | (string & {}) = 'global'): JsonObject[] {
    return this.state.commands.get(scope) ?? [];
  }

  // ----- waiting ---------------------------------------------------------------------------------

  /** Resolves once READY and the GUILD_CREATEs were sent (immediately if that already happened). */
  waitForReady(timeoutMs = 5000): Promise<void> {
    return this.gateway.waitForReady(timeoutMs);
  }

  /** Resolves on the next RESUMED dispatch. */
  waitForResume(timeoutMs = 5000): Promise<void> {
    return this.gateway.waitForResume(timeoutMs);
  }

  /**
   * Resolves with the first answered request matching `matcher` (already-recorded ones count unless
   * `since` is given). 429-answered requests are skipped unless `includeRateLimited`.
   */
  waitForRequest(matcher: RequestMatcher, timeoutOrOptions: number | WaitForRequestOptions = 5000): Promise<RecordedRequest> {
    const opts = typeof timeoutOrOptions === 'number' ? { timeoutMs: timeoutOrOptions } : timeoutOrOptions;
    const timeoutMs = opts.timeoutMs ?? 5000;
    const since = opts.since ?? 0;
    const includeRateLimited = opts.includeRateLimited ?? false;
    const existing = this.http.requests.find((r) => r.seq > since && r.status !== undefined && (includeRateLimited || !r.rateLimited) && matchRequest(matcher, r));
    if (existing) return Promise.resolve(existing);
    const waiter: RequestWaiter = { matcher, since, includeRateLimited, deferred: deferred() };
    this.requestWaiters.push(waiter);
    const timer = setTimeout(() => {
      this.requestWaiters = this.requestWaiters.filter((w) => w !== waiter);
      const recent = this.http.requests.slice(-15).map(describeRequest);
      waiter.deferred.reject(
        new Error(
          `FakeDiscord.waitForRequest: no matching request within ${timeoutMs} ms (matcher: ${describeMatcher(matcher)}).\n` +
            `Recent requests (${this.http.requests.length} total):\n  ${recent.join('\n  ') || '(none)'}`,
        ),
      );
    }, timeoutMs);
    return waiter.deferred.promise.finally(() => clearTimeout(timer));
  }

  /** Resolves with the first accepted response record of an interaction matching `predicate` (default: any). */
  waitForInteractionResponse(interactionId: string, predicate: (r: InteractionResponseRecord) => boolean = () => true, timeoutMs = 5000): Promise<InteractionResponseRecord> {
    const existing = this.interactionResponses(interactionId).find(predicate);
    if (existing) return Promise.resolve(existing);
    const waiter: ResponseWaiter = { interactionId, predicate, deferred: deferred() };
    this.responseWaiters.push(waiter);
    const timer = setTimeout(() => {
      this.responseWaiters = this.responseWaiters.filter((w) => w !== waiter);
      const seen = this.interactionResponses(interactionId).map((r) => `${r.kind}${r.type ? `(${r.type})` : ''}`);
      const related = this.http.requests
        .filter((r) => r.path.includes(interactionId) || r.path.startsWith('/webhooks/'))
        .slice(-10)
        .map(describeRequest);
      waiter.deferred.reject(
        new Error(
          `FakeDiscord.waitForInteractionResponse: nothing matching for interaction ${interactionId} within ${timeoutMs} ms.\n` +
            `Accepted so far: [${seen.join(', ')}]\nRelated requests:\n  ${related.join('\n  ') || '(none)'}`,
        ),
      );
    }, timeoutMs);
    return waiter.deferred.promise.finally(() => clearTimeout(timer));
  }

  // ----- interactions ----------------------------------------------------------------------------

  /**
   * Sends an INTERACTION_CREATE built from `partial` (any top-level field wins over the defaults:
   * id, token, application_id, guild/channel/member or user, locale, entitlements, ...).
   */
  sendInteraction(partial: JsonObject, ctx: InteractionContextOptions = {}): SentInteraction {
    return this.dispatchInteraction(buildInteraction(this.state, partial, ctx));
  }

  /** A CHAT_INPUT command. `options` is `{ name: value }` (types inferred) or raw option objects. */
  slashCommand(name: string, options?: OptionsInput, opts: SlashCommandOptions = {}): SentInteraction {
    return this.dispatchInteraction(slashCommandInteraction(this.state, name, options, opts));
  }

  /** An autocomplete interaction with `focusedOptionName` focused (typed text `value`). */
  autocomplete(name: string, focusedOptionName: string, value: string, otherOptions?: OptionsInput, opts: AutocompleteOptions = {}): SentInteraction {
    return this.dispatchInteraction(autocompleteInteraction(this.state, name, focusedOptionName, value, otherOptions, opts));
  }

  /** A button click. `message` = id of a stored message (reply, follow-up, channel message) or a partial message. */
  button(customId: string, opts: ComponentInteractionOptions = {}): SentInteraction {
    return this.dispatchInteraction(buttonInteraction(this.state, customId, opts));
  }

  stringSelect(customId: string, values: string[], opts: ComponentInteractionOptions = {}): SentInteraction {
    return this.dispatchInteraction(stringSelectInteraction(this.state, customId, values, opts));
  }

  /** A modal submit; `fields` maps text input custom ids to values. */
  modalSubmit(customId: string, fields: Record<string, string>, opts: ComponentInteractionOptions = {}): SentInteraction {
    return this.dispatchInteraction(modalSubmitInteraction(this.state, customId, fields, opts));
  }

  private dispatchInteraction(payload: JsonObject): SentInteraction {
    const state: InteractionState = {
      id: payload.id,
      token: payload.token,
      payload,
      createdAt: Date.now(),
      callbackType: null,
      original: null,
      originalLoading: false,
      originalDeleted: false,
      followups: new Map(),
      responses: [],
    };
    this.state.interactions.set(state.id, state);
    this.state.interactionsByToken.set(state.token, state);
    this.gateway.dispatch('INTERACTION_CREATE', payload);
    return { id: state.id, token: state.token, payload };
  }

  /** Sends any dispatch event (op 0) to every gateway session. */
  dispatch(t: string, d: JsonObject): void {
    this.gateway.dispatch(t, d);
  }

  // ----- failure injection -----------------------------------------------------------------------

  /** The next `times` (default 1) requests matching answer 429 (headers + JSON like Discord). */
  rateLimitNext(matcher: RequestMatcher, options: RateLimitOptions = {}): void {
    this.rateLimits.push({ matcher, remaining: options.times ?? 1, options });
  }

  /** REST on this channel answers 403 Missing Access (50001). */
  forbidChannel(channelId: string): void {
    this.requireChannel(channelId).forbidden = true;
  }

  allowChannel(channelId: string): void {
    this.requireChannel(channelId).forbidden = false;
  }

  /**
   * REST on this channel answers 404 Unknown Channel (10003). Unless `dispatch: false`, a CHANNEL_DELETE
   * is sent over the gateway too (as Discord does), which removes it from discord.js's cache.
   */
  deleteChannel(channelId: string, opts: { dispatch?: boolean } = {}): void {
    const channel = this.requireChannel(channelId);
    channel.deleted = true;
    if ((opts.dispatch ?? true) && channel.guildId && this.gateway.hasSession) {
      this.gateway.dispatch('CHANNEL_DELETE', channelPayload(channel));
    }
  }

  /** Adds a guild channel; sends CHANNEL_CREATE when a client is connected. */
  addChannel(guildId: string, channel: { id?: string; name: string; type?: number; topic?: string }): string {
    if (!this.state.guilds.has(guildId)) throw new Error(`FakeDiscord: unknown guild ${guildId}`);
    const created = this.state.addChannel({
      id: channel.id ?? snowflake(),
      guildId,
      name: channel.name,
      type: channel.type ?? 0,
      topic: channel.topic ?? null,
      position: this.state.guilds.get(guildId)!.channelIds.length,
    });
    if (this.gateway.hasSession) this.gateway.dispatch('CHANNEL_CREATE', channelPayload(created));
    return created.id;
  }

  /** op 7 RECONNECT: discord.js reconnects to resume_gateway_url and RESUMEs. */
  requestReconnect(): void {
    this.gateway.requestReconnect();
  }

  /** op 9 INVALID_SESSION (resumable or not). */
  invalidateSession(resumable = false): void {
    this.gateway.invalidateSession(resumable);
  }

  /** Closes the gateway sockets with `code` (default 4000: discord.js resumes). */
  disconnectGateway(code = 4000): void {
    this.gateway.disconnectAll(code);
  }

  clearRequests(): void {
    this.http.requests.length = 0;
  }

  /**
   * Closes gateway sockets (code 1000 by default) and the HTTP server. Destroy the discord.js client
   * first: a server-initiated 1000 close makes discord.js try to reconnect (forever, every ~500 ms).
   */
  async close(opts: { code?: number } = {}): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const error = new Error('FakeDiscord closed');
    for (const w of this.requestWaiters) w.deferred.reject(error);
    for (const w of this.responseWaiters) w.deferred.reject(error);
    this.requestWaiters = [];
    this.responseWaiters = [];
    await this.gateway.close(opts.code ?? 1000);
    await this.http.close();
  }

  // ----- internals -------------------------------------------------------------------------------

  private requireChannel(channelId: string) {
    const c = this.state.channels.get(channelId);
    if (!c) throw new Error(`FakeDiscord: unknown channel ${channelId}`);
    return c;
  }

  private takeRateLimit(req: RecordedRequest): RateLimitOptions | null {
    const rule = this.rateLimits.find((r) => r.remaining > 0 && matchRequest(r.matcher, req));
    if (!rule) return null;
    rule.remaining--;
    if (rule.remaining <= 0) this.rateLimits = this.rateLimits.filter((r) => r !== rule);
    return rule.options;
  }

  private onResponded(req: RecordedRequest): void {
    for (const w of [...this.requestWaiters]) {
      if (req.seq <= w.since) continue;
      if (req.rateLimited && !w.includeRateLimited) continue;
      if (!matchRequest(w.matcher, req)) continue;
      this.requestWaiters = this.requestWaiters.filter((x) => x !== w);
      w.deferred.resolve(req);
    }
    if (this.responseWaiters.length) {
      for (const w of [...this.responseWaiters]) {
        const found = this.interactionResponses(w.interactionId).find(w.predicate);
        if (!found) continue;
        this.responseWaiters = this.responseWaiters.filter((x) => x !== w);
        w.deferred.resolve(found);
      }
    }
  }
}

function describeMatcher(m: RequestMatcher): string {
  if (typeof m === 'function') return m.toString().replace(/\s+/g, ' ').slice(0, 160);
  if (typeof m === 'string') return m;
  return `{ method: ${m.method ?? '*'}, path: ${String(m.path ?? '*')} }`;
}
