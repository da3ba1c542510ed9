/**
 * The adapter contract on Discord: the module's receiver (a real discord.js Client)
 * started with the contract engine, connected to the fake Discord REST + gateway on
 * 127.0.0.1. Users act through fake interactions; the transcript is what the fake
 * received (the original message after edits, and its follow-ups), titles read back
 * from the embeds ("N. [kind] title").
 *
 * Discord has no free text here (the Guilds intent only, no message content): users
 * talk through slash commands. Manage commands are asked in a server channel, where the
 * member's Manage Server permission decides.
 */
import { COMMANDS } from '../../commands/index.js';
import { parseItemTitle } from '../../adapters/discord/embeds.js';
import { plainText } from '../../adapters/discord/messages.js';
import { platformModule } from '../../adapters/discord/module.js';
import type { DiscordReceiver } from '../../adapters/discord/receiver.js';
import { systemClock } from '../../src/clock.js';
import type { PlatformServices } from '../../src/platform.js';
import { FakeDiscord, type JsonObject } from '../fakes/discord/index.js';
import { adapterContract, type Transcript } from './adapter-contract.js';
import { openContractEngine } from './engine-for-tests.js';

const LOCALE = { en: 'en-US', zh: 'zh-CN' } as const;
const MANAGE_GUILD = String(1n << 5n);

type Options = Record<string, string>;
const defined = (args: Record<string, string | undefined>): Options => Object.fromEntries(Object.entries(args).filter((e): e is [string, string] => e[1] !== undefined));

adapterContract('discord', async () => {
  const fake = await FakeDiscord.start({ disallowPrivilegedIntents: true });
  const contract = await openContractEngine();
  const config = { token: fake.token, applicationId: fake.applicationId, restApi: fake.restBase };
  const errors: unknown[] = [];
  const services: PlatformServices = { clock: systemClock, log: (message, error) => errors.push(error ?? message) };
  const receiver = platformModule.createReceiver(config, services) as DiscordReceiver;
  await receiver.start(contract.engine);

  let last: { messages: JsonObject[]; locale: string } | undefined;
  let manager = false;

  /** Everything the fake Discord was asked to show for an interaction. */
  const shownFor = async (interactionId: string, locale: string): Promise<Transcript> => {
    await fake.waitForInteractionResponse(interactionId);
    await receiver.whenIdle();
    const messages = [fake.originalMessage(interactionId), ...fake.followUps(interactionId)].filter((m): m is JsonObject => Boolean(m));
    // An ephemeral answer to a button is a reply of its own, not the original message.
    const [first] = fake.interactionResponses(interactionId);
    if (messages.length === 0 && first?.message) messages.push(first.message);
    last = { messages, locale };
    const titles = messages.flatMap((m) => (m.embeds as { title?: string }[]).flatMap((e) => parseItemTitle(e.title ?? '')?.title ?? []));
    return { text: messages.map((m) => plainText(m)).join('\n'), titles };
  };

  const slash = (name: string, args: Record<string, string | undefined>, locale: string, extra: Parameters<FakeDiscord['slashCommand']>[2] = {}) =>
    fake.slashCommand(name, defined(args), { locale, ...extra }).id;

  return {
    contract,
    freeText: false,
    commandNames: async () => {
      await platformModule.publishCommands(config, COMMANDS, { ...services, log: () => undefined });
      return fake.commands('global').map((c) => c.name as string);
    },
    ask: async () => {
      throw new Error('Discord users talk through slash commands only (no message content intent)');
    },
    command: (name, args, lang) => shownFor(slash(name, args, LOCALE[lang]), LOCALE[lang]),
    commandInGroup: (name, args, lang) => shownFor(slash(name, args, LOCALE[lang], { memberPermissions: manager ? MANAGE_GUILD : '0' }), LOCALE[lang]),
    setManager: (granted) => {
      manager = granted;
    },
    nextPage: async () => {
      if (!last) throw new Error('no reply to page');
      // The page buttons lead to the page before and after; "next" is the one after "previous", or the only one on page 1.
      for (const message of [...last.messages].reverse()) {
        const buttons = (message.components as { components: { custom_id?: string; label?: string }[] }[]).flatMap((row) => row.components);
        const next = buttons.find((b) => b.custom_id && /▶$/.test(b.label ?? ''));
        if (next) return shownFor(fake.button(next.custom_id!, { message: message.id as string, locale: last.locale }).id, last.locale);
      }
      throw new Error('the last reply has no next-page button');
    },
    fromSelf: async () => {
      // An interaction whose user is the bot itself: nothing may answer it.
      const self = { id: fake.botUser.id as string, username: fake.botUser.username as string, bot: true };
      const own = slash('paper', { query: 'ecg' }, 'en-US', { user: self });
      // Gateway events arrive in order: once a later interaction is answered, the first was seen.
      await shownFor(slash('help', {}, 'en-US'), 'en-US');
      const responses = fake.interactionResponses(own);
      if (responses.length === 0) return undefined;
      return { text: JSON.stringify(responses.map((r) => r.data)), titles: [] };
    },
    close: async () => {
      await receiver.stop();
      await fake.close();
      await contract.close();
      if (errors.length) throw new Error(`the receiver logged errors: ${errors.map(String).join('; ')}`);
    },
  };
});
