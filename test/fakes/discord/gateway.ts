/**
 * Fake Discord gateway (JSON encoding, no compression) on a `ws` WebSocketServer in noServer mode.
 *
 * Flow: client connects -> HELLO (op 10) -> IDENTIFY (op 2) -> READY + one GUILD_CREATE per guild.
 * Heartbeats (op 1) are ACKed (op 11). RESUME (op 6) replays missed dispatches and sends RESUMED.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import { guildCreatePayload } from './builders.js';
import type { FakeState } from './state.js';
import type { Json, JsonObject } from './types.js';
import { PRIVILEGED_INTENTS, deferred, type Deferred, randomToken } from './util.js';

const GATEWAY_PATH = '/gateway';
const RESUME_PATH = '/gateway/resume';

export interface GatewayConnectionRecord {
  at: number;
  path: string;
  query: Record<string, string>;
}

export interface GatewayReceived {
  at: number;
  op: number;
  d: Json;
}

interface Session {
  id: string;
  token: string;
  intents: number;
  seq: number;
  /** every dispatch sent on this session (for replay on RESUME) */
  events: JsonObject[];
  socket: WebSocket | null;
}

interface Connection {
  ws: WebSocket;
  session: Session | null;
}

const MAX_REPLAY = 1000;

export interface GatewayOptions {
  heartbeatInterval: number;
  disallowPrivilegedIntents: boolean;
}

export class FakeGateway {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly connections = new Set<Connection>();
  private readonly sessions = new Map<string, Session>();
  private readyWaiters: Deferred<void>[] = [];
  private resumeWaiters: Deferred<void>[] = [];

  /** every IDENTIFY payload (`d`) seen, in order */
  readonly identifies: JsonObject[] = [];
  /** every RESUME payload (`d`) seen, in order */
  readonly resumes: JsonObject[] = [];
  /** every payload received from clients */
  readonly received: GatewayReceived[] = [];
  readonly connectionLog: GatewayConnectionRecord[] = [];
  heartbeats = 0;
  readyCount = 0;
  resumedCount = 0;
  /** base ws url, e.g. ws://127.0.0.1:1234 — set by the server once listening */
  wsBase = '';

  constructor(
    private readonly state: FakeState,
    private readonly options: GatewayOptions,
  ) {}

  get url(): string {
    return `${this.wsBase}${GATEWAY_PATH}`;
  }

  get resumeUrl(): string {
    return `${this.wsBase}${RESUME_PATH}`;
  }

  /** Number of currently open client sockets. */
  get openConnections(): number {
    let n = 0;
    for (const c of this.connections) if (c.ws.readyState === WebSocket.OPEN) n++;
    return n;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname.replace(/\/+$/, '');
    if (path !== GATEWAY_PATH && path !== RESUME_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const query = Object.fromEntries(url.searchParams.entries());
      this.connectionLog.push({ at: Date.now(), path, query });
      this.onConnection(ws, query);
    });
  }

  private onConnection(ws: WebSocket, query: Record<string, string>): void {
    const conn: Connection = { ws, session: null };
    this.connections.add(conn);
    ws.on('close', () => {
      this.connections.delete(conn);
      if (conn.session && conn.session.socket === ws) conn.session.socket = null;
    });
    ws.on('error', () => {
      /* client went away; nothing to do */
    });
    if (query.v !== undefined && query.v !== '10' && query.v !== '9') {
      ws.close(4012, 'Invalid API version');
      return;
    }
    if (query.encoding !== undefined && query.encoding !== 'json') {
      ws.close(4002, 'Only json encoding is supported by the fake');
      return;
    }
    if (query.compress !== undefined) {
      ws.close(4002, 'Transport compression is not supported by the fake');
      return;
    }
    this.send(ws, { op: 10, d: { heartbeat_interval: this.options.heartbeatInterval, _trace: ['["fake-gateway",{"micros":0}]'] } });
    ws.on('message', (data: RawData, isBinary: boolean) => this.onMessage(conn, data, isBinary));
  }

  private send(ws: WebSocket, payload: JsonObject): void {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(payload));
  }

  private onMessage(conn: Connection, data: RawData, isBinary: boolean): void {
    let payload: JsonObject;
    try {
      if (isBinary) throw new Error('binary');
      const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(new Uint8Array(data)).toString('utf8');
      payload = JSON.parse(text) as JsonObject;
    } catch {
      conn.ws.close(4002, 'Error while decoding payload.');
      return;
    }
    const op = payload?.op;
    this.received.push({ at: Date.now(), op, d: payload?.d });
    switch (op) {
      case 1: // heartbeat
        this.heartbeats++;
        this.send(conn.ws, { op: 11 });
        return;
      case 2:
        this.onIdentify(conn, payload.d ?? {});
        return;
      case 6:
        this.onResume(conn, payload.d ?? {});
        return;
      case 3: // presence update
      case 4: // voice state update
      case 8: // request guild members
      case 31: // request soundboard sounds
        if (!conn.session) conn.ws.close(4003, 'Not authenticated.');
        return;
      default:
        conn.ws.close(4001, 'Unknown opcode.');
    }
  }

  private onIdentify(conn: Connection, d: JsonObject): void {
    if (conn.session) {
      conn.ws.close(4005, 'Already authenticated.');
      return;
    }
    this.identifies.push(d);
    if (d.token !== this.state.token) {
      conn.ws.close(4004, 'Authentication failed.');
      return;
    }
    if (typeof d.intents !== 'number' || !Number.isInteger(d.intents) || d.intents < 0 || d.intents >= 2 ** 26) {
      conn.ws.close(4013, 'Invalid intent(s).');
      return;
    }
    if (this.options.disallowPrivilegedIntents && (d.intents & PRIVILEGED_INTENTS) !== 0) {
      conn.ws.close(4014, 'Disallowed intent(s).');
      return;
    }
    if (Array.isArray(d.shard) && (d.shard[0] >= d.shard[1] || d.shard[1] < 1)) {
      conn.ws.close(4010, 'Invalid shard.');
      return;
    }
    // sessions whose socket is gone are abandoned by a fresh IDENTIFY
    for (const [id, s] of this.sessions) if (!s.socket) this.sessions.delete(id);

    const session: Session = { id: randomToken(16), token: d.token, intents: d.intents, seq: 0, events: [], socket: conn.ws };
    this.sessions.set(session.id, session);
    conn.session = session;

    const guilds = [...this.state.guilds.values()];
    this.dispatchTo(session, 'READY', {
      v: 10,
      user_settings: {},
      user: this.state.botUser,
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      guild_join_requests: [],
      relationships: [],
      private_channels: [],
      presences: [],
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: this.resumeUrl,
      shard: Array.isArray(d.shard) ? d.shard : [0, 1],
      application: { id: this.state.applicationId, flags: 0 },
      auth_session_id_hash: randomToken(12),
      geo_ordered_rtc_regions: ['fake'],
      _trace: ['["fake-gateway",{"micros":0}]'],
    });
    for (const g of guilds) this.dispatchTo(session, 'GUILD_CREATE', guildCreatePayload(this.state, g));
    this.readyCount++;
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const w of waiters) w.resolve();
  }

  private onResume(conn: Connection, d: JsonObject): void {
    this.resumes.push(d);
    if (d.token !== this.state.token) {
      conn.ws.close(4004, 'Authentication failed.');
      return;
    }
    const session = typeof d.session_id === 'string' ? this.sessions.get(d.session_id) : undefined;
    if (!session) {
      this.send(conn.ws, { op: 9, d: false });
      return;
    }
    if (session.socket && session.socket !== conn.ws && session.socket.readyState === WebSocket.OPEN) {
      session.socket.close(4009, 'Session resumed elsewhere.');
    }
    session.socket = conn.ws;
    conn.session = session;
    const from = typeof d.seq === 'number' ? d.seq : 0;
    for (const event of session.events) if (event.s > from) this.send(conn.ws, event);
    this.dispatchTo(session, 'RESUMED', { _trace: ['["fake-gateway",{"micros":0}]'] });
    this.resumedCount++;
    const waiters = this.resumeWaiters;
    this.resumeWaiters = [];
    for (const w of waiters) w.resolve();
  }

  private dispatchTo(session: Session, t: string, d: Json): void {
    session.seq++;
    const payload = { op: 0, t, s: session.seq, d };
    session.events.push(payload);
    if (session.events.length > MAX_REPLAY) session.events.shift();
    if (session.socket) this.send(session.socket, payload);
  }

  /** true when at least one session exists (identified, possibly disconnected and awaiting RESUME) */
  get hasSession(): boolean {
    return this.sessions.size > 0;
  }

  /**
   * Sends a dispatch event to every session. Sessions whose socket is currently disconnected buffer it
   * and get it replayed on RESUME (like Discord).
   */
  dispatch(t: string, d: Json): void {
    if (!this.sessions.size) throw new Error(`FakeDiscord: cannot dispatch ${t}: no gateway session (did the client log in? await fake.waitForReady())`);
    for (const session of this.sessions.values()) this.dispatchTo(session, t, d);
  }

  /** Like `dispatch` but only to sessions that identified with `intent`; never throws. */
  dispatchWithIntent(t: string, d: Json, intent: number): void {
    for (const session of this.sessions.values()) if ((session.intents & intent) !== 0) this.dispatchTo(session, t, d);
  }

  waitForReady(timeoutMs: number): Promise<void> {
    if (this.readyCount > 0) return Promise.resolve();
    return this.wait(this.readyWaiters, timeoutMs, 'READY');
  }

  /** Resolves on the next RESUMED. */
  waitForResume(timeoutMs: number): Promise<void> {
    return this.wait(this.resumeWaiters, timeoutMs, 'RESUMED');
  }

  private wait(list: Deferred<void>[], timeoutMs: number, what: string): Promise<void> {
    const d = deferred<void>();
    list.push(d);
    const timer = setTimeout(() => {
      const i = list.indexOf(d);
      if (i !== -1) list.splice(i, 1);
      const recent =
        this.received
          .slice(-10)
          .map((r) => `op ${r.op}`)
          .join(', ') || 'nothing';
      d.reject(
        new Error(
          `FakeDiscord: no ${what} within ${timeoutMs} ms (connections: ${this.connectionLog.length}, identifies: ${this.identifies.length}, received from clients: ${recent})`,
        ),
      );
    }, timeoutMs);
    return d.promise.finally(() => clearTimeout(timer));
  }

  /** Sends op 7 RECONNECT: discord.js closes (4200) and RESUMEs on resume_gateway_url. */
  requestReconnect(): void {
    for (const c of this.connections) if (c.session) this.send(c.ws, { op: 7, d: null });
  }

  /** Sends op 9 INVALID_SESSION. */
  invalidateSession(resumable = false): void {
    for (const c of this.connections) {
      if (!c.session) continue;
      if (!resumable) this.sessions.delete(c.session.id);
      this.send(c.ws, { op: 9, d: resumable });
    }
  }

  /** Closes every client socket with `code` (4000 = unknown error -> discord.js resumes). */
  disconnectAll(code = 4000, reason = 'Fake disconnect'): void {
    for (const c of this.connections) if (c.ws.readyState === WebSocket.OPEN) c.ws.close(code, reason);
  }

  async close(code = 1000, reason = 'Fake Discord shutting down'): Promise<void> {
    const closing = [...this.connections].map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.ws.readyState === WebSocket.CLOSED) return resolve();
          const timer = setTimeout(() => {
            c.ws.terminate();
            resolve();
          }, 1000);
          c.ws.once('close', () => {
            clearTimeout(timer);
            resolve();
          });
          if (c.ws.readyState === WebSocket.OPEN) c.ws.close(code, reason);
        }),
    );
    await Promise.all(closing);
    for (const w of [...this.readyWaiters, ...this.resumeWaiters]) w.reject(new Error('FakeDiscord closed'));
    this.readyWaiters = [];
    this.resumeWaiters = [];
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
