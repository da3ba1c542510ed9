/**
 * What Telegram tells about a group message being for the bot: a reply to one of its
 * messages, or a mention entity (@CatalogBot, or a text mention of its user). The
 * engine reads the text itself (`/command@CatalogBot`, "@CatalogBot" typed without an
 * entity) and decides what a group message gets. Private chats are always answered.
 */
import type { Api } from 'grammy';
import type { Chat, Message, User } from 'grammy/types';
import type { LogFn } from '../../src/log.js';

interface BotIdentity {
  id: number;
  username: string;
}

/** Whether Telegram marks a group message as for the bot: a reply to it or a mention entity of it. */
export function addressedToBot(message: Message, me: BotIdentity): boolean {
  if (message.reply_to_message?.from?.id === me.id) return true;
  const text = message.text ?? message.caption ?? '';
  for (const e of message.entities ?? message.caption_entities ?? []) {
    if (e.type === 'mention' && text.slice(e.offset + 1, e.offset + e.length).toLowerCase() === me.username.toLowerCase()) return true;
    if (e.type === 'text_mention' && e.user.id === me.id) return true;
  }
  return false;
}

/**
 * Who may change a chat's subscriptions: anyone in a private chat; in a group, its
 * creator and administrators (getChatMember), and an anonymous admin (the message's
 * sender_chat is the group itself). Unknown (an API error) is no.
 */
export async function isChatManager(api: Api, who: { chat: Chat; from?: User | undefined; senderChat?: Chat | undefined }, log: LogFn): Promise<boolean> {
  const { chat, from, senderChat } = who;
  if (chat.type === 'private') return true;
  if (senderChat?.id === chat.id) return true;
  if (!from || senderChat) return false;
  try {
    const member = await api.getChatMember(chat.id, from.id);
    return member.status === 'creator' || member.status === 'administrator';
  } catch (error) {
    log(`telegram: getChatMember failed in chat ${chat.id}`, error);
    return false;
  }
}
