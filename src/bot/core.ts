/**
 * BotCore: one request in, one reply out. It alone reads user text: slash commands and
 * their aliases (`/cmd@bot` for this bot only), "more" and `page:N` (with its paging
 * memory, more.ts), and routes free text; it picks the reply language, guards against
 * bad input and keeps any error inside a polite reply. It knows no platform.
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
import { isStoreBusy } from '../store/busy.js';
import { chooseLang, cleanInput } from './input.js';
import { readQuestion, routeQuestion } from './intent.js';
import type { Question } from '../question/types.js';
import { messages } from './messages.js';
import { MORE, PagingMemory } from './more.js';
import { mentions, parseSlash, splitPageArg, withoutMention } from './slash.js';
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
  /** What "more" continues, per conversation (default: a PagingMemory on the wall clock). */
  memory?: PagingMemory;
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
  private readonly memory: PagingMemory;

  constructor(private readonly options: CoreOptions) {
    this.snapshot = { catalog: options.catalog, search: options.search, timeline: new Timeline(options.catalog.entries) };
    for (const command of options.commands) {
      for (const name of [command.name, ...(command.aliases ?? [])]) {
        if (this.byName.has(name)) throw new Error(`command name /${name} is declared twice`);
        this.byName.set(name, command);
      }
    }
    this.now = options.now ?? (() => DateTime.now());
    this.memory = options.memory ?? new PagingMemory();
  }

  /** What "more" continues and what long page tokens refer to, per address. */
  get paging(): PagingMemory {
    return this.memory;
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
      const read: Read = {};
      const reply = this.dispatch(request, started.text, started.lang, read);
      if (reply instanceof Promise) {
        reply.catch(() => undefined);
        throw new Error(`${request.command ? `/${request.command}` : started.text} is async: dispatch it with BotCore.respond`);
      }
      return this.finish(reply, started, request, read);
    } catch (error) {
      return this.failed(error, started.lang);
    }
  }

  /** Answer one request, awaiting async commands. Returns undefined for the bot's own messages. */
  async respond(request: BotRequest): Promise<Reply | undefined> {
    const started = this.start(request);
    if (!started) return undefined;
    try {
      const read: Read = {};
      return this.finish(await this.dispatch(request, started.text, started.lang, read), started, request, read);
    } catch (error) {
      return this.failed(error, started.lang);
    }
  }

  /**
   * Whether the core answers this request: not the bot's own message, not a command for
   * another bot (`/paper@OtherBot`), and in a group (`inGroup`) a message addressed to no
   * one (`addressed` unset, no @mention) only when it is one of our /commands. Adapters ask
   * before spending anything on a message (flood limits); `respond` checks it again.
   */
  wants(request: BotRequest): boolean {
    if (request.fromSelf) return false;
    return request.text === undefined || this.address(request, cleanInput(request.text).text) !== undefined;
  }

  /** The language the reply to a request will be in. */
  langOf(request: BotRequest): Lang {
    return this.options.lang ?? chooseLang(cleanInput(request.text ?? Object.values(request.args ?? {}).filter(Boolean).join(' ')).text, request.locale);
  }

  /** The command a request names (a platform command or a /command line), e.g. to check rights before it runs. */
  commandOf(request: BotRequest): CommandDefinition | undefined {
    if (request.command) return this.byName.get(request.command.toLowerCase());
    const text = this.address(request, cleanInput(request.text ?? '').text);
    const slash = text === undefined ? undefined : parseSlash(text);
    return slash ? this.byName.get(slash.name) : undefined;
  }

  /** The text with this bot's @mention removed, or undefined when the message is not for this bot. */
  private address(request: BotRequest, text: string): string | undefined {
    const me = request.botName;
    const mentioned = me !== undefined && mentions(text, me);
    const bare = mentioned ? withoutMention(text, me) : text;
    const slash = parseSlash(bare);
    if (slash?.bot && me !== undefined && slash.bot.toLowerCase() !== me.toLowerCase()) return undefined;
    const addressed = request.addressed || mentioned || Boolean(slash?.bot);
    if (request.inGroup && !addressed && !(slash && this.byName.has(slash.name))) return undefined;
    return bare;
  }

  private start(request: BotRequest): { text: string; truncated: boolean; lang: Lang } | undefined {
    if (request.fromSelf) return undefined;
    const input = cleanInput(request.text ?? Object.values(request.args ?? {}).filter(Boolean).join(' '));
    if (request.text !== undefined && !request.command) {
      const text = this.address(request, input.text);
      if (text === undefined) return undefined;
      input.text = text;
    }
    return { ...input, lang: this.options.lang ?? chooseLang(input.text, request.locale) };
  }

  private finish(reply: Reply, input: { text: string; truncated: boolean; lang: Lang }, request: BotRequest, read: Read): Reply {
    if (input.truncated && request.text !== undefined) reply.text.unshift(messages(input.lang).truncated([...input.text].length));
    if (read.continues) reply.continues = true;
    // The conversation's last answer is what "more" continues (an answer without pages ends it).
    if (reply.paging) this.memory.remember(request.conversation, reply.paging);
    else if (reply.intent !== 'more') this.memory.forget(request.conversation);
    return reply;
  }

  private failed(error: unknown, lang: Lang): Reply {
    if (isStoreBusy(error)) {
      this.options.log?.('handler: the store is busy (locked by another process)');
      return { intent: 'error', lang, text: [messages(lang).busy], items: [], ephemeral: true };
    }
    this.options.log?.('handler failed', error);
    return { intent: 'error', lang, text: [messages(lang).error], items: [], ephemeral: true };
  }

  private dispatch(request: BotRequest, text: string, lang: Lang, read: Read): Reply | Promise<Reply> {
    const M = messages(lang);
    let name = request.command?.toLowerCase();
    let args: Record<string, string | undefined> = { ...(request.args ?? {}) };
    let question: Question | undefined;
    if (!name) {
      if (!text) return { intent: 'empty', lang, text: [M.empty], items: [], ephemeral: true };
      // "ecg page:2", "/paper ecg page:2": the page a button passes as data wins over the text's.
      const paged = splitPageArg(text);
      text = paged.query;
      if (paged.page !== undefined && request.page === undefined) request = { ...request, page: paged.page };
      const slash = parseSlash(text);
      if (MORE.test(text) || (!text && paged.page !== undefined)) {
        // "more" / "更多": the next page of this conversation's last paged answer; "page:3" alone: its page 3.
        const next = this.memory.continuation(request.conversation, text ? undefined : request.page);
        if (!next) return { intent: 'more', lang, text: [M.noMore], items: [], ephemeral: true };
        ({ command: name, args } = next);
        request = { ...request, page: next.page };
        read.continues = true;
      } else if (slash) {
        name = slash.name;
        args = { query: slash.rest || undefined };
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

/** What reading the request found that the reply must say (a "more" continues an earlier answer). */
interface Read {
  continues?: boolean;
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
