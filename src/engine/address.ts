/**
 * Whether a message is for this bot: not a command for another bot (`/paper@OtherBot`),
 * and in a group a message addressed to no one (no reply to the bot, no @mention) only
 * when it is one of the bot's /commands. Gives the text with the bot's @mention removed.
 */
import type { Place } from './types.js';
import { mentions, parseSlash, withoutMention } from './slash.js';

/** The text for the bot, or undefined when the message is not for it. `known` tells the bot's command names. */
export function addressedText(text: string, place: Place, known: (name: string) => boolean): string | undefined {
  const me = place.botName;
  const mentioned = me !== undefined && mentions(text, me);
  const bare = mentioned ? withoutMention(text, me) : text;
  const slash = parseSlash(bare);
  if (slash?.bot && me !== undefined && slash.bot.toLowerCase() !== me.toLowerCase()) return undefined;
  const addressed = place.addressed || mentioned || Boolean(slash?.bot);
  if (place.group && !addressed && !(slash && known(slash.name))) return undefined;
  return bare;
}
