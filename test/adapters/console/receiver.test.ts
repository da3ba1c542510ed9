/** The console's receiver: its one user is written to privately where they chat. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CONSOLE_ADDRESS, CONSOLE_CODEC } from '../../../adapters/console/limits.js';
import { ConsoleReceiver } from '../../../adapters/console/receiver.js';
import type { Actor, Place } from '../../../src/engine/types.js';

describe('console receiver', () => {
  it('gives its user the console as the direct address, one its codec owns', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const seen: Array<{ actor: Actor; place: Place }> = [];
    const receiver = new ConsoleReceiver({ input, output });
    await receiver.start({
      commands: () => [],
      handle: async (_event, actor, place) => {
        seen.push({ actor, place });
        return { type: 'none' };
      },
    });
    input.end('hello\n');
    await receiver.finished();
    expect(seen.map((s) => s.actor.directAddress)).toEqual([CONSOLE_ADDRESS]);
    expect(seen[0]!.place.address).toBe(CONSOLE_ADDRESS);
    expect(CONSOLE_CODEC.owns(seen[0]!.actor.directAddress!)).toBe(true);
  });
});
