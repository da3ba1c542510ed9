/**
 * Structured logs: pino, one JSON object per line on stderr (stdout belongs to the
 * console chat and the CLI). Secrets never reach a line: fields named like secrets are
 * redacted, and the values of the configured secrets (bot tokens, the database URL's
 * password) are replaced wherever they appear in a message or an error.
 */
import { pino, type Logger } from 'pino';
import type { LogLevel } from './config/env.js';

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
  'token', '*.token', 'password', '*.password', 'secret', '*.secret', 'databaseUrl', '*.databaseUrl',
  'headers.authorization', '*.headers.authorization', 'headers["x-telegram-bot-api-secret-token"]',
  'req.headers.authorization', 'req.headers["x-telegram-bot-api-secret-token"]',
];

export function createLogger(options: LoggerOptions): Logger {
  const secrets = (options.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.length >= 6);
  const scrub = (text: string) => secrets.reduce((t, s) => t.split(s).join('[secret]'), text);
  const destination = options.destination ?? pino.destination({ fd: 2, sync: true });
  return pino(
    {
      level: options.level,
      base: { name: 'catalog-bot' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: {
        err: (error: unknown) => {
          const s = pino.stdSerializers.err(error as Error) as unknown as Record<string, unknown>;
          if (!secrets.length || !s) return s;
          return JSON.parse(scrub(JSON.stringify(s))) as Record<string, unknown>;
        },
      },
      formatters: {
        // Errors are left to the err serializer (they do not survive JSON.stringify).
        log: (object) => {
          if (!secrets.length) return object;
          const out: Record<string, unknown> = {};
          for (const [k, v] of Object.entries(object)) {
            out[k] = v instanceof Error || v === undefined ? v : (JSON.parse(scrub(JSON.stringify(v))) as unknown);
          }
          return out;
        },
      },
      hooks: {
        logMethod(args, method) {
          if (secrets.length) {
            for (let i = 0; i < args.length; i++) if (typeof args[i] === 'string') args[i] = scrub(args[i] as string);
          }
          return method.apply(this, args as Parameters<typeof method>);
        },
      },
    },
    destination as pino.DestinationStream,
  );
}

/** The secrets of a configuration: platform tokens and the password of DATABASE_URL. */
export function secretsOf(config: { telegram?: { token: string; webhookSecret?: string }; discord?: { token: string }; databaseUrl?: string }): string[] {
  const out = [config.telegram?.token, config.telegram?.webhookSecret, config.discord?.token];
  if (config.databaseUrl) {
    try {
      const password = decodeURIComponent(new URL(config.databaseUrl).password);
      if (password) out.push(password, encodeURIComponent(password));
    } catch {
      // validated already
    }
  }
  return out.filter((s): s is string => Boolean(s));
}

/** A (message, error?) callback writing to the logger: errors at "error", plain messages at `level` (info). */
export function logFn(logger: Logger, component?: string, level: 'info' | 'warn' = 'info'): LogFn {
  const child = component ? logger.child({ component }) : logger;
  return (message, error) => {
    if (error === undefined) child[level](message);
    else if (error instanceof Error) child.error({ err: error }, message);
    else child.error({ err: { message: String(error) } }, message);
  };
}
