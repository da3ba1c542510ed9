/**
 * How a chat command is declared (CommandDefinition) and what its handler is given. What
 * the engine answers is a Reply (src/bot/reply.ts); what comes in is an InboundEvent
 * (src/engine/types.ts).
 */
import type { DateTime } from 'luxon';
import type { Access, Entry, Kind } from '../catalog/schema.js';
import type { Actor, Place } from '../engine/types.js';
import type { Question, QuestionIntent } from '../question/types.js';
import type { PersonSettings, Store } from '../store/types.js';
import type { Lang, Reply } from './reply.js';
import type { Timeline } from './timeline.js';

export interface CommandOption {
  name: string;
  description: { en: string; zh: string };
  required: boolean;
  maxLength?: number;
  /** Offer title suggestions while typing (Discord autocomplete). */
  autocomplete?: boolean;
  /** What the autocomplete offers instead of entries: 'zones', time zones (IANA names, UTC±N, known cities in either language). */
  suggests?: 'zones';
}

/** The rights a command requires, checked by the engine before the handler runs. */
export type Right = 'manage';

export interface CommandContext {
  lang: Lang;
  now: DateTime;
  page: number;
  /** Who asked (`id` for createdBy) and where (`address` keys subscriptions; `locale` is the place's own). */
  actor: Actor;
  place: Place;
  core: CoreServices;
  /** The question read from free text (slash commands parse their own options). */
  question?: Question;
  /** The asker's own settings (zone, language, leads), when the store has them. */
  person?: PersonSettings;
}

export interface CommandDefinition {
  name: string;
  description: { en: string; zh: string };
  /** Extra /names ("/papers", "/论文"). */
  aliases?: string[];
  /**
   * The free-text question intents (src/question/: 'search', 'paper', 'dataset',
   * 'deadline', 'help', 'follow', 'settings') answered by this command: a question read as 'paper' goes to the
   * command whose `routes` holds 'paper'. Each intent is routed by one command.
   */
  routes?: readonly QuestionIntent[];
  /** The arguments a question routed here gives the handler (default: `query`, the topic or the whole text; see routeQuestion). */
  argsOf?: (q: Question) => Record<string, string | undefined>;
  options: CommandOption[];
  /** Example uses shown by /help. */
  examples?: { en: string[]; zh: string[] };
  /**
   * Rights the actor must have: 'manage' (the command changes the place's settings,
   * subscriptions). The engine asks `Actor.canManage()` and refuses before the handler
   * runs; platforms register such commands for managers only (Discord: Manage Server,
   * in servers only).
   */
  requires?: readonly Right[];
  /**
   * What suggestions while typing search (Discord autocomplete, Telegram inline): these
   * kinds (all when unset), only entries with dates (`dated`). `kinds` are also the
   * command's own kinds: a question filtering on just them is routed here unfiltered.
   */
  suggests?: { kinds?: readonly Kind[]; dated?: boolean };
  /** A handler may be async (it uses the store); the engine awaits it. */
  handler(args: Record<string, string | undefined>, ctx: CommandContext): Reply | Promise<Reply>;
}

/** What a command handler may use from the core. */
export interface CoreServices {
  readonly entries: readonly Entry[];
  /** The entries of these kinds (all when none), with this access when given, in catalog order (chosen from the index's arrays: an entry is decoded only when read). */
  ofKinds(kinds: readonly Kind[] | undefined, access?: Access): readonly Entry[];
  readonly timeline: Timeline;
  search(query: string, kinds?: readonly Kind[]): readonly Entry[];
  /** Whether the query is an entry's title or name as written ("To Trust or Not to Trust" is one topic, not two). */
  names(query: string): boolean;
  /** At most three entries strongly related to a query `search` found nothing for (empty when none is). */
  related(query: string, kinds?: readonly Kind[]): Entry[];
  commands(): readonly CommandDefinition[];
  /** The HTTP server's public base URL (PUBLIC_URL), when the bot has one: feed links. */
  readonly publicUrl?: string | undefined;
  /** Subscriptions and the announcement ledger; absent when the bot runs without one (`npm run ask`). */
  readonly store?: Store | undefined;
}
