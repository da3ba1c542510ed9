/**
 * Buttons: link buttons for an item's code/project links, and paging buttons whose
 * custom_id carries everything needed to produce the page, so no session is kept:
 *
 *   page:<command>:<page>:<query>      e.g. "page:search:2:medical imaging"
 *
 * The query is the rest of the id after the third colon (it may contain colons) and
 * is empty for commands asked without one. Ids are at most 100 characters: the slash
 * option's max_length leaves room for the prefix (see commands.ts); a longer query
 * (only possible from elsewhere, e.g. a channel post) is cut to fit.
 */
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, type APIActionRowComponent, type APIButtonComponent } from 'discord.js';
import type { Lang, Paging } from '../../src/bot/types.js';
import { LIMITS, prefix, truncate } from './limits.js';

export type ButtonRow = APIActionRowComponent<APIButtonComponent>;

const PAGE_ID = /^page:([^:]{1,32}):(\d{1,4}):([\s\S]*)$/;
/** Pages beyond this are not offered (the id keeps 4 digits for the page). */
export const MAX_PAGE = 9999;

export interface PageRequest {
  command: string;
  page: number;
  query?: string;
}

/** Room for the query in a paging id of this command (the page takes up to 4 digits). */
export function queryRoom(command: string): number {
  return LIMITS.customId - `page:${command}:${MAX_PAGE}:`.length;
}

export function encodePageId(command: string, page: number, query?: string): string {
  const head = `page:${command}:${page}:`;
  return head + prefix((query ?? '').trim(), LIMITS.customId - head.length);
}

export function decodePageId(customId: string): PageRequest | undefined {
  const m = PAGE_ID.exec(customId);
  if (!m) return undefined;
  const page = Number(m[2]);
  if (!Number.isInteger(page) || page < 1) return undefined;
  const query = m[3]!.trim();
  return { command: m[1]!, page, ...(query ? { query } : {}) };
}

const PAGE_LABELS: Record<Lang, { prev: string; next: string }> = {
  en: { prev: 'Previous', next: 'Next' },
  zh: { prev: '上一页', next: '下一页' },
};

/** "◀ Previous (1/3)" and "Next (3/3) ▶", only those that lead somewhere; undefined when there is one page. */
export function pagingRow(paging: Paging, lang: Lang): ButtonRow | undefined {
  const { page, pages, command } = paging;
  const query = paging.args.query;
  const row = new ActionRowBuilder<ButtonBuilder>();
  const L = PAGE_LABELS[lang];
  if (page > 1) {
    row.addComponents(
      new ButtonBuilder()
        .setStyle(ButtonStyle.Secondary)
        .setCustomId(encodePageId(command, page - 1, query))
        .setLabel(`◀ ${L.prev} (${page - 1}/${pages})`),
    );
  }
  if (page < pages && page < MAX_PAGE) {
    row.addComponents(
      new ButtonBuilder()
        .setStyle(ButtonStyle.Primary)
        .setCustomId(encodePageId(command, page + 1, query))
        .setLabel(`${L.next} (${page + 1}/${pages}) ▶`),
    );
  }
  return row.components.length ? row.toJSON() : undefined;
}

export interface LinkButton {
  url: string;
  label: string;
}

/** Links a link button can carry: http(s), at most 512 characters. */
export function buttonable(url: string): boolean {
  if (url.length > LIMITS.buttonUrl) return false;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

/** "3 · github.com/org/repo": which item, and where the link goes. */
export function linkLabel(n: number, url: string): string {
  let where = url;
  try {
    const u = new URL(url);
    where = `${u.host.replace(/^www\./, '')}${u.pathname === '/' ? '' : u.pathname.replace(/\/$/, '')}`;
  } catch {
    // keep the raw url
  }
  return truncate(`${n} · ${where}`, LIMITS.buttonLabel);
}

/** Rows of up to 5 link buttons. */
export function linkRows(links: readonly LinkButton[]): ButtonRow[] {
  const rows: ButtonRow[] = [];
  for (let i = 0; i < links.length; i += LIMITS.buttonsPerRow) {
    const row = new ActionRowBuilder<ButtonBuilder>();
    for (const link of links.slice(i, i + LIMITS.buttonsPerRow)) {
      row.addComponents(new ButtonBuilder().setStyle(ButtonStyle.Link).setURL(link.url).setLabel(link.label));
    }
    rows.push(row.toJSON());
  }
  return rows;
}
