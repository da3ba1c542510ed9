/**
 * Why an unprompted post (an announcement) failed, as the scheduler needs it: 403 and
 * 404 (Missing Access, Missing Permissions, Unknown Channel) mean the bot lost the
 * channel; anything else (network, 5xx, rate limits left after discord.js's retries)
 * is transient.
 */
import { DiscordAPIError } from 'discord.js';
import { SendError } from '../../src/platform.js';

export function classifySendError(error: unknown): SendError {
  if (error instanceof SendError) return error;
  if (error instanceof DiscordAPIError && (error.status === 403 || error.status === 404)) return new SendError(error.message, 'lost');
  return new SendError(error instanceof Error ? error.message : String(error), 'transient');
}
