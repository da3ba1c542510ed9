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
import type { Lang, Reply } from '../../src/bot/reply.js';
import type { InboundEvent } from '../../src/engine/types.js';
import type { EngineAccess } from '../../src/engine/access.js';
import { createBot } from '../../app/bot.js';
import { Dispatcher } from '../../src/runtime/dispatcher.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/types.js';
import { at, SEEDS } from '../helpers.js';

export interface ContractEngine {
  /** The dispatcher's access: what production starts a platform's receiver with. */
  engine: EngineAccess;
  store: Store;
  /**
   * The engine's answer to an event from a neutral place: a fresh private chat whose actor
   * may manage it, unless `as` says otherwise. Its page tokens are self-contained (any
   * reference call can follow them).
   */
  reference(event: InboundEvent, lang: Lang, as?: { canManage?: boolean; group?: boolean }): Promise<Reply>;
  close(): Promise<void>;
}

export async function openContractEngine(options: { now?: string } = {}): Promise<ContractEngine> {
  const now = at(options.now ?? '2026-11-23T12:00:00+08:00');
  const dir = mkdtempSync(join(tmpdir(), 'contract-store-'));
  const store = await openStore({ DATABASE_PATH: join(dir, 'bot.db') });
  const { engine: core } = createBot({ seeds: SEEDS, now: () => now, store, flood: false });
  const dispatcher = new Dispatcher(core);
  const engine = dispatcher.access;
  let n = 0;
  return {
    engine,
    store,
    reference: async (event, lang, as = {}) => {
      // A new person in a new place each time: what one asks (a follow, a setting) never changes another answer.
      const at = n++;
      const actor = { id: `reference-${at}`, locale: lang, canManage: async () => as.canManage ?? true, directAddress: `reference:person:${at}` };
      const outcome = await engine.handle(event, actor, { address: `reference:${at}`, platform: 'reference', group: as.group ?? false, pageTokenBytes: 1024 });
      if (outcome.type !== 'reply') throw new Error(`the reference answer is ${outcome.type}`);
      return outcome.reply;
    },
    close: async () => {
      await dispatcher.close();
      await store.close();
    },
  };
}
