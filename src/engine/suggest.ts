/**
 * Suggestions while typing (Discord autocomplete, Telegram inline queries): entries found
 * for the typed text, searched as the command declares in `suggests` (kinds, only dated
 * entries); no command (an inline query) searches everything. Paged by `offset`. An option
 * declaring `suggests: 'zones'` (/settings zone) is offered time zones and cities instead.
 */
import { chooseLang, cleanInput } from '../bot/input.js';
import { toItem } from '../bot/items.js';
import type { CommandDefinition } from '../bot/types.js';
import { zoneChoices } from '../time/person-zone.js';
import type { CatalogServices } from './services.js';
import type { InboundEvent, Outcome, Suggestion } from './types.js';

const DEFAULT_SUGGESTIONS = 25;
/** Discord shows at most 25 choices; zones need no more. */
const MAX_ZONE_SUGGESTIONS = 25;
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
    if (option.suggests === 'zones') return zoneSuggestions(query, event.limit);
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

/** Time zones for what is typed (zoneChoices); each as a small item naming the zone. */
function zoneSuggestions(query: string, limit: number | undefined): Outcome {
  const choices = zoneChoices(query, Math.max(1, Math.min(limit ?? MAX_ZONE_SUGGESTIONS, MAX_ZONE_SUGGESTIONS)));
  const suggestions: Suggestion[] = choices.map((c) => ({
    id: `zone:${c.value}`,
    title: c.title,
    value: c.value,
    item: { id: `zone:${c.value}`, kind: 'other', kindLabel: '', title: c.title, tags: [], fields: [] },
  }));
  return { type: 'suggestions', suggestions };
}
