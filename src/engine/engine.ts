/**
 * The conversation engine: the one entry every platform module uses.
 *
 *   handle(event, actor, place) → Promise<Outcome>
 *
 * It decides whether the event is for the bot (not its own message, addressed in a
 * group), applies the per-actor flood limit (one token bucket; the first message over it
 * is told to slow down), enforces the rights a command declares (`requires`) before its
 * handler runs, turns page tokens back into requests, answers suggestion requests from
 * the commands' declared `suggests`, and puts page tokens sized to the place into every
 * paged reply. Reading the text itself (commands, aliases, "more", `page:N`, questions)
 * is BotCore's.
 */
import { announceMessages } from '../announce/messages.js';
import type { BotCore } from '../bot/core.js';
import { chooseLang, cleanInput } from '../bot/input.js';
import { toItem } from '../bot/items.js';
import { slowDown } from '../bot/messages.js';
import { RateLimiter } from '../bot/rate-limit.js';
import type { BotRequest, CommandDefinition, Lang, Reply } from '../bot/types.js';
import { systemClock, type Clock } from '../clock.js';
import type { Rate } from '../platform.js';
import { decodePageToken, encodeMemory, encodeSelf, type PageTarget } from './page-token.js';
import type { Actor, EngineAccess, Handle, InboundEvent, Outcome, Place, Suggestion } from './types.js';

export interface EngineOptions {
  core: BotCore;
  clock?: Clock;
  /** Per-actor flood limit for messages, commands and buttons (default: a burst of 8, then one every 2 s); false: none. */
  flood?: Rate | false;
}

export const DEFAULT_FLOOD: Rate = { burst: 8, perSecond: 0.5 };
/** Suggestions arrive as the user types: a larger allowance. */
const SUGGEST_FACTOR = 4;
const DEFAULT_SUGGESTIONS = 25;
const MAX_OFFSET = 10_000;
const DEFAULT_TOKEN_BYTES = 64;

export const STALE_BUTTON: Record<Lang, string> = {
  en: 'This button has expired. Please ask again.',
  zh: '这个按钮已失效,请重新提问。',
};

export class Engine implements EngineAccess {
  private readonly core: BotCore;
  private readonly messages: RateLimiter | undefined;
  private readonly suggestLimit: RateLimiter | undefined;
  /** Actors told to slow down, until their bucket refills. */
  private readonly warned = new Set<string>();

  constructor(options: EngineOptions) {
    this.core = options.core;
    const clock = options.clock ?? systemClock;
    const flood = options.flood === false ? undefined : (options.flood ?? DEFAULT_FLOOD);
    if (flood) {
      const now = () => clock.now();
      this.messages = new RateLimiter({ ...flood, now });
      this.suggestLimit = new RateLimiter({ burst: flood.burst * SUGGEST_FACTOR, perSecond: flood.perSecond * SUGGEST_FACTOR, now });
    }
  }

  commands(): readonly CommandDefinition[] {
    return this.core.commands();
  }

  readonly handle: Handle = async (event, actor, place) => {
    if (actor.isSelf) return NONE;
    if (event.type === 'suggest') return this.suggest(event, actor, place);
    const request = this.requestOf(event, actor, place);
    if (request === 'stale') {
      const lang = this.core.langOf({ platform: place.platform, conversation: place.address, ...(actor.locale ? { locale: actor.locale } : {}) });
      return reply({ intent: 'stale', lang, text: [STALE_BUTTON[lang]], items: [], ephemeral: true });
    }
    if (!this.core.wants(request)) return NONE;
    const lang = this.core.langOf(request);
    const flooded = this.flood(actor, place, lang);
    if (flooded) return flooded;
    const command = this.core.commandOf(request);
    if (command?.requires?.includes('manage')) {
      const A = announceMessages(lang);
      if (place.noSettings) return reply({ intent: command.name, lang, text: [A.serverOnly], items: [], ephemeral: true });
      if (!(await actor.canManage().catch(() => false))) return reply({ intent: command.name, lang, text: [A.notManager], items: [], ephemeral: true });
      request.canManage = true;
    }
    const answer = await this.core.respond(request);
    if (!answer) return NONE;
    if (answer.paging) this.addTokens(answer, place);
    return reply(answer);
  };

  private requestOf(event: Exclude<InboundEvent, { type: 'suggest' }>, actor: Actor, place: Place): BotRequest | 'stale' {
    const base: BotRequest = {
      platform: place.platform,
      conversation: place.address,
      ...(actor.id !== undefined ? { user: actor.id } : {}),
      ...(actor.locale ? { locale: actor.locale } : {}),
      inGroup: place.group,
      ...(place.locale ? { channelLocale: place.locale } : {}),
      ...(place.botName ? { botName: place.botName } : {}),
      ...(place.addressed ? { addressed: true } : {}),
    };
    switch (event.type) {
      case 'text':
        return { ...base, text: event.text };
      case 'command':
        return { ...base, command: event.name, args: { ...event.args } };
      case 'more':
        return { ...base, text: 'more', addressed: true };
      case 'page': {
        const token = decodePageToken(event.token);
        if (!token) return 'stale';
        const target = token.kind === 'self' ? token.target : this.core.paging.kept(place.address, token.slot);
        if (!target) return 'stale';
        return { ...base, command: target.command, args: target.args, page: token.page };
      }
    }
  }

  /** Over the actor's limit: a "slow down" reply the first time, then nothing until the bucket refills. */
  private flood(actor: Actor, place: Place, lang: Lang): Outcome | undefined {
    if (!this.messages) return undefined;
    const key = actor.id ?? place.address;
    if (this.messages.take(key)) {
      this.warned.delete(key);
      return undefined;
    }
    if (this.warned.has(key)) return NONE;
    this.warned.add(key);
    if (this.warned.size > 10_000) this.warned.delete(this.warned.values().next().value!);
    return reply({ intent: 'flood', lang, text: [slowDown(lang)], items: [], ephemeral: true });
  }

  private suggest(event: Extract<InboundEvent, { type: 'suggest' }>, actor: Actor, place: Place): Outcome {
    const query = cleanInput(event.query).text.replace(/\s+/g, ' ').trim();
    if (!query) return { type: 'suggestions', suggestions: [] };
    if (this.suggestLimit && !this.suggestLimit.take(actor.id ?? place.address)) return { type: 'suggestions', suggestions: [] };
    const command = event.command ? this.core.commands().find((c) => c.name === event.command) : undefined;
    if (event.command) {
      const option = command?.options.find((o) => o.name === (event.option ?? 'query'));
      if (!command || !option?.autocomplete) return { type: 'suggestions', suggestions: [] };
    }
    const rule = command?.suggests ?? {};
    let found = this.core.search(query, rule.kinds);
    if (rule.dated) found = found.filter((e) => e.milestones.length > 0);
    const limit = Math.max(1, Math.min(event.limit ?? DEFAULT_SUGGESTIONS, 50));
    const start = event.offset && /^\d{1,5}$/.test(event.offset) ? Math.min(Number(event.offset), MAX_OFFSET) : 0;
    const page = found.slice(start, start + limit);
    const lang = chooseLang(query, actor.locale);
    const now = this.core.now();
    const suggestions: Suggestion[] = page.map((entry) => {
      const title = entry.title.replace(/\s+/g, ' ').trim();
      return { id: entry.id, title, value: title, item: toItem(entry, { lang, now }) };
    });
    const next = start + page.length;
    return { type: 'suggestions', suggestions, ...(next < found.length && page.length ? { nextOffset: String(next) } : {}) };
  }

  /** Tokens for the previous and next page (and the first and last), sized to the place's platform. */
  private addTokens(answer: Reply, place: Place): void {
    const paging = answer.paging!;
    const target: PageTarget = { command: paging.command, args: paging.args };
    const max = place.pageTokenBytes ?? DEFAULT_TOKEN_BYTES;
    const tokens: Record<number, string> = {};
    for (const page of new Set([1, paging.page - 1, paging.page + 1, paging.pages])) {
      if (page < 1 || page > paging.pages || page === paging.page) continue;
      tokens[page] = encodeSelf(target, page, max) ?? encodeMemory(this.core.paging.keep(place.address, target), page);
    }
    paging.tokens = tokens;
  }
}

const NONE: Outcome = { type: 'none' };

function reply(r: Reply): Outcome {
  return { type: 'reply', reply: r };
}
