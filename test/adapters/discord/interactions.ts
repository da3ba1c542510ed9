/**
 * Plain interaction objects shaped like discord.js's ChatInputCommandInteraction,
 * ButtonInteraction and AutocompleteInteraction: what the receiver's handler reads, and
 * every answer it gives recorded in `calls`. No client, no gateway, no timers.
 */
import { PermissionFlagsBits, PermissionsBitField, type Interaction } from 'discord.js';
import { handleInteraction } from '../../../adapters/discord/interactions.js';
import { parseItemTitle } from '../../../adapters/discord/embeds.js';
import { plainText } from '../../../adapters/discord/messages.js';
import { DeferPolicy } from '../../../adapters/discord/timing.js';
import type { Reply } from '../../../src/bot/reply.js';
import type { EngineAccess } from '../../../src/engine/access.js';
import { FakeClock } from '../../fake-clock.js';

export const BOT = '1300000000000000001';
const USER = '1300000000000000002';
const GUILD = '1300000000000000003';
export const CHANNEL = '1300000000000000004';
const EPHEMERAL = 1 << 6;

/** A recorded answer; the payload as discord.js was given it (a message body, choices). */
export interface Call {
  method: string;
  // biome-ignore lint/suspicious/noExplicitAny: payloads are read back loosely, like JSON
  payload?: any;
}

export interface Where {
  locale?: string;
  /** A direct message (no guild, no member permissions). */
  dm?: boolean;
  /** The member has Manage Server. */
  manage?: boolean;
  guildLocale?: string;
  user?: string;
}

export type Fake = Record<string, unknown> & { calls: Call[] };

function base(kind: 'command' | 'button' | 'autocomplete', where: Where): Fake {
  const calls: Call[] = [];
  const record = (method: string) => async (payload?: unknown) => {
    calls.push({ method, ...(payload !== undefined ? { payload } : {}) });
    return {};
  };
  return {
    calls,
    user: { id: where.user ?? USER },
    locale: where.locale ?? 'en-US',
    channelId: CHANNEL,
    guildId: where.dm ? null : GUILD,
    guildLocale: where.dm ? null : (where.guildLocale ?? 'en-US'),
    memberPermissions: where.dm ? null : new PermissionsBitField(where.manage ? PermissionFlagsBits.ManageGuild : 0n),
    isAutocomplete: () => kind === 'autocomplete',
    isChatInputCommand: () => kind === 'command',
    isButton: () => kind === 'button',
    ...Object.fromEntries(['reply', 'deferReply', 'editReply', 'deleteReply', 'followUp', 'update', 'deferUpdate', 'respond'].map((m) => [m, record(m)])),
  };
}

export const slash = (name: string, args: Record<string, string>, where: Where = {}): Fake => ({
  ...base('command', where),
  commandName: name,
  options: { data: Object.entries(args).map(([option, value]) => ({ name: option, type: 3, value })) },
});

export const button = (customId: string, where: Where = {}): Fake => ({ ...base('button', where), customId });

export const autocomplete = (command: string, option: string, typed: string, where: Where = {}): Fake => ({
  ...base('autocomplete', where),
  commandName: command,
  options: { getFocused: () => ({ name: option, value: typed }) },
});

/** The receiver's interaction handler over `engine`, with what it logged and the clock its defer policy reads. */
export function handler(engine: EngineAccess, deferAfterMs = 1000) {
  const logged: string[] = [];
  const clock = new FakeClock();
  const ctx = { engine, selfId: () => BOT, defer: new DeferPolicy(deferAfterMs, clock), log: (m: string) => logged.push(m) };
  return { logged, clock, handle: (i: Fake) => handleInteraction(i as unknown as Interaction, ctx) };
}

/** The messages an interaction showed (replies, edits, updates, follow-ups), as text and titles. */
export function shown(i: Fake): { text: string; titles: string[]; ephemeral: boolean; methods: string[] } {
  const messages = i.calls.filter((c) => ['reply', 'editReply', 'update', 'followUp'].includes(c.method)).map((c) => c.payload);
  return {
    text: messages.map((m) => plainText(m)).join('\n'),
    titles: messages.flatMap((m) => (m.embeds ?? []).flatMap((e: { title?: string }) => parseItemTitle(e.title ?? '')?.title ?? [])),
    ephemeral: messages.length > 0 && messages.every((m) => ((m.flags ?? 0) & EPHEMERAL) === EPHEMERAL),
    methods: i.calls.map((c) => c.method),
  };
}

/** Every button's custom_id of what an interaction showed, last message first. */
export function buttonIds(i: Fake): string[] {
  const messages = i.calls.filter((c) => ['reply', 'editReply', 'update', 'followUp'].includes(c.method)).map((c) => c.payload);
  return messages.reverse().flatMap((m) => (m.components ?? []).flatMap((row: { components: { custom_id?: string }[] }) => row.components.flatMap((b) => b.custom_id ?? [])));
}

/** The tokens of the item actions ("remind me", …) the engine put into a reply. */
export function actionTokens(reply: Reply): Set<string> {
  return new Set(reply.items.flatMap((item) => (item.actions ?? []).flatMap((a) => a.token ?? [])));
}

/** The page buttons' custom_ids of what an interaction showed (every button but the reply's item actions), last message first. */
export function pageIds(i: Fake, reply: Reply): string[] {
  const actions = actionTokens(reply);
  return buttonIds(i).filter((id) => !actions.has(id));
}
