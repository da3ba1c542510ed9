/**
 * Item actions, direct messages and reminders' send options on Telegram end to end: the
 * module's receiver and sender against the fake Bot API over HTTP. An action button
 * pressed runs its command; a silent post is sent without sound; a person who never
 * started the bot cannot be written to first (lost); a group post of a follow carries
 * the deep link to the private chat.
 */
import type { InlineKeyboardButton } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platformModule, telegramConfigFromEnv, type TelegramReceiver } from '../../adapters/telegram/index.js';
import type { Reply } from '../../src/bot/reply.js';
import { systemClock } from '../../src/clock.js';
import { encodeSelf } from '../../src/engine/page-token.js';
import { SendError, type Sender } from '../../src/platform.js';
import { type ActionSpec, withActions } from '../adapters/with-actions.js';
import { openContractEngine, type ContractEngine } from '../contract/engine-for-tests.js';
import { FakeTelegramApi, TEST_USERS, type BotMessageRecord } from '../fakes/telegram/index.js';

const GROUP = -1001234567890;
const EN = TEST_USERS.en;
const REMIND: ActionSpec = { key: 'follow', label: 'Remind me', command: 'deadline', args: { query: 'EMNLP' } };

let fake: FakeTelegramApi;
let contract: ContractEngine;
let receiver: TelegramReceiver;
let sender: Sender;
const specs: ActionSpec[] = [REMIND];

beforeAll(async () => {
  fake = await FakeTelegramApi.start();
  contract = await openContractEngine();
  const config = telegramConfigFromEnv({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot })!;
  const services = { clock: systemClock, log: () => undefined };
  receiver = platformModule.createReceiver(config, services) as TelegramReceiver;
  sender = platformModule.createSender(config, services);
  await receiver.start(withActions(contract.engine, () => specs));
});

afterAll(async () => {
  await receiver?.stop();
  await sender?.close();
  await fake?.close();
  await contract?.close();
});

const keyboard = (r: BotMessageRecord | undefined) => (r?.message.reply_markup?.inline_keyboard ?? []) as InlineKeyboardButton[][];

async function reference(): Promise<Reply> {
  return contract.reference({ type: 'command', name: 'deadline', args: { query: 'EMNLP' } }, 'en');
}

describe('Telegram item actions and direct posts (fake Bot API)', () => {
  it('runs the command of a pressed action button and posts its answer as a new message', async () => {
    let update = fake.privateText('/search medical', { from: EN });
    await fake.waitForCall('getUpdates', (p) => Number(p.offset) > update.update_id);
    const list = fake.lastMessage(EN.id)!;
    const action = keyboard(list)[1]![0] as { text: string; callback_data: string };
    expect(action.text).toBe('1 · Remind me');
    const before = fake.messages(EN.id).length;
    update = fake.callback(action.callback_data, { message: list, from: EN });
    await fake.waitForCall('getUpdates', (p) => Number(p.offset) > update.update_id);
    expect(fake.callbackAnswers.at(-1)).toEqual({ callback_query_id: update.callback_query!.id });
    const answer = fake.messages(EN.id).slice(before);
    const ref = await reference();
    expect(answer[0]!.rawText).toContain(ref.items[0]!.title);
    expect(answer[0]!.message.reply_to_message?.message_id).toBe(list.messageId);
    // The list it was pressed under is as it was.
    expect(fake.messages(EN.id).find((r) => r.messageId === list.messageId)!.editCount).toBe(0);
  });

  it('sends silently when asked (disable_notification), and rings otherwise', async () => {
    const reply = await reference();
    await sender.send(`telegram:${EN.id}`, reply, { silent: true });
    await sender.send(`telegram:${EN.id}`, reply);
    const [silent, ringing] = fake.callsTo('sendMessage').slice(-2);
    expect(silent!.payload.disable_notification).toBe(true);
    expect(ringing!.payload.disable_notification).toBeUndefined();
  });

  it('calls a person who never started the bot lost (403 "bot can\'t initiate conversation")', async () => {
    const stranger = 555000111;
    fake.failNext('sendMessage', { error_code: 403, description: "Forbidden: bot can't initiate conversation with a user", match: (p) => Number(p.chat_id) === stranger });
    const error = await sender.send(`telegram:${stranger}`, await reference()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SendError);
    expect(error).toMatchObject({ kind: 'lost', message: "Forbidden: bot can't initiate conversation with a user" });
  });

  it('puts the deep link to the private chat under a follow posted to a group (the bot asks getMe once)', async () => {
    const reply = await reference();
    const token = encodeSelf({ command: 'deadline', args: { query: 'EMNLP' } }, 1, 64)!;
    reply.items[0]!.actions = [{ ...REMIND, token }];
    const getMes = fake.callsTo('getMe').length;
    await sender.send(`telegram:${GROUP}`, reply);
    await sender.send(`telegram:${GROUP}`, reply);
    expect(fake.callsTo('getMe')).toHaveLength(getMes + 1);
    expect(keyboard(fake.lastMessage(GROUP))).toEqual([
      [
        { text: 'Remind me', callback_data: token },
        { text: 'Open a private chat', url: `https://t.me/${fake.botInfo.username}?start=follow_${reply.items[0]!.id}` },
      ],
    ]);
    // A private chat gets the button without the link, and no getMe.
    await sender.send(`telegram:${EN.id}`, reply);
    expect(keyboard(fake.lastMessage(EN.id))).toEqual([[{ text: 'Remind me', callback_data: token }]]);
    expect(fake.callsTo('getMe')).toHaveLength(getMes + 1);
  });
});
