/**
 * Suggestions while typing (Discord autocomplete, Telegram inline queries): entries found
 * for the typed text, searched as the command declares in `suggests` (kinds, only dated
 * entries); no command (an inline query) searches everything. Paged by `offset`.
 */
import { chooseLang, cleanInput } from '../bot/input.js';
import { toItem } from '../bot/items.js';
import type { CommandDefinition } from '../bot/types.js';
import type { CatalogServices } from './services.js';
import type { InboundEvent, Outcome, Suggestion } from './types.js';

const DEFAULT_SUGGESTIONS = 25;
const MAX_SUGGESTIONS = 50;
const MAX_OFFSET = 10_000;

export type SuggestEvent = Extract<InboundEvent, { type: 'suggest' }>;

export const NO_SUGGESTIONS: Outcome = { type: 'suggestions', suggestions: [] };

/** The suggestions for an event, from the services pinned for it (`commands` finds the declaration the event names). */
export function suggest(event: SuggestEvent, services: CatalogServices, commands: readonly CommandDefinition[], locale?: string): Outcome {
  const query = cleanInput(event.query).text.replace(/\s+/g, ' ').trim();
  if (!query) return NO_SUGGESTIONS;
  const command = event.command ? commands.find((c) => c.name === event.command) : undefined;
  if (event.command) {
    const option = command?.options.find((o) => o.name === (event.option ?? 'query'));
    if (!command || !option?.autocomplete) return NO_SUGGESTIONS;
  }
  const rule = command?.suggests ?? {};
  let found = services.search(query, rule.kinds);
  if (rule.dated) found = found.filter((e) => e.milestones.length > 0);
  const limit = Math.max(1, Math.min(event.limit ?? DEFAULT_SUGGESTIONS, MAX_SUGGESTIONS));
  const start = event.offset && /^\d{1,5}$/.test(event.offset) ? Math.min(Number(event.offset), MAX_OFFSET) : 0;
  const page = found.slice(start, start + limit);
  const lang = chooseLang(query, locale);
  const now = services.now();
  const suggestions: Suggestion[] = page.map((entry) => {
    const title = entry.title.replace(/\s+/g, ' ').trim();
    return { id: entry.id, title, value: title, item: toItem(entry, { lang, now, follow: false }) };
  });
  const next = start + page.length;
  return { type: 'suggestions', suggestions, ...(next < found.length && page.length ? { nextOffset: String(next) } : {}) };
}
