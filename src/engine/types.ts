/**
 * The conversation engine's one entry: an inbound event from an actor in a place, and
 * the outcome. Every platform module turns what a user did into one of these events and
 * renders the outcome; nothing else crosses into the core.
 *
 *   handle(event, actor, place) → Promise<Outcome>
 */
import type { Reply, ReplyItem } from '../bot/reply.js';

/** Everything a user can do, as the platform saw it (raw text is never pre-parsed). */
export type InboundEvent =
  /** Text as typed: a question, "/paper ecg", "/论文@Bot 心电", "more", "page:3". */
  | { type: 'text'; text: string }
  /** A command the platform parsed (a Discord slash command): its options by name. */
  | { type: 'command'; name: string; args: Record<string, string | undefined> }
  /** A page button pressed: the token the engine put into the reply's paging. */
  | { type: 'page'; token: string }
  /** A "more" button or the like: the next page of this place's last paged answer. */
  | { type: 'more' }
  /**
   * A suggestion request while typing: Discord autocomplete of `command`'s `option`, a
   * Telegram inline query (no command). `offset` pages the suggestions (inline queries).
   */
  | { type: 'suggest'; query: string; command?: string; option?: string; offset?: string; limit?: number };

/** Who did it. */
export interface Actor {
  /** The platform's user id, as a string (rate limits, logs); absent when unknown. */
  id?: string;
  /** The user's locale as the platform gives it ("zh-CN", "en-US", "zh-hans"). */
  locale?: string;
  /** The bot itself wrote this: never answered. */
  isSelf?: boolean;
  /**
   * The bot's own operator at its terminal (the console's one user, who may pipe a file of
   * questions in): no flood limit applies, which guards shared chats against one member.
   */
  operator?: boolean;
  /**
   * Whether this actor may change this place's settings (subscriptions): a Telegram
   * chat's creator/administrator or the private chat's user, a Discord member with
   * Manage Server, the console's user. Asked lazily, only for commands that require it.
   */
  canManage(): Promise<boolean>;
  /**
   * Where the bot can write to this person privately (a Telegram private chat with the user,
   * a Discord DM), as an address of the platform's codec; it also keys the person's settings,
   * follows and calendar feed. Absent when the platform cannot say (the console has "console").
   */
  directAddress?: string;
}

/** Where it happened. */
export interface Place {
  /** An opaque address only the platform's codec builds and reads ("telegram:-100123"). */
  address: string;
  /** The platform's name, a label for metrics and logs only: the engine never branches on it. */
  platform: string;
  /** A group, supergroup or server channel (false: a private chat, a DM, the console). */
  group: boolean;
  /** The place's own locale when the platform has one (a Discord server's preferred locale). */
  locale?: string;
  /** The bot's user name there (Telegram "CatalogBot"): "@CatalogBot" is dropped, `/cmd@OtherBot` ignored. */
  botName?: string;
  /** The platform says the message is for the bot (a reply to it, a mention entity). */
  addressed?: boolean;
  /** How many bytes a page token may have on this platform (Telegram 64, Discord 100). */
  pageTokenBytes?: number;
  /** Rights the place itself rules out: Discord DMs cannot hold subscriptions. */
  noSettings?: boolean;
}

/** One suggestion while typing: an entry's title, the value to put into the option, and the entry as an item (inline results post its card). */
export interface Suggestion {
  id: string;
  title: string;
  /** The option value a choice fills in (the title; platforms cut it to their limit). */
  value: string;
  item: ReplyItem;
}

export type Outcome = { type: 'reply'; reply: Reply } | { type: 'suggestions'; suggestions: Suggestion[]; nextOffset?: string } | { type: 'none' };

export type Handle = (event: InboundEvent, actor: Actor, place: Place) => Promise<Outcome>;
