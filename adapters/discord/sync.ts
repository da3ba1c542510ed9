/**
 * `npm run sync-commands`: registers the slash commands globally, or to one guild
 * (DISCORD_GUILD_ID). It reads what is registered first and overwrites only when that
 * differs from the declarations (name, description, localizations, options, rights,
 * where it may be installed and used), so a
 * second run changes nothing and does not reset Discord's command versions.
 */
import { REST, Routes } from 'discord.js';
import type { CommandDefinition } from '../../src/bot/types.js';
import { slashCommands } from './commands.js';
import type { DiscordConfig } from './config.js';

/** What a registered or declared command is compared by (shape as Discord returns it). */
interface CommandLike {
  type?: number;
  name: string;
  name_localizations?: Record<string, string | null> | null;
  description?: string;
  description_localizations?: Record<string, string | null> | null;
  options?: OptionLike[];
  default_member_permissions?: string | null;
  nsfw?: boolean;
  integration_types?: number[] | null;
  contexts?: number[] | null;
}

interface OptionLike {
  type: number;
  name: string;
  name_localizations?: Record<string, string | null> | null;
  description?: string;
  description_localizations?: Record<string, string | null> | null;
  required?: boolean;
  autocomplete?: boolean;
  min_length?: number;
  max_length?: number;
  min_value?: number;
  max_value?: number;
  choices?: Array<{ name: string; value: string | number; name_localizations?: Record<string, string | null> | null }>;
  channel_types?: number[];
  options?: OptionLike[];
}

function localizations(l: Record<string, string | null> | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(l ?? {}).sort()) {
    const value = l?.[key];
    if (value) out[key] = value;
  }
  return out;
}

function normalizeOption(o: OptionLike): unknown {
  return {
    type: o.type,
    name: o.name,
    name_localizations: localizations(o.name_localizations),
    description: o.description ?? '',
    description_localizations: localizations(o.description_localizations),
    required: Boolean(o.required),
    autocomplete: Boolean(o.autocomplete),
    min_length: o.min_length ?? null,
    max_length: o.max_length ?? null,
    min_value: o.min_value ?? null,
    max_value: o.max_value ?? null,
    choices: (o.choices ?? []).map((c) => ({ name: c.name, value: c.value, name_localizations: localizations(c.name_localizations) })),
    channel_types: [...(o.channel_types ?? [])].sort(),
    options: (o.options ?? []).map(normalizeOption),
  };
}

/** A command reduced to what the declarations decide, in a fixed key order. */
function normalizeCommand(c: CommandLike): unknown {
  return {
    type: c.type ?? 1,
    name: c.name,
    name_localizations: localizations(c.name_localizations),
    description: c.description ?? '',
    description_localizations: localizations(c.description_localizations),
    options: (c.options ?? []).map(normalizeOption),
    default_member_permissions: c.default_member_permissions ?? null,
    nsfw: Boolean(c.nsfw),
    // Discord's defaults: installed to servers; usable where that allows (null).
    integration_types: [...(c.integration_types ?? [0])].sort(),
    contexts: c.contexts ? [...c.contexts].sort() : null,
  };
}

function sameCommands(registered: readonly CommandLike[], declared: readonly CommandLike[]): boolean {
  const key = (list: readonly CommandLike[]) =>
    JSON.stringify([...list].sort((a, b) => (a.type ?? 1) - (b.type ?? 1) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map(normalizeCommand));
  return key(registered) === key(declared);
}

export function discordRest(config: DiscordConfig): REST {
  return new REST(config.restApi ? { api: config.restApi } : {}).setToken(config.token);
}

export async function syncDiscordCommands(config: DiscordConfig, commands: readonly CommandDefinition[]): Promise<{ changed: boolean; scope: 'global' | string }> {
  const rest = discordRest(config);
  const scope = config.guildId ?? 'global';
  const route = config.guildId ? Routes.applicationGuildCommands(config.applicationId, config.guildId) : Routes.applicationCommands(config.applicationId);
  const declared = slashCommands(commands);
  try {
    const registered = (await rest.get(route, { query: new URLSearchParams({ with_localizations: 'true' }) })) as CommandLike[];
    if (sameCommands(registered, declared as CommandLike[])) return { changed: false, scope };
    await rest.put(route, { body: declared });
    return { changed: true, scope };
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}
