/**
 * The Discord settings, read from the environment:
 *   DISCORD_TOKEN            bot token; the Discord adapter runs only when it is set
 *   DISCORD_APPLICATION_ID   the application's id (a snowflake), required with the token
 *   DISCORD_REST_API         optional REST base instead of https://discord.com/api
 *                            (an HTTP proxy that handles rate limits, or the tests' fake)
 *   DISCORD_GUILD_ID         optional: `npm run sync-commands` registers to this guild only
 *   DISCORD_SHARDS           optional: "auto" (as many shards as Discord recommends, in this
 *                            process) or the shard ids this instance runs, e.g. "0,1"
 *   DISCORD_SHARD_COUNT      the total number of shards over all instances (with a list of ids)
 */
import { z } from 'zod';
import { redactText } from '../../src/log.js';

export interface DiscordConfig {
  token: string;
  applicationId: string;
  /** REST base without the version, e.g. "https://discord.com/api" (discord.js adds "/v10"). */
  restApi?: string;
  guildId?: string;
  /** discord.js sharding: "auto", or the shard ids this process runs (with shardCount). */
  shards?: 'auto' | number[];
  shardCount?: number;
  /** Defer when a recent answer took this long, or the one in progress has not come yet (default 1000 ms; 0 always). */
  deferAfterMs?: number;
  /** How long stop() waits for answers in progress (default 5000 ms). */
  drainMs?: number;
}

const SNOWFLAKE = /^\d{17,20}$/;

export const discordConfigSchema: z.ZodType<DiscordConfig> = z.object({
  token: z.string().min(1),
  applicationId: z.string().regex(SNOWFLAKE),
  restApi: z.string().url().optional(),
  guildId: z.string().regex(SNOWFLAKE).optional(),
  shards: z.union([z.literal('auto'), z.array(z.number().int().min(0))]).optional(),
  shardCount: z.number().int().min(1).optional(),
  deferAfterMs: z.number().min(0).optional(),
  drainMs: z.number().min(0).optional(),
});

function isSnowflake(value: string): boolean {
  return SNOWFLAKE.test(value);
}

/** A value quoted in an error line (never the token). */
function shown(raw: string): string {
  const value = redactText(raw);
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
}

/**
 * The Discord config, or undefined when DISCORD_TOKEN is unset. Throws an Error with one
 * line naming the variable when a value is missing or malformed.
 */
export function discordConfigFromEnv(env: NodeJS.ProcessEnv): DiscordConfig | undefined {
  const token = env.DISCORD_TOKEN?.trim();
  if (!token) return undefined;

  const applicationId = env.DISCORD_APPLICATION_ID?.trim();
  if (!applicationId) {
    throw new Error('DISCORD_APPLICATION_ID is not set: with DISCORD_TOKEN, set it to the application id (Developer Portal → General Information)');
  }
  if (!isSnowflake(applicationId)) {
    throw new Error(`DISCORD_APPLICATION_ID must be a Discord id (17 to 20 digits), got ${shown(applicationId)}`);
  }

  const config: DiscordConfig = { token, applicationId };

  const restApi = env.DISCORD_REST_API?.trim();
  if (restApi) {
    let url: URL | undefined;
    try {
      url = new URL(restApi);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw new Error(`DISCORD_REST_API must be an http(s) URL such as https://discord.com/api, got ${shown(restApi)}`);
    }
    config.restApi = restApi.replace(/\/+$/, '');
  }

  const guildId = env.DISCORD_GUILD_ID?.trim();
  if (guildId) {
    if (!isSnowflake(guildId)) throw new Error(`DISCORD_GUILD_ID must be a Discord id (17 to 20 digits), got ${shown(guildId)}`);
    config.guildId = guildId;
  }

  const shards = env.DISCORD_SHARDS?.trim();
  const count = env.DISCORD_SHARD_COUNT?.trim();
  if (shards === 'auto') {
    if (count) throw new Error('DISCORD_SHARD_COUNT is set with DISCORD_SHARDS=auto: discord.js picks the count; unset one of them');
    config.shards = 'auto';
  } else if (shards) {
    if (!/^\d{1,5}(?:\s*,\s*\d{1,5})*$/.test(shards)) {
      throw new Error(`DISCORD_SHARDS must be "auto" or shard ids separated by commas such as 0,1, got ${shown(shards)}`);
    }
    if (!count || !/^\d{1,5}$/.test(count) || Number(count) < 1) {
      throw new Error(`DISCORD_SHARD_COUNT must be the total number of shards (1 or more) when DISCORD_SHARDS lists ids${count ? `, got ${shown(count)}` : ''}`);
    }
    const ids = [...new Set(shards.split(',').map((s) => Number(s.trim())))];
    const outside = ids.find((id) => id >= Number(count));
    if (outside !== undefined) throw new Error(`DISCORD_SHARDS has shard ${outside}, but DISCORD_SHARD_COUNT is ${count} (ids go from 0 to ${Number(count) - 1})`);
    config.shards = ids;
    config.shardCount = Number(count);
  } else if (count) {
    throw new Error('DISCORD_SHARD_COUNT is set without DISCORD_SHARDS: list the shard ids this instance runs, e.g. DISCORD_SHARDS=0,1');
  }
  return config;
}
