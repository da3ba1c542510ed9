/** Reply builders shared by the commands: a paged list of search results. */
import type { Entry, Kind } from '../catalog/schema.js';
import { MAX_RESULTS } from '../search/search.js';
import { toItem, type ItemOptions } from './items.js';
import { messages } from './messages.js';
import { pageOf } from './paging.js';
import type { CommandContext, Intent, Reply } from './types.js';

export interface ListAnswer {
  intent: Intent;
  command: string;
  query: string;
  entries: readonly Entry[];
  args: Record<string, string | undefined>;
  item?: Partial<ItemOptions>;
  heading?: string;
}

export function listReply(answer: ListAnswer, ctx: CommandContext): Reply {
  const M = messages(ctx.lang);
  if (answer.entries.length === 0) {
    return { intent: answer.intent, lang: ctx.lang, text: [M.noResults(answer.query)], items: [] };
  }
  const { items, paging } = pageOf(answer.entries, ctx.page, answer.command, answer.args);
  // A search stops at MAX_RESULTS hits: say "500+" rather than a count that is not the total.
  const count = answer.entries.length >= MAX_RESULTS ? `${MAX_RESULTS}+` : answer.entries.length;
  const heading = answer.heading ?? M.results(count, answer.query);
  return {
    intent: answer.intent,
    lang: ctx.lang,
    text: [paging ? `${heading} (${M.page(paging.page, paging.pages)})` : heading],
    items: items.map((e) => toItem(e, { lang: ctx.lang, now: ctx.now, ...answer.item })),
    ...(paging && paging.page < paging.pages ? { footer: [M.more(answer.command)] } : {}),
    ...(paging ? { paging } : {}),
  };
}

/** The standard search command: a query over some kinds, paged. */
export function searchReply(
  command: string,
  kinds: readonly Kind[] | undefined,
  args: Record<string, string | undefined>,
  ctx: CommandContext,
  item?: Partial<ItemOptions>,
): Reply {
  const query = args.query?.trim() ?? '';
  if (!query) return { intent: command, lang: ctx.lang, text: [messages(ctx.lang).askTopic(command)], items: [] };
  const entries = ctx.core.search(query, kinds);
  return listReply({ intent: command, command, query, entries, args: { query }, ...(item ? { item } : {}) }, ctx);
}
