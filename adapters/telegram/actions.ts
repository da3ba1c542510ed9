/**
 * Item action buttons ("remind me", and on a reminder "tomorrow", "only the last day",
 * "stop") as inline keyboard rows under the page buttons: one row per item, each button's
 * callback_data the token the engine made (an action without one, or one over 64 bytes,
 * is left out). In a group, a follow also gets a URL button that opens the private chat
 * with `/start follow_<entry id>`: a person who never started the bot cannot be written
 * to first, so the reminders need that chat opened once.
 */
import type { InlineKeyboardButton } from 'grammy/types';
import type { Lang, Reply } from '../../src/bot/reply.js';
import { telegramLimits } from './limits.js';

/** Where a reply is shown: a group needs the deep link; it names the bot. */
export interface Shown {
  group: boolean;
  /** The bot's username (no "@"); without it there is no deep link. */
  botName?: string | undefined;
}

const OPEN_PRIVATE: Record<Lang, string> = { zh: '私聊开启提醒', en: 'Open a private chat' };
/** A start parameter: 1-64 of A-Z, a-z, 0-9, _ and -. */
const START_PARAMETER = /^[A-Za-z0-9_-]{1,64}$/;
/** Telegram allows 100 buttons in a keyboard; the page row takes at most 2. */
const MAX_BUTTONS = 98;

const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');

/** `https://t.me/<bot>?start=follow_<id>`, or undefined when the id cannot be a start parameter. */
function followLink(botName: string, entryId: string): string | undefined {
  const start = `follow_${entryId}`;
  return START_PARAMETER.test(start) ? `https://t.me/${encodeURIComponent(botName)}?start=${start}` : undefined;
}

/** The action rows of a reply's items, and in a group the deep links for follows. */
export function actionRows(reply: Reply, shown: Shown): InlineKeyboardButton[][] {
  const rows: InlineKeyboardButton[][] = [];
  let count = 0;
  const numbered = reply.items.length > 1;
  const offset = reply.paging ? (reply.paging.page - 1) * reply.paging.pageSize : 0;
  const linked = new Set<string>();
  reply.items.forEach((item, i) => {
    const label = (text: string) => (numbered ? `${offset + i + 1} · ${text}` : text);
    const row: InlineKeyboardButton[] = [];
    for (const action of item.actions ?? []) {
      if (!action.token || utf8(action.token) > telegramLimits.pageTokenBytes) continue;
      row.push({ text: label(action.label), callback_data: action.token });
    }
    const follows = reply.intent === 'follow' || (item.actions ?? []).some((a) => a.key === 'follow');
    if (shown.group && shown.botName && follows && !linked.has(item.id)) {
      const url = followLink(shown.botName, item.id);
      if (url) {
        linked.add(item.id);
        row.push({ text: label(OPEN_PRIVATE[reply.lang]), url });
      }
    }
    const room = MAX_BUTTONS - count;
    if (row.length && room > 0) {
      rows.push(row.slice(0, Math.min(room, 8)));
      count += Math.min(row.length, room, 8);
    }
  });
  return rows;
}
