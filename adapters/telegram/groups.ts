/**
 * When the bot speaks in a group: a command addressed to it (`/paper@CatalogBot …`) or
 * to no bot in particular (`/paper …`, one of our command names), a message that
 * mentions @CatalogBot, or a reply to one of its messages. Everything else in a group
 * is other people's conversation and gets no answer. Private chats are always answered.
 */
import type { Api } from 'grammy';
import type { Message, MessageEntity } from 'grammy/types';

export interface BotIdentity {
  id: number;
  username: string;
}

export interface LeadingCommand {
  name: string;
  /** The bot named after "@", when the command names one. */
  bot?: string;
}

/** "/paper@CatalogBot ecg" → { name: "paper", bot: "CatalogBot" }; text not starting with a command → undefined. */
export function leadingCommand(text: string): LeadingCommand | undefined {
  const m = /^\/([A-Za-z0-9_]{1,64})(?:@([A-Za-z0-9_]{3,32}))?(?=\s|$)/.exec(text);
  if (!m) return undefined;
  return { name: m[1]!.toLowerCase(), ...(m[2] ? { bot: m[2] } : {}) };
}

function sameUsername(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** True when the message mentions the bot (@username, or a text mention of its user). */
export function mentionsBot(text: string, entities: readonly MessageEntity[] | undefined, me: BotIdentity): boolean {
  for (const e of entities ?? []) {
    if (e.type === 'mention' && sameUsername(text.slice(e.offset + 1, e.offset + e.length), me.username)) return true;
    if (e.type === 'text_mention' && e.user.id === me.id) return true;
  }
  // Clients always send entities; this covers a message without them.
  return mentionPattern(me.username).test(text);
}

function mentionPattern(username: string): RegExp {
  return new RegExp(`(?:^|[^A-Za-z0-9_])@${quote(username)}(?![A-Za-z0-9_])`, 'i');
}

function quote(username: string): string {
  return username.replace(/[^A-Za-z0-9_]/g, '\\$&');
}

/** Whether a group message is for this bot. `isOurCommand` knows the declared names and aliases. */
export function addressedToBot(message: Message, me: BotIdentity, isOurCommand: (name: string) => boolean): boolean {
  const text = message.text ?? message.caption ?? '';
  const entities = message.entities ?? message.caption_entities;
  const command = leadingCommand(text);
  if (command?.bot) return sameUsername(command.bot, me.username);
  if (command && isOurCommand(command.name)) return true;
  if (mentionsBot(text, entities, me)) return true;
  return message.reply_to_message?.from?.id === me.id;
}

/** Removes "@CatalogBot" from the text the core sees: "/paper@CatalogBot ecg" → "/paper ecg". */
export function stripMention(text: string, username: string): string {
  return text
    .replace(new RegExp(`@${quote(username)}(?![A-Za-z0-9_])`, 'gi'), '')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

/**
 * Who may change a chat's subscriptions: anyone in a private chat; in a group, its
 * creator and administrators (getChatMember), and an anonymous admin (the message's
 * sender_chat is the group itself).
 */
export async function isChatManager(api: Api, message: Message, log: (message: string, error?: unknown) => void): Promise<boolean> {
  const chat = message.chat;
  if (chat.type === 'private') return true;
  if (message.sender_chat?.id === chat.id) return true;
  if (!message.from || message.sender_chat) return false;
  try {
    const member = await api.getChatMember(chat.id, message.from.id);
    return member.status === 'creator' || member.status === 'administrator';
  } catch (error) {
    log(`telegram: getChatMember failed in chat ${chat.id}`, error);
    return false;
  }
}
