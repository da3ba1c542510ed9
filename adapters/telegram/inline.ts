/**
 * Inline mode: "@CatalogBot pathology" in any chat lists matching catalog entries as
 * articles; choosing one posts that entry's card. The engine answers the suggestion
 * request (INLINE_PAGE at a time, `nextOffset` for the next ones, so Telegram asks for
 * more as the user scrolls); this file only renders the suggestions.
 */
import type { InlineQueryResultArticle } from 'grammy/types';
import type { Lang } from '../../src/bot/reply.js';
import type { Suggestion } from '../../src/engine/types.js';
import { MAX_MESSAGE_CHARS, packBlocks, renderItem } from './render.js';

/** Results per answer (Telegram allows 50). */
export const INLINE_PAGE = 20;
const DESCRIPTION_CHARS = 180;

/** The suggestions as articles with unique ids of at most 64 bytes. */
export function inlineArticles(suggestions: readonly Suggestion[], offset: string): InlineQueryResultArticle[] {
  const seen = new Set<string>();
  return suggestions.map((s, i) => {
    let id = s.id.slice(0, 60);
    if (seen.has(id)) id = `${id.slice(0, 50)}-${offset}-${i}`.slice(0, 64);
    seen.add(id);
    return article(id, s);
  });
}

function article(id: string, { title, item }: Suggestion): InlineQueryResultArticle {
  const [html] = packBlocks([renderItem(item)], MAX_MESSAGE_CHARS);
  return {
    type: 'article',
    id,
    title,
    description: describe(item),
    input_message_content: { message_text: html ?? title, parse_mode: 'HTML', link_preview_options: { is_disabled: true } },
  };
}

/** "[Paper] 2026-05-25 23:59 AoE (in 3 days)" (the deadline, else the first field) then the summary. */
function describe(item: Suggestion['item']): string {
  const field = (item.deadline && item.fields.find((f) => f.key === 'deadline')) || item.fields[0];
  const parts = [`[${item.kindLabel}]${field ? ` ${field.value}` : ''}`];
  if (item.summary) parts.push(item.summary);
  const chars = [...parts.join('\n')];
  return chars.length <= DESCRIPTION_CHARS ? chars.join('') : `${chars.slice(0, DESCRIPTION_CHARS - 1).join('')}…`;
}

/** The button offered above an empty inline query. */
export const INLINE_HINT: Record<Lang, string> = {
  en: 'Type a topic, or open a chat with the bot',
  zh: '输入主题关键词,或打开与机器人的对话',
};
