/** REST route table of the fake Discord API (paths are relative to `/api/v10`). */
import { applyEdit, channelPayload, guildCreatePayload, messagePayload, userPayload } from './builders.js';
import type { FakeGateway } from './gateway.js';
import type { ChannelState, FakeState, InteractionState } from './state.js';
import type { InteractionResponseKind, Json, JsonObject, RecordedRequest } from './types.js';
import { deepClone, snowflake } from './util.js';
import { type DiscordError, validateAutocomplete, validateCommandBulk, validateCommandCreate, validateMessage, validateModal } from './validate.js';

export interface RouteResult {
  status: number;
  /** JSON body; omitted for 204 */
  body?: Json;
  headers?: Record<string, string>;
}

export interface RouteContext {
  state: FakeState;
  gateway: FakeGateway;
  req: RecordedRequest;
  params: Record<string, string>;
}

type Handler = (ctx: RouteContext) => RouteResult;

interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  /** requires `Authorization: Bot <token>` */
  auth: boolean;
  handler: Handler;
}

const routes: Route[] = [];

function route(method: string, path: string, auth: boolean, handler: Handler): void {
  const keys: string[] = [];
  const source = path
    .split('/')
    .map((seg) => {
      if (seg.startsWith(':')) {
        keys.push(seg.slice(1));
        return '([^/]+)';
      }
      return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  routes.push({ method, pattern: new RegExp(`^${source}/?$`), keys, auth, handler });
}

export function matchRoute(method: string, path: string): { route: Route; params: Record<string, string> } | null {
  for (const r of routes) {
    if (r.method !== method) continue;
    const m = r.pattern.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    r.keys.forEach((k, i) => {
      params[k] = m[i + 1] ?? '';
    });
    return { route: r, params };
  }
  return null;
}

/** true when some other method exists for this path (-> 405) */
export function pathExists(path: string): boolean {
  return routes.some((r) => r.pattern.test(path));
}

// ----- helpers ----------------------------------------------------------------------------------

const ok = (body: Json, status = 200): RouteResult => ({ status, body });
const noContent = (): RouteResult => ({ status: 204 });
const error = (status: number, code: number, message: string, errors?: JsonObject): RouteResult => ({
  status,
  body: errors ? { message, code, errors } : { message, code },
});
const invalid = (e: DiscordError): RouteResult => ({ status: 400, body: e });

const UNKNOWN_CHANNEL = () => error(404, 10003, 'Unknown Channel');
const MISSING_ACCESS = () => error(403, 50001, 'Missing Access');
const UNKNOWN_MESSAGE = () => error(404, 10008, 'Unknown Message');
const UNKNOWN_WEBHOOK = () => error(404, 10015, 'Unknown Webhook');
const UNKNOWN_INTERACTION = () => error(404, 10062, 'Unknown interaction');
const UNKNOWN_COMMAND = () => error(404, 10063, 'Unknown application command');

const EPHEMERAL = 1 << 6;
const LOADING = 1 << 7;
const GUILD_MESSAGES = 1 << 9;
const DIRECT_MESSAGES = 1 << 12;
const TEXT_CAPABLE = new Set([0, 1, 2, 3, 5, 10, 11, 12, 13]);

function channelOr(state: FakeState, id: string): ChannelState | RouteResult {
  const c = state.channels.get(id);
  if (!c || c.deleted) return UNKNOWN_CHANNEL();
  if (c.forbidden) return MISSING_ACCESS();
  return c;
}

function isResult(x: unknown): x is RouteResult {
  return typeof x === 'object' && x !== null && 'status' in x;
}

function record(
  i: InteractionState,
  req: RecordedRequest,
  kind: InteractionResponseKind,
  data: Json,
  extra: { type?: number; message?: JsonObject | null; replacedDeferred?: boolean } = {},
): void {
  i.responses.push({
    kind,
    at: Date.now(),
    ...(extra.type !== undefined ? { type: extra.type } : {}),
    data: deepClone(data),
    ...(extra.message ? { messageId: extra.message.id, message: deepClone(extra.message) } : {}),
    files: req.files,
    ...(extra.replacedDeferred ? { replacedDeferred: true } : {}),
    request: req,
  });
}

/** Gateway MESSAGE_* events for sessions with the GuildMessages / DirectMessages intent. */
function dispatchMessageEvent(ctx: RouteContext, t: string, channel: ChannelState, d: JsonObject): void {
  const intent = channel.guildId ? GUILD_MESSAGES : DIRECT_MESSAGES;
  const payload = channel.guildId ? { ...d, guild_id: channel.guildId } : d;
  if (t === 'MESSAGE_CREATE' && channel.guildId) {
    payload.member = {
      roles: [],
      joined_at: new Date().toISOString(),
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
      premium_since: null,
      nick: null,
      avatar: null,
      communication_disabled_until: null,
    };
  }
  ctx.gateway.dispatchWithIntent(t, payload, intent);
}

// ----- gateway / users / applications ----------------------------------------------------------

route('GET', '/gateway', false, ({ gateway }) => ok({ url: gateway.url }));

route('GET', '/gateway/bot', true, ({ gateway }) =>
  ok({
    url: gateway.url,
    shards: 1,
    session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
  }),
);

route('GET', '/users/@me', true, ({ state }) => ok(state.botUser));

route('GET', '/users/:userId', true, ({ state, params }) => {
  if (params.userId === state.botUser.id) return ok(state.botUser);
  if (params.userId === state.defaultUser.id) return ok(state.defaultUser);
  return ok(userPayload({ id: params.userId ?? '' }));
});

function applicationObject(state: FakeState): JsonObject {
  return {
    id: state.applicationId,
    name: state.botUser.username,
    icon: null,
    description: '',
    summary: '',
    type: null,
    hook: true,
    bot_public: true,
    bot_require_code_grant: false,
    verify_key: 'fakeverifykey',
    flags: 0,
    owner: { id: snowflake(Date.now() - 900 * 86_400_000), username: 'owner', global_name: null, discriminator: '0', avatar: null, public_flags: 0, flags: 0 },
    team: null,
    bot: state.botUser,
    approximate_guild_count: state.guilds.size,
    approximate_user_install_count: 0,
    integration_types_config: { '0': {} },
    redirect_uris: [],
    interactions_endpoint_url: null,
    tags: [],
  };
}

route('GET', '/applications/@me', true, ({ state }) => ok(applicationObject(state)));
route('GET', '/oauth2/applications/@me', true, ({ state }) => ok(applicationObject(state)));

route('POST', '/users/@me/channels', true, ({ state, req }) => {
  const recipient = req.body?.recipient_id;
  if (typeof recipient !== 'string')
    return invalid({ code: 50035, message: 'Invalid Form Body', errors: { recipient_id: { _errors: [{ code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }] } } });
  let channel = [...state.channels.values()].find((c) => c.type === 1 && c.name === recipient);
  channel ??= state.addChannel({ id: snowflake(), guildId: null, name: recipient, type: 1 });
  return ok({
    id: channel.id,
    type: 1,
    last_message_id: channel.lastMessageId,
    flags: 0,
    recipients: [recipient === state.defaultUser.id ? state.defaultUser : userPayload({ id: recipient })],
  });
});

route('GET', '/guilds/:guildId', true, ({ state, params }) => {
  const g = state.guilds.get(params.guildId ?? '');
  if (!g) return MISSING_ACCESS();
  const {
    channels: _c,
    members: _m,
    threads: _t,
    presences: _p,
    voice_states: _v,
    joined_at: _j,
    large: _l,
    member_count: _mc,
    unavailable: _u,
    ...rest
  } = guildCreatePayload(state, g);
  return ok(rest);
});

route('GET', '/guilds/:guildId/channels', true, ({ state, params }) => {
  const g = state.guilds.get(params.guildId ?? '');
  if (!g) return MISSING_ACCESS();
  return ok(
    g.channelIds
      .map((id) => state.channels.get(id))
      .filter((c): c is ChannelState => Boolean(c && !c.deleted))
      .map(channelPayload),
  );
});

// ----- channels & messages ---------------------------------------------------------------------

route('GET', '/channels/:channelId', true, ({ state, params }) => {
  const c = channelOr(state, params.channelId ?? '');
  return isResult(c) ? c : ok(channelPayload(c));
});

route('POST', '/channels/:channelId/typing', true, ({ state, params }) => {
  const c = channelOr(state, params.channelId ?? '');
  return isResult(c) ? c : noContent();
});

route('POST', '/channels/:channelId/messages', true, (ctx) => {
  const { state, params, req } = ctx;
  const c = channelOr(state, params.channelId ?? '');
  if (isResult(c)) return c;
  if (!TEXT_CAPABLE.has(c.type)) return error(400, 50008, 'Cannot send messages in a non-text channel');
  const body: JsonObject = req.body ?? {};
  const problem = validateMessage(body, { create: true, fileCount: req.files.length });
  if (problem) return invalid(problem);

  const nonce = body.nonce;
  const enforce = body.enforce_nonce === true && nonce !== undefined && nonce !== null;
  const nonceKey = `${c.id}:${String(nonce)}`;
  if (enforce) {
    const seen = state.nonces.get(nonceKey);
    if (seen && Date.now() - seen.at <= state.nonceWindowMs) {
      const existing = state.findChannelMessage(c.id, seen.messageId);
      if (existing) return ok(existing);
    }
  }
  if (body.message_reference?.message_id && body.message_reference.fail_if_not_exists !== false) {
    if (!state.findChannelMessage(c.id, String(body.message_reference.message_id))) {
      return invalid({
        code: 50035,
        message: 'Invalid Form Body',
        errors: { message_reference: { _errors: [{ code: 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', message: 'Unknown message' }] } },
      });
    }
  }
  const message = messagePayload(state, { channelId: c.id, body, files: req.files });
  state.messagesOf(c.id).push(message);
  c.lastMessageId = message.id;
  if (enforce) state.nonces.set(nonceKey, { messageId: message.id, at: Date.now() });
  dispatchMessageEvent(ctx, 'MESSAGE_CREATE', c, deepClone(message));
  return ok(message);
});

route('GET', '/channels/:channelId/messages', true, ({ state, params, req }) => {
  const c = channelOr(state, params.channelId ?? '');
  if (isResult(c)) return c;
  const limit = Math.min(100, Math.max(1, Number(req.query.limit ?? 50) || 50));
  let list = [...state.messagesOf(c.id)].reverse();
  if (req.query.before) list = list.filter((m) => BigInt(m.id) < BigInt(req.query.before ?? '0'));
  if (req.query.after) list = list.filter((m) => BigInt(m.id) > BigInt(req.query.after ?? '0'));
  return ok(list.slice(0, limit));
});

route('GET', '/channels/:channelId/messages/:messageId', true, ({ state, params }) => {
  const c = channelOr(state, params.channelId ?? '');
  if (isResult(c)) return c;
  const m = state.findChannelMessage(c.id, params.messageId ?? '');
  return m ? ok(m) : UNKNOWN_MESSAGE();
});

route('PATCH', '/channels/:channelId/messages/:messageId', true, (ctx) => {
  const { state, params, req } = ctx;
  const c = channelOr(state, params.channelId ?? '');
  if (isResult(c)) return c;
  const m = state.findChannelMessage(c.id, params.messageId ?? '');
  if (!m) return UNKNOWN_MESSAGE();
  if (m.author?.id !== state.botUser.id) return error(403, 50005, 'Cannot edit a message authored by another user');
  const problem = validateMessage(req.body, { create: false });
  if (problem) return invalid(problem);
  applyEdit(state, m, req.body, req.files);
  dispatchMessageEvent(ctx, 'MESSAGE_UPDATE', c, deepClone(m));
  return ok(m);
});

route('DELETE', '/channels/:channelId/messages/:messageId', true, (ctx) => {
  const { state, params } = ctx;
  const c = channelOr(state, params.channelId ?? '');
  if (isResult(c)) return c;
  const list = state.messagesOf(c.id);
  const index = list.findIndex((m) => m.id === params.messageId);
  if (index === -1) return UNKNOWN_MESSAGE();
  list.splice(index, 1);
  dispatchMessageEvent(ctx, 'MESSAGE_DELETE', c, { id: params.messageId, channel_id: c.id });
  return noContent();
});

// ----- interactions ----------------------------------------------------------------------------

const ALLOWED_CALLBACKS: Record<number, number[]> = {
  2: [4, 5, 9, 10, 12], // application command
  3: [4, 5, 6, 7, 9, 10, 12], // message component
  4: [8], // autocomplete
  5: [4, 5, 6, 7, 10], // modal submit
};

function callbackTypeError(): RouteResult {
  return invalid({
    code: 50035,
    message: 'Invalid Form Body',
    errors: { type: { _errors: [{ code: 'INTERACTION_RESPONSE_TYPE_INVALID', message: 'Invalid interaction response type' }] } },
  });
}

route('POST', '/interactions/:interactionId/:token/callback', false, ({ state, params, req }) => {
  const i = state.interactions.get(params.interactionId ?? '');
  if (!i || i.token !== params.token) return UNKNOWN_INTERACTION();
  if (i.callbackType !== null) return error(400, 40060, 'Interaction has already been acknowledged.');
  if (state.interactionAckTimeoutMs > 0 && Date.now() - i.createdAt > state.interactionAckTimeoutMs) {
    return UNKNOWN_INTERACTION();
  }
  const body: JsonObject = req.body ?? {};
  const type = body.type;
  const data = body.data;
  if (typeof type !== 'number') {
    return invalid({ code: 50035, message: 'Invalid Form Body', errors: { type: { _errors: [{ code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }] } } });
  }
  if (!(ALLOWED_CALLBACKS[i.payload.type] ?? []).includes(type)) return callbackTypeError();

  let problem: DiscordError | null = null;
  if (type === 4) problem = validateMessage(data, { create: true, fileCount: req.files.length });
  else if (type === 7) problem = validateMessage(data ?? {}, { create: false });
  else if (type === 8) problem = validateAutocomplete(data);
  else if (type === 9) problem = validateModal(data);
  if (problem) {
    // Discord nests message errors under "data"
    return invalid(problem.errors ? { ...problem, errors: { data: problem.errors } } : problem);
  }

  const channelId: string = i.payload.channel_id ?? i.payload.channel?.id;
  const guildId: string | null = i.payload.guild_id ?? null;
  const commandType = i.payload.type === 2 ? (i.payload.data?.type === 1 || i.payload.data?.type === undefined ? 20 : 23) : 0;
  let message: JsonObject | null = null;
  if (type === 4) {
    message = messagePayload(state, { channelId, guildId, body: data, files: req.files, type: commandType, interaction: i.payload });
    i.original = message;
  } else if (type === 5) {
    const flags = (typeof data?.flags === 'number' ? data.flags & EPHEMERAL : 0) | LOADING;
    message = messagePayload(state, { channelId, guildId, body: { content: '', flags }, type: commandType, interaction: i.payload });
    i.original = message;
    i.originalLoading = true;
  } else if (type === 6 || type === 7) {
    if (i.payload.message) {
      message = deepClone(i.payload.message as JsonObject);
      if (type === 7) applyEdit(state, message, data ?? {}, req.files);
      i.original = message;
    }
  }
  i.callbackType = type;
  record(i, req, 'callback', data ?? null, { type, message });

  if (req.query.with_response === 'true') {
    const response: JsonObject = {
      interaction: {
        id: i.id,
        type: i.payload.type,
        ...(message ? { response_message_id: message.id, response_message_loading: type === 5, response_message_ephemeral: Boolean(message.flags & EPHEMERAL) } : {}),
      },
    };
    if (message && (type === 4 || type === 5 || type === 7)) response.resource = { type, message };
    else response.resource = { type };
    return ok(response);
  }
  return noContent();
});

function webhookInteraction(state: FakeState, appId: string | undefined, token: string | undefined): InteractionState | null {
  if (appId !== state.applicationId || !token) return null;
  return state.interactionsByToken.get(token) ?? null;
}

type Target = { kind: 'original'; message: JsonObject } | { kind: 'followup'; message: JsonObject };

function findTarget(i: InteractionState, messageId: string): Target | null {
  if (messageId === '@original' || messageId === i.original?.id) {
    if (!i.original || i.originalDeleted) return null;
    return { kind: 'original', message: i.original };
  }
  const f = i.followups.get(messageId);
  return f ? { kind: 'followup', message: f } : null;
}

route('GET', '/webhooks/:appId/:token/messages/:messageId', false, ({ state, params, req }) => {
  const i = webhookInteraction(state, params.appId, params.token);
  if (!i) return UNKNOWN_WEBHOOK();
  const t = findTarget(i, params.messageId ?? '');
  if (!t) return UNKNOWN_MESSAGE();
  record(i, req, t.kind === 'original' ? 'getOriginal' : 'getFollowup', null, { message: t.message });
  return ok(t.message);
});

route('PATCH', '/webhooks/:appId/:token/messages/:messageId', false, ({ state, params, req }) => {
  const i = webhookInteraction(state, params.appId, params.token);
  if (!i) return UNKNOWN_WEBHOOK();
  const t = findTarget(i, params.messageId ?? '');
  if (!t) return UNKNOWN_MESSAGE();
  const body: JsonObject = req.body ?? {};
  const problem = validateMessage(body, { create: false });
  if (problem) return invalid(problem);
  const wasLoading = t.kind === 'original' && i.originalLoading;
  const draft = applyEdit(state, deepClone(t.message), body, req.files);
  if (wasLoading) {
    draft.flags &= ~LOADING;
    // the first edit of a deferred reply is what "sends" it: Discord does not mark it edited...
    draft.edited_timestamp = null;
    // ...and it must not leave the message empty
    const hasContent =
      (typeof draft.content === 'string' && draft.content.trim() !== '') ||
      draft.embeds.length > 0 ||
      draft.components.length > 0 ||
      draft.attachments.length > 0 ||
      Boolean(draft.poll);
    if (!hasContent) return error(400, 50006, 'Cannot send an empty message');
    i.originalLoading = false;
  }
  Object.assign(t.message, draft);
  record(i, req, t.kind === 'original' ? 'editOriginal' : 'editFollowup', body, { message: t.message });
  return ok(t.message);
});

route('DELETE', '/webhooks/:appId/:token/messages/:messageId', false, ({ state, params, req }) => {
  const i = webhookInteraction(state, params.appId, params.token);
  if (!i) return UNKNOWN_WEBHOOK();
  const t = findTarget(i, params.messageId ?? '');
  if (!t) return UNKNOWN_MESSAGE();
  if (t.kind === 'original') {
    i.originalDeleted = true;
    i.originalLoading = false;
  } else {
    i.followups.delete(t.message.id);
  }
  record(i, req, t.kind === 'original' ? 'deleteOriginal' : 'deleteFollowup', null, { message: t.message });
  return noContent();
});

route('POST', '/webhooks/:appId/:token', false, ({ state, params, req }) => {
  const i = webhookInteraction(state, params.appId, params.token);
  if (!i || i.callbackType === null) return UNKNOWN_WEBHOOK();
  const body: JsonObject = req.body ?? {};
  const problem = validateMessage(body, { create: true, fileCount: req.files.length });
  if (problem) return invalid(problem);
  let message: JsonObject;
  let replacedDeferred = false;
  if (i.originalLoading && i.original && !i.originalDeleted) {
    // Discord: the first follow-up after a deferred reply edits the "thinking..." message instead.
    message = applyEdit(state, i.original, body, req.files);
    message.flags &= ~LOADING;
    message.edited_timestamp = null;
    i.originalLoading = false;
    replacedDeferred = true;
  } else {
    const channelId: string = i.payload.channel_id ?? i.payload.channel?.id;
    message = messagePayload(state, { channelId, guildId: i.payload.guild_id ?? null, body, files: req.files, type: 0, interaction: i.payload });
    if (i.original) message.interaction_metadata.original_response_message_id = i.original.id;
    i.followups.set(message.id, message);
  }
  record(i, req, 'followup', body, { message, replacedDeferred });
  if (req.query.wait === 'false') return noContent();
  return ok(message);
});

// ----- application commands --------------------------------------------------------------------

function commandScope(state: FakeState, appId: string | undefined, guildId?: string): string | RouteResult {
  if (appId !== state.applicationId) return MISSING_ACCESS();
  if (guildId === undefined) return 'global';
  if (!state.guilds.has(guildId)) return MISSING_ACCESS();
  return guildId;
}

function normalizeCommand(state: FakeState, input: JsonObject, scope: string, existing?: JsonObject): JsonObject {
  const type = input.type ?? 1;
  const cmd: JsonObject = {
    id: existing?.id ?? snowflake(),
    application_id: state.applicationId,
    version: existing?.version ?? snowflake(),
    default_member_permissions: input.default_member_permissions ?? null,
    type,
    name: input.name,
    name_localizations: input.name_localizations ?? null,
    description: type === 1 ? (input.description ?? '') : '',
    description_localizations: input.description_localizations ?? null,
    dm_permission: input.dm_permission ?? true,
    contexts: input.contexts ?? null,
    integration_types: input.integration_types ?? [0],
    nsfw: input.nsfw ?? false,
  };
  if (Array.isArray(input.options) && input.options.length) cmd.options = input.options;
  if (scope !== 'global') {
    cmd.guild_id = scope;
    delete cmd.dm_permission;
  }
  if (existing) {
    const { id: _a, version: _b, ...before } = existing;
    const { id: _c, version: _d, ...after } = cmd;
    if (JSON.stringify(before) !== JSON.stringify(after)) cmd.version = snowflake();
  }
  return cmd;
}

function registerCommandRoutes(prefix: string, withGuild: boolean): void {
  const scopeOf = (ctx: RouteContext) => commandScope(ctx.state, ctx.params.appId, withGuild ? ctx.params.guildId : undefined);

  route('GET', `${prefix}/commands`, true, (ctx) => {
    const scope = scopeOf(ctx);
    if (isResult(scope)) return scope;
    return ok(ctx.state.commands.get(scope) ?? []);
  });

  route('PUT', `${prefix}/commands`, true, (ctx) => {
    const scope = scopeOf(ctx);
    if (isResult(scope)) return scope;
    const problem = validateCommandBulk(ctx.req.body);
    if (problem) return invalid(problem);
    const before = ctx.state.commands.get(scope) ?? [];
    const next = (ctx.req.body as JsonObject[]).map((input) =>
      normalizeCommand(
        ctx.state,
        input,
        scope,
        before.find((c) => c.name === input.name && c.type === (input.type ?? 1)),
      ),
    );
    ctx.state.commands.set(scope, next);
    return ok(next);
  });

  route('POST', `${prefix}/commands`, true, (ctx) => {
    const scope = scopeOf(ctx);
    if (isResult(scope)) return scope;
    const problem = validateCommandCreate(ctx.req.body);
    if (problem) return invalid(problem);
    const input: JsonObject = ctx.req.body;
    const list = ctx.state.commands.get(scope) ?? [];
    const index = list.findIndex((c) => c.name === input.name && c.type === (input.type ?? 1));
    if (index !== -1) {
      const updated = normalizeCommand(ctx.state, input, scope, list[index]);
      list[index] = updated;
      return ok(updated);
    }
    if (list.filter((c) => c.type === (input.type ?? 1)).length >= ((input.type ?? 1) === 1 ? 100 : 15)) {
      return error(400, 30032, 'Maximum number of application commands reached (100)');
    }
    const created = normalizeCommand(ctx.state, input, scope);
    ctx.state.commands.set(scope, [...list, created]);
    return ok(created, 201);
  });

  route('GET', `${prefix}/commands/:commandId`, true, (ctx) => {
    const scope = scopeOf(ctx);
    if (isResult(scope)) return scope;
    const cmd = ctx.state.commands.get(scope)?.find((c) => c.id === ctx.params.commandId);
    return cmd ? ok(cmd) : UNKNOWN_COMMAND();
  });

  route('PATCH', `${prefix}/commands/:commandId`, true, (ctx) => {
    const scope = scopeOf(ctx);
    if (isResult(scope)) return scope;
    const list = ctx.state.commands.get(scope) ?? [];
    const index = list.findIndex((c) => c.id === ctx.params.commandId);
    const existing = list[index];
    if (!existing) return UNKNOWN_COMMAND();
    const merged = { ...existing, ...(ctx.req.body ?? {}) };
    const problem = validateCommandCreate(merged);
    if (problem) return invalid(problem);
    const updated = normalizeCommand(ctx.state, merged, scope, existing);
    list[index] = updated;
    return ok(updated);
  });

  route('DELETE', `${prefix}/commands/:commandId`, true, (ctx) => {
    const scope = scopeOf(ctx);
    if (isResult(scope)) return scope;
    const list = ctx.state.commands.get(scope) ?? [];
    const index = list.findIndex((c) => c.id === ctx.params.commandId);
    if (index === -1) return UNKNOWN_COMMAND();
    list.splice(index, 1);
    return noContent();
  });
}

registerCommandRoutes('/applications/:appId/guilds/:guildId', true);
registerCommandRoutes('/applications/:appId', false);
