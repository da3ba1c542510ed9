/**
 * The one page-token codec: what a page button carries back to the engine. Tokens are
 * made by the engine for a place (sized to its platform's limit: Telegram callback_data
 * 64 bytes, Discord custom_id 100) and read only by the engine; renderers pass them on.
 *
 *   p:<page>:<command>:<query>[|<name>=<value>…]   self-contained, every argument
 *   m:<page>:<slot>                                 by reference: arguments kept in the
 *                                                   place's paging memory under <slot>
 *
 * Values escape only '%', '|' and '=' (as %25, %7C, %3D), so Chinese text stays 3 bytes
 * a character. A token that cannot be read is stale (`undefined`): the engine says so.
 */
export interface PageTarget {
  command: string;
  args: Record<string, string | undefined>;
}

export type PageToken = { kind: 'self'; page: number; target: PageTarget } | { kind: 'memory'; page: number; slot: string };

const MAX_PAGE = 9999;
const COMMAND = /^[\p{L}\p{N}_-]{1,32}$/u;
const NAME = /^[a-z][a-z0-9_]{0,31}$/;
const SLOT = /^[0-9a-z]{1,12}$/;

const escapeField = (v: string) => v.replace(/%/g, '%25').replace(/\|/g, '%7C').replace(/=/g, '%3D');
const unescapeField = (v: string) => v.replace(/%7C/gi, '|').replace(/%3D/gi, '=').replace(/%25/g, '%');
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const validPage = (page: number) => Number.isInteger(page) && page >= 1 && page <= MAX_PAGE;

/** The self-contained token, or undefined when it would be longer than `maxBytes` (or the target cannot be carried). */
export function encodeSelf(target: PageTarget, page: number, maxBytes: number): string | undefined {
  if (!validPage(page) || !COMMAND.test(target.command)) return undefined;
  const extra: string[] = [];
  for (const [name, value] of Object.entries(target.args)) {
    if (name === 'query' || value === undefined || value === '') continue;
    if (!NAME.test(name)) return undefined;
    extra.push(`|${name}=${escapeField(value)}`);
  }
  const token = `p:${page}:${target.command}:${escapeField(target.args.query ?? '')}${extra.join('')}`;
  return bytes(token) <= maxBytes ? token : undefined;
}

export function encodeMemory(slot: string, page: number): string {
  return `m:${page}:${slot}`;
}

export function decodePageToken(token: string | undefined): PageToken | undefined {
  if (!token) return undefined;
  const m = /^([pm]):(\d{1,4}):(.*)$/su.exec(token);
  if (!m) return undefined;
  const page = Number(m[2]);
  if (!validPage(page)) return undefined;
  if (m[1] === 'm') return SLOT.test(m[3]!) ? { kind: 'memory', page, slot: m[3]! } : undefined;
  const rest = m[3]!;
  const colon = rest.indexOf(':');
  if (colon < 0) return undefined;
  const command = rest.slice(0, colon);
  if (!COMMAND.test(command)) return undefined;
  const [query, ...pairs] = rest.slice(colon + 1).split('|');
  const args: Record<string, string | undefined> = {};
  if (query) args.query = unescapeField(query);
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq);
    if (eq < 1 || !NAME.test(name) || name === 'query') return undefined;
    args[name] = unescapeField(pair.slice(eq + 1));
  }
  return { kind: 'self', page, target: { command, args } };
}
