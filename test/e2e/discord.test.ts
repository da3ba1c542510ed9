/**
 * End to end on Discord: the platform module's receiver (a real discord.js Client)
 * connects to the fake Discord REST + gateway (test/fakes/discord) on 127.0.0.1 through
 * DISCORD_REST_API, and users act through fake interactions; its sender posts over REST.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.js';
import { discordAddress } from '../../adapters/discord/address.js';
import { parseItemTitle } from '../../adapters/discord/embeds.js';
import { plainText } from '../../adapters/discord/messages.js';
import { platformModule } from '../../adapters/discord/module.js';
import type { DiscordReceiver } from '../../adapters/discord/receiver.js';
import type { DiscordConfig } from '../../adapters/discord/config.js';
import type { Reply } from '../../src/bot/reply.js';
import { systemClock, type Clock } from '../../src/clock.js';
import type { Engine } from '../../src/engine/engine.js';
import { encodeSelf } from '../../src/engine/page-token.js';
import type { Handle } from '../../src/engine/types.js';
import type { EngineAccess } from '../../src/engine/access.js';
import type { Sender } from '../../src/platform.js';
import { FakeClock } from '../fake-clock.js';
import { FakeDiscord, type JsonObject, type RecordedRequest } from '../fakes/discord/index.js';
import { makeEngine, replyTo, seedDir } from '../helpers.js';

const NOW = '2026-05-20T12:00:00+08:00';
const EPHEMERAL = 1 << 6;

interface Harness {
  fake: FakeDiscord;
  engine: Engine;
  receiver: DiscordReceiver;
  sender: Sender;
  config: DiscordConfig;
  logged: Array<{ message: string; error?: unknown }>;
  close(): Promise<void>;
}

async function open(
  options: { seeds?: string; handle?: (engine: Engine) => Handle; deferAfterMs?: number; clock?: Clock; fake?: Parameters<typeof FakeDiscord.start>[0] } = {},
): Promise<Harness> {
  const fake = await FakeDiscord.start({ disallowPrivilegedIntents: true, ...options.fake });
  const engine = makeEngine({ now: NOW, ...(options.seeds ? { seeds: options.seeds } : {}) });
  const config: DiscordConfig = {
    ...platformModule.config.fromEnv({ DISCORD_TOKEN: fake.token, DISCORD_APPLICATION_ID: fake.applicationId, DISCORD_REST_API: fake.restBase })!,
    ...(options.deferAfterMs !== undefined ? { deferAfterMs: options.deferAfterMs } : {}),
  };
  const logged: Harness['logged'] = [];
  const services = { log: (message: string, error?: unknown) => logged.push({ message, error }), clock: options.clock ?? systemClock };
  const receiver = platformModule.createReceiver(config, services) as DiscordReceiver;
  const sender = platformModule.createSender(config, services);
  const access: EngineAccess = { handle: options.handle ? options.handle(engine) : engine.handle, commands: () => engine.commands() };
  await receiver.start(access);
  return {
    fake,
    engine,
    receiver,
    sender,
    config,
    logged,
    close: async () => {
      await receiver.stop(); // destroys the client before the fake goes away
      await sender.close();
      await fake.close();
    },
  };
}

/** The messages an interaction ended up showing: @original (after edits) and follow-ups. */
async function shown(h: Harness, interactionId: string): Promise<JsonObject[]> {
  await h.fake.waitForInteractionResponse(interactionId);
  await h.receiver.whenIdle();
  return [h.fake.originalMessage(interactionId), ...h.fake.followUps(interactionId)].filter((m): m is JsonObject => Boolean(m));
}

function titlesOf(messages: JsonObject[]): string[] {
  return messages.flatMap((m) => (m.embeds as { title?: string }[]).flatMap((e) => parseItemTitle(e.title ?? '')?.title ?? []));
}

/** The custom_ids of a message's buttons (the page buttons). */
function customIds(message: JsonObject): string[] {
  return (message.components as JsonObject[]).flatMap((row) => (row.components as JsonObject[]).flatMap((c) => (c.custom_id as string | undefined) ?? []));
}

/** The tokens of the item actions ("remind me", …) the engine put into a reply. */
function actionTokens(reply: Reply): Set<string> {
  return new Set(reply.items.flatMap((item) => (item.actions ?? []).flatMap((a) => a.token ?? [])));
}

/** A message's page buttons: every custom_id but the reply's item actions. */
function pageIds(message: JsonObject, reply: Reply): string[] {
  const actions = actionTokens(reply);
  return customIds(message).filter((id) => !actions.has(id));
}

function textOf(messages: JsonObject[]): string {
  return messages.map((m) => plainText(m)).join('\n');
}

/** The engine's answer in a neutral private chat (a page through a self-contained token). */
function reference(engine: Engine, command: string, query: string | undefined, locale: string, page?: number): Promise<Reply> {
  const args = { query };
  const event = page ? ({ type: 'page', token: encodeSelf({ command, args }, page, 1024)! } as const) : ({ type: 'command', name: command, args } as const);
  return replyTo(engine, event, { locale });
}

/** Requests that create or edit a message, with the message body. */
function messageBodies(requests: RecordedRequest[]): Array<{ request: RecordedRequest; body: JsonObject }> {
  const out: Array<{ request: RecordedRequest; body: JsonObject }> = [];
  for (const r of requests) {
    if (r.rateLimited) continue;
    if (r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path)) out.push({ request: r, body: r.body });
    else if (r.method === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback$/.test(r.path) && [4, 7].includes(r.body?.type)) {
      out.push({ request: r, body: r.body.data });
    } else if (/^\/webhooks\/\d+\/[^/]+(\/messages\/[^/]+)?$/.test(r.path) && ['POST', 'PATCH'].includes(r.method)) {
      out.push({ request: r, body: r.body });
    }
  }
  return out;
}

/** Every Discord limit a message must respect; returns what is broken. */
function limitProblems(body: JsonObject): string[] {
  const problems: string[] = [];
  const len = (s: unknown) => (typeof s === 'string' ? s.length : 0);
  if (len(body.content) > 2000) problems.push('content > 2000');
  const embeds: JsonObject[] = body.embeds ?? [];
  if (embeds.length > 10) problems.push('more than 10 embeds');
  let total = 0;
  for (const e of embeds) {
    if (len(e.title) > 256) problems.push('title > 256');
    if (len(e.description) > 4096) problems.push('description > 4096');
    const fields: JsonObject[] = e.fields ?? [];
    if (fields.length > 25) problems.push('more than 25 fields');
    for (const f of fields) {
      if (!f.name || len(f.name) > 256) problems.push('field name empty or > 256');
      if (!f.value || len(f.value) > 1024) problems.push('field value empty or > 1024');
      total += len(f.name) + len(f.value);
    }
    total += len(e.title) + len(e.description) + len(e.footer?.text) + len(e.author?.name);
  }
  if (total > 6000) problems.push(`embeds total ${total} > 6000`);
  const rows: JsonObject[] = body.components ?? [];
  if (rows.length > 5) problems.push('more than 5 rows');
  for (const row of rows) {
    if (row.components.length > 5) problems.push('more than 5 buttons in a row');
    for (const c of row.components as JsonObject[]) {
      if (len(c.label) > 80) problems.push('label > 80');
      if (c.custom_id !== undefined && len(c.custom_id) > 100) problems.push('custom_id > 100');
      if (c.url !== undefined && len(c.url) > 512) problems.push('url > 512');
    }
  }
  return problems;
}

/** `refused`: channels a test forbade on purpose (a post there fails with 403 and shows nothing). */
function expectEveryMessageSafe(fake: FakeDiscord, refused: readonly string[] = []): void {
  const bodies = messageBodies(fake.requests).filter(({ request }) => !refused.some((c) => request.path === `/channels/${c}/messages`));
  expect(bodies.length).toBeGreaterThan(0);
  for (const { request, body } of bodies) {
    expect(body.allowed_mentions, `${request.method} ${request.path}`).toEqual({ parse: [] });
    expect(limitProblems(body), `${request.method} ${request.path}`).toEqual([]);
    expect(request.status, `${request.method} ${request.path} -> ${JSON.stringify(request.response)}`).toBeLessThan(300);
  }
}

describe('Discord adapter against the fake gateway', () => {
  let h: Harness;
  const refused: string[] = [];
  beforeAll(async () => {
    h = await open();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('connects with the Guilds intent only, through DISCORD_REST_API', () => {
    expect(h.fake.identify?.intents).toBe(1); // GatewayIntentBits.Guilds; the fake closes 4014 on privileged ones
    expect(h.fake.requests.find((r) => r.path === '/gateway/bot')?.headers.authorization).toBe(`Bot ${h.fake.token}`);
  });

  for (const locale of ['en-US', 'zh-CN'] as const) {
    it(`answers each command in ${locale}, as the core does, in the locale's language`, async () => {
      for (const command of COMMANDS.filter((c) => !c.requires?.includes('manage'))) {
        const query = command.options.some((o) => o.required) ? (locale === 'zh-CN' ? '病理' : 'pathology') : undefined;
        const { id } = h.fake.slashCommand(command.name, query ? { query } : undefined, { locale });
        const messages = await shown(h, id);
        const [callback] = h.fake.interactionResponses(id);
        expect(callback?.type, `/${command.name}`).toBe(4);
        expect(callback?.data.allowed_mentions).toEqual({ parse: [] });
        const ref = await reference(h.engine, command.name, query, locale);
        // Public unless the core says only the asker should see it (a private link: /calendar; the follow commands without a store).
        expect(callback?.data.flags ?? 0, `/${command.name}`).toBe(ref.ephemeral ? 64 : 0);
        expect(titlesOf(messages), `/${command.name} ${locale}`).toEqual(ref.items.map((i) => i.title));
        const text = textOf(messages);
        expect(text).toContain(ref.text[0]!);
        expect(ref.lang).toBe(locale === 'zh-CN' ? 'zh' : 'en');
      }
    });
  }

  it('shows deadlines as Discord timestamps with the wording of the reply', async () => {
    const { id } = h.fake.slashCommand('deadline', { query: 'EMNLP' }, { locale: 'en-US' });
    const [message] = await shown(h, id);
    const embed = (message!.embeds as JsonObject[]).find((e) => parseItemTitle(e.title ?? '')?.title === 'EMNLP 2026 征稿')!;
    const deadline = (embed.fields as JsonObject[]).find((f) => f.name === 'Deadline')!;
    // 2026-05-25 23:59:59 UTC-12 = 1779796799, above the engine's wording of it
    const said = (await reference(h.engine, 'deadline', 'EMNLP', 'en-US')).items.find((i) => i.title === 'EMNLP 2026 征稿')!.fields.find((f) => f.key === 'deadline')!;
    expect(said.value).toMatch(/^2026-05-25 23:59 UTC-12/);
    expect(deadline.value).toBe(`<t:1779796799:F> (<t:1779796799:R>)\n${said.value}`);
    expect((embed.fields as JsonObject[]).find((f) => f.name === 'Source says')?.value).toContain('due 2026-05-25 UTC-12');

    const zh = await shown(h, h.fake.slashCommand('deadline', undefined, { locale: 'zh-CN' }).id);
    const fields = (zh[0]!.embeds as JsonObject[]).flatMap((e) => (e.fields ?? []) as JsonObject[]);
    const firstDeadline = fields.find((f) => f.name === '截止')!;
    expect(firstDeadline.value).toMatch(/^<t:\d+:F> \(<t:\d+:R>\)\n\d{4}-\d{2}-\d{2} \d{2}:\d{2} \S+/);
  });

  it('puts code/project links on link buttons', async () => {
    const withLink = h.engine.services.entries.find((e) => e.kind === 'paper' && e.links.length > 0)!;
    const { id } = h.fake.slashCommand('paper', { query: withLink.acronym ?? withLink.title.slice(0, 40) }, { locale: 'en-US' });
    const messages = await shown(h, id);
    const buttons = messages.flatMap((m) => (m.components as JsonObject[]).flatMap((row) => row.components as JsonObject[]));
    expect(buttons).toContainEqual(expect.objectContaining({ type: 2, style: 5, url: withLink.links[0] }));
  });

  it('autocompletes query options with up to 25 titles', async () => {
    const broad = h.fake.autocomplete('search', 'query', 'medical', undefined, { locale: 'en-US' });
    const answer = await h.fake.waitForInteractionResponse(broad.id);
    expect(answer.type).toBe(8);
    const choices = answer.data.choices as { name: string; value: string }[];
    expect(choices.length).toBe(25); // "medical" matches far more than 25 entries
    expect(choices.every((c) => c.name.length >= 1 && c.name.length <= 100 && c.value.length >= 1 && c.value.length <= 100)).toBe(true);

    const papers = h.fake.autocomplete('paper', 'query', 'ECG');
    await h.fake.waitForInteractionResponse(papers.id);
    const paperChoices = h.fake.interactionResponses(papers.id)[0]!.data.choices as { value: string }[];
    expect(paperChoices.length).toBeGreaterThan(0);
    const kinds = paperChoices.map((c) => h.engine.services.entries.find((e) => e.title.startsWith(c.value))?.kind);
    expect(new Set(kinds)).toEqual(new Set(['paper']));

    const empty = h.fake.autocomplete('dataset', 'query', '');
    await h.fake.waitForInteractionResponse(empty.id);
    expect(h.fake.interactionResponses(empty.id)[0]?.data.choices).toEqual([]);
  });

  it("pages with buttons whose custom_id is the engine's page token (update, type 7)", async () => {
    const { id } = h.fake.slashCommand('search', { query: 'medical' }, { locale: 'en-US' });
    const first = await shown(h, id);
    const last = first.at(-1)!;
    const ref1 = await reference(h.engine, 'search', 'medical', 'en-US');
    // Items with a date ahead carry a "remind me" button (the reply's item actions); the rest page.
    const actions = actionTokens(ref1);
    expect(
      first
        .flatMap((m) => customIds(m))
        .filter((id) => actions.has(id))
        .sort(),
    ).toEqual([...actions].sort());
    const [next, ...others] = pageIds(last, ref1);
    expect(others).toEqual([]); // page 1 has a next button only
    expect(next).toBe(ref1.paging!.tokens![2]);
    expect(next!.length).toBeLessThanOrEqual(100);

    const click = h.fake.button(next!, { message: last.id as string, locale: 'en-US' });
    const second = await shown(h, click.id);
    const [callback] = h.fake.interactionResponses(click.id);
    expect(callback).toMatchObject({ kind: 'callback', type: 7, messageId: last.id });
    expect(callback?.data.allowed_mentions).toEqual({ parse: [] });
    const ref2 = await reference(h.engine, 'search', 'medical', 'en-US', 2);
    expect(titlesOf(second)).toEqual(ref2.items.map((i) => i.title));
    const ids = pageIds(second.at(-1)!, ref2);
    expect(ids).toHaveLength(2); // previous and next

    // The presser's locale picks the language of the page.
    const zh = h.fake.button(ids[1]!, { message: last.id as string, locale: 'zh-CN' });
    expect(textOf(await shown(h, zh.id))).toContain('第 3/');
  });

  it('pages the longest query an option accepts within the 100-character custom_id', async () => {
    const query = '医学'.repeat(50);
    const first = await shown(h, h.fake.slashCommand('search', { query }, { locale: 'zh-CN' }).id);
    const [next] = pageIds(first.at(-1)!, await reference(h.engine, 'search', query, 'zh-CN'));
    expect(next!.length).toBeLessThanOrEqual(100);
    const second = await shown(h, h.fake.button(next!, { message: first.at(-1)!.id as string, locale: 'zh-CN' }).id);
    expect(titlesOf(second)).toEqual((await reference(h.engine, 'search', query, 'zh-CN', 2)).items.map((i) => i.title));
  });

  it('answers a button it cannot read as expired, only to the presser', async () => {
    const press = h.fake.button('page:search:2:medical', { locale: 'en-US' });
    await shown(h, press.id);
    const [callback] = h.fake.interactionResponses(press.id);
    expect(callback?.type).toBe(4);
    expect(callback!.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(textOf([callback!.message!])).toContain('This button has expired');
  });

  it('answers an unknown command ephemerally, and a failing REST call does not stop the client', async () => {
    const unknown = h.fake.slashCommand('nosuch', undefined, { locale: 'en-US' });
    await shown(h, unknown.id);
    const [callback] = h.fake.interactionResponses(unknown.id);
    expect(callback?.type).toBe(4);
    expect(callback!.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(textOf([callback!.message!])).toContain('There is no /nosuch command');

    // A post to a bad conversation or a forbidden channel fails for the caller ...
    const before = h.logged.length;
    await expect(h.sender.send('discord:1', { intent: 'x', lang: 'en', text: ['x'], items: [] })).rejects.toThrow(/not a Discord conversation/);
    const gone = h.fake.addChannel(h.fake.defaultGuildId, { name: 'temp' });
    refused.push(gone);
    h.fake.forbidChannel(gone);
    await expect(h.sender.send(`discord:${gone}`, { intent: 'x', lang: 'en', text: ['x'], items: [] })).rejects.toMatchObject({ kind: 'lost' });
    // ... and the client keeps answering.
    const next = await shown(h, h.fake.slashCommand('help', undefined, { locale: 'en-US' }).id);
    expect(textOf(next)).toContain('/search');
    expect(h.logged.slice(before)).toEqual([]);
  });

  it('waits out a 429 on the interaction callback and still answers within the window', async () => {
    const callback = /^\/interactions\/\d+\/[^/]+\/callback$/;
    h.fake.rateLimitNext({ method: 'POST', path: callback }, { retryAfter: 1 });
    const { id } = h.fake.slashCommand('paper', { query: 'ECG' }, { locale: 'en-US' });
    const messages = await shown(h, id);
    expect(titlesOf(messages)).toEqual((await reference(h.engine, 'paper', 'ECG', 'en-US')).items.map((i) => i.title));
    const attempts = h.fake.requests.filter((r) => r.path.startsWith(`/interactions/${id}/`));
    expect(attempts.map((r) => r.status)).toEqual([429, 204]);
    expect(h.logged.some((l) => /rate limited/.test(l.message))).toBe(true);
  });

  it('waits out a 429 on a channel post (sender.send)', async () => {
    const channel = h.fake.defaultChannelId;
    h.fake.rateLimitNext({ method: 'POST', path: `/channels/${channel}/messages` }, { retryAfter: 0.5 });
    const address = discordAddress.of(channel);
    const outcome = await h.engine.handle(
      { type: 'command', name: 'deadline', args: {} },
      { locale: 'zh-CN', canManage: async () => false },
      { address, platform: 'discord', group: true, pageTokenBytes: 100 },
    );
    if (outcome.type !== 'reply') throw new Error('no reply');
    const sent = await h.sender.send(address, outcome.reply);
    const posts = h.fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channel}/messages`);
    expect(posts.map((p) => p.status)).toEqual([429, 200]);
    expect(h.fake.channelMessages(channel).at(-1)?.id).toBe(sent.messageId);
    const buttons = (h.fake.channelMessages(channel).at(-1)!.components as JsonObject[]).flatMap((r) => r.components as JsonObject[]);
    expect(buttons.some((b) => b.custom_id === outcome.reply.paging?.tokens?.[2])).toBe(true);
  });

  it('sent every message within Discord limits with empty allowed mentions, and made no unknown request', () => {
    expectEveryMessageSafe(h.fake, refused);
    expect(h.fake.unhandledRequests.map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });
});

describe('catalog text that mentions everyone', () => {
  let h: Harness;
  beforeAll(async () => {
    const seeds = seedDir({
      'm.txt':
        '论文Venue2026 年topic @everyone 提醒:测试论文 <@&456>\n@everyone @here please look <@123> at this.\n' +
        '论文Venue2026 年topic Beta:普通论文\nBeta description, with a masked link: [free nitro](https://phish.example).\n',
    });
    h = await open({ seeds });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('shows the text but sends allowed_mentions { parse: [] } on replies and channel posts', async () => {
    const { id } = h.fake.slashCommand('search', { query: 'everyone' }, { locale: 'en-US' });
    const messages = await shown(h, id);
    expect(textOf(messages)).toContain('@everyone 提醒:测试论文 <@&456>');
    expect(h.fake.interactionResponses(id)[0]?.data.allowed_mentions).toEqual({ parse: [] });

    // The user's own text, echoed in the heading, cannot ping either.
    // Nor can it slip in markdown: a masked link is shown as typed, not as a link.
    const echo = h.fake.slashCommand('paper', { query: '@everyone <@123> [free nitro](https://phish.example)' }, { locale: 'en-US' });
    const echoed = textOf(await shown(h, echo.id));
    expect(h.fake.interactionResponses(echo.id)[0]?.data.allowed_mentions).toEqual({ parse: [] });
    expect(echoed).toContain('@everyone <@123>');
    expect(echoed).toContain('\\[free nitro](https://phish.example)');
    expect(echoed).not.toMatch(/(?<!\\)\[free nitro\]\(/);
    // Catalog text cannot slip in markdown either: a masked link is shown as written, not as a link.
    const masked = h.fake.slashCommand('search', { query: 'Beta' }, { locale: 'en-US' });
    const shownMasked = textOf(await shown(h, masked.id));
    expect(shownMasked).toContain('\\[free nitro](https://phish.example)');
    expect(shownMasked).not.toMatch(/(?<!\\)\[free nitro\]\(/);

    const channel = h.fake.defaultChannelId;
    await h.sender.send(`discord:${channel}`, await reference(h.engine, 'search', 'everyone', 'en-US'));
    const post = h.fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channel}/messages`).at(-1)!;
    expect(post.body.allowed_mentions).toEqual({ parse: [] });
    expect(plainText(post.body)).toContain('@everyone');
    expectEveryMessageSafe(h.fake);
  });
});

describe('over-long answers', () => {
  let h: Harness;
  beforeAll(async () => {
    const lines: string[] = [];
    for (let i = 0; i < 6; i++) {
      // links too long for a button (> 512) stay as text; the first item has more links than buttons fit
      const far = Array.from({ length: 3 }, (_, k) => `https://example.org/far/${i}/${k}/${'p'.repeat(590)}`).join(' ');
      const near = Array.from({ length: i === 0 ? 24 : 2 }, (_, k) => `https://github.com/lab/omega${i}-${k}`).join(' ');
      lines.push(`论文Venue2026 年topic Omega${i}:${'超长标题'.repeat(80)}${i}\nOmega${i} ${'long words '.repeat(100)}. Code/project link: ${far} ${near}\n`);
    }
    h = await open({ seeds: seedDir({ 'long.txt': lines.join('') }) });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('splits into follow-ups, each within every limit, and pages the rest', async () => {
    const { id } = h.fake.slashCommand('paper', { query: 'omega' }, { locale: 'en-US' });
    const messages = await shown(h, id);
    expect(messages.length).toBeGreaterThan(1);
    expect(h.fake.followUps(id).length).toBe(messages.length - 1);
    // every item is shown once, titled (cut to 256 characters) in order
    const ref = await reference(h.engine, 'paper', 'omega', 'en-US');
    const titles = titlesOf(messages);
    expect(titles).toHaveLength(ref.items.length);
    for (const [i, t] of titles.entries()) expect(ref.items[i]!.title.startsWith(t.replace(/…$/, ''))).toBe(true);
    // every link is reachable: as a button, or as text when no button can carry it
    const shownText = textOf(messages);
    const urls = messages.flatMap((m) => (m.components as JsonObject[]).flatMap((row) => (row.components as JsonObject[]).map((c) => c.url)));
    for (const item of ref.items) for (const link of item.links ?? []) expect(urls.includes(link) || shownText.includes(link), link).toBe(true);
    // the paging row is on the last message
    expect(pageIds(messages.at(-1)!, ref)).toHaveLength(1);
    expectEveryMessageSafe(h.fake);
  });
});

/** A promise and the function that resolves it. */
function gate(): { opened: Promise<void>; open(): void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('deferring, errors and stopping', () => {
  it('defers when the answer is slow, then edits the reply; later answers defer at once', async () => {
    const clock = new FakeClock();
    let asked = gate();
    let release = gate();
    const h = await open({
      deferAfterMs: 150,
      clock,
      handle: (engine) => async (event, actor, place) => {
        asked.open();
        await release.opened;
        return engine.handle(event, actor, place);
      },
    });
    try {
      const { id } = h.fake.slashCommand('paper', { query: 'ECG' }, { locale: 'en-US' });
      await asked.opened;
      // the answer has not come within 150 ms: the receiver defers (type 5), then edits
      await clock.advance(150);
      await h.fake.waitForInteractionResponse(id);
      expect(h.fake.interactionResponses(id).map((r) => r.type)).toEqual([5]);
      release.open();
      const messages = await shown(h, id);
      expect(h.fake.interactionResponses(id).map((r) => [r.kind, r.type])).toEqual([
        ['callback', 5],
        ['editOriginal', undefined],
      ]);
      expect(titlesOf(messages)).toEqual((await reference(h.engine, 'paper', 'ECG', 'en-US')).items.map((i) => i.title));

      // a recent answer was slow: the next one is deferred before asking
      asked = gate();
      release = gate();
      release.open();
      const next = h.fake.slashCommand('search', { query: 'medical' }, { locale: 'en-US' });
      const page1 = await shown(h, next.id);
      expect(h.fake.interactionResponses(next.id)[0]?.type).toBe(5);
      // the next page's button, not an item's "remind me"
      const [nextPage] = pageIds(page1.at(-1)!, await reference(h.engine, 'search', 'medical', 'en-US'));
      const click = h.fake.button(nextPage!, { message: page1.at(-1)!.id as string });
      await shown(h, click.id);
      expect(h.fake.interactionResponses(click.id).map((r) => [r.kind, r.type])).toEqual([
        ['callback', 6],
        ['editOriginal', undefined],
      ]);
      expectEveryMessageSafe(h.fake);
    } finally {
      await h.close();
    }
  });

  it('answers a failing handler with an ephemeral apology, logs it, and keeps answering', async () => {
    const boom = encodeSelf({ command: 'paper', args: { query: 'boom' } }, 2, 100)!;
    const h = await open({
      handle: (engine) => async (event, actor, place) => {
        if ((event.type === 'command' && event.args.query === 'boom') || (event.type === 'page' && event.token === boom)) throw new Error('boom');
        return engine.handle(event, actor, place);
      },
    });
    try {
      const failing = h.fake.slashCommand('paper', { query: 'boom' }, { locale: 'zh-CN' });
      await shown(h, failing.id);
      const [callback] = h.fake.interactionResponses(failing.id);
      expect(callback?.type).toBe(4);
      expect(callback!.data.flags & EPHEMERAL).toBe(EPHEMERAL);
      expect(textOf([callback!.message!])).toContain('抱歉');
      expect(h.logged.map((l) => [l.message, String(l.error)])).toEqual([['discord: /paper failed', 'Error: boom']]);

      const next = await shown(h, h.fake.slashCommand('paper', { query: 'ECG' }, { locale: 'en-US' }).id);
      expect(titlesOf(next).length).toBeGreaterThan(0);

      // a failing page button: the shared message stays, only the presser sees the apology
      const press = h.fake.button(boom, { locale: 'en-US' });
      await shown(h, press.id);
      const [buttonAnswer] = h.fake.interactionResponses(press.id);
      expect(buttonAnswer?.type).toBe(4);
      expect(buttonAnswer!.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    } finally {
      await h.close();
    }
  });

  it('replaces a deferred reply with the ephemeral apology when the handler fails after deferring', async () => {
    const h = await open({
      deferAfterMs: 0,
      handle: () => async () => {
        throw new Error('late failure');
      },
    });
    try {
      const { id } = h.fake.slashCommand('search', { query: 'x' }, { locale: 'en-US' });
      await h.fake.waitForInteractionResponse(id, (r) => r.kind === 'followup');
      await h.receiver.whenIdle();
      expect(h.fake.interactionResponses(id).map((r) => [r.kind, r.type])).toEqual([
        ['callback', 5],
        ['deleteOriginal', undefined],
        ['followup', undefined],
      ]);
      expect(h.fake.followUps(id)[0]!.flags & EPHEMERAL).toBe(EPHEMERAL);
    } finally {
      await h.close();
    }
  });

  it('stop() lets an answer in progress finish, then disconnects', async () => {
    const asked = gate();
    const release = gate();
    const h = await open({
      handle: (engine) => async (event, actor, place) => {
        asked.open();
        await release.opened;
        return engine.handle(event, actor, place);
      },
    });
    const { id } = h.fake.slashCommand('help', undefined, { locale: 'en-US' });
    await asked.opened;
    const stopped = h.receiver.stop();
    expect(h.fake.openGatewayConnections).toBe(1); // still connected while the answer is in progress
    release.open();
    await stopped;
    expect(h.fake.interactionResponses(id).map((r) => r.type)).toEqual([4]);
    expect(h.fake.openGatewayConnections).toBe(0);
    await h.fake.close();
  });
});
