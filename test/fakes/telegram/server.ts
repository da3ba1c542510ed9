/**
 * FakeTelegramApi: a Telegram Bot API server on 127.0.0.1 for end-to-end
 * tests. Point a real grammY Bot at it with
 *
 *   const fake = await FakeTelegramApi.start();
 *   const bot = new Bot(fake.token, { client: { apiRoot: fake.apiRoot } });
 *
 * It speaks the real protocol (`POST {apiRoot}/bot{token}/{method}` with a
 * JSON, urlencoded or multipart body, or GET with a query string) and answers
 * `{ok:true,result}` / `{ok:false,error_code,description,parameters?}` with the
 * matching HTTP status.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BotCommand } from 'grammy/types';
import { BodyError, decodeBody, type DecodedBody } from './body.js';
import { commandsKey, METHODS } from './methods.js';
import { FakeWorld, type CallbackAnswer, type InlineAnswer } from './state.js';
import {
  ApiError,
  type ApiAnswer,
  type ApiErrorBody,
  type BotMessageRecord,
  type CallbackOptions,
  type ChatMemberOptions,
  type FailureSpec,
  type FakeCall,
  type FakeTelegramOptions,
  type GroupTextOptions,
  type InlineQueryOptions,
  type MemberStatus,
  type PrivateTextOptions,
  type Update,
  type UserFromGetMe,
} from './types.js';
import { UpdateBuilder, type UpdateDraft } from './updates.js';

const CANONICAL = new Map<string, string>([...Object.keys(METHODS), 'getUpdates'].map((m) => [m.toLowerCase(), m] as const));

/** Update types Telegram delivers when allowed_updates is empty/unspecified. */
const NOT_DELIVERED_BY_DEFAULT = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

const CONFLICT_OTHER_GET_UPDATES = 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running';

interface HeldPoll {
  call: FakeCall;
  res: ServerResponse;
  limit: number;
  timer: NodeJS.Timeout;
}

interface CallWaiter {
  matches: (call: FakeCall) => boolean;
  resolve: (call: FakeCall) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

interface PendingFailure {
  method: string;
  spec: FailureSpec;
  remaining: number;
}

function defaultDescription(spec: FailureSpec): string {
  const p = spec.parameters;
  switch (spec.error_code) {
    case 400:
      return p?.migrate_to_chat_id !== undefined ? 'Bad Request: group chat was upgraded to a supergroup chat' : 'Bad Request';
    case 401:
      return 'Unauthorized';
    case 403:
      return 'Forbidden: bot was blocked by the user';
    case 404:
      return 'Not Found';
    case 409:
      return 'Conflict';
    case 429:
      return `Too Many Requests: retry after ${p?.retry_after ?? 1}`;
    case 500:
      return 'Internal Server Error';
    case 502:
      return 'Bad Gateway';
    default:
      return `Error ${spec.error_code}`;
  }
}

function updateType(update: Update): string {
  return Object.keys(update).find((k) => k !== 'update_id') ?? 'unknown';
}

function short(value: unknown, max = 160): string {
  let s: string;
  try {
    s = JSON.stringify(value) ?? String(value);
  } catch {
    s = String(value);
  }
  return s.length > max ? `${s.slice(0, max - 3)}...` : s;
}

export class FakeTelegramApi {
  /** e.g. http://127.0.0.1:40123 (no trailing slash, as grammY requires). */
  readonly apiRoot: string;
  readonly token: string;
  /** The getMe result. */
  readonly botInfo: UserFromGetMe;
  /** Every request, in arrival order (including ones with a wrong token or unknown method). */
  readonly calls: FakeCall[] = [];
  /** Builders that only build (do not push). */
  readonly build: UpdateBuilder;
  /** Updates removed because the current allowed_updates excluded them (like Telegram does). */
  readonly droppedUpdates: Update[] = [];

  private readonly server: Server;
  private readonly world: FakeWorld;
  private queue: Update[] = [];
  private nextUpdateId: number;
  private held: HeldPoll | undefined;
  private readonly failures: PendingFailure[] = [];
  private readonly waiters: CallWaiter[] = [];
  private readonly consumed = new WeakSet<FakeCall>();
  private readonly notified = new WeakSet<FakeCall>();
  private closed = false;
  private serveSoon: NodeJS.Immediate | undefined;

  private constructor(server: Server, port: number, token: string, world: FakeWorld, firstUpdateId: number) {
    this.server = server;
    this.apiRoot = `http://127.0.0.1:${port}`;
    this.token = token;
    this.world = world;
    this.botInfo = world.botInfo;
    this.build = new UpdateBuilder(world);
    this.nextUpdateId = firstUpdateId;
  }

  /** Starts the fake on 127.0.0.1 (random port unless `options.port`). */
  static async start(options: FakeTelegramOptions = {}): Promise<FakeTelegramApi> {
    const tokenId = options.token ? Number(options.token.split(':')[0]) : NaN;
    const id = options.botInfo?.id ?? (Number.isSafeInteger(tokenId) && tokenId > 0 ? tokenId : 7000000001);
    const botInfo: UserFromGetMe = {
      id,
      is_bot: true,
      first_name: 'Catalog Test Bot',
      username: 'CatalogTestBot',
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: true,
      can_connect_to_business: false,
      has_main_web_app: false,
      has_topics_enabled: false,
      allows_users_to_create_topics: false,
      can_manage_bots: false,
      supports_join_request_queries: false,
      ...options.botInfo,
    };
    const token = options.token ?? `${id}:AAFakeTokenForTests-CatalogBot_0123456789`;
    const world = new FakeWorld(botInfo, options.strictHtmlAmpersand ?? true);

    let fake: FakeTelegramApi | undefined;
    const server = createServer((req, res) => {
      if (!fake) {
        res.writeHead(503).end();
        return;
      }
      fake.onRequest(req, res);
    });
    server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    fake = new FakeTelegramApi(server, port, token, world, options.firstUpdateId ?? 100000);
    return fake;
  }

  // ------------------------------------------------------------------ updates

  /**
   * Queues an update for getUpdates (answering a held long poll right away:
   * updates pushed in the same synchronous run are delivered as one batch).
   * Assigns update_id when missing; returns the update_id.
   */
  pushUpdate(update: UpdateDraft | Update): number {
    const id = update.update_id ?? this.nextUpdateId;
    this.nextUpdateId = Math.max(this.nextUpdateId, id + 1);
    const full = { ...update, update_id: id } as Update;
    this.world.registerUpdate(full);
    this.queue.push(full);
    this.queue.sort((a, b) => a.update_id - b.update_id);
    // Answer a held poll on the next turn, so updates pushed together arrive as one batch.
    this.serveSoon ??= setImmediate(() => {
      this.serveSoon = undefined;
      this.serveHeldPoll();
    });
    return id;
  }

  /** Builds and pushes a private text message (see UpdateBuilder.privateText). */
  privateText(text: string, opts?: PrivateTextOptions): Update {
    return this.pushBuilt(this.build.privateText(text, opts));
  }

  /** Builds and pushes a group text message with bot_command / mention entities. */
  groupText(text: string, opts?: GroupTextOptions): Update {
    return this.pushBuilt(this.build.groupText(text, opts));
  }

  /** Builds and pushes a callback query for a button of one of the bot's messages. */
  callback(data: string, opts?: CallbackOptions): Update {
    return this.pushBuilt(this.build.callback(data, opts));
  }

  /** Builds and pushes an inline query. */
  inlineQuery(query: string, opts?: InlineQueryOptions): Update {
    return this.pushBuilt(this.build.inlineQuery(query, opts));
  }

  private pushBuilt(draft: UpdateDraft): Update {
    const update_id = this.pushUpdate(draft);
    return { ...draft, update_id } as Update;
  }

  /** Updates queued and not yet confirmed by a getUpdates offset. */
  pendingUpdates(): Update[] {
    return [...this.queue];
  }

  /** True while a getUpdates request is being held open. */
  get longPollHeld(): boolean {
    return this.held !== undefined;
  }

  // ------------------------------------------------------------------ test controls

  /**
   * Makes the next call(s) of `method` fail with the given error instead of
   * running. 429s with parameters.retry_after also get a Retry-After header.
   */
  failNext(method: string, spec: FailureSpec): void {
    const canonical = CANONICAL.get(method.toLowerCase()) ?? method;
    this.failures.push({ method: canonical, spec, remaining: spec.times ?? 1 });
  }

  /** Sets what getChatMember answers for (chatId, userId). Default is "member". */
  setChatMember(chatId: number, userId: number, status: MemberStatus, options?: ChatMemberOptions): void {
    this.world.setMember(chatId, userId, status, options);
  }

  /** The bot's messages (state after edits), in sending order; deleted ones only with includeDeleted. */
  messages(chatId?: number, opts: { includeDeleted?: boolean } = {}): BotMessageRecord[] {
    return this.world.botMessageOrder.filter((r) => (chatId === undefined || r.chatId === chatId) && (opts.includeDeleted || !r.deleted));
  }

  /** The bot's latest live message (optionally in one chat). */
  lastMessage(chatId?: number): BotMessageRecord | undefined {
    return this.messages(chatId).at(-1);
  }

  /** The command list getMyCommands would return for a scope and language. */
  commands(scope?: { type: string; chat_id?: number | string; user_id?: number }, languageCode?: string): BotCommand[] {
    return [...(this.world.commands.get(commandsKey(scope, languageCode)) ?? [])];
  }

  get callbackAnswers(): readonly CallbackAnswer[] {
    return this.world.callbackAnswers;
  }

  get inlineAnswers(): readonly InlineAnswer[] {
    return this.world.inlineAnswers;
  }

  /** Calls of one method, in order. */
  callsTo(method: string): FakeCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /**
   * Resolves with the first call of `method` ('*' for any) matching
   * `predicate` that no earlier waitForCall has returned: each call is handed
   * out at most once, oldest first, whether it arrived before or after this
   * call. Resolves once the fake has processed the request (state updated,
   * `call.response` set), or, for a held getUpdates, once it is being held.
   * Rejects after `timeoutMs` with the list of calls seen.
   */
  waitForCall(method: string, predicate?: (payload: Record<string, unknown>, call: FakeCall) => boolean, timeoutMs = 5000): Promise<FakeCall> {
    const matches = (c: FakeCall): boolean => !this.consumed.has(c) && (method === '*' || c.method === method) && (!predicate || predicate(c.payload, c));
    const existing = this.calls.find((c) => this.notified.has(c) && matches(c));
    if (existing) {
      this.consumed.add(existing);
      return Promise.resolve(existing);
    }
    if (this.closed) return Promise.reject(new Error(`waitForCall("${method}"): the fake is closed`));
    return new Promise<FakeCall>((resolve, reject) => {
      const waiter: CallWaiter = {
        matches,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.removeWaiter(waiter);
          reject(new Error(this.timeoutMessage(method, predicate !== undefined, timeoutMs)));
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  private timeoutMessage(method: string, filtered: boolean, timeoutMs: number): string {
    const lines = this.calls.map(
      (c) => `  #${c.seq} ${c.method} -> ${c.status ?? (c.held ? 'held' : 'pending')}` + `${this.consumed.has(c) ? ' (consumed)' : ''} ${short(c.payload)}`,
    );
    return `waitForCall("${method}"${filtered ? ', predicate' : ''}) timed out after ${timeoutMs} ms. ` + `Calls seen (${this.calls.length}):\n${lines.join('\n') || '  (none)'}`;
  }

  private removeWaiter(w: CallWaiter): void {
    const i = this.waiters.indexOf(w);
    if (i >= 0) this.waiters.splice(i, 1);
    clearTimeout(w.timer);
  }

  private notify(call: FakeCall): void {
    if (this.notified.has(call)) return;
    this.notified.add(call);
    for (const w of this.waiters) {
      let ok = false;
      try {
        ok = w.matches(call);
      } catch (err) {
        this.removeWaiter(w);
        w.reject(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      if (ok) {
        this.consumed.add(call);
        this.removeWaiter(w);
        w.resolve(call);
        return;
      }
    }
  }

  /**
   * Answers a held long poll with an empty result, rejects pending
   * waitForCall promises and closes the server and all its connections.
   * Stop the bot first (bot.stop()), or it will keep polling a closed port.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.serveSoon) {
      clearImmediate(this.serveSoon);
      this.serveSoon = undefined;
      this.serveHeldPoll();
    }
    const held = this.held;
    if (held) {
      this.held = undefined;
      clearTimeout(held.timer);
      const finished = new Promise<void>((resolve) => {
        held.res.once('close', () => resolve());
        held.res.once('finish', () => resolve());
        setTimeout(resolve, 500).unref();
      });
      this.respond(held.call, held.res, { ok: true, result: [] });
      await finished;
    }
    for (const w of [...this.waiters]) {
      this.removeWaiter(w);
      w.reject(new Error('waitForCall: the fake Telegram server was closed before a matching call arrived'));
    }
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  // ------------------------------------------------------------------ HTTP

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', () => res.destroy());
    req.on('end', () => {
      try {
        this.handle(req, res, Buffer.concat(chunks));
      } catch (err) {
        if (!res.headersSent) {
          const description = `Internal Server Error: ${err instanceof Error ? err.message : String(err)}`;
          this.write(res, 500, { ok: false, error_code: 500, description });
        }
      }
    });
  }

  private handle(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const match = /^\/bot([^/]*)\/([A-Za-z0-9_]+)\/?$/.exec(url.pathname);
    if (!match) {
      this.write(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      return;
    }
    const [, token, rawMethod] = match as unknown as [string, string, string];
    const method = CANONICAL.get(rawMethod.toLowerCase()) ?? rawMethod;

    let decoded: DecodedBody;
    let bodyError: string | undefined;
    try {
      decoded = decodeBody(req.headers['content-type'], body, url.searchParams);
    } catch (err) {
      decoded = { kind: 'empty', payload: {} };
      bodyError = err instanceof BodyError ? err.message : String(err);
    }
    const call: FakeCall = {
      seq: this.calls.length + 1,
      method,
      payload: decoded.payload,
      at: Date.now(),
      httpMethod: req.method ?? 'GET',
      bodyKind: decoded.kind,
      tokenOk: token === this.token,
    };
    if (decoded.multipartFields) call.multipartFields = decoded.multipartFields;
    if (decoded.files) call.files = decoded.files;
    this.calls.push(call);

    if (!call.tokenOk) {
      this.respond(call, res, { ok: false, error_code: 401, description: 'Unauthorized' });
    } else if (method !== 'getUpdates' && !Object.hasOwn(METHODS, method)) {
      this.respond(call, res, { ok: false, error_code: 404, description: 'Not Found: method not found' });
    } else if (bodyError !== undefined) {
      const description = bodyError.startsWith('Bad Request') ? bodyError : `Bad Request: ${bodyError}`;
      this.respond(call, res, { ok: false, error_code: 400, description });
    } else if (this.takeFailure(call, res)) {
      // answered with the injected error
    } else if (method === 'getUpdates') {
      this.getUpdates(call, res);
    } else {
      const handler = METHODS[method]!;
      try {
        const result = handler({
          world: this.world,
          payload: call.payload,
          files: call.files ?? [],
          hooks: {
            dropPendingUpdates: () => {
              this.queue = [];
            },
            abortLongPoll: (description) => this.abortHeldPoll(description),
            pendingUpdateCount: () => this.queue.length,
          },
        });
        this.respond(call, res, { ok: true, result });
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        const answer: ApiAnswer = { ok: false, error_code: err.error_code, description: err.description };
        if (err.parameters) answer.parameters = err.parameters;
        this.respond(call, res, answer);
      }
    }
    this.notify(call);
  }

  private takeFailure(call: FakeCall, res: ServerResponse): boolean {
    const i = this.failures.findIndex((f) => f.method === call.method && f.remaining > 0 && (!f.spec.match || f.spec.match(call.payload)));
    if (i < 0) return false;
    const f = this.failures[i]!;
    f.remaining -= 1;
    if (f.remaining <= 0) this.failures.splice(i, 1);
    const answer: ApiErrorBody & { ok: false } = {
      ok: false,
      error_code: f.spec.error_code,
      description: f.spec.description ?? defaultDescription(f.spec),
    };
    if (f.spec.parameters) answer.parameters = { ...f.spec.parameters };
    this.respond(call, res, answer);
    return true;
  }

  private respond(call: FakeCall, res: ServerResponse, answer: ApiAnswer): void {
    const status = answer.ok ? 200 : answer.error_code;
    call.status = status;
    call.response = answer;
    call.respondedAt = Date.now();
    this.write(res, status, answer);
  }

  private write(res: ServerResponse, status: number, answer: ApiAnswer): void {
    if (res.writableEnded || res.destroyed) return;
    const body = JSON.stringify(answer);
    const headers: Record<string, string | number> = {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    };
    if (!answer.ok && answer.parameters?.retry_after !== undefined) {
      headers['retry-after'] = answer.parameters.retry_after;
    }
    res.writeHead(status, headers);
    res.end(body);
  }

  // ------------------------------------------------------------------ getUpdates

  private intParam(v: unknown): number | undefined {
    if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v);
    if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v.trim());
    return undefined;
  }

  /** Removes updates the current allowed_updates excludes; returns up to `limit` deliverable ones. */
  private batch(limit: number): Update[] {
    const allowed = this.world.allowedUpdates;
    const keep: Update[] = [];
    for (const u of this.queue) {
      const type = updateType(u);
      const ok = allowed && allowed.length > 0 ? allowed.includes(type) : !NOT_DELIVERED_BY_DEFAULT.has(type);
      if (ok) keep.push(u);
      else this.droppedUpdates.push(u);
    }
    this.queue = keep;
    return keep.slice(0, limit);
  }

  private getUpdates(call: FakeCall, res: ServerResponse): void {
    const p = call.payload;
    if (this.world.webhook) {
      this.respond(call, res, {
        ok: false,
        error_code: 409,
        description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      });
      return;
    }
    const offset = this.intParam(p.offset) ?? 0;
    const limit = Math.min(100, Math.max(1, this.intParam(p.limit) ?? 100));
    const timeout = Math.max(0, this.intParam(p.timeout) ?? 0);
    if (Array.isArray(p.allowed_updates)) this.world.allowedUpdates = p.allowed_updates as string[];

    // Confirm: updates with update_id < offset are forgotten for good.
    if (offset > 0) this.queue = this.queue.filter((u) => u.update_id >= offset);
    else if (offset < 0) this.queue = this.queue.slice(offset);

    const updates = this.batch(limit);
    if (updates.length > 0 || timeout === 0 || this.closed) {
      this.respond(call, res, { ok: true, result: updates });
      return;
    }
    // Like telegram-bot-api: a new long poll terminates the one already waiting.
    this.abortHeldPoll(CONFLICT_OTHER_GET_UPDATES);
    const held: HeldPoll = {
      call,
      res,
      limit,
      timer: setTimeout(() => {
        if (this.held === held) {
          this.held = undefined;
          this.respond(call, res, { ok: true, result: [] });
        }
      }, timeout * 1000),
    };
    call.held = true;
    this.held = held;
    res.on('close', () => {
      // The client gave up (e.g. bot.stop() aborts its pending getUpdates).
      if (this.held === held && !res.writableEnded) {
        clearTimeout(held.timer);
        this.held = undefined;
      }
    });
  }

  private serveHeldPoll(): void {
    const held = this.held;
    if (!held) return;
    const updates = this.batch(held.limit);
    if (updates.length === 0) return;
    this.held = undefined;
    clearTimeout(held.timer);
    this.respond(held.call, held.res, { ok: true, result: updates });
  }

  private abortHeldPoll(description: string): void {
    const held = this.held;
    if (!held) return;
    this.held = undefined;
    clearTimeout(held.timer);
    this.respond(held.call, held.res, { ok: false, error_code: 409, description });
  }
}
