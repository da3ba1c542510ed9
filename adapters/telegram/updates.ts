/**
 * Telegram updates as engine events, and the outcomes back as Telegram calls:
 *
 *  - a text message → { type: 'text' } from the chat (Place: group or private, the bot's
 *    username, whether Telegram marks it as for the bot) by its sender (Actor: locale,
 *    whether the bot wrote it itself, a lazy "manages this chat"); a reply is sent as an
 *    answer to the message, its files after it;
 *  - a button → { type: 'page', token: callback_data }: a page edits the pressed message;
 *    an ephemeral reply without items (a stale button, "slow down", no rights, a short
 *    confirmation of an item action) becomes the callback answer's text; any other reply
 *    (what an item action answers) is a new message under the pressed one, which keeps its
 *    list; every callback query is answered;
 *  - an inline query → { type: 'suggest' }, the suggestions rendered as articles.
 *
 * The actor's direct address is the private chat with the user (`telegram:<user id>`).
 * The engine decides everything else (addressing, flood, rights, paging).
 */
import type { Context } from 'grammy';
import type { Message } from 'grammy/types';
import type { Reply } from '../../src/bot/reply.js';
import type { Actor, Place } from '../../src/engine/types.js';
import type { EngineAccess } from '../../src/engine/access.js';
import type { LogFn } from '../../src/log.js';
import { addressOf } from './address.js';
import { addressedToBot, isChatManager } from './groups.js';
import { INLINE_HINT, INLINE_PAGE, inlineArticles } from './inline.js';
import { langOf, localeOf } from './language.js';
import { telegramLimits } from './limits.js';
import { editInPlace, postReply, sendAttachments } from './outgoing.js';

export interface UpdateState {
  engine(): EngineAccess;
  log: LogFn;
  /** Messages handed to the engine (the error boundary apologises only for those). */
  engaged: WeakSet<Context>;
  /** Callback queries already answered. */
  answered: WeakSet<Context>;
}

const CALLBACK_TEXT_CHARS = 200;

function place(address: string, ctx: Context, group: boolean, addressed = false): Place {
  return { address, platform: 'telegram', group, botName: ctx.me.username, addressed, pageTokenBytes: telegramLimits.pageTokenBytes };
}

export async function onMessage(ctx: Context, s: UpdateState): Promise<void> {
  const message = ctx.message;
  if (!message?.text) return;
  if (!message.chat || typeof message.chat.id !== 'number' || typeof message.text !== 'string') {
    s.log(`telegram: update ${ctx.update.update_id} has a malformed message (no chat or no text); ignored`);
    return;
  }
  const me = { id: ctx.me.id, username: ctx.me.username };
  const chat = message.chat;
  const group = chat.type === 'group' || chat.type === 'supergroup';
  const locale = localeOf(message.from?.language_code);
  const userId = message.sender_chat?.id ?? message.from?.id;
  // A person (not a channel or an anonymous admin posting as the group) has a private chat.
  const person = !message.sender_chat && message.from && !message.from.is_bot ? message.from.id : undefined;
  const actor: Actor = {
    ...(userId !== undefined ? { id: String(userId) } : {}),
    ...(person !== undefined ? { directAddress: addressOf(person) } : {}),
    ...(locale ? { locale } : {}),
    isSelf: message.from?.id === me.id || message.via_bot?.id === me.id,
    canManage: () => isChatManager(ctx.api, { chat, from: message.from, senderChat: message.sender_chat }, s.log),
  };
  s.engaged.add(ctx);
  const outcome = await s.engine().handle({ type: 'text', text: message.text }, actor, place(addressOf(chat.id), ctx, group, group && addressedToBot(message, me)));
  if (outcome.type !== 'reply') return;
  await postReply(ctx.api, chat.id, outcome.reply, message, { shown: { group, botName: ctx.me.username } });
  await sendAttachments(ctx.api, chat.id, outcome.reply, message);
}

export async function onCallback(ctx: Context, s: UpdateState): Promise<void> {
  const query = ctx.callbackQuery!;
  const answer = async (text?: string) => {
    if (s.answered.has(ctx)) return;
    s.answered.add(ctx);
    await ctx.answerCallbackQuery(text ? { text: [...text].slice(0, CALLBACK_TEXT_CHARS).join('') } : {});
  };
  const message = query.message;
  // Our buttons are only on messages; one on an inline result is not ours.
  if (!message) return answer();
  const locale = localeOf(query.from.language_code);
  const actor: Actor = {
    id: String(query.from.id),
    ...(locale ? { locale } : {}),
    directAddress: addressOf(query.from.id),
    isSelf: query.from.id === ctx.me.id,
    canManage: () => isChatManager(ctx.api, { chat: message.chat, from: query.from }, s.log),
  };
  const group = message.chat.type === 'group' || message.chat.type === 'supergroup';
  // A message too old to edit (date 0) carries no page any more: the engine calls the empty token stale.
  const token = message.date === 0 ? '' : (query.data ?? '');
  const outcome = await s.engine().handle({ type: 'page', token }, actor, place(addressOf(message.chat.id), ctx, group, true));
  if (outcome.type !== 'reply') return answer();
  const reply = outcome.reply;
  const shown = { group, botName: ctx.me.username };
  if (reply.ephemeral && reply.items.length === 0) return answer(textOf(reply));
  if (reply.paging) await editInPlace(ctx.api, message as Message, reply, shown);
  else {
    // An item action's answer: a message of its own, so the list it was pressed under stays.
    await answer();
    await postReply(ctx.api, message.chat.id, reply, message as Message, { shown });
    await sendAttachments(ctx.api, message.chat.id, reply, message as Message);
  }
  await answer();
}

export async function onInline(ctx: Context, s: UpdateState): Promise<void> {
  const query = ctx.inlineQuery!;
  const locale = localeOf(query.from.language_code);
  const actor: Actor = { id: String(query.from.id), ...(locale ? { locale } : {}), directAddress: addressOf(query.from.id), canManage: async () => false };
  const event = { type: 'suggest' as const, query: query.query, offset: query.offset, limit: INLINE_PAGE };
  const outcome = await s.engine().handle(event, actor, place(addressOf(query.from.id), ctx, false));
  const results = outcome.type === 'suggestions' ? inlineArticles(outcome.suggestions, query.offset) : [];
  const nextOffset = outcome.type === 'suggestions' ? (outcome.nextOffset ?? '') : '';
  await ctx.answerInlineQuery(results, {
    next_offset: nextOffset,
    // Results are in the user's language, so they are cached per user; nothing (or over the limit) only briefly.
    is_personal: true,
    cache_time: results.length ? 60 : 5,
    ...(query.query.trim() === '' ? { button: { text: INLINE_HINT[langOf(query.from.language_code)], start_parameter: 'inline' } } : {}),
  });
}

function textOf(reply: Reply): string {
  return reply.text.filter((t) => t.trim() !== '').join('\n');
}
