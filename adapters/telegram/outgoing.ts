/**
 * What the Telegram module sends: a Reply as HTML messages (split under 4096
 * characters, page buttons and then the items' action buttons on the last), its files as
 * documents (`attachment.render()`), and a page shown in place by editing the pressed
 * message. Functions of the grammY Api.
 */
import { GrammyError, InputFile, type Api } from 'grammy';
import type { InlineKeyboardMarkup, Message } from 'grammy/types';
import type { Reply } from '../../src/bot/reply.js';
import { actionRows, type Shown } from './actions.js';
import { pageKeyboard } from './paging.js';
import { renderReply } from './render.js';

type ReplyTarget = Pick<Message, 'message_id' | 'message_thread_id' | 'is_topic_message'>;

/** How a reply is posted: where it is shown (action buttons, deep links) and whether it rings. */
export interface PostOptions {
  shown?: Shown;
  /** disable_notification: the message arrives without sound. */
  silent?: boolean;
}

function keyboard(reply: Reply, shown: Shown = { group: false }): InlineKeyboardMarkup | undefined {
  const rows = [...((reply.paging && pageKeyboard(reply.paging, reply.lang)?.inline_keyboard) || []), ...actionRows(reply, shown)];
  return rows.length ? { inline_keyboard: rows } : undefined;
}

/** Sends a reply as one or more messages; the buttons go on the last one. */
export async function postReply(api: Api, chat: number | string, reply: Reply, replyTo?: ReplyTarget, options: PostOptions = {}): Promise<Message.TextMessage[]> {
  return sendChunks(api, chat, renderReply(reply), keyboard(reply, options.shown), replyTo, options.silent);
}

async function sendChunks(
  api: Api,
  chat: number | string,
  chunks: readonly string[],
  keyboard: InlineKeyboardMarkup | undefined,
  replyTo: ReplyTarget | undefined,
  silent = false,
): Promise<Message.TextMessage[]> {
  const sent: Message.TextMessage[] = [];
  for (const [i, chunk] of chunks.entries()) {
    const last = i === chunks.length - 1;
    sent.push(
      await api.sendMessage(chat, chunk, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        ...(replyTo ? replyOptions(replyTo) : {}),
        ...(silent ? { disable_notification: true } : {}),
        ...(last && keyboard ? { reply_markup: keyboard } : {}),
      }),
    );
  }
  return sent;
}

/** A reply's files (one item's .ics) as documents, after its text. */
export async function sendAttachments(api: Api, chat: number | string, reply: Reply, replyTo: ReplyTarget): Promise<void> {
  for (const file of reply.attachments ?? []) {
    await api.sendDocument(chat, new InputFile(Buffer.from(file.render(), 'utf8'), file.filename), replyOptions(replyTo));
  }
}

/** A page button: the pressed message shows the new page (overflow goes to new messages). */
export async function editInPlace(api: Api, message: Message, reply: Reply, shown?: Shown): Promise<void> {
  const [first, ...rest] = renderReply(reply);
  if (first === undefined) return;
  const buttons = keyboard(reply, shown);
  try {
    await api.editMessageText(message.chat.id, message.message_id, first, {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      ...(rest.length === 0 && buttons ? { reply_markup: buttons } : {}),
    });
  } catch (error) {
    // A second press on the same button: the message already shows that page.
    if (!(error instanceof GrammyError && /message is not modified/i.test(error.description))) throw error;
  }
  if (rest.length) await sendChunks(api, message.chat.id, rest, buttons, message.reply_to_message);
}

export function replyOptions(to: Pick<Message, 'message_id' | 'message_thread_id' | 'is_topic_message'>) {
  return {
    reply_parameters: { message_id: to.message_id, allow_sending_without_reply: true },
    ...(to.is_topic_message && to.message_thread_id !== undefined ? { message_thread_id: to.message_thread_id } : {}),
  };
}
