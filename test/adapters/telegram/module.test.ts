/** What the Telegram module declares: its settings, secrets, rates and addresses. */
import { describe, expect, it } from 'vitest';
import { platformModule } from '../../../adapters/telegram/index.js';
import { chatOf, addressOf } from '../../../adapters/telegram/address.js';
import { webhookSecretOf } from '../../../adapters/telegram/config.js';

const TOKEN = '123456789:AAHfakeTokenForConfigTests_abcdefgh';

describe('the Telegram module', () => {
  it('reads its settings with the schema, and names its secrets', () => {
    const env = { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/hook' };
    const config = platformModule.config.fromEnv(env)!;
    expect(config).toEqual({ token: TOKEN, webhookUrl: 'https://bot.example.org/hook' });
    expect(platformModule.config.schema.parse(env)).toEqual(config);
    expect(platformModule.config.fromEnv({})).toBeUndefined();
    expect(platformModule.config.schema.safeParse({ TELEGRAM_BOT_TOKEN: 'nope' }).error?.issues[0]?.message).toMatch(/^TELEGRAM_BOT_TOKEN does not look like a bot token/);
    expect(platformModule.config.secrets!(config)).toEqual([TOKEN, webhookSecretOf(config)]);
  });

  it('owns telegram:<chat id> and telegram:@channel, and reads them back', () => {
    const { address } = platformModule;
    for (const a of ['telegram:-1001234567890', 'telegram:42', 'telegram:@news_channel']) {
      expect(address.owns(a), a).toBe(true);
      expect(addressOf(chatOf(a))).toBe(a);
    }
    for (const a of ['discord:123', 'telegram:', 'telegram:abc', 'telegram:@x']) expect(address.owns(a), a).toBe(false);
    expect(address.describe!('telegram:-100')).toBe('Telegram chat -100');
    expect(() => chatOf('discord:1')).toThrow(/not a Telegram conversation/);
  });

  it("declares Telegram's rates: 20 a minute in a group, 1 a second in a private chat, 30 a second overall", () => {
    const { limits } = platformModule;
    expect(limits.perAddress('telegram:-1001234567890')).toEqual({ burst: 3, perSecond: 20 / 60 });
    expect(limits.perAddress('telegram:@news_channel')).toEqual({ burst: 3, perSecond: 20 / 60 });
    expect(limits.perAddress('telegram:42')).toEqual({ burst: 1, perSecond: 1 });
    expect(limits.overall).toEqual({ burst: 30, perSecond: 30 });
    expect(limits.pageTokenBytes).toBe(64);
    expect(limits.idempotencyWindowMs).toBeUndefined();
    expect(platformModule.words!.manager.en).toMatch(/admin/);
    expect(platformModule.words!.manager.zh).toMatch(/管理员/);
  });
});
