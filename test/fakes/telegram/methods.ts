/**
 * Bot API method handlers of the fake (everything except getUpdates, whose
 * long polling lives in server.ts). A handler returns the `result` of the
 * answer or throws an ApiError.
 */
import type { BotCommand, InlineKeyboardMarkup } from 'grammy/types';
import type { UploadedFile } from './body.js';
import { parseTelegramHtml, telegramLength, trimFormattedText, type ParsedEntity } from './html-check.js';
import type { FakeWorld } from './state.js';
import { badRequest, type BotMessageRecord, type Message, type MessageEntity } from './types.js';

export interface MethodContext {
  world: FakeWorld;
  payload: Record<string, unknown>;
  files: UploadedFile[];
  /** Server-side effects that handlers may trigger. */
  hooks: {
    dropPendingUpdates(): void;
    abortLongPoll(description: string): void;
    pendingUpdateCount(): number;
  };
}

export type MethodHandler = (ctx: MethodContext) => unknown;

export const QUERY_INVALID = 'query is too old and response timeout expired or query ID is invalid';
export const NOT_MODIFIED = 'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

const MAX_TEXT = 4096;
const MAX_CAPTION = 1024;

// ---------- helpers ----------

function now(): number {
  return Math.floor(Date.now() / 1000);
}

function bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  return undefined;
}

function int(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v.trim());
  return undefined;
}

function bool(v: unknown): boolean {
  return v === true || v === 'true' || v === 1 || v === '1';
}

/** JSON-serialised objects (from forms) were already decoded by body.ts; a bad one stays a string. */
function obj(v: unknown, what: string): Record<string, unknown> | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'string') {
    // The Bot API also accepts JSON-serialised objects inside a JSON body.
    try {
      v = JSON.parse(v);
    } catch {
      throw badRequest(`can't parse ${what} JSON object`);
    }
  }
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
  throw badRequest(`can't parse ${what} JSON object`);
}

function arr(v: unknown): unknown[] | undefined {
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      return undefined;
    }
  }
  return Array.isArray(v) ? v : undefined;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function chatIdOf(world: FakeWorld, payload: Record<string, unknown>): number {
  const raw = payload.chat_id;
  if (raw === undefined || raw === null || raw === '') throw badRequest('chat_id is empty');
  const n = int(raw);
  if (n !== undefined) {
    if (n === 0) throw badRequest('chat not found');
    return n;
  }
  if (typeof raw === 'string' && raw.startsWith('@')) {
    const name = raw.slice(1).toLowerCase();
    for (const chat of world.chats.values()) {
      if ('username' in chat && chat.username?.toLowerCase() === name) return chat.id;
    }
  }
  throw badRequest('chat not found');
}

function messageIdOf(payload: Record<string, unknown>): number {
  const id = int(payload.message_id);
  if (id === undefined) throw badRequest('message identifier is not specified');
  return id;
}

/**
 * Applies parse_mode / entities to a text or caption the way Telegram does:
 * HTML is parsed (errors -> "can't parse entities: ..."), whitespace is
 * trimmed, and the length limit is checked on the visible text.
 */
function formatText(world: FakeWorld, raw: unknown, parseModeRaw: unknown, explicitEntities: unknown, kind: 'text' | 'caption'): { text: string; entities: MessageEntity[] } {
  let text = str(raw) ?? '';
  let entities: ParsedEntity[] = [];
  const parseMode = (str(parseModeRaw) ?? '').toLowerCase();
  const explicit = arr(explicitEntities);
  if (explicit && explicit.length > 0) {
    // Explicit entities take precedence over parse_mode, as in the Bot API.
    entities = explicit as ParsedEntity[];
  } else if (parseMode === 'html') {
    const parsed = parseTelegramHtml(text, { strictAmpersand: world.strictHtmlAmpersand });
    if (!parsed.ok) throw badRequest(`can't parse entities: ${parsed.error}`);
    text = parsed.text;
    entities = parsed.entities;
  } else if (parseMode === 'markdown' || parseMode === 'markdownv2') {
    // Not checked by the fake: the raw text is kept and counted as is.
  } else if (parseMode !== '') {
    throw badRequest('unsupported parse_mode');
  }
  const trimmed = trimFormattedText(text, entities);
  if (kind === 'text') {
    if (trimmed.text.length === 0) throw badRequest('message text is empty');
    if (telegramLength(trimmed.text) > MAX_TEXT) throw badRequest('message is too long');
  } else if (telegramLength(trimmed.text) > MAX_CAPTION) {
    throw badRequest('message caption is too long');
  }
  return { text: trimmed.text, entities: trimmed.entities as MessageEntity[] };
}

const INLINE_ACTIONS = [
  'url',
  'callback_data',
  'web_app',
  'login_url',
  'switch_inline_query',
  'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat',
  'copy_text',
  'callback_game',
  'pay',
];

/** Validates a reply_markup; returns the inline keyboard (echoed in the Message) if any. */
function checkReplyMarkup(markupRaw: unknown): InlineKeyboardMarkup | undefined {
  const markup = obj(markupRaw, 'reply keyboard');
  if (!markup) return undefined;
  if ('inline_keyboard' in markup) {
    const rows = markup.inline_keyboard;
    if (!Array.isArray(rows)) throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays');
    for (const row of rows) {
      if (!Array.isArray(row)) throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays');
      for (const button of row) {
        if (typeof button !== 'object' || button === null) {
          throw badRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object");
        }
        const b = button as Record<string, unknown>;
        if (typeof b.text !== 'string') {
          throw badRequest('can\'t parse inline keyboard button: Field "text" must be of type String');
        }
        if (!INLINE_ACTIONS.some((k) => b[k] !== undefined)) {
          throw badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
        }
        if (b.callback_data !== undefined) {
          const data = str(b.callback_data) ?? '';
          if (bytes(data) < 1 || bytes(data) > 64) throw badRequest('BUTTON_DATA_INVALID');
        }
      }
    }
    return markup as unknown as InlineKeyboardMarkup;
  }
  for (const key of ['keyboard', 'remove_keyboard', 'force_reply']) {
    if (key in markup) return undefined;
  }
  throw badRequest('object expected as reply markup');
}

function stripNestedReply(m: Message): Message {
  const { reply_to_message: _drop, ...rest } = m as Message & { reply_to_message?: unknown };
  return rest as Message;
}

function replyTarget(world: FakeWorld, chatId: number, payload: Record<string, unknown>): Message | undefined {
  const params = obj(payload.reply_parameters, 'reply parameters');
  const messageId = int(params?.message_id) ?? int(payload.reply_to_message_id);
  if (messageId === undefined) return undefined;
  const inChat = int(params?.chat_id) ?? chatId;
  const target = world.anyMessage(inChat, messageId);
  if (target) return stripNestedReply(target);
  if (bool(params?.allow_sending_without_reply) || bool(payload.allow_sending_without_reply)) return undefined;
  throw badRequest('message to be replied not found');
}

function baseMessage(world: FakeWorld, chatId: number, payload: Record<string, unknown>): Message {
  const message = {
    message_id: world.nextMessageId(chatId),
    from: world.botUser(),
    chat: world.chatFor(chatId),
    date: now(),
  } as Message;
  const thread = int(payload.message_thread_id);
  if (thread !== undefined) message.message_thread_id = thread;
  return message;
}

let fileCounter = 0;
function fileIds(): { file_id: string; file_unique_id: string } {
  fileCounter += 1;
  const n = String(fileCounter).padStart(6, '0');
  return { file_id: `BQACAgIAAxkDAAFAKE${n}`, file_unique_id: `AgADFAKE${n}` };
}

const MIME: Record<string, string> = {
  csv: 'text/csv',
  json: 'application/json',
  txt: 'text/plain',
  pdf: 'application/pdf',
  zip: 'application/zip',
  xml: 'application/xml',
  html: 'text/html',
  md: 'text/markdown',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

// ---------- handlers ----------

const getMe: MethodHandler = ({ world }) => world.botInfo;

const getWebhookInfo: MethodHandler = ({ world, hooks }) => {
  const info: Record<string, unknown> = {
    url: world.webhook?.url ?? '',
    has_custom_certificate: false,
    pending_update_count: hooks.pendingUpdateCount(),
  };
  if (world.webhook) {
    info.max_connections = world.webhook.max_connections;
    info.ip_address = '127.0.0.1';
    if (world.webhook.allowed_updates) info.allowed_updates = world.webhook.allowed_updates;
  }
  return info;
};

const setWebhook: MethodHandler = ({ world, payload, hooks }) => {
  const url = str(payload.url) ?? '';
  if (bool(payload.drop_pending_updates)) hooks.dropPendingUpdates();
  if (url === '') {
    world.webhook = undefined;
    return true;
  }
  if (!/^https:\/\//i.test(url)) throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
  const allowed = Array.isArray(payload.allowed_updates) ? (payload.allowed_updates as string[]) : undefined;
  world.webhook = { url, max_connections: int(payload.max_connections) ?? 40 };
  if (allowed) {
    world.webhook.allowed_updates = allowed;
    world.allowedUpdates = allowed;
  }
  hooks.abortLongPoll('Conflict: terminated by setWebhook request');
  return true;
};

const deleteWebhook: MethodHandler = ({ world, payload, hooks }) => {
  world.webhook = undefined;
  if (bool(payload.drop_pending_updates)) hooks.dropPendingUpdates();
  return true;
};

const sendMessage: MethodHandler = ({ world, payload }) => {
  const chatId = chatIdOf(world, payload);
  if (payload.text === undefined || payload.text === null) throw badRequest('message text is empty');
  const { text, entities } = formatText(world, payload.text, payload.parse_mode, payload.entities, 'text');
  const inline = checkReplyMarkup(payload.reply_markup);
  const reply = replyTarget(world, chatId, payload);
  const message = baseMessage(world, chatId, payload);
  if (reply) message.reply_to_message = reply as Message & { reply_to_message: undefined };
  message.text = text;
  if (entities.length > 0) message.entities = entities;
  if (inline) message.reply_markup = inline;
  const rec: BotMessageRecord = {
    chatId,
    messageId: message.message_id,
    kind: 'text',
    text,
    rawText: str(payload.text) ?? '',
    entities,
    editCount: 0,
    deleted: false,
    message,
  };
  const parseMode = str(payload.parse_mode);
  if (parseMode) rec.parseMode = parseMode;
  if (payload.reply_markup !== undefined) rec.replyMarkup = payload.reply_markup;
  world.storeBotMessage(rec);
  return message;
};

/** Finds the bot message targeted by an edit, with Telegram's error texts. */
function editTarget(world: FakeWorld, payload: Record<string, unknown>): BotMessageRecord {
  const chatId = chatIdOf(world, payload);
  const messageId = messageIdOf(payload);
  const rec = world.botMessage(chatId, messageId);
  if (rec) return rec;
  if (world.incoming.get(chatId)?.has(messageId)) throw badRequest("message can't be edited");
  throw badRequest('message to edit not found');
}

const editMessageText: MethodHandler = ({ world, payload }) => {
  if (payload.text === undefined || payload.text === null) throw badRequest('message text is empty');
  if (payload.inline_message_id !== undefined) {
    formatText(world, payload.text, payload.parse_mode, payload.entities, 'text');
    checkReplyMarkup(payload.reply_markup);
    return true;
  }
  const rec = editTarget(world, payload);
  if (rec.kind !== 'text') throw badRequest('there is no text in the message to edit');
  const { text, entities } = formatText(world, payload.text, payload.parse_mode, payload.entities, 'text');
  const inline = checkReplyMarkup(payload.reply_markup);
  if (rec.text === text && same(rec.entities, entities) && same(rec.message.reply_markup, inline)) {
    throw badRequest(NOT_MODIFIED);
  }
  const { entities: _e, reply_markup: _r, ...rest } = rec.message;
  const message = { ...rest, text, edit_date: now() } as Message;
  if (entities.length > 0) message.entities = entities;
  if (inline) message.reply_markup = inline;
  rec.text = text;
  rec.rawText = str(payload.text) ?? '';
  rec.entities = entities;
  const parseMode = str(payload.parse_mode);
  if (parseMode) rec.parseMode = parseMode;
  else delete rec.parseMode;
  if (payload.reply_markup !== undefined) rec.replyMarkup = payload.reply_markup;
  else delete rec.replyMarkup;
  rec.editCount += 1;
  rec.message = message;
  return message;
};

const editMessageReplyMarkup: MethodHandler = ({ world, payload }) => {
  if (payload.inline_message_id !== undefined) {
    checkReplyMarkup(payload.reply_markup);
    return true;
  }
  const rec = editTarget(world, payload);
  const inline = checkReplyMarkup(payload.reply_markup);
  if (same(rec.message.reply_markup, inline)) throw badRequest(NOT_MODIFIED);
  const { reply_markup: _r, ...rest } = rec.message;
  const message = { ...rest, edit_date: now() } as Message;
  if (inline) message.reply_markup = inline;
  if (payload.reply_markup !== undefined) rec.replyMarkup = payload.reply_markup;
  else delete rec.replyMarkup;
  rec.editCount += 1;
  rec.message = message;
  return message;
};

const deleteMessage: MethodHandler = ({ world, payload }) => {
  const chatId = chatIdOf(world, payload);
  const messageId = messageIdOf(payload);
  const rec = world.botMessage(chatId, messageId);
  if (rec) {
    rec.deleted = true;
    return true;
  }
  if (world.incoming.get(chatId)?.delete(messageId)) return true;
  throw badRequest('message to delete not found');
};

const answerCallbackQuery: MethodHandler = ({ world, payload }) => {
  const id = str(payload.callback_query_id);
  if (!id) throw badRequest('query_id is empty');
  if (!world.openCallbackQueries.has(id)) throw badRequest(QUERY_INVALID);
  world.openCallbackQueries.delete(id);
  const answer: (typeof world.callbackAnswers)[number] = { callback_query_id: id };
  const text = str(payload.text);
  if (text !== undefined) answer.text = text;
  if (payload.show_alert !== undefined) answer.show_alert = bool(payload.show_alert);
  const url = str(payload.url);
  if (url !== undefined) answer.url = url;
  const cache = int(payload.cache_time);
  if (cache !== undefined) answer.cache_time = cache;
  world.callbackAnswers.push(answer);
  return true;
};

const answerInlineQuery: MethodHandler = ({ world, payload }) => {
  const id = str(payload.inline_query_id);
  if (!id) throw badRequest('query_id is empty');
  const results = arr(payload.results);
  if (!results) throw badRequest("can't parse inline query results JSON object");
  if (results.length > 50) throw badRequest('RESULTS_TOO_MUCH');
  const nextOffset = str(payload.next_offset);
  if (nextOffset !== undefined && bytes(nextOffset) > 64) throw badRequest('NEXT_OFFSET_INVALID');
  const seen = new Set<string>();
  for (const r of results) {
    if (typeof r !== 'object' || r === null) throw badRequest("can't parse InlineQueryResult: InlineQueryResult must be an Object");
    const result = r as Record<string, unknown>;
    const rid = str(result.id) ?? '';
    if (bytes(rid) < 1 || bytes(rid) > 64) throw badRequest('RESULT_ID_INVALID');
    if (seen.has(rid)) throw badRequest('RESULT_ID_DUPLICATE');
    seen.add(rid);
    checkReplyMarkup(result.reply_markup);
    const content = obj(result.input_message_content, 'input message content');
    if (content && 'message_text' in content) {
      formatText(world, content.message_text, content.parse_mode, content.entities, 'text');
    }
  }
  if (!world.openInlineQueries.has(id)) throw badRequest(QUERY_INVALID);
  world.openInlineQueries.delete(id);
  const answer: (typeof world.inlineAnswers)[number] = { inline_query_id: id, results };
  if (nextOffset !== undefined) answer.next_offset = nextOffset;
  const cache = int(payload.cache_time);
  if (cache !== undefined) answer.cache_time = cache;
  if (payload.is_personal !== undefined) answer.is_personal = bool(payload.is_personal);
  world.inlineAnswers.push(answer);
  return true;
};

const SCOPE_TYPES = new Set(['default', 'all_private_chats', 'all_group_chats', 'all_chat_administrators', 'chat', 'chat_administrators', 'chat_member']);

/** The key under which a command list is kept: scope type + chat + user + language. */
export function commandsKey(scope: Record<string, unknown> | undefined, languageCode: string | undefined): string {
  const type = str(scope?.type) ?? 'default';
  const chat = scope?.chat_id !== undefined ? String(scope.chat_id) : '';
  const user = scope?.user_id !== undefined ? String(scope.user_id) : '';
  return `${type}|${chat}|${user}|${languageCode ?? ''}`;
}

function commandsKeyOf(payload: Record<string, unknown>): string {
  const scope = obj(payload.scope, 'bot command scope');
  if (scope) {
    const type = str(scope.type);
    if (!type || !SCOPE_TYPES.has(type)) throw badRequest('unsupported bot command scope type');
    if ((type === 'chat' || type === 'chat_administrators' || type === 'chat_member') && scope.chat_id === undefined) {
      throw badRequest('chat_id is empty');
    }
    if (type === 'chat_member' && scope.user_id === undefined) throw badRequest('user_id is empty');
  }
  const lang = str(payload.language_code) ?? '';
  if (lang !== '' && !/^[a-z]{2}$/.test(lang)) throw badRequest('invalid language code specified');
  return commandsKey(scope, lang);
}

const setMyCommands: MethodHandler = ({ world, payload }) => {
  const key = commandsKeyOf(payload);
  const commands = arr(payload.commands);
  if (!commands) throw badRequest('parameter "commands" is required');
  if (commands.length > 100) throw badRequest('BOT_COMMANDS_TOO_MUCH');
  const list: BotCommand[] = [];
  for (const c of commands) {
    const command = str((c as Record<string, unknown> | null)?.command) ?? '';
    const description = str((c as Record<string, unknown> | null)?.description) ?? '';
    if (!/^[a-z0-9_]{1,32}$/.test(command)) throw badRequest('BOT_COMMAND_INVALID');
    if (description.trim().length < 1 || description.length > 256) throw badRequest('BOT_COMMAND_DESCRIPTION_INVALID');
    list.push({ command, description });
  }
  if (list.length === 0) world.commands.delete(key);
  else world.commands.set(key, list);
  return true;
};

const getMyCommands: MethodHandler = ({ world, payload }) => world.commands.get(commandsKeyOf(payload)) ?? [];

const deleteMyCommands: MethodHandler = ({ world, payload }) => {
  world.commands.delete(commandsKeyOf(payload));
  return true;
};

const getChatMember: MethodHandler = ({ world, payload }) => {
  const chatId = chatIdOf(world, payload);
  const userId = int(payload.user_id);
  if (userId === undefined || userId <= 0) throw badRequest('invalid user_id specified');
  return world.memberOf(chatId, userId);
};

const sendDocument: MethodHandler = ({ world, payload, files }) => {
  const chatId = chatIdOf(world, payload);
  const doc = payload.document;
  let fileName: string | undefined;
  let size: number | undefined;
  let ids = fileIds();
  if (typeof doc === 'string' && doc.startsWith('attach://')) {
    const file = files.find((f) => f.field === doc.slice('attach://'.length));
    if (!file) throw badRequest('wrong HTTP URL specified');
    fileName = file.filename;
    size = file.size;
  } else if (doc === undefined && files.some((f) => f.field === 'document')) {
    const file = files.find((f) => f.field === 'document')!;
    fileName = file.filename;
    size = file.size;
  } else if (typeof doc === 'string' && doc !== '') {
    if (/^https?:\/\//i.test(doc)) {
      fileName = decodeURIComponent(new URL(doc).pathname.split('/').pop() || 'file');
    } else {
      ids = { file_id: doc, file_unique_id: `AgAD${doc.slice(-8)}` };
    }
  } else {
    throw badRequest('there is no document in the request');
  }
  const caption = formatText(world, payload.caption, payload.parse_mode, payload.caption_entities, 'caption');
  const inline = checkReplyMarkup(payload.reply_markup);
  const reply = replyTarget(world, chatId, payload);
  const message = baseMessage(world, chatId, payload);
  if (reply) message.reply_to_message = reply as Message & { reply_to_message: undefined };
  const document: NonNullable<BotMessageRecord['document']> = { ...ids };
  if (fileName !== undefined) {
    document.file_name = fileName;
    const ext = fileName.split('.').pop()?.toLowerCase() ?? '';
    document.mime_type = MIME[ext] ?? 'application/octet-stream';
  }
  if (size !== undefined) document.file_size = size;
  message.document = document as Message['document'] & object;
  if (caption.text !== '') {
    message.caption = caption.text;
    if (caption.entities.length > 0) message.caption_entities = caption.entities;
  }
  if (inline) message.reply_markup = inline;
  const rec: BotMessageRecord = {
    chatId,
    messageId: message.message_id,
    kind: 'document',
    text: caption.text,
    rawText: str(payload.caption) ?? '',
    entities: caption.entities,
    document,
    editCount: 0,
    deleted: false,
    message,
  };
  const parseMode = str(payload.parse_mode);
  if (parseMode) rec.parseMode = parseMode;
  if (payload.reply_markup !== undefined) rec.replyMarkup = payload.reply_markup;
  world.storeBotMessage(rec);
  return message;
};

const CHAT_ACTIONS = new Set([
  'typing',
  'upload_photo',
  'record_video',
  'upload_video',
  'record_voice',
  'upload_voice',
  'upload_document',
  'choose_sticker',
  'find_location',
  'record_video_note',
  'upload_video_note',
]);

const sendChatAction: MethodHandler = ({ world, payload }) => {
  chatIdOf(world, payload);
  const action = str(payload.action);
  if (!action || !CHAT_ACTIONS.has(action)) throw badRequest('wrong parameter action in request');
  return true;
};

/** Canonical method name -> handler. getUpdates is handled by the server. */
export const METHODS: Record<string, MethodHandler> = {
  getMe,
  getWebhookInfo,
  setWebhook,
  deleteWebhook,
  sendMessage,
  editMessageText,
  editMessageReplyMarkup,
  deleteMessage,
  answerCallbackQuery,
  answerInlineQuery,
  setMyCommands,
  getMyCommands,
  deleteMyCommands,
  getChatMember,
  sendDocument,
  sendChatAction,
};
