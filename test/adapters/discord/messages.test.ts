/** Replies as Discord messages: fields chosen by key and facts, never by label; the address codec. */
import { describe, expect, it } from 'vitest';
import { discordAddress } from '../../../adapters/discord/address.js';
import { composeReply } from '../../../adapters/discord/messages.js';
import type { Reply, ReplyItem } from '../../../src/bot/reply.js';

const item = (fields: ReplyItem['fields']): ReplyItem => ({ id: 'x', kind: 'cfp', kindLabel: 'CFP', title: 'Conf', tags: [], fields });

function reply(items: ReplyItem[]): Reply {
  return { intent: 'search', lang: 'en', text: ['1 result'], items };
}

describe('composeReply', () => {
  it('renders by key and facts whatever the labels say', () => {
    const [message] = composeReply(
      reply([
        item([
          { key: 'deadline', label: 'Renamed', value: '2026-05-25 23:59 UTC-12 (5 days left)', facts: { at: '2026-05-25T23:59:59-12:00' } },
          { key: 'links', label: 'Also renamed', value: 'whatever the text says', facts: { urls: ['https://github.com/lab/repo'] } },
          { key: 'venue', label: 'Links', value: 'https://not-a-button.example' },
        ]),
      ]),
    );
    const fields = message!.embeds.flatMap((e) => e.fields ?? []);
    expect(fields.find((f) => f.name === 'Renamed')?.value).toBe('<t:1779796799:F> (<t:1779796799:R>)\n2026-05-25 23:59 UTC-12 (5 days left)');
    expect(fields.find((f) => f.name === 'Also renamed')).toBeUndefined(); // the link is a button
    expect(fields.find((f) => f.name === 'Links')?.value).toBe('https://not-a-button.example');
    const buttons = message!.components.flatMap((row) => row.components);
    expect(buttons).toEqual([expect.objectContaining({ style: 5, url: 'https://github.com/lab/repo', label: '1 · github.com/lab/repo' })]);
  });

  it('keeps an all-day date as the engine words it', () => {
    const [message] = composeReply(
      reply([item([{ key: 'milestone', label: 'Camera-ready', value: '2026-06-01 (in 12 days)', facts: { at: '2026-06-01T00:00:00+00:00', allDay: true } }])]),
    );
    expect(message!.embeds.flatMap((e) => e.fields ?? [])).toEqual([{ name: 'Camera-ready', value: '2026-06-01 (in 12 days)' }]);
  });

  it('offers page buttons only for the tokens the engine made', () => {
    const paged: Reply = {
      ...reply([item([])]),
      paging: { page: 2, pages: 3, total: 15, pageSize: 5, command: 'search', args: { query: 'x' }, tokens: { 1: 'tok-1', 3: 'tok-3' } },
    };
    const ids = composeReply(paged)
      .at(-1)!
      .components.flatMap((row) => row.components.map((b) => ('custom_id' in b ? b.custom_id : undefined)));
    expect(ids).toEqual(['tok-1', 'tok-3']);
    const untokened: Reply = { ...paged, paging: { ...paged.paging!, tokens: undefined } };
    expect(composeReply(untokened).at(-1)!.components).toEqual([]);
  });
});

describe('discordAddress', () => {
  it('builds and reads discord:<channel id>, and nothing else', () => {
    const address = discordAddress.of('1300000000000000004');
    expect(address).toBe('discord:1300000000000000004');
    expect(discordAddress.owns(address)).toBe(true);
    expect(discordAddress.owns('telegram:-100123')).toBe(false);
    expect(discordAddress.targetOf(address)).toEqual({ channel: '1300000000000000004' });
    expect(() => discordAddress.targetOf('discord:general')).toThrow(/expected "discord:<channel id>"/);
    const dm = discordAddress.dmOf('1300000000000000002');
    expect(dm).toBe('discord:dm:1300000000000000002');
    expect(discordAddress.owns(dm)).toBe(true);
    expect(discordAddress.targetOf(dm)).toEqual({ user: '1300000000000000002' });
    expect(discordAddress.describe(dm)).toBe('Discord DM with user 1300000000000000002');
  });
});
