/** The store monitor probes at start and every interval on its clock, never two at once, and stops. */
import { describe, expect, it } from 'vitest';
import { StoreMonitor } from '../../src/runtime/store-monitor.js';
import type { Store, StoreHealth } from '../../src/store/types.js';
import { FakeClock } from '../fake-clock.js';

describe('StoreMonitor', () => {
  it('probes at start and every interval; stop() ends the probes; a change of state is logged', async () => {
    const clock = new FakeClock();
    let probes = 0;
    let state: StoreHealth = { kind: 'sqlite', state: 'ok', writable: true };
    const store = {
      health: async () => {
        probes++;
        return state;
      },
    } as unknown as Store;
    const seen: string[] = [];
    const logs: string[] = [];
    const monitor = new StoreMonitor(store, { intervalMs: 10_000, clock, onHealth: (h) => seen.push(h.state), log: (m) => logs.push(m) }).start();
    await clock.advance(0);
    expect(probes).toBe(1);
    await clock.advance(9_999);
    expect(probes).toBe(1);
    state = { kind: 'sqlite', state: 'busy', writable: true, error: 'locked' };
    await clock.advance(1);
    expect(probes).toBe(2);
    await clock.advance(20_000);
    expect(probes).toBe(4);
    expect(seen).toEqual(['ok', 'busy', 'busy', 'busy']);
    expect(logs).toEqual(['store: busy (locked)']);
    monitor.stop();
    await clock.advance(60_000);
    expect(probes).toBe(4);
    expect(clock.waiting).toBe(0);
  });

  it('joins a probe in progress instead of starting another', async () => {
    let release!: () => void;
    let probes = 0;
    const store = {
      health: () => {
        probes++;
        return new Promise<StoreHealth>((r) => (release = () => r({ kind: 'sqlite', state: 'ok', writable: true })));
      },
    } as unknown as Store;
    const monitor = new StoreMonitor(store, { clock: new FakeClock(), onHealth: () => undefined });
    const a = monitor.probe();
    const b = monitor.probe();
    expect(a).toBe(b);
    release();
    await a;
    expect(probes).toBe(1);
  });
});
