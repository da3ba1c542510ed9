/**
 * Telegram settings from the environment:
 *
 *   TELEGRAM_BOT_TOKEN       the token from @BotFather; Telegram runs only when it is set
 *   TELEGRAM_API_ROOT        another Bot API server (self-hosted telegram-bot-api, a test fake),
 *                            e.g. http://127.0.0.1:8081; default https://api.telegram.org
 *   TELEGRAM_WEBHOOK_URL     https URL Telegram posts updates to; set → webhook mode, unset → long polling
 *   TELEGRAM_WEBHOOK_SECRET  the secret_token checked on every webhook request (1-256 of A-Z a-z 0-9 _ -);
 *                            default: derived from the bot token, so every instance agrees on it
 *   TELEGRAM_WEBHOOK_PORT    port the webhook server listens on (default $PORT, else 8080)
 *   TELEGRAM_WEBHOOK_HOST    address it binds (default 0.0.0.0)
 *
 * A bad value throws an Error with one line naming the variable.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { redactText } from '../../src/log.js';

export interface TelegramConfig {
  token: string;
  /** Bot API root without a trailing slash (grammY's `apiRoot`). */
  apiRoot?: string;
  /** Set: webhook mode. Unset: long polling. */
  webhookUrl?: string;
  webhookSecret?: string;
  webhookPort?: number;
  webhookHost?: string;
}

export const DEFAULT_WEBHOOK_PORT = 8080;
export const DEFAULT_WEBHOOK_HOST = '0.0.0.0';

const TOKEN = /^\d{1,20}:[A-Za-z0-9_-]{10,}$/;
const SECRET = /^[A-Za-z0-9_-]{1,256}$/;

/** A variable's value: trimmed, unset when empty. */
const variable = z.preprocess((v) => (typeof v === 'string' && v.trim() ? v.trim() : undefined), z.string().optional());
const VARIABLES = [
  'TELEGRAM_BOT_TOKEN',
  'TELEGRAM_API_ROOT',
  'TELEGRAM_WEBHOOK_URL',
  'TELEGRAM_WEBHOOK_SECRET',
  'TELEGRAM_WEBHOOK_PORT',
  'TELEGRAM_WEBHOOK_HOST',
  'PORT',
  'HTTP_PORT',
] as const;
type Env = Partial<Record<(typeof VARIABLES)[number], string>>;

/** The environment as a TelegramConfig; an issue (one line naming the variable) for a bad or missing value. */
export const telegramConfigSchema = z
  .object(Object.fromEntries(VARIABLES.map((name) => [name, variable])) as Record<(typeof VARIABLES)[number], typeof variable>)
  .transform((env, ctx): TelegramConfig => {
    try {
      return configOf(env);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });

/** The Telegram configuration, or undefined when TELEGRAM_BOT_TOKEN is not set (the console stays the default). */
export function telegramConfigFromEnv(env: NodeJS.ProcessEnv): TelegramConfig | undefined {
  if (!env.TELEGRAM_BOT_TOKEN?.trim()) return undefined;
  const result = telegramConfigSchema.safeParse(env);
  if (!result.success) throw new Error(result.error.issues[0]!.message);
  return result.data;
}

function configOf(env: Env): TelegramConfig {
  const value = (name: keyof Env) => env[name];
  const token = value('TELEGRAM_BOT_TOKEN');
  if (!token) throw new Error('TELEGRAM_BOT_TOKEN is not set');
  if (!TOKEN.test(token)) {
    throw new Error('TELEGRAM_BOT_TOKEN does not look like a bot token (expected <digits>:<secret>, as @BotFather gives it)');
  }
  const config: TelegramConfig = { token };

  const apiRoot = value('TELEGRAM_API_ROOT');
  if (apiRoot) config.apiRoot = parseApiRoot(apiRoot);

  const webhookUrl = value('TELEGRAM_WEBHOOK_URL');
  const secret = value('TELEGRAM_WEBHOOK_SECRET');
  const port = value('TELEGRAM_WEBHOOK_PORT');
  const host = value('TELEGRAM_WEBHOOK_HOST');
  if (!webhookUrl) {
    const stray = [secret && 'TELEGRAM_WEBHOOK_SECRET', port && 'TELEGRAM_WEBHOOK_PORT', host && 'TELEGRAM_WEBHOOK_HOST'].find(Boolean);
    if (stray) throw new Error(`${stray} is set but TELEGRAM_WEBHOOK_URL is not: set the URL for webhook mode, or unset ${stray} for long polling`);
    return config;
  }
  config.webhookUrl = parseWebhookUrl(webhookUrl);
  if (secret !== undefined) {
    if (!SECRET.test(secret)) throw new Error('TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -');
    config.webhookSecret = secret;
  }
  const shared = value('HTTP_PORT');
  // The bot's own HTTP server (HTTP_PORT) takes the webhook: a separate webhook port would never be listened on.
  if (port !== undefined && shared !== undefined && Number(port) !== Number(shared)) {
    throw new Error(`TELEGRAM_WEBHOOK_PORT is ${port} but HTTP_PORT (${shared}) serves the webhook: unset TELEGRAM_WEBHOOK_PORT`);
  }
  if (port !== undefined) config.webhookPort = parsePort(port, 'TELEGRAM_WEBHOOK_PORT');
  else if (value('PORT')) config.webhookPort = parsePort(value('PORT')!, 'PORT');
  if (host !== undefined) config.webhookHost = host;
  return config;
}

function parseApiRoot(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`TELEGRAM_API_ROOT is not a URL: expected something like http://127.0.0.1:8081 (got "${redactText(raw)}")`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`TELEGRAM_API_ROOT must be an http:// or https:// URL (got "${redactText(raw)}")`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new Error(`TELEGRAM_API_ROOT must be a plain server address without query, fragment or credentials (got "${url.protocol}//${url.host}${url.pathname}" with them)`);
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

function parseWebhookUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`TELEGRAM_WEBHOOK_URL is not a URL: expected https://your.host/path (got "${redactText(raw)}")`);
  }
  if (url.protocol !== 'https:') {
    throw new Error(`TELEGRAM_WEBHOOK_URL must be an https:// URL: Telegram only delivers webhooks over HTTPS (got "${redactText(raw)}")`);
  }
  return url.href;
}

function parsePort(raw: string, name: string): number {
  const port = /^\d{1,5}$/.test(raw) ? Number(raw) : NaN;
  if (!(port >= 1 && port <= 65535)) throw new Error(`${name} must be a port number from 1 to 65535 (got "${redactText(raw)}")`);
  return port;
}

/** The secrets never to log: the token and the webhook secret. */
export function telegramSecrets(config: TelegramConfig): string[] {
  return [config.token, webhookSecretOf(config)];
}

/** The webhook secret: the configured one, else one derived from the token (the same on every instance). */
export function webhookSecretOf(config: TelegramConfig): string {
  return config.webhookSecret ?? createHash('sha256').update(`catalog-bot telegram webhook\n${config.token}`).digest('hex');
}

/** The path Telegram posts to: the path of the webhook URL ("/" when it has none). */
export function webhookPathOf(config: TelegramConfig): string {
  return config.webhookUrl ? new URL(config.webhookUrl).pathname || '/' : '/';
}
