/**
 * The engine a contract harness starts its platform receiver with: the production path
 * (the dispatcher's wrapped handle over the Engine over the bundled catalog), a fixed
 * time, a SQLite store in a temporary directory (the manage commands work), no flood
 * limit. `reference` asks the same engine from a neutral place, for the answers the
 * platform must show.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Lang, Reply } from '../../src/bot/types.js';
import { Engine } from '../../src/engine/engine.js';
import type { EngineAccess, InboundEvent } from '../../src/engine/types.js';
import { createBot } from '../../app/bot.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/types.js';
import { at, SEEDS } from '../helpers.js';

export interface ContractEngine {
  engine: EngineAccess;
  store: Store;
  /** The engine's answer to an event from a neutral place (a private chat, the actor may manage it). */
  reference(event: InboundEvent, lang: Lang): Promise<Reply>;
  close(): Promise<void>;
}

export async function openContractEngine(options: { now?: string } = {}): Promise<ContractEngine> {
  const now = at(options.now ?? '2026-11-23T12:00:00+08:00');
  const dir = mkdtempSync(join(tmpdir(), 'contract-store-'));
  const store = await openStore({ DATABASE_PATH: join(dir, 'bot.db') });
  const { core } = createBot({ seeds: SEEDS, now: () => now, store });
  const engine = new Engine({ core, flood: false });
  let n = 0;
  return {
    engine,
    store,
    reference: async (event, lang) => {
      const outcome = await engine.handle(event, { id: 'reference', locale: lang, canManage: async () => true }, { address: `reference:${n++}`, platform: 'reference', group: false });
      if (outcome.type !== 'reply') throw new Error(`the reference answer is ${outcome.type}`);
      return outcome.reply;
    },
    close: () => store.close(),
  };
}
