/**
 * Builders for realistic incoming updates (without update_id: the fake
 * assigns it when the update is pushed).
 */
import { DEFAULT_GROUP_ID, GROUP_ANONYMOUS_BOT, TEST_USERS, type FakeWorld } from './state.js';
import type { BotMessageRecord, CallbackOptions, Chat, GroupTextOptions, InlineQueryOptions, Message, MessageEntity, PrivateTextOptions, Update, User } from './types.js';

export type UpdateDraft = Omit<Update, 'update_id'> & { update_id?: number };

const WORD = /[\p{L}\p{N}_]/u;
const ALNUM_ = /[A-Za-z0-9_]/;

function charBefore(text: string, i: number): string {
  if (i <= 0) return '';
  const low = text.charCodeAt(i - 1);
  if (low >= 0xdc00 && low <= 0xdfff && i >= 2) return text.slice(i - 2, i);
  return text.slice(i - 1, i);
}

function charAt(text: string, i: number): string {
  if (i >= text.length) return '';
  return String.fromCodePoint(text.codePointAt(i)!);
}

function runOf(text: string, from: number): number {
  let j = from;
  while (j < text.length && ALNUM_.test(text[j]!)) j++;
  return j;
}

/**
 * The entities Telegram clients attach to a plain text message: bot commands
 * (`/cmd` or `/cmd@SomeBot`, anywhere, like TDLib's matcher) and @mentions.
 * Offsets and lengths are UTF-16 code units, as in the Bot API.
 */
export function detectEntities(text: string): MessageEntity[] {
  const entities: MessageEntity[] = [];
  for (let i = text.indexOf('/'); i >= 0; i = text.indexOf('/', i + 1)) {
    const prev = charBefore(text, i);
    if (prev && (WORD.test(prev) || prev === '/' || prev === '<' || prev === '>')) continue;
    let end = runOf(text, i + 1);
    const size = end - i - 1;
    if (size < 1 || size > 64) continue;
    if (text[end] === '@') {
      const mentionEnd = runOf(text, end + 1);
      const mentionSize = mentionEnd - end - 1;
      if (mentionSize < 3 || mentionSize > 32) continue;
      end = mentionEnd;
    }
    const next = charAt(text, end);
    if (next && (WORD.test(next) || next === '/' || next === '<' || next === '>')) continue;
    entities.push({ type: 'bot_command', offset: i, length: end - i });
  }
  for (let i = text.indexOf('@'); i >= 0; i = text.indexOf('@', i + 1)) {
    const prev = charBefore(text, i);
    if (prev && WORD.test(prev)) continue;
    const end = runOf(text, i + 1);
    const size = end - i - 1;
    if (size < 2 || size > 32) continue;
    const next = charAt(text, end);
    if (next && WORD.test(next)) continue;
    entities.push({ type: 'mention', offset: i, length: end - i });
  }
  return entities.sort((a, b) => a.offset - b.offset);
}

function withLanguage(user: User, languageCode: string | undefined): User {
  return languageCode === undefined ? user : { ...user, language_code: languageCode };
}

function isRecord(m: Message | BotMessageRecord): m is BotMessageRecord {
  return 'messageId' in m && 'message' in m;
}

export class UpdateBuilder {
  constructor(private readonly world: FakeWorld) {}

  private now(): number {
    return Math.floor(Date.now() / 1000);
  }

  private textMessage(chat: Chat, from: User, text: string, entities: MessageEntity[] | undefined): Message {
    const message: Message = {
      message_id: this.world.nextMessageId(chat.id),
      from,
      chat,
      date: this.now(),
      text,
    } as Message;
    const ents = entities ?? detectEntities(text);
    if (ents.length > 0) message.entities = ents;
    return message;
  }

  /** A text message from a user to the bot in their private chat. */
  privateText(text: string, opts: PrivateTextOptions = {}): UpdateDraft {
    const from = withLanguage(opts.from ?? TEST_USERS.en, opts.languageCode);
    const chat = this.world.privateChatOf(from);
    return { message: this.textMessage(chat, from, text, opts.entities) } as UpdateDraft;
  }

  /** A text message in a group (default: the supergroup DEFAULT_GROUP_ID). */
  groupText(text: string, opts: GroupTextOptions = {}): UpdateDraft {
    const chatId = opts.chatId ?? DEFAULT_GROUP_ID;
    const known = this.world.chats.get(chatId);
    const chat: Chat =
      known && known.type !== 'private' && opts.chatTitle === undefined
        ? known
        : {
            id: chatId,
            type: chatId <= -1_000_000_000_000 ? 'supergroup' : 'group',
            title: opts.chatTitle ?? 'Catalog Test Group',
          };
    const from = opts.anonymousAdmin ? GROUP_ANONYMOUS_BOT : withLanguage(opts.from ?? TEST_USERS.en, opts.languageCode);
    const message = this.textMessage(chat, from, text, opts.entities);
    if (opts.anonymousAdmin) message.sender_chat = chat;
    if (opts.replyToBot !== undefined && opts.replyToBot !== false) {
      let target: BotMessageRecord | undefined;
      if (typeof opts.replyToBot === 'number') {
        target = this.world.botMessage(chatId, opts.replyToBot);
      } else {
        target = [...this.world.botMessageOrder].reverse().find((r) => r.chatId === chatId && !r.deleted);
      }
      if (!target) {
        throw new Error(`groupText: replyToBot=${String(opts.replyToBot)} but the bot has no such live message in chat ${chatId}`);
      }
      message.reply_to_message = target.message as Message & { reply_to_message: undefined };
    }
    return { message } as UpdateDraft;
  }

  /** A press on an inline keyboard button of one of the bot's messages. */
  callback(data: string, opts: CallbackOptions = {}): UpdateDraft {
    let message: Message | undefined;
    if (opts.message) {
      const chatId = isRecord(opts.message) ? opts.message.chatId : opts.message.chat.id;
      const messageId = isRecord(opts.message) ? opts.message.messageId : opts.message.message_id;
      message = this.world.botMessage(chatId, messageId)?.message ?? (isRecord(opts.message) ? opts.message.message : opts.message);
    } else {
      message = [...this.world.botMessageOrder].reverse().find((r) => !r.deleted && r.message.reply_markup?.inline_keyboard !== undefined)?.message;
      if (!message) throw new Error('callback: no message given and the bot has no message with an inline keyboard');
    }
    const chat = message.chat;
    const defaultFrom = chat.type === 'private' ? (this.world.users.get(chat.id) ?? TEST_USERS.en) : TEST_USERS.en;
    const from = withLanguage(opts.from ?? defaultFrom, opts.languageCode);
    return {
      callback_query: {
        id: this.world.nextQueryId(),
        from,
        message,
        chat_instance: String(BigInt(chat.id) * 7919n - 4_611_686_018_427_387_904n),
        data,
      },
    };
  }

  /** An inline query typed by a user (`@Bot query`). */
  inlineQuery(query: string, opts: InlineQueryOptions = {}): UpdateDraft {
    const from = withLanguage(opts.from ?? TEST_USERS.en, opts.languageCode);
    return {
      inline_query: {
        id: this.world.nextQueryId(),
        from,
        query,
        offset: opts.offset ?? '',
        chat_type: opts.chatType ?? 'sender',
      },
    };
  }
}
