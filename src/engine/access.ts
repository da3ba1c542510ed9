/**
 * What a platform module is given to receive (src/platform.ts): the engine's handle and
 * the command declarations (menus). Apart from src/engine/types.ts because it names
 * CommandDefinition, and src/bot/types.ts names the engine's Actor and Place.
 */
import type { CommandDefinition } from '../bot/types.js';
import type { Handle } from './types.js';

/** What a platform module is given to receive: the handle and the command declarations (menus). */
export interface EngineAccess {
  handle: Handle;
  commands(): readonly CommandDefinition[];
}
