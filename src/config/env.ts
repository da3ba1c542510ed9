/**
 * Every setting of the running bot, read from the environment (and an optional `.env`),
 * validated once at start. A wrong or missing value becomes a ConfigError whose message
 * is one line naming the variable and what is expected. These are the core's settings
 * only: each platform module reads its own (app/config.ts puts them together).
 */
import { existsSync, statSync } from 'node:fs';
import type { z as Zod } from 'zod';
import { lazyZod } from '../lazy-zod.js';
import { LOG_LEVELS, type LogLevel, redactText } from '../log.js';
import { ConfigError } from './error.js';

export { ConfigError };

export interface Config {
  /** LOG_LEVEL, when set (the start script picks a default that keeps the console chat quiet). */
  logLevel?: LogLevel;
  /** HTTP_PORT: /healthz, /metrics, /calendar.ics and the platforms' webhooks; unset → no server. */
  httpPort?: number;
  /** HTTP_HOST: the address the server binds (default 0.0.0.0). */
  httpHost: string;
  /** PUBLIC_URL: how users reach the server (feed links in /deadline replies). */
  publicUrl?: string;
  /** CATALOG_SEEDS: the seed directory (default: the bundled seeds/). */
  seeds?: string;
  /** CATALOG_WATCH: reload the catalog when the seed directory changes (default on as a service). */
  watch?: boolean;
  /** DATABASE_URL: PostgreSQL, for several instances sharing subscriptions and the ledger. */
  databaseUrl?: string;
  /** DATABASE_PATH: the SQLite file of a single instance. */
  databasePath?: string;
}

/** The variables read here; with none of them set (or all blank), the settings are the defaults. */
const VARIABLES = ['LOG_LEVEL', 'HTTP_PORT', 'HTTP_HOST', 'PUBLIC_URL', 'CATALOG_SEEDS', 'CATALOG_WATCH', 'DATABASE_URL', 'DATABASE_PATH'] as const;

/** The schema over VARIABLES, made on first use (zod costs a cold start ~90 ms to import). */
function schemaOf(z: typeof Zod) {
  /** Treats an empty or blank variable as unset (a `.env` line `X=` means "not set"). */
  const optional = <T extends Zod.ZodType>(schema: T) =>
    z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v), schema.optional());

  const port = (name: string, min: number) =>
    z
      .string()
      .regex(/^\d{1,5}$/, `${name} must be a port number from ${min} to 65535`)
      .transform(Number)
      .refine((n) => n >= min && n <= 65535, `${name} must be a port number from ${min} to 65535`);

  const httpUrl = (name: string, example: string) =>
    z.string().refine((v) => {
      try {
        const u = new URL(v);
        return u.protocol === 'http:' || u.protocol === 'https:';
      } catch {
        return false;
      }
    }, `${name} must be an http(s) URL such as ${example}`);

  return z.object({
    LOG_LEVEL: optional(z.enum(LOG_LEVELS, { error: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })),
    HTTP_PORT: optional(port('HTTP_PORT', 0)),
    HTTP_HOST: optional(z.string()),
    PUBLIC_URL: optional(httpUrl('PUBLIC_URL', 'https://bot.example.org')),
    CATALOG_SEEDS: optional(z.string().refine((dir) => existsSync(dir) && statSync(dir).isDirectory(), 'CATALOG_SEEDS must be an existing directory of *.txt seed files')),
    CATALOG_WATCH: optional(z.enum(['0', '1', 'true', 'false', 'on', 'off'], { error: 'CATALOG_WATCH must be 1/true/on or 0/false/off' })),
    DATABASE_URL: optional(z.string().refine((v) => /^postgres(?:ql)?:\/\/[^\s]+$/.test(v), 'DATABASE_URL must be a PostgreSQL URL: postgres://user:password@host:5432/database')),
    DATABASE_PATH: optional(z.string()),
    // Exactly VARIABLES (the compiler checks): the no-variable shortcut reads that list.
  } satisfies Record<(typeof VARIABLES)[number], Zod.ZodType>);
}

let envSchema: ReturnType<typeof schemaOf> | undefined;

/** Reads `.env` into process.env when the file exists (variables already set win). */
export function loadDotEnv(path = '.env'): boolean {
  if (!existsSync(path)) return false;
  try {
    process.loadEnvFile(path);
  } catch (error) {
    throw new ConfigError(`${path} cannot be read as KEY=value lines: ${(error as Error).message}`);
  }
  return true;
}

/** The validated core settings, or a ConfigError with one line about the first bad variable. */
export function configFromEnv(env: NodeJS.ProcessEnv): Config {
  // Nothing set (the console chat on a fresh checkout): the defaults, without loading zod.
  if (VARIABLES.every((name) => (env[name] ?? '').trim() === '')) return { httpHost: '0.0.0.0' };
  envSchema ??= schemaOf(lazyZod());
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    const got = SECRET_VARIABLES.has(name) ? undefined : env[name];
    throw new ConfigError(`${issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`}${got !== undefined ? ` (got ${shown(got)})` : ''}`);
  }
  const v = parsed.data;
  const config: Config = { httpHost: v.HTTP_HOST ?? '0.0.0.0' };
  if (v.LOG_LEVEL) config.logLevel = v.LOG_LEVEL;
  if (v.HTTP_PORT !== undefined) config.httpPort = v.HTTP_PORT;
  if (v.PUBLIC_URL) config.publicUrl = v.PUBLIC_URL.replace(/\/+$/, '');
  if (v.CATALOG_SEEDS) config.seeds = v.CATALOG_SEEDS;
  if (v.CATALOG_WATCH) config.watch = ['1', 'true', 'on'].includes(v.CATALOG_WATCH);
  if (v.DATABASE_URL) config.databaseUrl = v.DATABASE_URL;
  if (v.DATABASE_PATH) config.databasePath = v.DATABASE_PATH;
  if (config.databaseUrl && config.databasePath) {
    throw new ConfigError('DATABASE_URL and DATABASE_PATH are both set: use DATABASE_URL (PostgreSQL) or DATABASE_PATH (SQLite), not both');
  }
  return config;
}

/** Never quoted in an error line (a PostgreSQL URL holds the password). */
const SECRET_VARIABLES = new Set(['DATABASE_URL']);

/** A value quoted in an error line, shortened (tokens are the platform modules' to check, never quoted). */
function shown(raw: string): string {
  const value = redactText(raw);
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
}
