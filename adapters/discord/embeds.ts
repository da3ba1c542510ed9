/**
 * Reply parts as embeds. An item is an embed titled "N. [kind] title" with its fields
 * (venue, tags, access, …), chosen by key: deadline and milestone times as Discord
 * timestamps above the engine's wording, links as buttons (messages.ts), the summary as
 * description. Every part is
 * cut to Discord's limits: long field values continue in further fields, and fields
 * that do not fit one embed continue in an untitled embed.
 */
import { EmbedBuilder, escapeMarkdown, type APIEmbed, type APIEmbedField } from 'discord.js';
import { messages } from '../../src/bot/messages.js';
import type { ItemField, Lang, ReplyItem } from '../../src/bot/reply.js';
import type { Kind } from '../../src/catalog/schema.js';
import { BLANK, LIMITS, splitText, truncate } from './limits.js';
import { instantValue } from './timestamps.js';

const KIND_COLORS: Record<Kind, number> = {
  paper: 0x5865f2,
  dataset: 0x57f287,
  competition: 0xfee75c,
  cfp: 0xeb459e,
  course: 0x3ba55c,
  other: 0x99aab5,
};

/** Characters of an embed that count towards the 6000 of a message. */
export function embedSize(embed: APIEmbed): number {
  let n = (embed.title?.length ?? 0) + (embed.description?.length ?? 0);
  n += embed.footer?.text.length ?? 0;
  n += embed.author?.name.length ?? 0;
  for (const f of embed.fields ?? []) n += f.name.length + f.value.length;
  return n;
}

/** "3. [Paper] Title", at most 256 characters. */
function itemTitle(n: number, item: Pick<ReplyItem, 'kindLabel' | 'title'>): string {
  return truncate(`${n}. [${item.kindLabel}] ${item.title.replace(/\s+/g, ' ').trim()}`, LIMITS.title);
}

/** The inverse of itemTitle (for reading a transcript back). */
export function parseItemTitle(title: string): { n: number; kind: string; title: string } | undefined {
  const m = /^(\d+)\. \[([^\]]+)\] ([\s\S]+)$/.exec(title);
  return m ? { n: Number(m[1]), kind: m[2]!, title: m[3]! } : undefined;
}

/** One labelled line as fields: the value continues in further fields when longer than 1024. */
function fieldsOf(label: string, value: string, inline = false): APIEmbedField[] {
  const name = truncate(label.trim() || BLANK, LIMITS.fieldName);
  const pieces = splitText(value, LIMITS.fieldValue);
  if (pieces.length === 0) pieces.push('—');
  return pieces.map((piece, i) => ({ name: i === 0 ? name : BLANK, value: piece, ...(inline ? { inline } : {}) }));
}

/** The heading lines (reply.text and the like) as embed descriptions of at most 4096 characters. */
export function textEmbeds(lines: readonly string[], color?: number): APIEmbed[] {
  return splitText(lines.join('\n'), LIMITS.description).map((description) => {
    const embed = new EmbedBuilder().setDescription(description);
    if (color !== undefined) embed.setColor(color);
    return embed.toJSON();
  });
}

/**
 * A deadline or milestone field: its instant (facts.at) as Discord timestamps, in each
 * reader's zone and language, above the engine's own wording (the source's or the
 * asked zone). All-day dates stay as given (a reader's zone could shift the day).
 */
function timeValue(field: ItemField): string | undefined {
  const at = field.facts?.at;
  const when = at && !field.facts?.allDay ? instantValue(at) : undefined;
  return when && `${when}\n${noMaskedLinks(field.value)}`;
}

/** The item's fields, with times as Discord timestamps and `textLinks` (what no button can carry) for the links. */
function itemFields(item: ReplyItem, lang: Lang, textLinks: readonly string[]): APIEmbedField[] {
  const out: APIEmbedField[] = [];
  let deadlineShown = false;
  for (const f of item.fields) {
    if (f.key === 'links') {
      if (textLinks.length) out.push(...fieldsOf(f.label, textLinks.join('\n')));
      continue;
    }
    const time = f.key === 'deadline' || f.key === 'milestone' ? timeValue(f) : undefined;
    if (f.key === 'deadline' && f.facts?.at === item.deadline) deadlineShown = true;
    out.push(...fieldsOf(f.label, time ?? noMaskedLinks(f.value)));
  }
  if (item.deadline && !deadlineShown) {
    const value = instantValue(item.deadline);
    if (value) out.push(...fieldsOf(messages(lang).labels.deadline, value));
  }
  return out;
}

/**
 * An item as embeds: the first has the title, summary and as many fields as fit
 * (25, and 6000 characters in all); the rest continue untitled.
 */
export function itemEmbeds(item: ReplyItem, n: number, lang: Lang, textLinks: readonly string[] = []): APIEmbed[] {
  const color = KIND_COLORS[item.kind] ?? KIND_COLORS.other;
  const first = new EmbedBuilder().setTitle(itemTitle(n, item)).setColor(color);
  if (item.summary) first.setDescription(truncate(noMaskedLinks(item.summary.trim()), LIMITS.description));
  const embeds: EmbedBuilder[] = [first];
  let current = first;
  let size = embedSize(first.toJSON());
  let count = 0;
  for (const field of itemFields(item, lang, textLinks)) {
    const extra = field.name.length + field.value.length;
    if (count >= LIMITS.fields || size + extra > LIMITS.embedTotal) {
      current = new EmbedBuilder().setColor(color);
      embeds.push(current);
      size = 0;
      count = 0;
    }
    current.addFields(field);
    size += extra;
    count += 1;
  }
  return embeds.map((e) => e.toJSON());
}

/** Catalog text is shown as written: a masked link in it ("[free nitro](https://…)") never becomes a link. */
function noMaskedLinks(text: string): string {
  return escapeMarkdown(text, {
    codeBlock: false,
    inlineCode: false,
    bold: false,
    italic: false,
    underline: false,
    strikethrough: false,
    spoiler: false,
    codeBlockContent: false,
    inlineCodeContent: false,
    escape: false,
    heading: false,
    bulletedList: false,
    numberedList: false,
    maskedLink: true,
  });
}
