/**
 * What the engine answers: a Reply and its items, fields and paging. The vocabulary the
 * engine (src/engine/types.ts), the commands and the renderers share; it imports nothing
 * from the engine, so the engine's types can name it.
 */
import type { Entry, Kind, Milestone } from '../catalog/schema.js';

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
  /**
   * Buttons under the item ("remind me", and on a reminder "tomorrow", "only the last day",
   * "stop"): each runs a command with arguments when pressed. Commands set key, label,
   * command and args; the engine adds the token (the page-token codec, page 1) sized to the
   * place; renderers put the token on a button and never read it.
   */
  actions?: ItemAction[];
}

export interface ItemAction {
  key: 'follow' | 'snooze' | 'last-day' | 'mute' | (string & {});
  label: string;
  command: string;
  args: Record<string, string | undefined>;
  /** Filled by the engine: the `{ type: 'page', token }` event that runs the command. */
  token?: string;
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
