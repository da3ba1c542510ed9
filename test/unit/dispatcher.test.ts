/** The dispatcher wraps the engine's handle for every event: metrics, in-flight draining, an apology instead of a throw. */
import { describe, expect, it } from 'vitest';
import { messages } from '../../src/bot/messages.js';
import type { Outcome } from '../../src/engine/types.js';
import { Metrics } from '../../src/http/metrics.js';
import { Dispatcher } from '../../src/runtime/dispatcher.js';
import { makeEngine } from '../helpers.js';

const actor = { id: 'u1', locale: 'zh-CN', canManage: async () => false };
const place = { address: 'tg:1', platform: 'telegram', group: false };

async function counted(metrics: Metrics): Promise<Record<string, number>> {
  const values = (await metrics.messages.get()).values;
  return Object.fromEntries(values.map((v) => [`${v.labels.platform}/${v.labels.intent}`, v.value]));
}

describe('Dispatcher', () => {
  it('counts every kind of event by platform and intent', async () => {
    const metrics = new Metrics();
    const { access } = new Dispatcher(makeEngine(), { metrics });
    const first = await access.handle({ type: 'command', name: 'search', args: { query: 'medical' } }, actor, place);
    if (first.type !== 'reply') throw new Error(first.type);
    await access.handle({ type: 'text', text: '/help' }, actor, place);
    await access.handle({ type: 'page', token: first.reply.paging!.tokens![2]! }, actor, place);
    await access.handle({ type: 'more' }, actor, place);
    await access.handle({ type: 'suggest', query: 'ecg' }, actor, place);
    expect(await counted(metrics)).toEqual({ 'telegram/search': 3, 'telegram/help': 1, 'telegram/suggest': 1 });
    expect(access.commands().map((c) => c.name)).toContain('subscribe');
  });

  it("turns a throw into the apology in the actor's language, counted as a handler error", async () => {
    const metrics = new Metrics();
    const failing = { handle: async (): Promise<Outcome> => Promise.reject(new Error('boom')), commands: () => [] };
    const logged: string[] = [];
    const { access } = new Dispatcher(failing, { metrics, log: (m) => logged.push(m) });
    expect(await access.handle({ type: 'text', text: 'hi' }, actor, place)).toEqual({
      type: 'reply',
      reply: { intent: 'error', lang: 'zh', text: [messages('zh').error], items: [], ephemeral: true },
    });
    expect(await access.handle({ type: 'suggest', query: 'x' }, { ...actor, locale: 'en' }, place)).toEqual({ type: 'suggestions', suggestions: [] });
    const errors = (await metrics.errors.get()).values.find((v) => v.labels.source === 'handler');
    expect(errors?.value).toBe(2);
    expect(logged).toEqual(['dispatcher: the text event failed', 'dispatcher: the suggest event failed']);
  });

  it('drains the events in flight on close and takes no new one', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = {
      handle: async (): Promise<Outcome> => {
        await gate;
        return { type: 'none' };
      },
      commands: () => [],
    };
    const dispatcher = new Dispatcher(slow);
    const pending = dispatcher.access.handle({ type: 'more' }, actor, place);
    expect(dispatcher.pending).toBe(1);
    let closed = false;
    const closing = dispatcher.close().then(() => (closed = true));
    await Promise.resolve();
    expect(closed).toBe(false);
    expect(await dispatcher.access.handle({ type: 'text', text: '/help' }, actor, place)).toEqual({ type: 'none' });
    release();
    await closing;
    await pending;
    expect(dispatcher.pending).toBe(0);
  });
});
