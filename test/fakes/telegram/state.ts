/**
 * The fake's model of the Telegram world: chats, users, messages, chat
 * members, command lists, open callback/inline queries and the webhook.
 */
import type { BotCommand, ChatMember } from 'grammy/types';
import type { BotMessageRecord, Chat, ChatMemberOptions, MemberStatus, Message, Update, User, UserFromGetMe } from './types.js';

/** The user Telegram shows as the sender of anonymous group admins' messages. */
export const GROUP_ANONYMOUS_BOT: User = Object.freeze({
  id: 1087968824,
  is_bot: true,
  first_name: 'Group',
  username: 'GroupAnonymousBot',
}) as User;

/** Ready-made test users: an English speaker and a Simplified Chinese speaker. */
export const TEST_USERS = Object.freeze({
  en: Object.freeze({
    id: 5550001,
    is_bot: false,
    first_name: 'Alice',
    last_name: 'Example',
    username: 'alice_example',
    language_code: 'en',
  }) as User,
  zh: Object.freeze({
    id: 5550002,
    is_bot: false,
    first_name: '小明',
    username: 'xiaoming_example',
    language_code: 'zh-hans',
  }) as User,
});

/** Default group used by `groupText` (a supergroup id, as real groups have). */
export const DEFAULT_GROUP_ID = -1001234567890;

export interface CallbackAnswer {
  callback_query_id: string;
  text?: string;
  show_alert?: boolean;
  url?: string;
  cache_time?: number;
}

export interface InlineAnswer {
  inline_query_id: string;
  results: unknown[];
  next_offset?: string;
  cache_time?: number;
  is_personal?: boolean;
}

export class FakeWorld {
  readonly botInfo: UserFromGetMe;
  readonly strictHtmlAmpersand: boolean;
  readonly chats = new Map<number, Chat>();
  readonly users = new Map<number, User>();
  private readonly lastMessageId = new Map<number, number>();
  /** chatId -> messageId -> record */
  readonly botMessages = new Map<number, Map<number, BotMessageRecord>>();
  /** All bot messages in sending order (including deleted ones). */
  readonly botMessageOrder: BotMessageRecord[] = [];
  /** Messages of users seen in pushed updates: chatId -> messageId -> Message. */
  readonly incoming = new Map<number, Map<number, Message>>();
  private readonly members = new Map<string, { status: MemberStatus; options: ChatMemberOptions }>();
  readonly commands = new Map<string, BotCommand[]>();
  readonly openCallbackQueries = new Set<string>();
  readonly openInlineQueries = new Set<string>();
  readonly callbackAnswers: CallbackAnswer[] = [];
  readonly inlineAnswers: InlineAnswer[] = [];
  webhook: { url: string; allowed_updates?: string[]; max_connections: number } | undefined;
  /** Last allowed_updates given to getUpdates/setWebhook; undefined/[] = Telegram's default set. */
  allowedUpdates: string[] | undefined;
  private queryCounter = 0;

  constructor(botInfo: UserFromGetMe, strictHtmlAmpersand: boolean) {
    this.botInfo = botInfo;
    this.strictHtmlAmpersand = strictHtmlAmpersand;
    this.users.set(GROUP_ANONYMOUS_BOT.id, GROUP_ANONYMOUS_BOT);
    for (const u of Object.values(TEST_USERS)) this.users.set(u.id, u);
  }

  botUser(): User {
    const { id, is_bot, first_name, username } = this.botInfo;
    return { id, is_bot, first_name, username };
  }

  nextMessageId(chatId: number): number {
    const id = (this.lastMessageId.get(chatId) ?? 0) + 1;
    this.lastMessageId.set(chatId, id);
    return id;
  }

  noteMessageId(chatId: number, messageId: number): void {
    if ((this.lastMessageId.get(chatId) ?? 0) < messageId) this.lastMessageId.set(chatId, messageId);
  }

  nextQueryId(): string {
    // Real ids are large decimal strings.
    this.queryCounter += 1;
    return String(4_000_000_000_000_000_000n + BigInt(this.queryCounter));
  }

  registerUser(user: User): void {
    if (user.id !== this.botInfo.id) this.users.set(user.id, user);
  }

  registerChat(chat: Chat): void {
    this.chats.set(chat.id, chat);
  }

  /** A Chat object for an id: a known chat, or one synthesised from the id's shape. */
  chatFor(chatId: number): Chat {
    const known = this.chats.get(chatId);
    if (known) return known;
    if (chatId > 0) {
      const user = this.users.get(chatId);
      const chat: Chat = { id: chatId, type: 'private', first_name: user?.first_name ?? `User ${chatId}` };
      if (user?.last_name) chat.last_name = user.last_name;
      if (user?.username) chat.username = user.username;
      return chat;
    }
    if (chatId <= -1_000_000_000_000) return { id: chatId, type: 'supergroup', title: `Group ${chatId}` };
    return { id: chatId, type: 'group', title: `Group ${chatId}` };
  }

  privateChatOf(user: User): Chat {
    const chat: Chat = { id: user.id, type: 'private', first_name: user.first_name };
    if (user.last_name) chat.last_name = user.last_name;
    if (user.username) chat.username = user.username;
    return chat;
  }

  /** Remembers chats, users and message ids of an update that is being pushed. */
  registerUpdate(update: Update): void {
    const msgs = [update.message, update.edited_message, update.channel_post, update.edited_channel_post];
    for (const m of msgs) {
      if (!m) continue;
      this.registerChat(m.chat);
      if (m.from) this.registerUser(m.from);
      this.noteMessageId(m.chat.id, m.message_id);
      let byId = this.incoming.get(m.chat.id);
      if (!byId) this.incoming.set(m.chat.id, (byId = new Map()));
      byId.set(m.message_id, m);
    }
    if (update.callback_query) {
      this.registerUser(update.callback_query.from);
      this.openCallbackQueries.add(update.callback_query.id);
    }
    if (update.inline_query) {
      this.registerUser(update.inline_query.from);
      this.openInlineQueries.add(update.inline_query.id);
    }
  }

  botMessage(chatId: number, messageId: number): BotMessageRecord | undefined {
    const rec = this.botMessages.get(chatId)?.get(messageId);
    return rec && !rec.deleted ? rec : undefined;
  }

  storeBotMessage(rec: BotMessageRecord): void {
    let byId = this.botMessages.get(rec.chatId);
    if (!byId) this.botMessages.set(rec.chatId, (byId = new Map()));
    byId.set(rec.messageId, rec);
    this.botMessageOrder.push(rec);
  }

  /** Any live message (bot's or a user's) for reply_to_message. */
  anyMessage(chatId: number, messageId: number): Message | undefined {
    return this.botMessage(chatId, messageId)?.message ?? this.incoming.get(chatId)?.get(messageId);
  }

  setMember(chatId: number, userId: number, status: MemberStatus, options: ChatMemberOptions = {}): void {
    this.members.set(`${chatId}:${userId}`, { status, options });
  }

  memberOf(chatId: number, userId: number): ChatMember {
    const entry = this.members.get(`${chatId}:${userId}`) ?? { status: 'member' as const, options: {} };
    const base: User = userId === this.botInfo.id ? this.botUser() : (this.users.get(userId) ?? { id: userId, is_bot: false, first_name: `User ${userId}` });
    const user: User = { ...base, ...entry.options.user, id: userId };
    const o = entry.options;
    switch (entry.status) {
      case 'creator': {
        const m: ChatMember = { status: 'creator', user, is_anonymous: o.is_anonymous ?? false };
        if (o.custom_title !== undefined) m.custom_title = o.custom_title;
        return m;
      }
      case 'administrator': {
        const m: ChatMember = {
          status: 'administrator',
          user,
          can_be_edited: false,
          is_anonymous: o.is_anonymous ?? false,
          can_manage_chat: true,
          can_delete_messages: true,
          can_manage_video_chats: true,
          can_restrict_members: true,
          can_promote_members: false,
          can_change_info: true,
          can_invite_users: true,
          can_post_stories: false,
          can_edit_stories: false,
          can_delete_stories: false,
          can_pin_messages: true,
          can_manage_topics: false,
          can_send_welcome_messages: false,
        };
        if (o.custom_title !== undefined) m.custom_title = o.custom_title;
        return m;
      }
      case 'restricted':
        return {
          status: 'restricted',
          user,
          is_member: true,
          can_send_messages: false,
          can_send_audios: false,
          can_send_documents: false,
          can_send_photos: false,
          can_send_videos: false,
          can_send_video_notes: false,
          can_send_voice_notes: false,
          can_send_polls: false,
          can_send_other_messages: false,
          can_add_web_page_previews: false,
          can_react_to_messages: false,
          can_change_info: false,
          can_invite_users: false,
          can_edit_tag: false,
          can_pin_messages: false,
          can_manage_topics: false,
          until_date: o.until_date ?? 0,
        };
      case 'left':
        return { status: 'left', user };
      case 'kicked':
        return { status: 'kicked', user, until_date: o.until_date ?? 0 };
      default:
        return { status: 'member', user };
    }
  }
}
