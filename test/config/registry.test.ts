/** The platform registry, and the console module it falls back to. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConsole, PLATFORMS } from '../../app/platforms.js';
import type { ConsoleReceiver } from '../../adapters/console/receiver.js';
import { systemClock } from '../../src/clock.js';
import type { Actor, InboundEvent, Place } from '../../src/engine/types.js';
import type { EngineAccess } from '../../src/engine/access.js';

const services = { log: () => {}, clock: systemClock };

describe('the platform registry', () => {
  it('switches each platform on by its own variable', () => {
    expect(PLATFORMS.map((p) => [p.name, p.switch])).toEqual([
      ['telegram', 'TELEGRAM_BOT_TOKEN'],
      ['discord', 'DISCORD_TOKEN'],
    ]);
  });
});

describe('the console module', () => {
  it('turns each line into a text event from its managing user at the console place, until quit', async () => {
    const console = await loadConsole();
    const seen: { event: InboundEvent; actor: Actor; place: Place }[] = [];
    const engine: EngineAccess = {
      commands: () => [],
      handle: async (event, actor, place) => {
        seen.push({ event, actor, place });
        return { type: 'reply', reply: { intent: 'test', lang: 'en', text: [`you said ${event.type === 'text' ? event.text : '?'}`], items: [] } };
      },
    };
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (c) => (printed += String(c)));
    const receiver = console.createReceiver({ input, output }, services) as ConsoleReceiver;
    await receiver.start(engine);
    input.end('  papers about ECG \nquit\nnot read\n');
    await receiver.finished();
    expect(seen.map((s) => s.event)).toEqual([{ type: 'text', text: 'papers about ECG' }]);
    expect(seen[0]!.place).toMatchObject({ address: 'console:local', platform: 'console', group: false });
    expect(await seen[0]!.actor.canManage()).toBe(true);
    expect(printed).toBe('you said papers about ECG\n\n');
    expect(console.address.owns('console:local')).toBe(true);
    expect(console.address.owns('telegram:1')).toBe(false);
  });

  it('prints an announcement sent to the terminal', async () => {
    const console = await loadConsole();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (c) => (printed += String(c)));
    const sender = console.createSender({ input: new PassThrough(), output }, services);
    expect(await sender.send('console:local', { intent: 'announce', lang: 'en', text: ['⏰ Closes today'], items: [] })).toEqual({ messageId: '1' });
    expect(printed).toBe('⏰ Closes today\n\n');
  });
});
