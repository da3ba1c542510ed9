/** The calendar feed's part of the Store suite (migration 5): feed tokens and event versions. */
import { expect, it } from 'vitest';
import type { Store } from '../../src/store/types.js';
import type { FakeClock } from '../fake-clock.js';

const TOKEN = /^[A-Za-z0-9_-]{32,}$/;

/** Runs inside storeSuite's describe: `store` and `clock` are that suite's, fresh for each test. */
export function feedStoreTests(store: () => Store, clock: () => FakeClock): void {
  it('issues a feed token on first use and keeps it; each person has their own', async () => {
    const s = store();
    const first = await s.feedTokenOf('telegram:42');
    expect(first).toMatch(TOKEN);
    expect(await s.feedTokenOf('telegram:42')).toBe(first);
    const other = await s.feedTokenOf('discord:dm:7');
    expect(other).toMatch(TOKEN);
    expect(other).not.toBe(first);
    expect(await s.personOfFeedToken(first)).toBe('telegram:42');
    expect(await s.personOfFeedToken(other)).toBe('discord:dm:7');
    expect(await s.personOfFeedToken('no-such-token-no-such-token-no-such')).toBeUndefined();
  });

  it('20 concurrent first uses get one token', async () => {
    const tokens = await Promise.all(Array.from({ length: 20 }, () => store().feedTokenOf('telegram:9')));
    expect(new Set(tokens).size).toBe(1);
    expect(await store().personOfFeedToken(tokens[0]!)).toBe('telegram:9');
  });

  it('a reset revokes the old token and issues a new one', async () => {
    const s = store();
    const old = await s.feedTokenOf('telegram:42');
    const fresh = await s.resetFeedToken('telegram:42');
    expect(fresh).toMatch(TOKEN);
    expect(fresh).not.toBe(old);
    expect(await s.personOfFeedToken(old)).toBeUndefined();
    expect(await s.personOfFeedToken(fresh)).toBe('telegram:42');
    expect(await s.feedTokenOf('telegram:42')).toBe(fresh);
    // A reset before any token was issued issues one.
    const never = await s.resetFeedToken('telegram:43');
    expect(await s.personOfFeedToken(never)).toBe('telegram:43');
  });

  it('keeps event versions per person; a lower or equal sequence never replaces a stored one', async () => {
    const s = store();
    const at = new Date(clock().now()).toISOString();
    expect(await s.eventVersions('telegram:42')).toEqual(new Map());
    await s.saveEventVersions('telegram:42', [
      { uid: 'a.deadline@catalog-bot', fingerprint: 'f1', sequence: 0, modifiedAt: at },
      { uid: 'b.deadline@catalog-bot', fingerprint: 'g1', sequence: 0, modifiedAt: at },
    ]);
    await s.saveEventVersions('telegram:7', [{ uid: 'a.deadline@catalog-bot', fingerprint: 'other', sequence: 3, modifiedAt: at }]);
    await s.saveEventVersions('telegram:42', []);
    const later = '2026-06-01T00:00:00.000Z';
    await s.saveEventVersions('telegram:42', [
      { uid: 'a.deadline@catalog-bot', fingerprint: 'f2', sequence: 1, modifiedAt: later },
      { uid: 'b.deadline@catalog-bot', fingerprint: 'stale', sequence: 0, modifiedAt: later },
    ]);
    expect(await s.eventVersions('telegram:42')).toEqual(
      new Map([
        ['a.deadline@catalog-bot', { fingerprint: 'f2', sequence: 1, modifiedAt: later }],
        ['b.deadline@catalog-bot', { fingerprint: 'g1', sequence: 0, modifiedAt: at }],
      ]),
    );
    expect((await s.eventVersions('telegram:7')).get('a.deadline@catalog-bot')).toEqual({ fingerprint: 'other', sequence: 3, modifiedAt: at });
    await expect(s.saveEventVersions('telegram:42', [{ uid: 'c', fingerprint: 'x', sequence: 0, modifiedAt: 'today' }])).rejects.toThrow(/modifiedAt/);
  });
}
