/**
 * The platform registry: each platform module by name, with the variable that switches
 * it on. A module (adapters/<name>/module.js) is imported only when that variable is set,
 * so a console start never loads grammY or discord.js.
 */
import type { PlatformModule } from '../src/platform.js';

export interface PlatformEntry {
  name: string;
  /** Set (not blank) → the module is loaded and reads its settings. */
  switch: string;
  load(): Promise<PlatformModule>;
}

// Literal specifiers, so that tsc, dependency-cruiser and knip see which modules the registry loads.
export const PLATFORMS: readonly PlatformEntry[] = [
  { name: 'telegram', switch: 'TELEGRAM_BOT_TOKEN', load: async () => (await import('../adapters/telegram/module.js')).platformModule },
  { name: 'discord', switch: 'DISCORD_TOKEN', load: async () => (await import('../adapters/discord/module.js')).platformModule },
];

/** The terminal chat: the platform when no other is configured (and for `npm run announce`). */
export const loadConsole = async () => (await import('../adapters/console/module.js')).platformModule;

/** A configured platform: its module and the settings it read. */
export interface ConfiguredPlatform<C = unknown> {
  module: PlatformModule<C>;
  config: C;
}

/** The modules whose switch is set in `env`. */
export async function switchedOn(env: NodeJS.ProcessEnv, registry: readonly PlatformEntry[] = PLATFORMS): Promise<PlatformModule[]> {
  const on = registry.filter((p) => Boolean(env[p.switch]?.trim()));
  return Promise.all(on.map((p) => p.load()));
}
