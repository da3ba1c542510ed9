/**
 * What the engine answers (Reply) and how a chat command is declared
 * (CommandDefinition). What comes in is an InboundEvent (src/engine/types.ts).
 */
import type { DateTime } from 'luxon';
import type { Entry, Kind, Milestone } from '../catalog/schema.js';
import type { Store } from '../store/types.js';
import type { Question, QuestionIntent } from '../question/types.js';
import type { Actor, Place } from '../engine/types.js';
import type { Timeline } from './timeline.js';

export type Lang = 'zh' | 'en';

export type Intent = 'search' | 'paper' | 'dataset' | 'deadline' | 'help' | 'empty' | 'unknown-command' | 'error' | (string & {});

/**
 * What a field of an item shows, as a machine key: renderers choose by key (Discord turns
 * `deadline`/`milestone` into timestamps and `links` into buttons), never by label.
 */
export type FieldKey = 'venue' | 'tags' | 'access' | 'detail' | 'status' | 'deadline' | 'milestone' | 'quote' | 'links' | 'announcement' | (string & {});

/** The facts a field shows, for renderers that show them their own way. */
export interface FieldFacts {
  /** `deadline`/`milestone`: the instant (ISO-8601 with the source zone's offset). */
  at?: string;
  /** `deadline`/`milestone`: an all-day date (no time given). */
  allDay?: boolean;
  /** `links`: the URLs, in order. */
  urls?: string[];
}

/** A labelled line of an item: "截止 / Deadline: 2026-05-25 23:59 AoE = …". */
export interface ItemField {
  key: FieldKey;
  label: string;
  value: string;
  facts?: FieldFacts;
}

export interface ReplyItem {
  id: string;
  kind: Kind;
  /** "论文" / "Paper". */
  kindLabel: string;
  title: string;
  tags: string[];
  access?: Entry['access'];
  /** ISO-8601 with the source zone's offset. */
  deadline?: string;
  milestones?: Milestone[];
  links?: string[];
  /** Localized lines to show under the title, in order. */
  fields: ItemField[];
  /** A short description excerpt. */
  summary?: string;
}

export interface Paging {
  page: number;
  pages: number;
  total: number;
  pageSize: number;
  /** The command and arguments that produce the pages. */
  command: string;
  args: Record<string, string | undefined>;
  /**
   * Page tokens the engine made for this place (src/engine/page-token.ts), by page
   * number: the previous and next page at least. A page button carries one back as a
   * `{ type: 'page', token }` event; renderers never build or read them.
   */
  tokens?: Record<number, string>;
}

export interface Reply {
  intent: Intent;
  lang: Lang;
  /** Heading line(s) before the items. */
  text: string[];
  items: ReplyItem[];
  /** Lines after the items (a hint, what comes next). */
  footer?: string[];
  paging?: Paging;
  /** Only the asker should see it (errors, refusals). */
  ephemeral?: boolean;
  /**
   * The reply continues an earlier answer ("more", "page:3" alone): asking the message it
   * answers again does not reproduce it (Telegram then gives its buttons their query).
   */
  continues?: boolean;
  /** A calendar feed of what the reply is about (`<PUBLIC_URL>/calendar.ics?q=…`), also in `footer`. */
  feedUrl?: string;
  /** Files to send with the reply (one item's `.ics`): a Discord attachment, a Telegram document. */
  attachments?: ReplyAttachment[];
}

/** A file to send with a reply, rendered only when a platform sends it. */
export interface ReplyAttachment {
  filename: string;
  mimeType: string;
  render(): string;
}

export interface CommandOption {
  name: string;
  description: { en: string; zh: string };
  required: boolean;
  maxLength?: number;
  /** Offer title suggestions while typing (Discord autocomplete). */
  autocomplete?: boolean;
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
}

export interface CommandDefinition {
  name: string;
  description: { en: string; zh: string };
  /** Extra /names ("/papers", "/论文"). */
  aliases?: string[];
  /**
   * The free-text question intents (src/question/: 'search', 'paper', 'dataset',
   * 'deadline', 'help') answered by this command: a question read as 'paper' goes to the
   * command whose `routes` holds 'paper'. Each intent is routed by one command.
   */
  routes?: readonly QuestionIntent[];
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
  readonly timeline: Timeline;
  search(query: string, kinds?: readonly Kind[]): Entry[];
  /** At most three entries strongly related to a query `search` found nothing for (empty when none is). */
  related(query: string, kinds?: readonly Kind[]): Entry[];
  commands(): readonly CommandDefinition[];
  /** The HTTP server's public base URL (PUBLIC_URL), when the bot has one: feed links. */
  readonly publicUrl?: string | undefined;
  /** Subscriptions and the announcement ledger; absent when the bot runs without one (`npm run ask`). */
  readonly store?: Store | undefined;
}
