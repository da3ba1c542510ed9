/**
 * The command menu ("/" button) from the declarations in commands/: English as the
 * default list and Chinese for clients whose language_code starts with "zh" (the Bot
 * API takes two-letter codes only). Published by an explicit step
 * (`npm run sync-commands`), not on every start: it changes only when the declarations do.
 */
import type { Api } from 'grammy';
import type { BotCommand } from 'grammy/types';
import type { CommandDefinition } from '../../src/bot/types.js';
import type { Lang } from '../../src/bot/reply.js';

const NAME = /^[a-z0-9_]{1,32}$/;
const MAX_DESCRIPTION = 256;

/** The setMyCommands list for one language. Throws when a declared name is not a valid Telegram command. */
export function commandMenu(commands: readonly CommandDefinition[], lang: Lang): BotCommand[] {
  return commands.map((c) => {
    if (!NAME.test(c.name)) {
      throw new Error(`command /${c.name} cannot be a Telegram command: names must be 1-32 of a-z, 0-9 and _`);
    }
    const text = (c.description[lang] || c.description.en || c.name).replace(/\s+/g, ' ').trim();
    const chars = [...text];
    const description = chars.length <= MAX_DESCRIPTION ? text : `${chars.slice(0, MAX_DESCRIPTION - 1).join('')}…`;
    return { command: c.name, description };
  });
}

/** The two lists Telegram keeps: the default (English) and language_code "zh". */
export function commandMenus(commands: readonly CommandDefinition[]): Array<{ languageCode?: 'zh'; commands: BotCommand[] }> {
  return [{ commands: commandMenu(commands, 'en') }, { languageCode: 'zh', commands: commandMenu(commands, 'zh') }];
}

/** Publishes the menus (`npm run sync-commands`, through the module's publishCommands). */
export async function publishCommandMenus(api: Api, commands: readonly CommandDefinition[]): Promise<void> {
  for (const menu of commandMenus(commands)) {
    await api.setMyCommands(menu.commands, menu.languageCode ? { language_code: menu.languageCode } : {});
  }
}
