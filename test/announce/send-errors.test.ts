/** How the adapters classify a failed announcement send: lost, moved, or transient. */
import { DiscordAPIError } from 'discord.js';
import { GrammyError } from 'grammy';
import { describe, expect, it } from 'vitest';
import { classifySendError as discord } from '../../adapters/discord/send-errors.js';
import { classifySendError as telegram } from '../../adapters/telegram/send-errors.js';

function grammy(error_code: number, description: string, parameters: Record<string, number> = {}): GrammyError {
  return new GrammyError('Call to sendMessage failed', { ok: false, error_code, description, parameters }, 'sendMessage', {});
}

function api(status: number, code: number, message: string): DiscordAPIError {
  return new DiscordAPIError({ code, message }, code, status, 'POST', 'https://discord.com/api/v10/channels/1/messages', { body: undefined, files: undefined });
}

describe('Telegram send errors', () => {
  it('maps kicked, blocked and unknown chats to lost, an upgraded group to moved, the rest to transient', () => {
    expect(telegram(grammy(403, 'Forbidden: bot was kicked from the supergroup chat'))).toMatchObject({ kind: 'lost' });
    expect(telegram(grammy(400, 'Bad Request: chat not found'))).toMatchObject({ kind: 'lost' });
    expect(telegram(grammy(400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: -1001234 }))).toMatchObject({
      kind: 'moved',
      movedTo: 'telegram:-1001234',
    });
    expect(telegram(grammy(429, 'Too Many Requests: retry after 5', { retry_after: 5 }))).toMatchObject({ kind: 'transient' });
    expect(telegram(grammy(400, "Bad Request: can't parse entities"))).toMatchObject({ kind: 'transient' });
    expect(telegram(new Error('socket hang up'))).toMatchObject({ kind: 'transient' });
  });
});

describe('Discord send errors', () => {
  it('maps 403 and 404 to lost, the rest to transient', () => {
    expect(discord(api(403, 50001, 'Missing Access'))).toMatchObject({ kind: 'lost' });
    expect(discord(api(404, 10003, 'Unknown Channel'))).toMatchObject({ kind: 'lost' });
    expect(discord(api(500, 0, 'Internal Server Error'))).toMatchObject({ kind: 'transient' });
    expect(discord(new Error('connect ECONNREFUSED'))).toMatchObject({ kind: 'transient' });
  });
});
