/**
 * Page buttons without a server-side session: everything needed to produce the page
 * travels in the button's callback_data, which Telegram limits to 64 bytes.
 *
 * Two forms (UTF-8, ':'-separated; the query is last, so it may itself contain ':'):
 *
 *   p:<page>:<command>:<query>   self-contained: run <command> with args { query } at <page>
 *                                ("p:2:search:medical"; an empty query means no arguments)
 *   r:<page>                     by reference: ask the text of the user's message that this
 *                                bot message replies to again, at <page>
 *
 * Every answer to a user's message is sent with reply_parameters pointing at that message,
 * so Telegram hands it back in callback_query.message.reply_to_message. When the query is
 * too long for the self-contained form (about 50 bytes: 16 Chinese characters or 50 ASCII
 * ones), the button uses the reference form and the query is read back from there — the
 * exact question, whatever its length, re-asked through the core with the page as data.
 * A reply with nothing to refer to (an announcement posted by `send`, or a reply that
 * continues another, "more": `Reply.continues`) falls back to the self-contained form with
 * the query cut to whole characters until it fits; such a page may then differ slightly
 * from the first. Buttons never parse the user's text. Arguments other than `query` only travel by reference; without one there are no
 * buttons (the footer's "page:N" hint still works).
 */
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import type { Lang, Paging } from '../../src/bot/types.js';

export const CALLBACK_DATA_MAX_BYTES = 64;
const MAX_PAGE = 9999;

export type PageAction =
  | { kind: 'command'; page: number; command: string; args: Record<string, string | undefined> }
  | { kind: 'reply'; page: number };

function bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

function validPage(page: number): boolean {
  return Number.isInteger(page) && page >= 1 && page <= MAX_PAGE;
}

/** The callback_data for one page of a paged answer, or undefined when no form can carry it. */
export function encodePage(
  target: { command: string; args: Record<string, string | undefined> },
  page: number,
  options: { canReference: boolean },
): string | undefined {
  if (!validPage(page) || !/^[\p{L}\p{N}_-]{1,32}$/u.test(target.command)) return undefined;
  const extra = Object.entries(target.args).some(([k, v]) => k !== 'query' && v !== undefined && v !== '');
  const head = `p:${page}:${target.command}:`;
  const query = target.args.query ?? '';
  if (!extra) {
    const data = head + query;
    if (bytes(data) <= CALLBACK_DATA_MAX_BYTES) return data;
  }
  if (options.canReference) return `r:${page}`;
  if (extra) return undefined;
  let cut = '';
  for (const ch of query) {
    if (bytes(head + cut + ch) > CALLBACK_DATA_MAX_BYTES) break;
    cut += ch;
  }
  return head + cut.trimEnd();
}

/** Reads callback_data back; undefined for anything this adapter did not write (or an old format). */
export function decodePage(data: string | undefined): PageAction | undefined {
  if (!data || bytes(data) > CALLBACK_DATA_MAX_BYTES) return undefined;
  const ref = /^r:(\d{1,4})$/.exec(data);
  if (ref) {
    const page = Number(ref[1]);
    return validPage(page) ? { kind: 'reply', page } : undefined;
  }
  const m = /^p:(\d{1,4}):([\p{L}\p{N}_-]{1,32}):([\s\S]*)$/u.exec(data);
  if (!m) return undefined;
  const page = Number(m[1]);
  if (!validPage(page)) return undefined;
  const query = m[3]!;
  return { kind: 'command', page, command: m[2]!, args: query ? { query } : {} };
}

const PREV_MARK = '◀';
const NEXT_MARK = '▶';

const LABELS: Record<Lang, { prev: string; next: string }> = {
  en: { prev: 'Prev', next: 'Next' },
  zh: { prev: '上一页', next: '下一页' },
};

/** "◀ Prev (1/13)" and "Next (3/13) ▶" buttons for the pages around `paging.page`; undefined when there is none. */
export function pageKeyboard(paging: Paging, lang: Lang, options: { canReference: boolean }): InlineKeyboardMarkup | undefined {
  const L = LABELS[lang];
  const row: InlineKeyboardButton[] = [];
  const target = { command: paging.command, args: paging.args };
  if (paging.page > 1) {
    const data = encodePage(target, paging.page - 1, options);
    if (data) row.push({ text: `${PREV_MARK} ${L.prev} (${paging.page - 1}/${paging.pages})`, callback_data: data });
  }
  if (paging.page < paging.pages) {
    const data = encodePage(target, paging.page + 1, options);
    if (data) row.push({ text: `${L.next} (${paging.page + 1}/${paging.pages}) ${NEXT_MARK}`, callback_data: data });
  }
  return row.length ? { inline_keyboard: [row] } : undefined;
}

/** The answer to a button whose page can no longer be produced. */
export const STALE_BUTTON: Record<Lang, string> = {
  en: 'This button has expired. Please ask again.',
  zh: '这个按钮已失效,请重新提问。',
};
