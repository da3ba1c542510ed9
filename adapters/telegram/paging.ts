/**
 * Page buttons: "◀ Prev (1/13)" and "Next (3/13) ▶" under a paged answer, carrying the
 * engine's page tokens (`paging.tokens`, sized to callback_data's 64 bytes) as they are.
 * A pressed button goes back to the engine as a page event; nothing here reads a token.
 */
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import type { Lang, Paging } from '../../src/bot/reply.js';

const LABELS: Record<Lang, { prev: string; next: string }> = {
  en: { prev: 'Prev', next: 'Next' },
  zh: { prev: '上一页', next: '下一页' },
};

/** The buttons for the pages around `paging.page` that have a token; undefined when there is none. */
export function pageKeyboard(paging: Paging, lang: Lang): InlineKeyboardMarkup | undefined {
  const L = LABELS[lang];
  const { page, pages, tokens = {} } = paging;
  const row: InlineKeyboardButton[] = [];
  const prev = tokens[page - 1];
  if (page > 1 && prev) row.push({ text: `◀ ${L.prev} (${page - 1}/${pages})`, callback_data: prev });
  const next = tokens[page + 1];
  if (page < pages && next) row.push({ text: `${L.next} (${page + 1}/${pages}) ▶`, callback_data: next });
  return row.length ? { inline_keyboard: [row] } : undefined;
}
