/** How every Store migrates: only the missing versions, in order, each run all-or-nothing. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Migration } from '../../src/store/migrations.js';
import type { Store } from '../../src/store/types.js';
import { claimOf, newSubscription } from './store-suite.js';

/** One empty database (a file, a schema) that stores can be opened on again and again. */
export interface MigrationTarget {
  /** Opens and migrates a store on this database with the given history. */
  open(migrations: readonly Migration[]): Promise<Store>;
  versions(): Promise<number[]>;
  tables(): Promise<string[]>;
  drop(): Promise<void>;
}

export function migrationSuite(name: string, current: readonly Migration[], target: () => Promise<MigrationTarget>): void {
  describe(`migrations: ${name}`, () => {
    let db: MigrationTarget | undefined;
    const open: Store[] = [];
    afterEach(async () => {
      for (const s of open.splice(0)) await s.close();
      await db?.drop();
    });

    it('applies only the missing versions, in order, and keeps the data', async () => {
      db = await target();
      const v1 = await db.open(current);
      open.push(v1);
      const sub = await v1.addSubscription(newSubscription());
      expect(await db.versions()).toEqual(current.map((m) => m.version));

      const next = current.at(-1)!.version + 1;
      const later: Migration[] = [
        ...current,
        { version: next, name: 'a table', sql: `CREATE TABLE extra_${next} (x INTEGER)` },
        { version: next + 1, name: 'needs the one before', sql: `ALTER TABLE extra_${next} ADD COLUMN y INTEGER` },
      ];
      const v3 = await db.open(later);
      open.push(v3);
      await v3.migrate();
      expect(await db.versions()).toEqual(later.map((m) => m.version));
      expect(await db.tables()).toContain(`extra_${next}`);
      expect((await v3.subscriptionsOf(sub.conversation)).map((s) => s.id)).toEqual([sub.id]);
    });

    it('upgrades a version-1 database and its ledger to the current schema', async () => {
      db = await target();
      const v1 = await db.open(current.slice(0, 1));
      open.push(v1);
      const sub = await v1.addSubscription(newSubscription());
      expect(await v1.claim(claimOf(sub.id, { deadlineAt: '2026-05-26T19:59:00.000+08:00' }))).toBe(true);
      expect(await v1.claim(claimOf(sub.id, { lead: '1d', deadlineAt: '2026-04-26T19:59:00.000+08:00' }))).toBe(true);
      const now = await db.open(current);
      open.push(now);
      expect(await db.versions()).toEqual(current.map((m) => m.version));
      const rows = await now.ledgerWindow([sub.id], { deadlineAfter: '2026-05-01T00:00:00.000Z' });
      expect(rows.map((r) => r.lead)).toEqual(['7d']);
      expect(current.map((m) => m.version)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(await db.tables()).toEqual(expect.arrayContaining(['feed_tokens', 'event_versions']));
      expect(await db.tables()).toContain('announcer_state');
      expect(await now.lastCompletePass()).toBeUndefined();
      await now.recordCompletePass('2026-05-20T09:00:00.000+08:00');
      expect(await now.lastCompletePass()).toBe('2026-05-20T01:00:00.000Z');
      expect(await db.tables()).toContain('person_settings');
      expect(await now.settingsOf('telegram:1')).toBeUndefined();
      await now.saveSettings({ person: 'telegram:1', zone: 'Europe/Paris', updatedAt: '2026-05-20T01:00:00.000Z' });
      expect(await now.settingsOf('telegram:1')).toEqual({ person: 'telegram:1', zone: 'Europe/Paris', updatedAt: '2026-05-20T01:00:00.000Z' });
    });

    it('migration 6 fills the follows of an older database, and later writes keep them', async () => {
      db = await target();
      const old = await db.open(current.filter((m) => m.version < 6));
      open.push(old);
      const follow = await old.addSubscription(newSubscription({ conversation: 'telegram:42', filter: { ids: ['acl-2027'] }, leads: [7, 1, 0] }));
      const channel = await old.addSubscription(newSubscription({ filter: { ids: ['acl-2027', 'emnlp-2027'] } }));
      const now = await db.open(current);
      open.push(now);
      expect((await now.activeFollowsOf([{ entryId: 'acl-2027', minLead: 7 }])).map((s) => s.id)).toEqual([follow.id]);
      expect(await now.activeFollowsOf([{ entryId: 'acl-2027', minLead: 7.5 }])).toEqual([]);
      expect((await now.activeSubscriptions({ follows: false })).map((s) => s.id)).toEqual([channel.id]);
      const added = await now.addSubscription(newSubscription({ conversation: 'telegram:43', filter: { ids: ['acl-2027'] }, leads: [30] }));
      expect((await now.activeFollowsOf([{ entryId: 'acl-2027', minLead: 8 }])).map((s) => s.id)).toEqual([added.id]);
    });

    it('a migration that fails leaves nothing of itself and is tried again next time', async () => {
      db = await target();
      const next = current.at(-1)!.version + 1;
      const broken: Migration[] = [...current, { version: next, name: 'half done', sql: `CREATE TABLE extra_${next} (x INTEGER); SELECT * FROM no_such_table` }];
      await expect(db.open(broken)).rejects.toThrow(/no_such_table/);
      expect(await db.tables()).not.toContain(`extra_${next}`);
      expect(await db.versions()).toEqual([]);

      const fixed: Migration[] = [...current, { version: next, name: 'fixed', sql: `CREATE TABLE extra_${next} (x INTEGER)` }];
      open.push(await db.open(fixed));
      expect(await db.versions()).toEqual(fixed.map((m) => m.version));
      expect(await db.tables()).toContain(`extra_${next}`);
    });

    it('refuses a history out of order', async () => {
      db = await target();
      const bad: Migration[] = [
        { version: 2, name: 'b', sql: 'SELECT 1' },
        { version: 1, name: 'a', sql: 'SELECT 1' },
      ];
      await expect(db.open(bad)).rejects.toThrow(/out of order/);
    });
  });
}
