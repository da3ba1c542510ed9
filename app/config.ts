/**
 * The environment of a script: the core settings (src/config/env.ts) and the settings of
 * each platform module switched on (app/platforms.ts), each read by its own module. A bad
 * value becomes a ConfigError with one line naming the variable.
 */
import { ConfigError, configFromEnv, loadDotEnv, type Config } from '../src/config/env.js';
import { secretsOf } from '../src/log.js';
import type { PlatformModule } from '../src/platform.js';
import { PLATFORMS, switchedOn, type ConfiguredPlatform, type PlatformEntry } from './platforms.js';

export interface AppConfig {
  core: Config;
  /** The platforms configured, in registry order. */
  platforms: ConfiguredPlatform[];
}

/** `.env` (when present) then the environment, validated: what every script starts from. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, registry?: readonly PlatformEntry[]): Promise<AppConfig> {
  loadDotEnv();
  return appConfigFromEnv(env, registry);
}

export async function appConfigFromEnv(env: NodeJS.ProcessEnv, registry: readonly PlatformEntry[] = PLATFORMS): Promise<AppConfig> {
  const core = configFromEnv(env);
  const platforms: ConfiguredPlatform[] = [];
  for (const module of await switchedOn(env, registry)) {
    const config = readPlatform(module, env);
    if (config !== undefined) platforms.push({ module, config });
  }
  return { core, platforms };
}

function readPlatform(module: PlatformModule, env: NodeJS.ProcessEnv): unknown {
  try {
    return module.config.fromEnv(env);
  } catch (error) {
    throw error instanceof ConfigError ? error : new ConfigError((error as Error).message);
  }
}

/** Every value no log line may show: the modules' tokens and the database password. */
export function secretsOfConfig(config: AppConfig): string[] {
  const own = config.platforms.flatMap((p) => p.module.config.secrets?.(p.config) ?? []);
  return secretsOf(config.core, own);
}
