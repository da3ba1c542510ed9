/**
 * Shared by the personal (settings, follow, reminder) end-to-end tests: the announcement
 * harness's 2027 catalog and fake clock, and the pass instants of a follow in Tokyo.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { createBot } from '../../app/bot.js';
import { indexOf, movedEntries } from '../../src/announce/schedule.js';
import { loadSearchableCatalog } from '../../src/catalog/searchable.js';
import { catalogText, fileStore, gatedPacers, pass } from '../announce/harness.js';
import type { AnnounceSender } from '../../src/announce/pass.js';
import type { SqliteStore } from '../../src/store/sqlite.js';
import type { Engine } from '../../src/engine/engine.js';
import type { Store } from '../../src/store/types.js';
import type { Clock } from '../announce/harness.js';

export { ALPHA, Clock, DAY, fileStore, seeds, tempDb, pass } from '../announce/harness.js';

/** The engine over the harness catalog, on the fake clock, with no flood limit. */
export function personalBot(clock: Clock, store: Store, seedDir: string): Engine {
  return createBot({ seeds: seedDir, store, flood: false, now: () => DateTime.fromMillis(clock.ms) }).engine;
}

/**
 * Alpha Conf 2027 closes 2027-03-10 23:59 UTC+8, which is 2027-03-11 00:59 in Tokyo: its 7 and
 * 1-day leads are due at 09:00 Tokyo on 03-04 and 03-10; on its last day in Tokyo 09:00 would be
 * after the deadline, so the 0-day lead is due an hour before it (23:59 Tokyo on 03-10).
 */
export const TOKYO_LEADS = {
  seven: '2027-03-04T09:00:00+09:00',
  one: '2027-03-10T09:00:00+09:00',
  zero: '2027-03-10T23:59:00+09:00',
} as const;

/** The same leads at 09:00 Beijing time (a person without settings). */
export const BEIJING_LEADS = {
  seven: '2027-03-03T09:00:00+08:00',
  one: '2027-03-09T09:00:00+08:00',
  zero: '2027-03-10T09:00:00+08:00',
} as const;

/** A minute before a lead is due: nothing should go out. */
export const justBefore = (iso: string): string => DateTime.fromISO(iso, { setZone: true }).minus({ minutes: 1 }).toISO()!;

/**
 * Moves Alpha Conf's deadline to `deadline` (UTC+8) as a hot reload does: the seed text is
 * replaced, the catalog loaded afresh and swapped into the engine's services. Returns the
 * entries whose dates moved (what the announcer hands its next pass).
 */
export function moveAlpha(engine: Engine, seedDir: string, deadline: string): Set<string> {
  const before = indexOf(engine.services.entries);
  writeFileSync(join(seedDir, 'a.txt'), catalogText(deadline));
  const next = loadSearchableCatalog(seedDir);
  engine.services.replaceCatalog(next.catalog, next.search);
  return movedEntries(before, indexOf(engine.services.entries));
}

/**
 * A second store and engine on the same SQLite file race the first at the 7-, 1- and 0-day
 * leads (Beijing time): both passes run at once, and at least one claim per lead is lost.
 */
export async function raceAtLeads(
  first: { engine: Engine; store: SqliteStore },
  file: string,
  seedDir: string,
  senders: Record<string, AnnounceSender>,
  clock: Clock,
  raced: (n: number) => void,
): Promise<void> {
  const other = fileStore(file, clock);
  const otherEngine = personalBot(clock, other, seedDir);
  try {
    for (const iso of [BEIJING_LEADS.seven, BEIJING_LEADS.one, BEIJING_LEADS.zero]) {
      clock.set(iso);
      const [pa, pb] = gatedPacers(2);
      const results = await Promise.all([
        pass(first.engine, first.store, senders, clock, { instanceId: 'a', pacer: pa! }),
        pass(otherEngine, other, senders, clock, { instanceId: 'b', pacer: pb! }),
      ]);
      raced(results.reduce((n, r) => n + r.raced, 0));
    }
  } finally {
    await other.close();
  }
}
