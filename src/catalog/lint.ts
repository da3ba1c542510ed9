/**
 * Checks for data a maintainer should fix. Each returns reasons; the caller attaches
 * file:line. None of them stops the bot.
 */
import type { Draft } from './draft.js';
import { looksTruncated } from './links.js';

/** Links cut short, in one draft. */
export function truncatedLinks(draft: Draft, allLinks: string[]): string[] {
  return draft.links.filter((l) => looksTruncated(l, allLinks)).map((l) => `link looks truncated: ${l}`);
}

/** A description that stops mid-word ("camera-"). */
export function cutOffDescription(draft: Draft): string | undefined {
  const text = draft.record.description;
  if (text && !/https?:\/\/\S+$/.test(text.trim()) && /[-–,(:]$|\b(and|or|the|of|to|with)$/i.test(text.trim())) {
    return `description looks cut off: "…${text.trim().slice(-40)}"`;
  }
  return undefined;
}

const WORD = /[a-z][a-z0-9-]{2,}/g;
const STOP = new Set([
  'the',
  'and',
  'for',
  'with',
  'that',
  'this',
  'are',
  'from',
  'into',
  'which',
  'their',
  'these',
  'such',
  'paper',
  'accepted',
  'poster',
  'iclr',
  'oral',
  'can',
  'our',
  'has',
  'have',
  'its',
  'not',
  'but',
  'more',
  'than',
  'while',
  'when',
  'how',
  'all',
  'also',
  'they',
  'them',
  'been',
  'was',
  'were',
  'will',
  'use',
  'used',
  'using',
]);

function words(text: string): Set<string> {
  return new Set([...text.toLowerCase().matchAll(WORD)].map((m) => m[0]).filter((w) => !STOP.has(w)));
}

/** Share of words two descriptions have in common (0..1). */
export function similarity(a: string, b: string): number {
  const wa = words(a);
  const wb = words(b);
  if (wa.size === 0 || wb.size === 0) return 1;
  let shared = 0;
  for (const w of wa) if (wb.has(w)) shared++;
  return shared / Math.min(wa.size, wb.size);
}

const INTRODUCED = /\b(?:[Ww]e (?:introduce|present|propose|develop|release)|introducing)\s+(?:the\s+|a\s+|an\s+)?(?:\*\*)?([A-Z][\w$^-]*[A-Z0-9][\w$^-]*)/g;

/** Names a description says it introduces ("We introduce Neural-MedBench"). */
export function introducedNames(text: string): string[] {
  return [...text.matchAll(INTRODUCED)].map((m) => m[1]!.replace(/[*_]+$/, ''));
}

/**
 * A description that introduces a system the title does not name, while another
 * entry is that system: likely pasted under the wrong item.
 */
export function foreignDescription(title: string, description: string, otherTitles: Map<string, string>): string | undefined {
  const names = introducedNames(description);
  if (names.length === 0) return undefined;
  const titleLower = title.toLowerCase();
  const inTitle = names.some((n) => titleLower.includes(n.toLowerCase()));
  if (inTitle) return undefined;
  for (const name of names) {
    const owner = otherTitles.get(name.toLowerCase());
    if (owner && owner !== title) return `description introduces ${name}, which is the entry "${owner}"`;
  }
  return undefined;
}

/**
 * How well a description fits a title: the title's Latin names and words found in the
 * description, plus names it introduces that the title has, minus names it introduces
 * that the title lacks. Used to tell which of two unrelated descriptions is the item's own.
 */
export function fitsTitle(title: string, description: string): number {
  const text = description.toLowerCase();
  const titleLower = title.toLowerCase();
  let score = 0;
  for (const token of title.match(/[A-Za-z][A-Za-z0-9-]{1,}/g) ?? []) {
    if (new RegExp(`(?<![a-z0-9])${token.toLowerCase().replace(/[-]/g, '\\-')}`).test(text)) score += 1;
  }
  for (const name of introducedNames(description)) score += titleLower.includes(name.toLowerCase()) ? 2 : -1;
  return score;
}

/** Field length limits: longer is a pasting accident, not a title. */
const FIELD_LIMITS = { title: 300, venue: 120, tag: 120, detail: 400, description: 6000 } as const;

/** Fields of one draft longer than a maintainer can have meant, with the field's name and length. */
export function overLongFields(draft: Draft): Array<{ field: string; length: number; limit: number; start: string }> {
  const out: Array<{ field: string; length: number; limit: number; start: string }> = [];
  const check = (field: string, value: string | undefined, limit: number) => {
    if (value && value.length > limit) out.push({ field, length: value.length, limit, start: value.slice(0, 40) });
  };
  check('title', draft.title, FIELD_LIMITS.title);
  check('venue', draft.fields.venue, FIELD_LIMITS.venue);
  for (const tag of draft.tags) check('tag', tag, FIELD_LIMITS.tag);
  for (const [key, value] of Object.entries(draft.fields.details)) check(key, value, FIELD_LIMITS.detail);
  check('description', draft.record.description, FIELD_LIMITS.description);
  return out;
}
