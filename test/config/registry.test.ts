/** The composition root asks each address's limits of the sender whose module owns it. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { limitsOfAddress, loadConsole, PLATFORMS } from '../../app/platforms.js';
import { systemClock } from '../../src/clock.js';
import type { PlatformLimits, PlatformModule, Sender } from '../../src/platform.js';

const services = { log: () => {}, clock: systemClock };

function module(name: string, limits: PlatformLimits): { module: PlatformModule; sender: Sender } {
  const sender: Sender = { platform: name, limits, send: async () => ({ messageId: '1' }), close: async () => {} };
  const m = { name, address: { owns: (a: string) => a.startsWith(`${name}:`) } } as unknown as PlatformModule;
  return { module: m, sender };
}

describe('the platform registry', () => {
  it('switches each platform on by its own variable, from its module file', () => {
    expect(PLATFORMS.map((p) => [p.name, p.switch])).toEqual([
      ['telegram', 'TELEGRAM_BOT_TOKEN'],
      ['discord', 'DISCORD_TOKEN'],
    ]);
  });

  it('gives an address the limits of the sender whose codec owns it, and none for an address nobody owns', async () => {
    const slow: PlatformLimits = { perAddress: () => ({ burst: 1, perSecond: 0.5 }), pageTokenBytes: 64, idempotencyWindowMs: 60_000 };
    const fast: PlatformLimits = { perAddress: () => ({ burst: 5, perSecond: 1 }), pageTokenBytes: 100 };
    const console = await loadConsole();
    const routes = [module('slow', slow), module('fast', fast), { module: console, sender: console.createSender({ input: new PassThrough(), output: new PassThrough() }, services) }];
    const limitsOf = limitsOfAddress(routes);
    expect(limitsOf('slow:-100')).toBe(slow);
    expect(limitsOf('fast:42')?.perAddress('fast:42')).toEqual({ burst: 5, perSecond: 1 });
    expect(limitsOf('console:local')?.perAddress('console:local')).toEqual({ burst: 1000, perSecond: 1000 });
    expect(limitsOf('elsewhere:1')).toBeUndefined();
  });
});
