/**
 * Structured logs: pino, one JSON object per line on stderr (stdout belongs to the
 * console chat and the CLI). Secrets never reach a line, by one redaction applied to
 * messages, fields and error payloads alike (`redactValue`): fields named like secrets
 * are replaced, the values of the configured and derived secrets (bot tokens, the
 * webhook secret, the database password) are replaced wherever they appear, and so are
 * URL credentials (`//user:pass@`) and anything shaped like a Telegram bot token.
 * Request payloads carried by errors (grammY's `payload`, discord.js' `requestBody`) are
 * summarized to ids and sizes: a failed send never logs the message text.
 */
import { pino, type Logger } from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type { Logger } from 'pino';

/** The (message, error?) callback the adapters and the core take. */
export type LogFn = (message: string, error?: unknown) => void;

export interface LoggerOptions {
  level: LogLevel;
  /** Values that must never be written (tokens, passwords); each is replaced by "[secret]". */
  secrets?: readonly (string | undefined)[];
  /** Where lines go (default: stderr, synchronously, so nothing is lost at exit). */
  destination?: NodeJS.WritableStream | pino.DestinationStream;
}

const REDACTED_PATHS = [
  'token',
  '*.token',
  'password',
  '*.password',
  'secret',
  '*.secret',
  'databaseUrl',
  '*.databaseUrl',
  'headers.authorization',
  '*.headers.authorization',
  'headers["x-telegram-bot-api-secret-token"]',
  'req.headers.authorization',
  'req.headers["x-telegram-bot-api-secret-token"]',
];

/** Keys whose value is never written, at any depth. */
const SECRET_KEY = /token|secret|passw(or)?d|authorization|cookie|api[-_]?key|credential|databaseUrl/i;
/** Keys holding a request body: written as ids and sizes only. */
const PAYLOAD_KEY = /^(payload|requestBody|body|rawBody)$/;
const ID_KEY = /(^|_)id$|Id$|^method$|^(offset|limit|error_code)$/;
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]*@/gi;
const BOT_TOKEN = /\d{5,20}:[A-Za-z0-9_-]{30,}/g;

/** A text with every secret value, URL credential and bot-token-shaped string replaced. */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join('[secret]');
  return out.replace(URL_CREDENTIALS, '$1[redacted]@').replace(BOT_TOKEN, '[secret]');
}

/** Any value made safe to log: texts redacted, secret keys dropped, payloads summarized. */
function redactValue(value: unknown, secrets: readonly string[] = [], depth = 0): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 8) return '[deep]';
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => redactValue(v, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (SECRET_KEY.test(k)) out[k] = '[redacted]';
    else if (PAYLOAD_KEY.test(k) && v !== null && typeof v === 'object') out[k] = summarize(v);
    else out[k] = redactValue(v, secrets, depth + 1);
  }
  return out;
}

/** A request body as ids and sizes: `{ chat_id: 42, text: "[812 chars]", reply_markup: "[object]" }`. */
function summarize(body: unknown): unknown {
  if (typeof body === 'string') return `[${body.length} chars]`;
  if (body === null || typeof body !== 'object') return body;
  if (Array.isArray(body)) return `[${body.length} items]`;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (SECRET_KEY.test(k)) out[k] = '[redacted]';
    else if (ID_KEY.test(k) && (typeof v === 'number' || (typeof v === 'string' && v.length <= 40))) out[k] = typeof v === 'number' ? v : redactText(v);
    else if (typeof v === 'string') out[k] = `[${v.length} chars]`;
    else if (Array.isArray(v)) out[k] = `[${v.length} items]`;
    else if (v !== null && typeof v === 'object') out[k] = '[object]';
    else out[k] = v;
  }
  return out;
}

export function createLogger(options: LoggerOptions): Logger {
  const secrets = (options.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.length >= 6);
  const destination = options.destination ?? pino.destination({ fd: 2, sync: true });
  return pino(
    {
      level: options.level,
      base: { name: 'catalog-bot' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: {
        err: (error: unknown) => {
          const s = pino.stdSerializers.err(error as Error) as unknown;
          return s ? redactValue(s, secrets) : s;
        },
      },
      formatters: {
        // Errors are left to the err serializer (they do not survive JSON.stringify).
        log: (object) => {
          const out: Record<string, unknown> = {};
          for (const [k, v] of Object.entries(object)) {
            out[k] = v instanceof Error || v === undefined ? v : redactValue(JSON.parse(JSON.stringify(v)) as unknown, secrets);
          }
          return out;
        },
      },
      hooks: {
        logMethod(args, method) {
          for (let i = 0; i < args.length; i++) if (typeof args[i] === 'string') args[i] = redactText(args[i] as string, secrets);
          return method.apply(this, args as Parameters<typeof method>);
        },
      },
    },
    destination as pino.DestinationStream,
  );
}

/**
 * The secrets of a configuration: platform tokens, the webhook secret, the password of
 * DATABASE_URL, plus `derived` ones computed elsewhere (the webhook secret derived from the
 * Telegram token, which lives with the adapter).
 */
export function secretsOf(
  config: { telegram?: { token: string; webhookSecret?: string }; discord?: { token: string }; databaseUrl?: string },
  derived: readonly (string | undefined)[] = [],
): string[] {
  const out = [config.telegram?.token, config.telegram?.webhookSecret, config.discord?.token, ...derived];
  if (config.databaseUrl) {
    try {
      const url = new URL(config.databaseUrl);
      const password = decodeURIComponent(url.password);
      if (password) out.push(password, url.password, encodeURIComponent(password));
    } catch {
      // validated already
    }
  }
  return unique(out.filter((s): s is string => Boolean(s)));
}

const unique = (values: string[]) => [...new Set(values)];

/** A (message, error?) callback writing to the logger: errors at "error", plain messages at `level` (info). */
export function logFn(logger: Logger, component?: string, level: 'info' | 'warn' = 'info'): LogFn {
  const child = component ? logger.child({ component }) : logger;
  return (message, error) => {
    if (error === undefined) child[level](message);
    else if (error instanceof Error) child.error({ err: error }, message);
    else child.error({ err: { message: String(error) } }, message);
  };
}
