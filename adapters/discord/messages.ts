/**
 * A Reply as Discord messages: the heading as an embed description, one embed per
 * item (see embeds.ts), link buttons under the item they belong to, and the paging
 * buttons under the last message. What does not fit one message (10 embeds, 6000
 * characters of embeds, 4 rows of link buttons plus the paging row) continues in the
 * next one, which the adapter sends as a follow-up.
 */
import { escapeMarkdown, type APIEmbed } from 'discord.js';
import type { Reply } from '../../src/bot/reply.js';
import { buttonable, linkLabel, linkRows, pagingRow, type ButtonRow, type LinkButton } from './components.js';
import { embedSize, itemEmbeds, textEmbeds } from './embeds.js';
import { LIMITS } from './limits.js';

export interface OutgoingMessage {
  embeds: APIEmbed[];
  components: ButtonRow[];
}

/** Link buttons in one message: every row but the one kept for paging. */
const MAX_LINK_BUTTONS = (LIMITS.rows - 1) * LIMITS.buttonsPerRow;

interface Block {
  embeds: APIEmbed[];
  links: LinkButton[];
}

interface Draft {
  embeds: APIEmbed[];
  size: number;
  links: LinkButton[];
}

function itemBlock(reply: Reply, index: number, n: number): Block {
  const item = reply.items[index]!;
  const links: LinkButton[] = [];
  const textLinks: string[] = [];
  const urls = item.fields.find((f) => f.key === 'links')?.facts?.urls ?? [];
  for (const url of new Set(urls)) {
    if (links.length < MAX_LINK_BUTTONS && buttonable(url)) links.push({ url, label: linkLabel(n, url) });
    else textLinks.push(url);
  }
  return { embeds: itemEmbeds(item, n, reply.lang, textLinks), links };
}

/**
 * Heading lines echo what the user typed ("3 results for …"): shown as typed, never as
 * markdown (no masked links, headings or bold the user slipped into a query).
 */
function plainLines(lines: readonly string[]): string[] {
  return lines.map((line) => escapeMarkdown(line, { maskedLink: true, heading: true }));
}

export function composeReply(reply: Reply): OutgoingMessage[] {
  const paging = reply.paging && reply.paging.pages > 1 ? pagingRow(reply.paging, reply.lang) : undefined;
  const offset = reply.paging ? (reply.paging.page - 1) * reply.paging.pageSize : 0;
  const blocks: Block[] = [];
  if (reply.text.length) blocks.push({ embeds: textEmbeds(plainLines(reply.text)), links: [] });
  for (const i of reply.items.keys()) blocks.push(itemBlock(reply, i, offset + i + 1));
  // The reply's footer says how to ask for more in text; the paging buttons say it here.
  if (reply.footer?.length && !paging) blocks.push({ embeds: textEmbeds(plainLines(reply.footer)), links: [] });

  const drafts: Draft[] = [];
  let draft: Draft = { embeds: [], size: 0, links: [] };
  const flush = () => {
    if (draft.embeds.length) drafts.push(draft);
    draft = { embeds: [], size: 0, links: [] };
  };
  const fits = (embeds: readonly APIEmbed[], links: number) =>
    draft.embeds.length + embeds.length <= LIMITS.embedsPerMessage &&
    draft.size + embeds.reduce((n, e) => n + embedSize(e), 0) <= LIMITS.embedTotal &&
    draft.links.length + links <= MAX_LINK_BUTTONS;

  for (const block of blocks) {
    // Keep an item's embeds in one message when they fit together.
    if (!fits(block.embeds, block.links.length)) flush();
    block.embeds.forEach((embed, i) => {
      const links = i === 0 ? block.links.length : 0;
      if (!fits([embed], links)) flush();
      draft.embeds.push(embed);
      draft.size += embedSize(embed);
      if (i === 0) draft.links.push(...block.links);
    });
  }
  flush();
  if (drafts.length === 0) drafts.push({ embeds: textEmbeds(['—']), size: 1, links: [] });

  return drafts.map((d, i) => {
    const components = linkRows(d.links);
    if (paging && i === drafts.length - 1) components.push(paging);
    return { embeds: d.embeds, components };
  });
}

/** Everything a message shows, as plain text (logs and tests). */
export function plainText(message: { content?: string; embeds?: readonly APIEmbed[]; components?: readonly unknown[] }): string {
  const lines: string[] = [];
  if (message.content) lines.push(message.content);
  for (const e of message.embeds ?? []) {
    if (e.title) lines.push(e.title);
    if (e.description) lines.push(e.description);
    for (const f of e.fields ?? []) lines.push(`${f.name === '\u200b' ? '' : `${f.name}: `}${f.value}`);
    if (e.footer?.text) lines.push(e.footer.text);
  }
  return lines.join('\n');
}
