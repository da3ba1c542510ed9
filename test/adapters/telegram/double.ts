/**
 * An in-process Telegram double: the module's real receiver (grammY) with a known
 * `botInfo`, an API transformer that records every call and returns canned results, and
 * updates handed over with `receive` (bot.handleUpdate behind the error boundary),
 * started with the contract engine. No network, no polling.
 */
import { titlesOfHtml } from '../../fakes/telegram/titles.js';
import type { Message, Update, User, UserFromGetMe } from 'grammy/types';
import { platformModule, type TelegramReceiver } from '../../../adapters/telegram/index.js';
import type { EngineAccess } from '../../../src/engine/access.js';
import { FakeClock } from '../../fake-clock.js';
import { detectEntities } from '../../fakes/telegram/updates.js';
import { openContractEngine, type ContractEngine } from '../../contract/engine-for-tests.js';

export const BOT: UserFromGetMe = {
  id: 7000000001,
  is_bot: true,
  first_name: 'Catalog',
  username: 'CatalogBot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: true,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};
export const EN: User = { id: 101, is_bot: false, first_name: 'Alice', language_code: 'en' };
export const ZH: User = { id: 102, is_bot: false, first_name: '小明', language_code: 'zh-hans' };
export const GROUP = -1001234567890;

type Payload = Record<string, unknown>;

export interface Call {
  method: string;
  payload: Payload;
  /** The canned result returned. */
  result?: unknown;
}

export interface Double {
  contract: ContractEngine;
  receiver: TelegramReceiver;
  calls: Call[];
  logs: string[];
  /** getChatMember answers: "chat:user" → status (default "member"). */
  members: Map<string, string>;
  /** Hands one update over; resolves with the calls it made. */
  receive(update: Omit<Update, 'update_id'>): Promise<Call[]>;
  privateText(text: string, from?: User): Omit<Update, 'update_id'>;
  groupText(text: string, options?: { from?: User; replyTo?: Message }): Omit<Update, 'update_id'>;
  /** A press of a button with `data` under `message` (a message the bot sent). */
  press(data: string, message: Message, from?: User): Omit<Update, 'update_id'>;
  inline(query: string, offset?: string, from?: User): Omit<Update, 'update_id'>;
  close(): Promise<void>;
}

export async function openDouble(options: { wrap?: (engine: EngineAccess) => EngineAccess } = {}): Promise<Double> {
  const contract = await openContractEngine();
  const calls: Call[] = [];
  const logs: string[] = [];
  const members = new Map<string, string>();
  const clock = new FakeClock();
  const receiver = platformModule.createReceiver(
    { token: '123456:TEST-token-for-the-double', webhookUrl: 'https://bot.example.test/hook' },
    { clock, log: (m, e) => logs.push(`${m}${e ? `: ${e instanceof Error ? e.message : String(e)}` : ''}`), mountHttp: () => () => undefined },
  ) as TelegramReceiver;
  receiver.bot.botInfo = BOT;
  let ids = 1000;
  const now = () => Math.floor(clock.now() / 1000);
  const sent = (payload: Payload): Message =>
    ({
      message_id: (payload.message_id as number | undefined) ?? ids++,
      date: now(),
      chat: { id: Number(payload.chat_id), type: Number(payload.chat_id) < 0 ? 'supergroup' : 'private' },
      from: { id: BOT.id, is_bot: true, first_name: BOT.first_name, username: BOT.username },
      text: payload.text ?? '',
      ...(payload.reply_markup ? { reply_markup: payload.reply_markup } : {}),
    }) as Message;
  receiver.bot.api.config.use(async (_prev, method, payload) => {
    const p = payload as Payload;
    const result = (() => {
      switch (method) {
        case 'sendMessage':
        case 'sendDocument':
        case 'editMessageText':
          return sent(p);
        case 'getChatMember':
          return { status: members.get(`${p.chat_id}:${p.user_id}`) ?? 'member', user: { id: p.user_id, is_bot: false, first_name: 'u' } };
        default:
          return true;
      }
    })();
    calls.push({ method, payload: p, result });
    return { ok: true, result } as never;
  });
  await receiver.start(options.wrap ? options.wrap(contract.engine) : contract.engine);
  calls.length = 0;

  let updateId = 1;
  let messageId = 1;
  const message = (text: string, from: User, chat: Message['chat'], extra: Partial<Message> = {}) =>
    ({ message_id: messageId++, date: now(), chat, from, text, entities: detectEntities(text), ...extra }) as Message;
  return {
    contract,
    receiver,
    calls,
    logs,
    members,
    receive: async (update) => {
      const before = calls.length;
      await receiver.receive({ ...update, update_id: updateId++ } as Update);
      return calls.slice(before);
    },
    privateText: (text, from = EN) => ({ message: message(text, from, { id: from.id, type: 'private', first_name: from.first_name }) }) as never,
    groupText: (text, { from = EN, replyTo } = {}) =>
      ({ message: message(text, from, { id: GROUP, type: 'supergroup', title: 'Group' }, replyTo ? { reply_to_message: replyTo as never } : {}) }) as never,
    press: (data, msg, from = EN) => ({ callback_query: { id: String(updateId * 10), from, chat_instance: 'ci', data, message: msg } }) as never,
    inline: (query, offset = '', from = EN) => ({ inline_query: { id: String(updateId * 10), from, query, offset } }) as never,
    close: async () => {
      await receiver.stop();
      await contract.close();
    },
  };
}

/** The item titles of the HTML texts the calls sent ("<b>N. [kind] title</b>"). */
export function titlesOf(calls: readonly Call[]): string[] {
  return calls.flatMap((c) => titlesOfHtml(String(c.payload.text ?? '')));
}

/** The callback_data of the buttons of a call's keyboard. */
export function buttonsOf(call: Call | undefined): string[] {
  const markup = call?.payload.reply_markup as { inline_keyboard: Array<Array<{ callback_data?: string }>> } | undefined;
  return (markup?.inline_keyboard ?? []).flat().map((b) => b.callback_data ?? '');
}
