/**
 * Buttons: link buttons for an item's links, item action buttons ("remind me", …) and
 * paging buttons, whose custom_id is the token the engine put into the reply
 * (`paging.tokens`, `ItemAction.token`): the adapter never builds or reads one, and
 * keeps no session.
 */
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, type APIActionRowComponent, type APIButtonComponent } from 'discord.js';
import type { Lang, Paging } from '../../src/bot/reply.js';
import { LIMITS, truncate } from './limits.js';

export type ButtonRow = APIActionRowComponent<APIButtonComponent>;

const PAGE_LABELS: Record<Lang, { prev: string; next: string }> = {
  en: { prev: 'Previous', next: 'Next' },
  zh: { prev: '上一页', next: '下一页' },
};

/** "◀ Previous (1/3)" and "Next (3/3) ▶", for the pages the engine made tokens for; undefined when none. */
export function pagingRow(paging: Paging, lang: Lang): ButtonRow | undefined {
  const { page, pages, tokens = {} } = paging;
  const L = PAGE_LABELS[lang];
  const row = new ActionRowBuilder<ButtonBuilder>();
  const prev = tokens[page - 1];
  const next = tokens[page + 1];
  if (prev && prev.length <= LIMITS.customId) {
    row.addComponents(
      new ButtonBuilder()
        .setStyle(ButtonStyle.Secondary)
        .setCustomId(prev)
        .setLabel(`◀ ${L.prev} (${page - 1}/${pages})`),
    );
  }
  if (next && next.length <= LIMITS.customId) {
    row.addComponents(
      new ButtonBuilder()
        .setStyle(ButtonStyle.Primary)
        .setCustomId(next)
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

export interface ActionButton {
  token: string;
  label: string;
  /** A follow stands out (green); the others are plain. */
  primary: boolean;
}

/** Rows of up to 5 action buttons (custom_id: the engine's token). */
export function actionRows(actions: readonly ActionButton[]): ButtonRow[] {
  const rows: ButtonRow[] = [];
  for (let i = 0; i < actions.length; i += LIMITS.buttonsPerRow) {
    const row = new ActionRowBuilder<ButtonBuilder>();
    for (const a of actions.slice(i, i + LIMITS.buttonsPerRow)) {
      row.addComponents(
        new ButtonBuilder()
          .setStyle(a.primary ? ButtonStyle.Success : ButtonStyle.Secondary)
          .setCustomId(a.token)
          .setLabel(a.label),
      );
    }
    rows.push(row.toJSON());
  }
  return rows;
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
