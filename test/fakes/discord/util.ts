import { randomBytes } from 'node:crypto';
import type { RecordedRequest, RequestMatcher } from './types.js';

const DISCORD_EPOCH = 1420070400000n;
let increment = 0n;

/** A realistic snowflake for "now" (timestamp | worker | process | increment). */
export function snowflake(at: number = Date.now()): string {
  increment = (increment + 1n) & 0xfffn;
  return (((BigInt(at) - DISCORD_EPOCH) << 22n) | (1n << 17n) | (1n << 12n) | increment).toString();
}

export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

/** A fake-looking bot token: base64(user id).random.random */
export function fakeBotToken(userId: string): string {
  return `${Buffer.from(userId).toString('base64url')}.${randomToken(4)}.${randomToken(20)}`;
}

export function iso(at: number = Date.now()): string {
  return new Date(at).toISOString().replace('Z', '+00:00');
}

function bits(...positions: number[]): bigint {
  return positions.reduce((acc, p) => acc | (1n << BigInt(p)), 0n);
}

/** Roughly Discord's default @everyone permissions. */
export const DEFAULT_EVERYONE_PERMISSIONS = bits(0, 6, 9, 10, 11, 14, 15, 16, 18, 20, 21, 25, 26, 31, 35, 37, 38, 39).toString();
/**
 * A regular member invoking a command: @everyone's permissions, under the name the builders use.
 * @alias
 */
export const DEFAULT_MEMBER_PERMISSIONS = DEFAULT_EVERYONE_PERMISSIONS;
/** What a typically-invited bot has in a channel. */
export const DEFAULT_APP_PERMISSIONS = bits(6, 10, 11, 13, 14, 15, 16, 18, 31, 35, 38).toString();
/** Privileged intents: GuildMembers (1<<1), GuildPresences (1<<8), MessageContent (1<<15). */
export const PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15);

export function describeRequest(r: RecordedRequest): string {
  const status = r.status === undefined ? 'pending' : String(r.status);
  return `#${r.seq} ${r.method} ${r.path} -> ${status}`;
}

export function matchRequest(matcher: RequestMatcher, r: RecordedRequest): boolean {
  if (typeof matcher === 'function') return matcher(r.method, r.path, r.body, r);
  if (typeof matcher === 'string') {
    const space = matcher.indexOf(' ');
    if (space === -1) return r.path === matcher;
    return r.method === matcher.slice(0, space).toUpperCase() && r.path === matcher.slice(space + 1);
  }
  if (matcher.method && matcher.method.toUpperCase() !== r.method) return false;
  if (matcher.path !== undefined) {
    if (typeof matcher.path === 'string') return matcher.path === r.path;
    return matcher.path.test(r.path);
  }
  return true;
}

export function deepClone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** A promise with external resolve/reject. */
export interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: Error) => void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
