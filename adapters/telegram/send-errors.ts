/**
 * Why an unprompted post (an announcement) failed, as the scheduler needs it:
 *  - lost: 403 (bot blocked or kicked, not a member, a person who never started the bot:
 *    "bot can't initiate conversation with a user"), 400 "chat not found", a deactivated
 *    group, no right to post;
 *  - moved: 400 with parameters.migrate_to_chat_id (a group upgraded to a supergroup);
 *  - transient: everything else (network, 5xx, a 429 left after the retries).
 */
import { GrammyError } from 'grammy';
import { SendError } from '../../src/platform.js';
import { addressOf } from './address.js';

const LOST =
  /chat not found|bot was kicked|bot was blocked|bot is not a member|group chat was deactivated|have no rights to send|not enough rights to send|user is deactivated|CHAT_WRITE_FORBIDDEN/i;

export function classifySendError(error: unknown): SendError {
  if (error instanceof SendError) return error;
  if (error instanceof GrammyError) {
    const migrate = error.parameters?.migrate_to_chat_id;
    if (error.error_code === 400 && migrate !== undefined) return new SendError(error.description, 'moved', addressOf(migrate));
    if (error.error_code === 403 || (error.error_code === 400 && LOST.test(error.description))) return new SendError(error.description, 'lost');
    return new SendError(error.description, 'transient');
  }
  return new SendError(error instanceof Error ? error.message : String(error), 'transient');
}
