/**
 * BotCore: one request in, one reply out. It parses slash commands, routes free
 * text, picks the reply language, guards against bad input and keeps any error
 * inside a polite reply. It knows no platform.
 *
 * `respond` answers every command (some are async: the subscription commands use the
 * store); `handle` is the synchronous form for the read-only commands (CLI, tests, bench)
 * and answers an async command with a polite error. Adapters dispatch to `respond`.
 */
import { DateTime } from 'luxon';
import type { Catalog } from '../catalog/load.js';
import type { Entry, Kind } from '../catalog/schema.js';
import type { CatalogSearch } from '../search/search.js';
import type { Store } from '../store/types.js';
import { chooseLang, cleanInput } from './input.js';
import { parseSlash, readQuestion, routeQuestion } from './intent.js';
import type { Question } from '../question/types.js';
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
  /** Subscriptions and the announcement ledger (the running bot; absent for `ask`). */
  store?: Store;
  /** PUBLIC_URL: the base of calendar feed links in replies. */
  publicUrl?: string;
}

/** One catalog with its index and timeline: replaced together, never piece by piece. */
export interface CatalogSnapshot {
  readonly catalog: Catalog;
  readonly search: CatalogSearch;
  readonly timeline: Timeline;
}

export class BotCore implements CoreServices {
  private readonly byName = new Map<string, CommandDefinition>();
  readonly now: () => DateTime;
  /** The current catalog; a request keeps the one it started with (see `pinned`). */
  private snapshot: CatalogSnapshot;

  constructor(private readonly options: CoreOptions) {
    this.snapshot = { catalog: options.catalog, search: options.search, timeline: new Timeline(options.catalog.entries) };
    for (const command of options.commands) {
      for (const name of [command.name, ...(command.aliases ?? [])]) {
        if (this.byName.has(name)) throw new Error(`command name /${name} is declared twice`);
        this.byName.set(name, command);
      }
    }
    this.now = options.now ?? (() => DateTime.now());
  }

  get entries(): readonly Entry[] {
    return this.snapshot.catalog.entries;
  }

  get timeline(): Timeline {
    return this.snapshot.timeline;
  }

  /** Swaps in a new catalog and index in one assignment (hot reload); requests under way keep the old one. */
  replaceCatalog(catalog: Catalog, search: CatalogSearch): void {
    this.snapshot = { catalog, search, timeline: new Timeline(catalog.entries) };
  }

  /** The core as one request sees it: every catalog read goes to the snapshot current when it started. */
  private pinned(): this {
    return Object.create(this, { snapshot: { value: this.snapshot } }) as this;
  }

  get store(): Store | undefined {
    return this.options.store;
  }

  get publicUrl(): string | undefined {
    return this.options.publicUrl;
  }

  get catalog(): Catalog {
    return this.snapshot.catalog;
  }

  commands(): readonly CommandDefinition[] {
    return this.options.commands;
  }

  search(query: string, kinds?: readonly Kind[]): Entry[] {
    return this.snapshot.search.search(query, kinds ? { kinds } : {}).map((h) => h.entry);
  }

  related(query: string, kinds?: readonly Kind[]): Entry[] {
    return this.snapshot.search.related(query, { ...(kinds ? { kinds } : {}), limit: 3 }).map((h) => h.entry);
  }

  /** Title suggestions for a partly typed query (autocomplete). */
  suggest(query: string, kinds?: readonly Kind[], limit = 25): Entry[] {
    return this.search(query, kinds).slice(0, limit);
  }

  /** Answer one request synchronously (read-only commands). Returns undefined for the bot's own messages. */
  handle(request: BotRequest): Reply | undefined {
    const started = this.start(request);
    if (!started) return undefined;
    try {
      const reply = this.dispatch(request, started.text, started.lang);
      if (reply instanceof Promise) {
        reply.catch(() => undefined);
        throw new Error(`${request.command ? `/${request.command}` : started.text} is async: dispatch it with BotCore.respond`);
      }
      return this.finish(reply, started, request);
    } catch (error) {
      return this.failed(error, started.lang);
    }
  }

  /** Answer one request, awaiting async commands. Returns undefined for the bot's own messages. */
  async respond(request: BotRequest): Promise<Reply | undefined> {
    const started = this.start(request);
    if (!started) return undefined;
    try {
      return this.finish(await this.dispatch(request, started.text, started.lang), started, request);
    } catch (error) {
      return this.failed(error, started.lang);
    }
  }

  private start(request: BotRequest): { text: string; truncated: boolean; lang: Lang } | undefined {
    if (request.fromSelf) return undefined;
    const input = cleanInput(request.text ?? Object.values(request.args ?? {}).filter(Boolean).join(' '));
    return { ...input, lang: this.options.lang ?? chooseLang(input.text, request.locale) };
  }

  private finish(reply: Reply, input: { text: string; truncated: boolean; lang: Lang }, request: BotRequest): Reply {
    if (input.truncated && request.text !== undefined) reply.text.unshift(messages(input.lang).truncated([...input.text].length));
    return reply;
  }

  private failed(error: unknown, lang: Lang): Reply {
    this.options.log?.('handler failed', error);
    return { intent: 'error', lang, text: [messages(lang).error], items: [], ephemeral: true };
  }

  private dispatch(request: BotRequest, text: string, lang: Lang): Reply | Promise<Reply> {
    const M = messages(lang);
    let name = request.command?.toLowerCase();
    let args: Record<string, string | undefined> = { ...(request.args ?? {}) };
    let question: Question | undefined;
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
        question = readQuestion(text, { now: this.now(), lang });
        const routed = routeQuestion(question);
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
    return command.handler(args, { lang, now: this.now(), page: request.page ?? 1, request, core: this.pinned(), ...(question ? { question } : {}) });
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
