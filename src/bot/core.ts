/**
 * BotCore: one request in, one reply out. It parses slash commands, routes free
 * text, picks the reply language, guards against bad input and keeps any error
 * inside a polite reply. It knows no platform.
 */
import { DateTime } from 'luxon';
import type { Catalog } from '../catalog/load.js';
import type { Entry, Kind } from '../catalog/schema.js';
import type { CatalogSearch } from '../search/search.js';
import { chooseLang, cleanInput } from './input.js';
import { parseSlash, routeText } from './intent.js';
import { messages } from './messages.js';
import { Timeline } from './timeline.js';
import type { BotRequest, CommandDefinition, CoreServices, Lang, Reply } from './types.js';

export interface CoreOptions {
  catalog: Catalog;
  search: CatalogSearch;
  commands: readonly CommandDefinition[];
  /** The clock; tests and `--now` fix it. */
  now?: () => DateTime;
  /** Forces the reply language (`--lang`). */
  lang?: Lang;
  /** Where errors go (never stdout). */
  log?: (message: string, error?: unknown) => void;
}

export class BotCore implements CoreServices {
  private readonly byName = new Map<string, CommandDefinition>();
  readonly now: () => DateTime;
  readonly timeline: Timeline;

  constructor(private readonly options: CoreOptions) {
    this.timeline = new Timeline(options.catalog.entries);
    for (const command of options.commands) {
      for (const name of [command.name, ...(command.aliases ?? [])]) {
        if (this.byName.has(name)) throw new Error(`command name /${name} is declared twice`);
        this.byName.set(name, command);
      }
    }
    this.now = options.now ?? (() => DateTime.now());
  }

  get entries(): readonly Entry[] {
    return this.options.catalog.entries;
  }

  get catalog(): Catalog {
    return this.options.catalog;
  }

  commands(): readonly CommandDefinition[] {
    return this.options.commands;
  }

  search(query: string, kinds?: readonly Kind[]): Entry[] {
    return this.options.search.search(query, kinds ? { kinds } : {}).map((h) => h.entry);
  }

  /** Title suggestions for a partly typed query (autocomplete). */
  suggest(query: string, kinds?: readonly Kind[], limit = 25): Entry[] {
    return this.search(query, kinds).slice(0, limit);
  }

  /** Answer one request. Returns undefined for messages the bot must not answer (its own). */
  handle(request: BotRequest): Reply | undefined {
    if (request.fromSelf) return undefined;
    const input = cleanInput(request.text ?? Object.values(request.args ?? {}).filter(Boolean).join(' '));
    const lang = this.options.lang ?? chooseLang(input.text, request.locale);
    try {
      const reply = this.dispatch(request, input.text, lang);
      if (input.truncated && request.text !== undefined) reply.text.unshift(messages(lang).truncated([...input.text].length));
      return reply;
    } catch (error) {
      this.options.log?.('handler failed', error);
      return { intent: 'error', lang, text: [messages(lang).error], items: [], ephemeral: true };
    }
  }

  private dispatch(request: BotRequest, text: string, lang: Lang): Reply {
    const M = messages(lang);
    let name = request.command?.toLowerCase();
    let args: Record<string, string | undefined> = { ...(request.args ?? {}) };
    if (!name) {
      if (!text) return { intent: 'empty', lang, text: [M.empty], items: [], ephemeral: true };
      if (MORE.test(text)) return { intent: 'more', lang, text: [M.noMore], items: [], ephemeral: true };
      const slash = parseSlash(text);
      if (slash) {
        name = slash.name;
        const { query, page } = splitPageArg(slash.rest);
        args = { query: query || undefined };
        if (page) request = { ...request, page };
      } else {
        const routed = routeText(text);
        name = routed.command;
        args = { query: routed.query || undefined };
      }
    } else {
      for (const [k, v] of Object.entries(args)) args[k] = v === undefined ? undefined : cleanInput(v).text || undefined;
    }
    const command = this.byName.get(name);
    if (!command) {
      return { intent: 'unknown-command', lang, text: [M.unknownCommand(name, this.closest(name))], items: [], ephemeral: true };
    }
    return command.handler(args, { lang, now: this.now(), page: request.page ?? 1, request, core: this });
  }

  private closest(name: string): string | undefined {
    let best: { name: string; d: number } | undefined;
    for (const known of this.byName.keys()) {
      const d = distance(name, known);
      if (d <= 2 && (!best || d < best.d)) best = { name: known, d };
    }
    return best?.name;
  }
}

/** "more" with no paged answer to continue (adapters that keep paging state answer it themselves). */
export const MORE = /^(?:more|next|n|更多|下一页|继续)$/i;

/** "ecg page:2" → query "ecg", page 2 (how the console and text platforms ask for more). */
function splitPageArg(rest: string): { query: string; page?: number } {
  const m = /(?:^|\s)(?:page|p|页)[:=:]\s*(\d{1,4})\s*$/i.exec(rest);
  if (!m) return { query: rest };
  return { query: rest.slice(0, m.index).trim(), page: Number(m[1]) };
}

function distance(a: string, b: string): number {
  const dp = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) dp[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      dp[i]![j] = Math.min(dp[i - 1]![j]! + 1, dp[i]![j - 1]! + 1, dp[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return dp[a.length]![b.length]!;
}
