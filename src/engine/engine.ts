/**
 * The conversation engine: the one entry every platform module uses.
 *
 *   handle(event, actor, place) → Promise<Outcome>
 *
 * It decides whether the event is for the bot (not its own message, addressed in a
 * group: address.ts), applies the per-actor flood limit (flood.ts), reads what the
 * message asks (read.ts: commands, aliases, "more", `page:N`, questions routed by the
 * declarations), enforces the rights a command declares before its handler runs and
 * keeps any error inside a polite reply (answer.ts), turns page tokens back into
 * requests and puts tokens sized to the place into every paged reply (page-token.ts,
 * paging-memory.ts), and answers suggestion requests from the declared `suggests`. An actor
 * with a direct address gets their own settings (`CommandContext.person`, read through
 * person-cache.ts): their language, and times in their zone.
 */
import { chooseLang, cleanInput } from '../bot/input.js';
import { messages, slowDown } from '../bot/messages.js';
import type { CommandDefinition } from '../bot/types.js';
import type { Lang, Reply } from '../bot/reply.js';
import { systemClock, type Clock } from '../clock.js';
import type { Rate } from '../platform.js';
import { addressedText } from './address.js';
import { refusal, runCommand, type RunContext } from './answer.js';
import { DEFAULT_FLOOD, FloodLimit } from './flood.js';
import { decodePageToken, encodeMemory, encodeSelf, type PageTarget } from './page-token.js';
import { PagingMemory } from './paging-memory.js';
import { CommandIndex, readMessage, type Message } from './read.js';
import { CatalogServices, type ServicesOptions } from './services.js';
import { NO_SUGGESTIONS, suggest } from './suggest.js';
import type { Actor, Handle, InboundEvent, Outcome, Place } from './types.js';
import type { EngineAccess } from './access.js';
import { withPersonCache } from './person-cache.js';
import type { PersonSettings } from '../store/types.js';

export interface EngineOptions extends ServicesOptions {
  /** Forces the reply language (`--lang`). */
  lang?: Lang;
  /** Where errors go (never stdout). */
  log?: (message: string, error?: unknown) => void;
  /** The clock of the flood limit and the paging memory (ms); the catalog's "now" is `now`. */
  clock?: Clock;
  /** What "more" continues and what long page tokens refer to (default: a PagingMemory on `clock`). */
  memory?: PagingMemory;
  /** Per-actor flood limit for messages, commands and buttons (default: a burst of 8, then one every 2 s); false: none. */
  flood?: Rate | false;
}

const DEFAULT_TOKEN_BYTES = 64;

export const STALE_BUTTON: Record<Lang, string> = {
  en: 'This button has expired. Please ask again.',
  zh: '这个按钮已失效,请重新提问。',
};

export class Engine implements EngineAccess {
  /** The catalog the commands read (hot reload: `services.replaceCatalog`), the store, the public URL. */
  readonly services: CatalogServices;
  readonly paging: PagingMemory;
  private readonly index: CommandIndex;
  private readonly flood: FloodLimit | undefined;

  constructor(private readonly options: EngineOptions) {
    const clock = options.clock ?? systemClock;
    // Persons' settings are read on every message of theirs: through a small cache.
    this.services = new CatalogServices(options.store ? { ...options, store: withPersonCache(options.store, clock) } : options);
    this.index = new CommandIndex(options.commands);
    this.paging = options.memory ?? new PagingMemory({ now: () => clock.now() });
    const flood = options.flood === false ? undefined : (options.flood ?? DEFAULT_FLOOD);
    if (flood) this.flood = new FloodLimit(flood, clock);
  }

  commands(): readonly CommandDefinition[] {
    return this.options.commands;
  }

  readonly handle: Handle = async (event, actor, place) => {
    if (actor.isSelf) return NONE;
    // The catalog as it is now: a reload while this event is answered changes nothing for it.
    const services = this.services.pinned();
    if (event.type === 'suggest') {
      if (this.flood && !actor.operator && !this.flood.suggestion(actor.id ?? place.address)) return NO_SUGGESTIONS;
      return suggest(event, services, this.options.commands, actor.locale);
    }
    const message = this.messageOf(event, place);
    if (message === 'ignore') return NONE;
    const person = await this.personOf(actor, services);
    const lang = this.langOf(
      message === 'stale'
        ? ''
        : (message.text ??
            Object.values(message.args ?? {})
              .filter(Boolean)
              .join(' ')),
      actor,
      person,
    );
    if (message === 'stale') return reply({ intent: 'stale', lang, text: [STALE_BUTTON[lang]], items: [], ephemeral: true });
    const flooded = actor.operator ? 'ok' : this.flood?.message(actor.id ?? place.address);
    if (flooded === 'drop') return NONE;
    if (flooded === 'warn') return reply({ intent: 'flood', lang, text: [slowDown(lang)], items: [], ephemeral: true });
    const now = services.now();
    const reading = readMessage(message, { lang, now, address: place.address, memory: this.paging, commands: this.index });
    if (reading.kind === 'reply') return reply(this.finish(reading.reply, message, place));
    // A next page is in the language of the answer it continues, unless the reader chose one.
    const pageLang = reading.lang && !this.options.lang && !person?.lang ? reading.lang : lang;
    const ctx: RunContext = { lang: pageLang, now, actor, place, services, log: this.options.log, ...(person ? { person } : {}) };
    const refused = await refusal(reading, ctx);
    if (refused) return reply(refused);
    const answer = await runCommand(reading, ctx);
    // An error reply changes nothing: the place's paging memory stays as it was.
    if (!answer.ok) return reply(answer.reply);
    if (reading.continues) answer.reply.continues = true;
    return reply(this.finish(answer.reply, message, place));
  };

  /** What the event says once it is for the bot; 'ignore' when it is not, 'stale' for a page token that cannot be read. */
  private messageOf(event: Exclude<InboundEvent, { type: 'suggest' }>, place: Place): Message | 'ignore' | 'stale' {
    switch (event.type) {
      case 'text': {
        const input = cleanInput(event.text);
        const text = addressedText(input.text, place, (name) => this.index.get(name) !== undefined);
        return text === undefined ? 'ignore' : { text, ...(input.truncated ? { truncated: true } : {}) };
      }
      case 'more':
        return { text: 'more' };
      case 'command':
        return { command: event.name, args: { ...event.args } };
      case 'page': {
        const token = decodePageToken(event.token);
        if (!token) return 'stale';
        const target = token.kind === 'self' ? token.target : this.paging.kept(place.address, token.slot);
        if (!target) return 'stale';
        return { command: target.command, args: target.args, page: token.page };
      }
    }
  }

  /** The reply language: forced (`--lang`), else the person's own, else what they wrote in. */
  private langOf(text: string, actor: Actor, person: PersonSettings | undefined): Lang {
    return this.options.lang ?? person?.lang ?? chooseLang(cleanInput(text).text, actor.locale);
  }

  /** The actor's settings (one read by key, cached), when there is a store and a direct address; a failing store is no settings. */
  private async personOf(actor: Actor, services: CatalogServices): Promise<PersonSettings | undefined> {
    if (!actor.directAddress || !services.store) return undefined;
    try {
      return await services.store.settingsOf(actor.directAddress);
    } catch (error) {
      this.options.log?.("engine: reading the person's settings failed", error);
      return undefined;
    }
  }

  /** The truncation notice, the place's paging memory (what "more" continues) and the page tokens. */
  private finish(answer: Reply, read: Message, place: Place): Reply {
    if (read.truncated && read.text !== undefined) answer.text.unshift(messages(answer.lang).truncated([...read.text].length));
    // The place's last answer is what "more" continues (an answer without pages ends it).
    if (answer.paging) this.paging.remember(place.address, answer.paging, answer.lang);
    else if (answer.intent !== 'more') this.paging.forget(place.address);
    this.addTokens(answer, place);
    return answer;
  }

  /**
   * Tokens for the previous and next page (and the first and last), and for every item action
   * (page 1 of its command), sized to the place's platform.
   */
  private addTokens(answer: Reply, place: Place): void {
    const max = place.pageTokenBytes ?? DEFAULT_TOKEN_BYTES;
    const tokenOf = (target: PageTarget, page: number) => encodeSelf(target, page, max) ?? encodeMemory(this.paging.keep(place.address, target), page);
    for (const item of answer.items) {
      for (const action of item.actions ?? []) action.token ??= tokenOf({ command: action.command, args: action.args }, 1);
    }
    const paging = answer.paging;
    if (!paging) return;
    const target: PageTarget = { command: paging.command, args: paging.args };
    const tokens: Record<number, string> = {};
    for (const page of new Set([1, paging.page - 1, paging.page + 1, paging.pages])) {
      if (page < 1 || page > paging.pages || page === paging.page) continue;
      tokens[page] = tokenOf(target, page);
    }
    paging.tokens = tokens;
  }
}

const NONE: Outcome = { type: 'none' };

function reply(r: Reply): Outcome {
  return { type: 'reply', reply: r };
}
