/**
 * The adapter contract for Telegram: the module's receiver (real grammY, long polling the
 * fake Bot API) started with the contract engine; the harness pushes updates like a
 * Telegram client and reads back what the bot sent (titles parsed from the HTML, visible
 * text as the fake parsed it). Manage commands are asked in a group, where getChatMember
 * decides.
 */
import { titlesOfHtml } from '../fakes/telegram/titles.js';
import type { Update, User } from 'grammy/types';
import { platformModule } from '../../adapters/telegram/index.js';
import { COMMANDS } from '../../commands/index.js';
import type { Lang } from '../../src/bot/reply.js';
import { systemClock } from '../../src/clock.js';
import type { PlatformServices } from '../../src/platform.js';
import { DEFAULT_GROUP_ID, FakeTelegramApi, TEST_USERS, type BotMessageRecord } from '../fakes/telegram/index.js';
import { adapterContract, type Transcript } from './adapter-contract.js';
import { openContractEngine } from './engine-for-tests.js';

/** Titles are the "<b>N. [kind] title</b>" lines of the HTML the bot sent. */
function transcript(records: readonly BotMessageRecord[]): Transcript {
  const titles = records.flatMap((r) => titlesOfHtml(r.rawText));
  return { text: records.map((r) => r.text).join('\n\n'), titles };
}

/** "/name first name:value…" as users type it: the first declared option as text, the others named (`/deadline NLPCC zone:Tokyo`). */
function commandLine(name: string, args: Record<string, string | undefined>): string {
  const [first, ...others] = COMMANDS.find((c) => c.name === name)?.options ?? [];
  const named = others.flatMap((o) => (args[o.name] ? [`${o.name}:${args[o.name]}`] : []));
  return [`/${name}`, ...(first && args[first.name] ? [args[first.name]] : []), ...named].join(' ');
}

adapterContract('telegram', async () => {
  const fake = await FakeTelegramApi.start();
  const contract = await openContractEngine();
  const config = { token: fake.token, apiRoot: fake.apiRoot };
  const logs: string[] = [];
  const services: PlatformServices = { clock: systemClock, log: (message, error) => logs.push(`${message} ${String(error ?? '')}`) };
  const receiver = platformModule.createReceiver(config, services);
  await receiver.start(contract.engine);
  let user: User = TEST_USERS.en;
  let manager = false;

  /** Pushes an update and waits until the bot has handled it (its next long poll confirms it). */
  const exchange = async (chatId: number, push: () => Update): Promise<BotMessageRecord[]> => {
    const before = fake.messages(chatId).length;
    const update = push();
    await fake.waitForCall('getUpdates', (p) => Number(p.offset) > update.update_id);
    return fake.messages(chatId).slice(before);
  };

  const say = async (text: string, lang: Lang): Promise<Transcript> => {
    user = lang === 'zh' ? TEST_USERS.zh : TEST_USERS.en;
    return transcript(await exchange(user.id, () => fake.privateText(text, { from: user })));
  };

  return {
    contract,
    freeText: true,
    commandNames: async () => {
      await platformModule.publishCommands(config, COMMANDS, services);
      return fake.commands().map((c) => c.command);
    },
    ask: (text, lang) => say(text, lang),
    command: (name, args, lang) => say(commandLine(name, args), lang),
    nextPage: async () => {
      const last = [...fake.messages(user.id)].reverse().find((r) => r.message.reply_markup?.inline_keyboard);
      if (!last) throw new Error('no paged reply to page through');
      const next = last.message.reply_markup!.inline_keyboard.flat().find((b) => b.text.endsWith('▶'));
      if (!next || !('callback_data' in next)) throw new Error('the paged reply has no next-page button');
      const update = fake.callback(next.callback_data!, { message: last, from: user });
      await fake.waitForCall('answerCallbackQuery', (p) => p.callback_query_id === update.callback_query!.id);
      await fake.waitForCall('getUpdates', (p) => Number(p.offset) > update.update_id);
      const edited = fake.messages(user.id).find((r) => r.messageId === last.messageId)!;
      return transcript([edited]);
    },
    fromSelf: async (text) => {
      const { id, first_name, username } = fake.botInfo;
      const self: User = { id, is_bot: true, first_name, ...(username ? { username } : {}) };
      const sent = await exchange(DEFAULT_GROUP_ID, () => {
        const draft = fake.build.groupText(text, { from: self });
        return { ...draft, update_id: fake.pushUpdate(draft) } as Update;
      });
      return sent.length ? transcript(sent) : undefined;
    },
    setManager: (granted) => {
      manager = granted;
    },
    commandInGroup: async (name, args, lang) => {
      user = lang === 'zh' ? TEST_USERS.zh : TEST_USERS.en;
      fake.setChatMember(DEFAULT_GROUP_ID, user.id, manager ? 'administrator' : 'member');
      const from = user;
      return transcript(await exchange(DEFAULT_GROUP_ID, () => fake.groupText(commandLine(name, args), { chatId: DEFAULT_GROUP_ID, from })));
    },
    close: async () => {
      await receiver.stop();
      await fake.close();
      await contract.close();
      if (logs.length) throw new Error(`the receiver logged errors:\n${logs.join('\n')}`);
    },
  };
});
