/**
 * The adapter contract on Discord: a real discord.js Client (inside DiscordAdapter)
 * connected to the fake Discord REST + gateway on 127.0.0.1.
 *
 * Discord has no free text here: the bot asks for the Guilds intent only (no message
 * content), so users talk to it through slash commands. `ask(text)` therefore sends
 * the slash command the core itself would pick for that text (routeText from
 * src/bot/intent.ts: "papers about ECG" → /paper query:ECG), which is what a user
 * types on Discord. Titles are read back from the embeds ("N. [kind] title").
 */
import { COMMANDS } from '../../commands/index.js';
import { DiscordAdapter, decodePageId, parseItemTitle, plainText, syncDiscordCommands } from '../../adapters/discord/index.js';
import { routeText } from '../../src/bot/intent.js';
import { parseSlash } from '../../src/bot/slash.js';
import type { Lang } from '../../src/bot/types.js';
import { FakeDiscord, type JsonObject } from '../fakes/discord/index.js';
import { makeBot } from '../helpers.js';
import { adapterContract, type Transcript } from './adapter-contract.js';

const LOCALE: Record<Lang, string> = { en: 'en-US', zh: 'zh-CN' };

adapterContract('discord', async () => {
  const fake = await FakeDiscord.start();
  const core = makeBot();
  const config = { token: fake.token, applicationId: fake.applicationId, restApi: fake.restBase };
  const errors: unknown[] = [];
  const adapter = new DiscordAdapter(config, core, { log: (message, error) => errors.push(error ?? message) });
  await adapter.start((request) => core.handle(request));

  let last: { messages: JsonObject[]; locale: string } | undefined;

  /** Everything the bot showed for an interaction: the reply (after edits) and its follow-ups. */
  const shownFor = async (interactionId: string, locale: string): Promise<Transcript> => {
    await fake.waitForInteractionResponse(interactionId);
    await adapter.whenIdle();
    const messages = [fake.originalMessage(interactionId), ...fake.followUps(interactionId)].filter((m): m is JsonObject => Boolean(m));
    last = { messages, locale };
    const titles = messages.flatMap((m) => (m.embeds as { title?: string }[]).flatMap((e) => parseItemTitle(e.title ?? '')?.title ?? []));
    return { text: messages.map((m) => plainText(m)).join('\n'), titles };
  };

  const slash = (name: string, query: string | undefined, locale: string, user?: JsonObject) => {
    const { id } = fake.slashCommand(name, query ? { query } : undefined, { locale, ...(user ? { user } : {}) });
    return id;
  };

  return {
    core,
    freeText: false,
    commandNames: async () => {
      await syncDiscordCommands(config, COMMANDS);
      return fake.commands('global').map((c) => c.name as string);
    },
    ask: (text, lang) => {
      const routed = routeText(text);
      return shownFor(slash(routed.command, routed.query || undefined, LOCALE[lang]), LOCALE[lang]);
    },
    command: (name, query, lang) => shownFor(slash(name, query, LOCALE[lang]), LOCALE[lang]),
    nextPage: async () => {
      if (!last) throw new Error('no reply to page');
      // The paging buttons lead to the page before and after; "next" is the higher one.
      for (const message of [...last.messages].reverse()) {
        const ids = (message.components as { components: { custom_id?: string }[] }[])
          .flatMap((row) => row.components.map((b) => b.custom_id ?? ''))
          .filter((id) => decodePageId(id));
        const next = ids.sort((a, b) => decodePageId(b)!.page - decodePageId(a)!.page)[0];
        if (next) return shownFor(fake.button(next, { message: message.id as string, locale: last.locale }).id, last.locale);
      }
      throw new Error('the last reply has no paging button');
    },
    fromSelf: async (text) => {
      // An interaction whose user is the bot itself: nothing may answer it.
      const parsed = parseSlash(text);
      const self = { id: fake.botUser.id as string, username: fake.botUser.username as string, bot: true };
      const own = slash(parsed?.name ?? 'search', parsed?.rest || undefined, 'en-US', self);
      // Gateway events arrive in order: once a later interaction is answered, the first was seen.
      await shownFor(slash('help', undefined, 'en-US'), 'en-US');
      const responses = fake.interactionResponses(own);
      if (responses.length === 0) return undefined;
      return { text: JSON.stringify(responses.map((r) => r.data)), titles: [] };
    },
    close: async () => {
      await adapter.stop();
      await fake.close();
      if (errors.length) throw new Error(`the adapter logged errors: ${errors.map(String).join('; ')}`);
    },
  };
});
