/**
 * The adapter contract for Telegram: the real grammY bot of the adapter long-polls the
 * fake Bot API; the harness pushes updates like a Telegram client and reads back what
 * the bot sent (titles parsed from the HTML, visible text as the fake parsed it).
 */
import type { Update, User } from 'grammy/types';
import { TelegramAdapter, syncTelegramCommands } from '../../adapters/telegram/index.js';
import { COMMANDS } from '../../commands/index.js';
import type { Lang } from '../../src/bot/types.js';
import { DEFAULT_GROUP_ID, FakeTelegramApi, TEST_USERS, type BotMessageRecord } from '../fakes/telegram/index.js';
import { makeBot } from '../helpers.js';
import { adapterContract, type Transcript } from './adapter-contract.js';

function unescapeHtml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

/** Titles are the "<b>N. [kind] title</b>" lines of the HTML the bot sent. */
function transcript(records: readonly BotMessageRecord[]): Transcript {
  const titles = records.flatMap((r) => [...r.rawText.matchAll(/<b>\d+\. \[[^\]]*\] ([\s\S]*?)<\/b>/g)].map((m) => unescapeHtml(m[1]!)));
  return { text: records.map((r) => r.text).join('\n\n'), titles };
}

adapterContract('telegram', async () => {
  const fake = await FakeTelegramApi.start();
  const core = makeBot();
  const config = { token: fake.token, apiRoot: fake.apiRoot };
  const logs: string[] = [];
  const adapter = new TelegramAdapter(config, core, {
    rateLimit: { burst: 1000, perSecond: 1000 },
    log: (message, error) => logs.push(`${message} ${String(error ?? '')}`),
  });
  await adapter.start((request) => core.handle(request));
  let user: User = TEST_USERS.en;

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
    core,
    freeText: true,
    commandNames: async () => {
      await syncTelegramCommands(config, COMMANDS);
      return fake.commands().map((c) => c.command);
    },
    ask: (text, lang) => say(text, lang),
    command: (name, query, lang) => say(`/${name}${query ? ` ${query}` : ''}`, lang),
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
    close: async () => {
      await adapter.stop();
      await fake.close();
      if (logs.length) throw new Error(`the adapter logged errors:\n${logs.join('\n')}`);
    },
  };
});
