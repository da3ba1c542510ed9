import type { Chat, Message, MessageEntity, Update, User, UserFromGetMe } from 'grammy/types';
import type { UploadedFile } from './body.js';

export type { UploadedFile };

/** Error answer of the Bot API: `{ok:false, error_code, description, parameters?}`. */
export interface ApiErrorBody {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

/** Thrown by method handlers; the server turns it into an error answer. */
export class ApiError extends Error {
  readonly error_code: number;
  readonly description: string;
  readonly parameters: ApiErrorBody['parameters'];

  constructor(error_code: number, description: string, parameters?: ApiErrorBody['parameters']) {
    super(description);
    this.error_code = error_code;
    this.description = description;
    this.parameters = parameters;
  }
}

export const badRequest = (what: string): ApiError => new ApiError(400, `Bad Request: ${what}`);

export type ApiAnswer = { ok: true; result: unknown } | ({ ok: false } & ApiErrorBody);

/** One HTTP request received by the fake, in arrival order. */
export interface FakeCall {
  /** 1-based position in `calls`. */
  seq: number;
  /** Canonical method name (e.g. `sendMessage` even if requested as `sendmessage`). */
  method: string;
  /** The parameters, parsed: JSON body, query string, urlencoded or multipart text fields. */
  payload: Record<string, unknown>;
  /** `Date.now()` when the request was fully received. */
  at: number;
  httpMethod: string;
  bodyKind: 'json' | 'query' | 'urlencoded' | 'multipart' | 'empty';
  /** multipart only: the names of all parts, in order. */
  multipartFields?: string[];
  /** multipart only: uploaded files (field name, file name, size, bytes). */
  files?: UploadedFile[];
  /** False when the token in the URL was not the fake's token. */
  tokenOk: boolean;
  /** HTTP status of the answer, once sent (unset while a getUpdates is held). */
  status?: number;
  /** The JSON answer, once decided (unset while a getUpdates is held). */
  response?: ApiAnswer;
  /** `Date.now()` when the answer was written. */
  respondedAt?: number;
  /** getUpdates only: true when the request was held as a long poll. */
  held?: boolean;
}

export interface FailureSpec {
  error_code: number;
  /** Defaults to a realistic description for the code (e.g. "Too Many Requests: retry after 1"). */
  description?: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
  /** How many matching calls fail (default 1). */
  times?: number;
  /** Only calls whose payload matches fail; others pass through untouched. */
  match?: (payload: Record<string, unknown>) => boolean;
}

export type MemberStatus = 'creator' | 'administrator' | 'member' | 'restricted' | 'left' | 'kicked';

export interface ChatMemberOptions {
  /** Details of the user (first_name, username...); defaults to a known test user or a generated one. */
  user?: Partial<User>;
  custom_title?: string;
  is_anonymous?: boolean;
  until_date?: number;
}

/** The bot's message as the fake stores it (state after edits; deleted ones are hidden by `messages()`). */
export interface BotMessageRecord {
  chatId: number;
  messageId: number;
  kind: 'text' | 'document';
  /** Visible text (after HTML parsing and whitespace trimming); for documents, the caption or ''. */
  text: string;
  /** The text/caption exactly as the bot sent it (with tags). */
  rawText: string;
  parseMode?: string;
  entities: MessageEntity[];
  /** The reply_markup as sent (any kind: inline, reply keyboard, remove, force reply). */
  replyMarkup?: unknown;
  /** sendDocument only. */
  document?: { file_name?: string; file_id: string; mime_type?: string; file_size?: number };
  /** Number of successful edits (editMessageText / editMessageReplyMarkup). */
  editCount: number;
  deleted: boolean;
  /** The Message object the API last returned for this message. */
  message: Message;
}

export interface FakeTelegramOptions {
  /** Bot token; defaults to `${botInfo.id}:FAKE-token-for-tests`. */
  token?: string;
  /** Overrides for the getMe result. */
  botInfo?: Partial<UserFromGetMe>;
  /** Port to listen on (default 0: random). Always binds 127.0.0.1. */
  port?: number;
  /**
   * Reject `&` that does not start an HTML entity when parse_mode is HTML
   * (default true). Real Telegram keeps such a `&` as literal text.
   */
  strictHtmlAmpersand?: boolean;
  /** First update_id handed out by pushUpdate (default 100000). */
  firstUpdateId?: number;
}

export interface PrivateTextOptions {
  from?: User;
  languageCode?: string;
  entities?: MessageEntity[];
}

export interface GroupTextOptions {
  chatId?: number;
  chatTitle?: string;
  from?: User;
  entities?: MessageEntity[];
  /** true: reply to the bot's latest message in the chat; a number: reply to that message_id of the bot. */
  replyToBot?: boolean | number;
  /** Send as an anonymous group admin: from = GroupAnonymousBot (1087968824), sender_chat = the group. */
  anonymousAdmin?: boolean;
  languageCode?: string;
}

export interface CallbackOptions {
  /** The message carrying the keyboard: a Message (e.g. the one sendMessage returned) or a stored record. Default: the bot's latest message with an inline keyboard. */
  message?: Message | BotMessageRecord;
  from?: User;
  languageCode?: string;
}

export interface InlineQueryOptions {
  offset?: string;
  from?: User;
  languageCode?: string;
  chatType?: 'sender' | 'private' | 'group' | 'supergroup' | 'channel';
}

export type { Chat, Message, MessageEntity, Update, User, UserFromGetMe };
