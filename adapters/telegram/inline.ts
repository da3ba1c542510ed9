/**
 * Inline mode: "@CatalogBot pathology" in any chat lists matching catalog entries as
 * articles; choosing one posts that entry's card. The results come from the core's
 * search and the core's item builder (the same card a /search answer shows), at most
 * INLINE_PAGE per answer; `next_offset` is the index of the next result, so Telegram
 * asks for more as the user scrolls.
 */
import type { InlineQueryResultArticle } from 'grammy/types';
import type { BotCore } from '../../src/bot/core.js';
import { cleanInput } from '../../src/bot/input.js';
import { toItem } from '../../src/bot/items.js';
import { messages } from '../../src/bot/messages.js';
import type { Lang, ReplyItem } from '../../src/bot/types.js';
import { MAX_MESSAGE_CHARS, packBlocks, renderItem } from './render.js';

/** Results per answer (Telegram allows 50). */
export const INLINE_PAGE = 20;
const MAX_OFFSET = 10_000;
const DESCRIPTION_CHARS = 180;

export interface InlineAnswer {
  results: InlineQueryResultArticle[];
  /** "" when there are no more results. */
  nextOffset: string;
}

/** Results `offset … offset+INLINE_PAGE` for a query; an empty query has none. */
export function inlineAnswer(core: BotCore, query: string, offset: string, lang: Lang): InlineAnswer {
  const text = cleanInput(query).text;
  if (!text) return { results: [], nextOffset: '' };
  const start = /^\d{1,5}$/.test(offset) ? Math.min(Number(offset), MAX_OFFSET) : 0;
  const found = core.search(text);
  const page = found.slice(start, start + INLINE_PAGE);
  const now = core.now();
  const seen = new Set<string>();
  const results = page.map((entry, i) => {
    const item = toItem(entry, { lang, now });
    let id = item.id.slice(0, 60);
    if (seen.has(id)) id = `${id.slice(0, 50)}-${start + i}`;
    seen.add(id);
    return article(id, item, lang);
  });
  const next = start + page.length;
  return { results, nextOffset: next < found.length && page.length > 0 ? String(next) : '' };
}

function article(id: string, item: ReplyItem, lang: Lang): InlineQueryResultArticle {
  const [html] = packBlocks([renderItem(item)], MAX_MESSAGE_CHARS);
  return {
    type: 'article',
    id,
    title: item.title,
    description: describe(item, lang),
    input_message_content: {
      message_text: html ?? item.title,
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
    },
  };
}

/** "[Paper] ICLR 2026 · 2026-05-25 23:59 AoE (in 3 days)" then the summary, for the result list. */
function describe(item: ReplyItem, lang: Lang): string {
  const deadlineLabel = messages(lang).labels.deadline;
  const key = (item.deadline && item.fields.find((f) => f.label === deadlineLabel)) || item.fields[0];
  const parts = [`[${item.kindLabel}]${key ? ` ${key.value}` : ''}`];
  if (item.summary) parts.push(item.summary);
  const chars = [...parts.join('\n')];
  return chars.length <= DESCRIPTION_CHARS ? chars.join('') : `${chars.slice(0, DESCRIPTION_CHARS - 1).join('')}…`;
}

/** The button offered above an empty inline query. */
export const INLINE_HINT: Record<Lang, string> = {
  en: 'Type a topic, or open a chat with the bot',
  zh: '输入主题关键词,或打开与机器人的对话',
};
