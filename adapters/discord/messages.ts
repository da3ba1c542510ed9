/**
 * A Reply as Discord messages: the heading as an embed description, one embed per
 * item (see embeds.ts), link and action buttons ("remind me", custom_id the engine's
 * token) under the message of the item they belong to, and the paging buttons under the
 * last message. What does not fit one message (10 embeds, 6000 characters of embeds, 4
 * rows of link and action buttons plus the paging row) continues in the next one, which
 * the adapter sends as a follow-up.
 */
import { escapeMarkdown, type APIEmbed } from 'discord.js';
import type { Reply } from '../../src/bot/reply.js';
import { actionRows, buttonable, linkLabel, linkRows, pagingRow, type ActionButton, type ButtonRow, type LinkButton } from './components.js';
import { embedSize, itemEmbeds, textEmbeds } from './embeds.js';
import { LIMITS, truncate } from './limits.js';

export interface OutgoingMessage {
  embeds: APIEmbed[];
  components: ButtonRow[];
}

/** Rows of link and action buttons in one message: every row but the one kept for paging. */
const BUTTON_ROWS = LIMITS.rows - 1;

interface Block {
  embeds: APIEmbed[];
  links: LinkButton[];
  actions: ActionButton[];
}

interface Draft {
  embeds: APIEmbed[];
  size: number;
  links: LinkButton[];
  actions: ActionButton[];
}

const rowsOf = (buttons: number) => Math.ceil(buttons / LIMITS.buttonsPerRow);

/** An item's action buttons (one row at most): those with a token that fits a custom_id. */
function itemActions(reply: Reply, index: number, n: number): ActionButton[] {
  const item = reply.items[index]!;
  const numbered = reply.items.length > 1;
  return (item.actions ?? [])
    .filter((a) => a.token && a.token.length <= LIMITS.customId)
    .slice(0, LIMITS.buttonsPerRow)
    .map((a) => ({ token: a.token!, label: truncate(numbered ? `${n} · ${a.label}` : a.label, LIMITS.buttonLabel), primary: a.key === 'follow' }));
}

function itemBlock(reply: Reply, index: number, n: number): Block {
  const item = reply.items[index]!;
  const actions = itemActions(reply, index, n);
  // One item always fits a message: its links leave the row its actions need.
  const maxLinks = (BUTTON_ROWS - rowsOf(actions.length)) * LIMITS.buttonsPerRow;
  const links: LinkButton[] = [];
  const textLinks: string[] = [];
  const urls = item.fields.find((f) => f.key === 'links')?.facts?.urls ?? [];
  for (const url of new Set(urls)) {
    if (links.length < maxLinks && buttonable(url)) links.push({ url, label: linkLabel(n, url) });
    else textLinks.push(url);
  }
  return { embeds: itemEmbeds(item, n, reply.lang, textLinks), links, actions };
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
  if (reply.text.length) blocks.push({ embeds: textEmbeds(plainLines(reply.text)), links: [], actions: [] });
  for (const i of reply.items.keys()) blocks.push(itemBlock(reply, i, offset + i + 1));
  // The reply's footer says how to ask for more in text; the paging buttons say it here.
  if (reply.footer?.length && !paging) blocks.push({ embeds: textEmbeds(plainLines(reply.footer)), links: [], actions: [] });

  const drafts: Draft[] = [];
  let draft: Draft = { embeds: [], size: 0, links: [], actions: [] };
  const flush = () => {
    if (draft.embeds.length) drafts.push(draft);
    draft = { embeds: [], size: 0, links: [], actions: [] };
  };
  const fits = (embeds: readonly APIEmbed[], links: number, actions: number) =>
    draft.embeds.length + embeds.length <= LIMITS.embedsPerMessage &&
    draft.size + embeds.reduce((n, e) => n + embedSize(e), 0) <= LIMITS.embedTotal &&
    rowsOf(draft.links.length + links) + rowsOf(draft.actions.length + actions) <= BUTTON_ROWS;

  for (const block of blocks) {
    // Keep an item's embeds in one message when they fit together.
    if (!fits(block.embeds, block.links.length, block.actions.length)) flush();
    block.embeds.forEach((embed, i) => {
      const first = i === 0;
      if (!fits([embed], first ? block.links.length : 0, first ? block.actions.length : 0)) flush();
      draft.embeds.push(embed);
      draft.size += embedSize(embed);
      if (first) {
        draft.links.push(...block.links);
        // Discord refuses a message with two buttons of the same custom_id: the first stays.
        draft.actions.push(...block.actions.filter((a) => !draft.actions.some((b) => b.token === a.token)));
      }
    });
  }
  flush();
  if (drafts.length === 0) drafts.push({ embeds: textEmbeds(['—']), size: 1, links: [], actions: [] });

  return drafts.map((d, i) => {
    const last = i === drafts.length - 1;
    const pageIds = new Set(last && paging ? paging.components.map((b) => ('custom_id' in b ? b.custom_id : '')) : []);
    const components = [...linkRows(d.links), ...actionRows(d.actions.filter((a) => !pageIds.has(a.token)))];
    if (paging && last) components.push(paging);
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
