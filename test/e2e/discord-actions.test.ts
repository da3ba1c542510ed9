/**
 * Item actions and direct messages on Discord end to end: the module's receiver (a real
 * discord.js Client) and sender against the fake Discord. An action button pressed runs
 * its command and answers with a new message (the list stays); a post to a person's DM
 * address opens the DM channel once and reuses it; closed DMs are lost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discordAddress } from '../../adapters/discord/address.js';
import { parseItemTitle } from '../../adapters/discord/embeds.js';
import { platformModule } from '../../adapters/discord/module.js';
import type { DiscordReceiver } from '../../adapters/discord/receiver.js';
import type { Reply } from '../../src/bot/reply.js';
import { systemClock } from '../../src/clock.js';
import { SendError, type Sender } from '../../src/platform.js';
import { type ActionSpec, withActions } from '../adapters/with-actions.js';
import { openContractEngine, type ContractEngine } from '../contract/engine-for-tests.js';
import { FakeDiscord, type JsonObject } from '../fakes/discord/index.js';

const REMIND: ActionSpec = { key: 'follow', label: 'Remind me', command: 'deadline', args: { query: 'EMNLP' } };
const PERSON = '1300000000000000777';

let fake: FakeDiscord;
let contract: ContractEngine;
let receiver: DiscordReceiver;
let sender: Sender;
const logged: string[] = [];

beforeAll(async () => {
  fake = await FakeDiscord.start({ disallowPrivilegedIntents: true });
  contract = await openContractEngine();
  const config = platformModule.config.fromEnv({ DISCORD_TOKEN: fake.token, DISCORD_APPLICATION_ID: fake.applicationId, DISCORD_REST_API: fake.restBase })!;
  const services = { log: (m: string) => logged.push(m), clock: systemClock };
  receiver = platformModule.createReceiver(config, services) as DiscordReceiver;
  sender = platformModule.createSender(config, services);
  await receiver.start(withActions(contract.engine, () => [REMIND]));
});

afterAll(async () => {
  await receiver?.stop();
  await sender?.close();
  await fake?.close();
  await contract?.close();
});

const reference = (): Promise<Reply> => contract.reference({ type: 'command', name: 'deadline', args: { query: 'EMNLP' } }, 'en');
const titlesOf = (m: JsonObject | null | undefined) => ((m?.embeds ?? []) as { title?: string }[]).flatMap((e) => parseItemTitle(e.title ?? '')?.title ?? []);
const buttonsOf = (m: JsonObject) => (m.components as JsonObject[]).flatMap((row) => row.components as JsonObject[]);

describe('Discord item actions and DMs (fake Discord)', () => {
  it('runs the command of a pressed action button and answers with a message of its own', async () => {
    const list = fake.slashCommand('search', { query: 'medical' }, { locale: 'en-US' });
    await fake.waitForInteractionResponse(list.id);
    await receiver.whenIdle();
    const shown = fake.originalMessage(list.id)!;
    const action = buttonsOf(shown).find((b) => b.label === '1 · Remind me')!;
    // Every item's action runs the same command here: Discord allows a custom_id once per message.
    expect(buttonsOf(shown).filter((b) => b.custom_id === action.custom_id)).toHaveLength(1);
    expect(action.custom_id).toBe('p:1:deadline:EMNLP');

    const press = fake.button(action.custom_id as string, { message: shown.id as string, locale: 'en-US' });
    await fake.waitForInteractionResponse(press.id);
    await receiver.whenIdle();
    const [callback] = fake.interactionResponses(press.id);
    // A new message (4), not an update of the list (7).
    expect(callback).toMatchObject({ kind: 'callback', type: 4 });
    expect(titlesOf(callback!.message)).toEqual((await reference()).items.map((i) => i.title));
    expect(titlesOf(fake.originalMessage(list.id))).toEqual(titlesOf(shown));
    expect(logged).toEqual([]);
  });

  it('opens a person’s DM channel once and posts there, reusing it', async () => {
    const address = discordAddress.dmOf(PERSON);
    const reply = await reference();
    const first = await sender.send(address, reply, { idempotencyKey: 'k1' });
    const second = await sender.send(address, reply, { idempotencyKey: 'k2' });
    const opens = fake.requests.filter((r) => r.method === 'POST' && r.path === '/users/@me/channels');
    expect(opens.map((r) => r.body)).toEqual([{ recipient_id: PERSON }]);
    const dm = opens[0]!.response?.id as string;
    expect(fake.channelMessages(dm).map((m) => m.id)).toEqual([first.messageId, second.messageId]);
  });

  it('calls a person whose DMs refuse the bot lost', async () => {
    const address = discordAddress.dmOf('1300000000000000778');
    await sender.send(address, await reference());
    const open = fake.requests.filter((r) => r.method === 'POST' && r.path === '/users/@me/channels').at(-1)!;
    fake.forbidChannel(open.response?.id as string);
    const error = await sender.send(address, await reference()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SendError);
    expect((error as SendError).kind).toBe('lost');
  });
});
