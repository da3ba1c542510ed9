/**
 * A Reply as Telegram HTML (parse_mode "HTML"): the heading lines, then each item as
 *
 *   <b>N. [kindLabel] title</b>
 *   label: value            (URLs in values become <a href> links)
 *   <i>summary</i>
 *
 * then the footer. Every catalog and user string goes through `escapeHtml` (one
 * function, also used inside attributes), so `<`, `&`, `"` and `@everyone` in the
 * catalog arrive as text. Telegram allows 4096 characters per message: a longer
 * answer is cut into several messages between items, then between lines, and a single
 * overlong line is cut by whole characters (sent without its formatting).
 */
import type { ItemField, Reply, ReplyItem } from '../../src/bot/reply.js';

/** Telegram's limit for a message text. Chunks are measured as sent (HTML), which is never shorter than what Telegram counts. */
export const MAX_MESSAGE_CHARS = 4096;

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** The one escape for text and attribute values: & < > and ". */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => HTML_ESCAPES[c]!);
}

/** One rendered line: its HTML, and the same line as plain text (used to cut an overlong line). */
export interface Line {
  html: string;
  plain: string;
}

const URL_PATTERN = /https?:\/\/[^\s<>"]+/g;
/** Punctuation that ends a sentence after a URL rather than belonging to it. */
const TRAILING = /[.,;:!?'"”’)\]}>。,;:!?)】」』]+$/u;

function line(html: string, plain: string): Line {
  return { html, plain };
}

/** A text with its http(s) URLs as links, everything else escaped. */
export function linkify(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(URL_PATTERN)) {
    let url = m[0];
    const trail = TRAILING.exec(url)?.[0] ?? '';
    // Keep a closing parenthesis that closes one inside the URL (Wikipedia-style links).
    const keep = trail.startsWith(')') && url.slice(0, url.length - trail.length).includes('(') ? 1 : 0;
    url = url.slice(0, url.length - trail.length + keep);
    const start = m.index;
    out += escapeHtml(text.slice(last, start));
    out += validUrl(url) ? `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>` : escapeHtml(url);
    last = start + url.length;
  }
  return out + escapeHtml(text.slice(last));
}

function validUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.includes('.');
  } catch {
    return false;
  }
}

/** "Deadline: …", or "→ Next step: …" for the next step (its label is an arrow). */
function fieldLine({ key, label, value }: ItemField): Line {
  const sep = key === 'next-step' ? ' ' : ': ';
  return line(`${escapeHtml(label)}${sep}${linkify(value)}`, `${label}${sep}${value}`);
}

/**
 * A timed deadline or milestone once more as Telegram's date-time entity, which clients that
 * support it show in the reader's own zone; others show the written UTC time (the fallback).
 */
function localTime({ key, facts }: ItemField): Line | undefined {
  if ((key !== 'deadline' && key !== 'milestone') || !facts?.at || facts.allDay) return undefined;
  const ms = Date.parse(facts.at);
  if (!Number.isFinite(ms)) return undefined;
  const utc = `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return line(`🕒 <tg-time unix="${Math.floor(ms / 1000)}" format="wDT">${utc}</tg-time>`, `🕒 ${utc}`);
}

/** The title line of an item: "N. [kindLabel] title" (no number when n is undefined). */
function titleText(item: ReplyItem, n?: number): string {
  return `${n === undefined ? '' : `${n}. `}[${item.kindLabel}] ${item.title}`;
}

/** An item as lines: bold title, its fields, the summary in italics. */
export function renderItem(item: ReplyItem, n?: number): Line[] {
  const title = titleText(item, n);
  const out = [line(`<b>${escapeHtml(title)}</b>`, title)];
  for (const f of item.fields) {
    out.push(fieldLine(f));
    const local = localTime(f);
    if (local) out.push(local);
  }
  if (item.summary) out.push(line(`<i>${escapeHtml(item.summary)}</i>`, item.summary));
  return out;
}

/** The reply as blocks of lines: heading, one block per item, footer. */
function replyBlocks(reply: Reply): Line[][] {
  const blocks: Line[][] = [];
  const text = reply.text.filter((t) => t.trim() !== '');
  if (text.length) blocks.push(text.map((t) => line(escapeHtml(t), t)));
  const offset = reply.paging ? (reply.paging.page - 1) * reply.paging.pageSize : 0;
  for (const [i, item] of reply.items.entries()) blocks.push(renderItem(item, offset + i + 1));
  const footer = (reply.footer ?? []).filter((t) => t.trim() !== '');
  if (footer.length) blocks.push(footer.map((t) => line(escapeHtml(t), t)));
  return blocks;
}

/** The reply as one or more HTML messages, each at most `limit` characters. */
export function renderReply(reply: Reply, limit = MAX_MESSAGE_CHARS): string[] {
  return packBlocks(replyBlocks(reply), limit);
}

/** Packs blocks into messages: blocks are separated by a blank line and only split when one alone is too long. */
export function packBlocks(blocks: readonly Line[][], limit = MAX_MESSAGE_CHARS): string[] {
  const chunks: string[] = [];
  let current = '';
  const add = (piece: string, sep: string) => {
    if (current && current.length + sep.length + piece.length <= limit) {
      current += sep + piece;
      return;
    }
    if (current) chunks.push(current);
    current = piece;
  };
  for (const block of blocks) {
    const html = block.map((l) => l.html).join('\n');
    if (html.length <= limit) {
      add(html, '\n\n');
      continue;
    }
    let first = true;
    for (const l of block) {
      const pieces = l.html.length <= limit ? [l.html] : cutPlain(l.plain, limit);
      for (const p of pieces) {
        add(p, first ? '\n\n' : '\n');
        first = false;
      }
    }
  }
  if (current) chunks.push(current);
  return chunks.filter((c) => c.trim() !== '');
}

/** Cuts a plain line into escaped pieces of at most `limit` characters, by whole characters (never inside an entity or a surrogate pair). */
export function cutPlain(plain: string, limit: number): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const ch of plain) {
    const escaped = escapeHtml(ch);
    if (current.length + escaped.length > limit) {
      pieces.push(current);
      current = '';
    }
    current += escaped;
  }
  if (current) pieces.push(current);
  return pieces;
}
