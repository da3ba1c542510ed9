/**
 * Slash commands generated from the declarations in commands/: lowercase names,
 * English descriptions with zh-CN localizations (a Chinese alias, if the command
 * declares one, becomes its zh-CN name), and each option as a string option with its
 * limits (the declared max_length, at most Discord's 100). The read-only commands have no
 * default_member_permissions (everyone) and work wherever the app is: installed to a
 * server or by a user (integration_types guild, user), in servers, in the bot's DMs and
 * in other private channels (contexts guild, bot DM, private channel). Commands declared
 * `manage` (subscriptions) default to Manage Server and exist in servers that installed
 * the app only (integration_types guild, contexts guild).
 */
import {
  ApplicationIntegrationType,
  InteractionContextType,
  Locale,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { CommandDefinition, CommandOption } from '../../src/bot/types.js';
import { LIMITS, truncate } from './limits.js';

export type SlashCommandJson = RESTPostAPIChatInputApplicationCommandsJSONBody;

/** Discord's rule for chat-input command and option names. */
const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const HAN = /\p{Script=Han}/u;

function checkedName(name: string, what: string): string {
  const lower = name.toLowerCase();
  if (!NAME.test(lower)) throw new Error(`${what} "${name}" cannot be a Discord command name (1-32 letters, digits, - or _)`);
  return lower;
}

function description(text: string): string {
  return truncate(text.replace(/\s+/g, ' ').trim(), LIMITS.commandDescription);
}

/** The zh-CN name: the first Chinese alias the command declares ("帮助" for /help). */
function chineseName(command: CommandDefinition): string | undefined {
  return command.aliases?.find((a) => HAN.test(a) && NAME.test(a));
}

/** Longest value Discord lets a user type into this option. */
function optionMaxLength(option: CommandOption): number {
  return Math.max(1, Math.min(option.maxLength ?? LIMITS.optionMaxLength, LIMITS.optionMaxLength));
}

function slashCommand(command: CommandDefinition): SlashCommandJson {
  const builder = new SlashCommandBuilder()
    .setName(checkedName(command.name, 'command'))
    .setDescription(description(command.description.en))
    .setDescriptionLocalization(Locale.ChineseCN, description(command.description.zh));
  const zh = chineseName(command);
  if (zh) builder.setNameLocalization(Locale.ChineseCN, zh);
  if (command.requires?.includes('manage')) {
    builder.setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild).setIntegrationTypes(ApplicationIntegrationType.GuildInstall).setContexts(InteractionContextType.Guild);
  } else {
    builder
      .setIntegrationTypes(ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall)
      .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel);
  }
  // Discord wants required options first.
  const options = [...command.options].sort((a, b) => Number(b.required) - Number(a.required));
  for (const option of options) {
    builder.addStringOption((o) => {
      o.setName(checkedName(option.name, `option of /${command.name}`))
        .setDescription(description(option.description.en))
        .setDescriptionLocalization(Locale.ChineseCN, description(option.description.zh))
        .setRequired(option.required)
        .setMaxLength(optionMaxLength(option));
      if (option.autocomplete) o.setAutocomplete(true);
      return o;
    });
  }
  return builder.toJSON();
}

export function slashCommands(commands: readonly CommandDefinition[]): SlashCommandJson[] {
  return commands.map(slashCommand);
}
