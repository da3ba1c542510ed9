/**
 * Discord's size limits, and cutting text to fit them. Lengths are counted in UTF-16
 * code units (what discord.js's validators count; never fewer than Discord's own
 * character count), and cuts never split a surrogate pair.
 */
import type { PlatformLimits } from '../../src/platform.js';

/**
 * What the scheduler asks: a channel takes 5 messages per 5 s; a page token is a
 * custom_id; Discord checks an enforced nonce for uniqueness over "the past few
 * minutes": assume 4.
 */
export const PLATFORM_LIMITS: PlatformLimits = {
  perAddress: () => ({ burst: 5, perSecond: 1 }),
  pageTokenBytes: 100,
  idempotencyWindowMs: 4 * 60_000,
};

export const LIMITS = {
  content: 2000,
  embedsPerMessage: 10,
  /** title + description + field names and values + footer + author, over all embeds of a message. */
  embedTotal: 6000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  rows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  buttonUrl: 512,
  customId: 100,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  commandDescription: 100,
  optionMaxLength: 100,
} as const;

/** Allowed mentions on every message: nothing pings, whatever the text says. */
export const NO_MENTIONS = { parse: [] as [] };

/** A non-empty placeholder where Discord requires text (field names of continued fields). */
export const BLANK = '\u200b';

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** The longest prefix of at most `max` code units that does not end inside a surrogate pair. */
export function prefix(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = Math.max(0, max);
  if (cut > 0 && isHighSurrogate(text.charCodeAt(cut - 1))) cut -= 1;
  return text.slice(0, cut);
}

/** At most `max` code units, with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${prefix(text, max - 1).trimEnd()}…`;
}

/**
 * Pieces of at most `max` code units, cut at a line break or a space when one is in
 * the second half of the piece, else anywhere (never inside a surrogate pair).
 */
export function splitText(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf('\n', max);
    if (cut < max / 2) cut = rest.lastIndexOf(' ', max);
    if (cut < max / 2) cut = prefix(rest, max).length;
    if (cut <= 0) cut = Math.min(rest.length, 2); // max < 2 with a surrogate pair first: cannot happen with Discord's limits
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^[\n ]+/, '');
  }
  pieces.push(rest);
  return pieces.map((p) => p.trimEnd()).filter((p) => p.trim() !== '');
}
