/**
 * A port of the HTML parse mode of the Telegram Bot API (TDLib's `parse_html`
 * in td/telegram/MessageEntity.cpp), small enough to live in a test fake.
 *
 * It reproduces the real parser's decisions and error texts:
 *  - only the tags Telegram supports are accepted (b, strong, i, em, u, ins,
 *    s, strike, del, span class="tg-spoiler", tg-spoiler, a href, code, pre,
 *    blockquote [expandable], tg-emoji emoji-id, tg-time unix [format]);
 *  - entities &lt; &gt; &amp; &quot; and numeric ones (&#123; &#x1F600;) are decoded
 *    (the trailing ';' is optional, as in TDLib);
 *  - a bare `<` always starts a tag, so `a < b` fails with
 *    `Unsupported start tag "" at byte offset 2`, like the real API;
 *  - byte offsets in error messages are UTF-8 byte offsets, like the real API;
 *  - the resulting text is tags-stripped and entity-decoded, with Bot API
 *    `MessageEntity` objects whose offsets/lengths are in UTF-16 code units.
 *
 * One deliberate difference, on by default (`strictAmpersand`): the real
 * parser keeps a `&` that does not start a known entity as a literal `&`.
 * Bot API docs nevertheless require escaping every `&`, and an unescaped `&`
 * almost always means user data went into HTML unescaped, so the fake rejects
 * it. Pass `{ strictAmpersand: false }` to get the real, lenient behaviour.
 */

export interface ParsedEntity {
  type: string;
  offset: number;
  length: number;
  url?: string;
  language?: string;
  custom_emoji_id?: string;
  /** date_time entities (<tg-time unix="…" format="…">). */
  unix_time?: number;
  date_time_format?: string;
}

export type HtmlParseResult = { ok: true; text: string; entities: ParsedEntity[] } | { ok: false; error: string };

export interface HtmlParseOptions {
  /** Reject `&` that is not part of an entity (default true; real Telegram keeps it as text). */
  strictAmpersand?: boolean;
}

const SUPPORTED_TAGS = new Set(['a', 'b', 'strong', 'i', 'em', 's', 'strike', 'del', 'u', 'ins', 'tg-spoiler', 'tg-emoji', 'tg-time', 'span', 'pre', 'code', 'blockquote']);

const enc = new TextEncoder();
const dec = new TextDecoder();

// TDLib's td::is_space also treats NUL as a space; reading past the end yields 0.
function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a || c === 0x00 || c === 0x0b;
}
function isAlpha(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}
function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}
function hexToInt(c: number): number {
  if (isDigit(c)) return c - 0x30;
  if (c >= 0x61) return c - 0x61 + 10;
  return c - 0x41 + 10;
}
function isAlnum(c: number): boolean {
  return isAlpha(c) || isDigit(c);
}

function latin(bytes: Uint8Array, from: number, to: number): string {
  return dec.decode(bytes.subarray(from, to));
}

/**
 * Decodes an HTML entity starting at `pos` (which holds '&'). Returns the code
 * point and the position after the entity, or 0 when it is not an entity.
 */
function decodeHtmlEntity(b: Uint8Array, pos: number): { code: number; next: number } {
  const at = (i: number): number => (i < b.length ? b[i]! : 0);
  let end = pos + 1;
  let res = 0;
  if (at(pos + 1) === 0x23 /* # */) {
    end++;
    if (at(pos + 2) === 0x78 /* x */) {
      end++;
      while (isHexDigit(at(end))) {
        res = res * 16 + hexToInt(at(end++));
        if (res > 0x10ffff * 16) break;
      }
    } else {
      while (isDigit(at(end))) {
        res = res * 10 + at(end++) - 0x30;
        if (res > 0x10ffff * 10) break;
      }
    }
    if (res === 0 || res >= 0x10ffff || end - pos >= 10) return { code: 0, next: pos };
  } else {
    while (isAlpha(at(end))) end++;
    const name = latin(b, pos + 1, end);
    if (name === 'lt') res = 0x3c;
    else if (name === 'gt') res = 0x3e;
    else if (name === 'amp') res = 0x26;
    else if (name === 'quot') res = 0x22;
    else return { code: 0, next: pos };
  }
  return { code: res, next: at(end) === 0x3b /* ; */ ? end + 1 : end };
}

function pushCodePoint(out: number[], code: number): void {
  if (code >= 0xd800 && code <= 0xdfff) {
    // A lone surrogate cannot be encoded as UTF-8; TDLib rejects it afterwards.
    out.push(0xef, 0xbf, 0xbd);
    return;
  }
  const bytes = enc.encode(String.fromCodePoint(code));
  for (const x of bytes) out.push(x);
}

interface OpenTag {
  tag: string;
  argument: string;
  /** tg-time's format attribute. */
  format: string;
  expandable: boolean;
  utf16Offset: number;
  outPos: number;
}

/** Parses `text` as Telegram HTML. Never throws. */
export function parseTelegramHtml(text: string, options: HtmlParseOptions = {}): HtmlParseResult {
  const strictAmpersand = options.strictAmpersand ?? true;
  const b = enc.encode(text);
  const n = b.length;
  const at = (i: number): number => (i < n ? b[i]! : 0);
  const out: number[] = [];
  const entities: ParsedEntity[] = [];
  const stack: OpenTag[] = [];
  let utf16 = 0;
  let surrogateDecoded = false;

  for (let i = 0; i < n; i++) {
    const c = b[i]!;
    if (c === 0x26 /* & */) {
      const { code, next } = decodeHtmlEntity(b, i);
      if (code !== 0) {
        utf16 += code > 0xffff ? 2 : 1;
        if (code >= 0xd800 && code <= 0xdfff) surrogateDecoded = true;
        pushCodePoint(out, code);
        i = next - 1;
        continue;
      }
      if (strictAmpersand) {
        return {
          ok: false,
          error: `Character "&" at byte offset ${i} is not part of an HTML entity; escape it as &amp; (strict check of the fake: real Telegram would keep it as text)`,
        };
      }
    }
    if (c !== 0x3c /* < */) {
      if ((c & 0xc0) !== 0x80) utf16 += c >= 0xf0 ? 2 : 1;
      out.push(c);
      continue;
    }

    const beginPos = i++;
    if (at(i) !== 0x2f /* / */) {
      // start tag
      while (!isSpace(at(i)) && at(i) !== 0x3e /* > */) i++;
      if (at(i) === 0 && i >= n) {
        return { ok: false, error: `Unclosed start tag at byte offset ${beginPos}` };
      }
      const tag = latin(b, beginPos + 1, i).toLowerCase();
      if (!SUPPORTED_TAGS.has(tag)) {
        return { ok: false, error: `Unsupported start tag "${tag}" at byte offset ${beginPos}` };
      }

      let argument = '';
      let format = '';
      let expandable = false;
      while (at(i) !== 0x3e) {
        while (i < n && isSpace(at(i))) i++;
        if (at(i) === 0x3e) break;
        const attrBegin = i;
        while (!isSpace(at(i)) && at(i) !== 0x3d /* = */ && at(i) !== 0x3e) i++;
        const attrName = latin(b, attrBegin, i);
        if (attrName.length === 0) {
          return { ok: false, error: `Empty attribute name in the tag "${tag}" at byte offset ${beginPos}` };
        }
        while (i < n && isSpace(at(i))) i++;
        if (at(i) !== 0x3d) {
          // Newer TDLib accepts the value-less <blockquote expandable>.
          if (tag === 'blockquote' && attrName.toLowerCase() === 'expandable') {
            expandable = true;
            continue;
          }
          return {
            ok: false,
            error: `Expected equal sign in declaration of an attribute of the tag "${tag}" at byte offset ${beginPos}`,
          };
        }
        i++;
        while (i < n && isSpace(at(i))) i++;
        if (i >= n) {
          return { ok: false, error: `Unclosed start tag "${tag}" at byte offset ${beginPos}` };
        }
        let value: string;
        if (at(i) !== 0x27 /* ' */ && at(i) !== 0x22 /* " */) {
          const tokenBegin = i;
          while (isAlnum(at(i)) || at(i) === 0x2e || at(i) === 0x2d) i++;
          value = latin(b, tokenBegin, i).toLowerCase();
          if (!isSpace(at(i)) && at(i) !== 0x3e) {
            return { ok: false, error: `Unexpected end of name token at byte offset ${tokenBegin}` };
          }
        } else {
          const quote = at(i++);
          const valueBytes: number[] = [];
          while (i < n && at(i) !== quote) {
            if (at(i) === 0x26) {
              const { code, next } = decodeHtmlEntity(b, i);
              if (code !== 0) {
                pushCodePoint(valueBytes, code);
                i = next;
                continue;
              }
            }
            valueBytes.push(at(i++));
          }
          if (at(i) === quote && i < n) i++;
          value = dec.decode(Uint8Array.from(valueBytes));
        }
        if (i >= n) return { ok: false, error: `Unclosed start tag at byte offset ${beginPos}` };

        const name = attrName.toLowerCase();
        if (tag === 'a' && name === 'href') argument = value;
        else if (tag === 'code' && name === 'class' && value.startsWith('language-')) argument = value.slice(9);
        else if (tag === 'span' && name === 'class' && value.startsWith('tg-')) argument = value.slice(3);
        else if (tag === 'tg-emoji' && name === 'emoji-id') argument = value;
        else if (tag === 'tg-time' && name === 'unix') argument = value;
        else if (tag === 'tg-time' && name === 'format') format = value;
        else if (tag === 'blockquote' && name === 'expandable') expandable = true;
      }

      if (tag === 'span' && argument !== 'spoiler') {
        return { ok: false, error: `Tag "span" must have class "tg-spoiler" at byte offset ${beginPos}` };
      }
      stack.push({ tag, argument, format, expandable, utf16Offset: utf16, outPos: out.length });
    } else {
      // end tag
      if (stack.length === 0) {
        return { ok: false, error: `Unexpected end tag at byte offset ${beginPos}` };
      }
      while (!isSpace(at(i)) && at(i) !== 0x3e) i++;
      const endTag = latin(b, beginPos + 2, i).toLowerCase();
      while (i < n && isSpace(at(i))) i++;
      if (at(i) !== 0x3e) {
        return { ok: false, error: `Unclosed end tag at byte offset ${beginPos}` };
      }
      const open = stack[stack.length - 1]!;
      if (endTag.length > 0 && endTag !== open.tag) {
        return {
          ok: false,
          error: `Unmatched end tag at byte offset ${beginPos}, expected "</${open.tag}>", found "</${endTag}>"`,
        };
      }
      if (utf16 > open.utf16Offset) {
        const offset = open.utf16Offset;
        const length = utf16 - offset;
        const last = entities[entities.length - 1];
        switch (open.tag) {
          case 'i':
          case 'em':
            entities.push({ type: 'italic', offset, length });
            break;
          case 'b':
          case 'strong':
            entities.push({ type: 'bold', offset, length });
            break;
          case 's':
          case 'strike':
          case 'del':
            entities.push({ type: 'strikethrough', offset, length });
            break;
          case 'u':
          case 'ins':
            entities.push({ type: 'underline', offset, length });
            break;
          case 'tg-spoiler':
          case 'span':
            entities.push({ type: 'spoiler', offset, length });
            break;
          case 'tg-emoji': {
            if (!/^[0-9]+$/.test(open.argument) || /^0+$/.test(open.argument)) {
              return { ok: false, error: 'Invalid custom emoji identifier specified' };
            }
            entities.push({ type: 'custom_emoji', offset, length, custom_emoji_id: open.argument });
            break;
          }
          case 'tg-time': {
            // The Bot API's date-time entity: a Unix time and a format matching r|w?[dD]?[tT]?.
            if (!/^[0-9]{1,12}$/.test(open.argument)) return { ok: false, error: 'Invalid date-time unix time specified' };
            if (!/^(?:r|w?[dD]?[tT]?)$/.test(open.format)) return { ok: false, error: 'Invalid date-time format specified' };
            const e: ParsedEntity = { type: 'date_time', offset, length, unix_time: Number(open.argument) };
            if (open.format) e.date_time_format = open.format;
            entities.push(e);
            break;
          }
          case 'a': {
            const url = open.argument || dec.decode(Uint8Array.from(out.slice(open.outPos)));
            entities.push({ type: 'text_link', offset, length, url });
            break;
          }
          case 'pre':
            if (last && last.type === 'code' && last.offset === offset && last.length === length && last.language) {
              last.type = 'pre';
            } else {
              entities.push({ type: 'pre', offset, length });
            }
            break;
          case 'code':
            if (last && last.type === 'pre' && last.offset === offset && last.length === length && open.argument) {
              last.language = open.argument;
            } else {
              const e: ParsedEntity = { type: 'code', offset, length };
              if (open.argument) e.language = open.argument;
              entities.push(e);
            }
            break;
          case 'blockquote':
            entities.push({ type: open.expandable ? 'expandable_blockquote' : 'blockquote', offset, length });
            break;
        }
      }
      stack.pop();
    }
  }
  if (stack.length > 0) {
    return { ok: false, error: `Can't find end tag corresponding to start tag ${stack[stack.length - 1]!.tag}` };
  }
  if (surrogateDecoded) {
    return {
      ok: false,
      error: 'Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units',
    };
  }
  for (const e of entities) {
    if (e.type === 'code') delete e.language;
  }
  entities.sort((x, y) => x.offset - y.offset || y.length - x.length);
  return { ok: true, text: dec.decode(Uint8Array.from(out)), entities };
}

/**
 * Trims leading and trailing whitespace like Telegram does for message texts,
 * shifting/clamping entity offsets (UTF-16) and dropping entities that vanish.
 */
export function trimFormattedText(text: string, entities: ParsedEntity[]): { text: string; entities: ParsedEntity[] } {
  const lead = /^\s*/u.exec(text)![0].length;
  const trimmedEnd = text.replace(/\s+$/u, '').length;
  if (lead >= trimmedEnd) return { text: '', entities: [] };
  const result: ParsedEntity[] = [];
  for (const e of entities) {
    const start = Math.max(e.offset, lead);
    const end = Math.min(e.offset + e.length, trimmedEnd);
    if (end > start) result.push({ ...e, offset: start - lead, length: end - start });
  }
  return { text: text.slice(lead, trimmedEnd), entities: result };
}

/** Telegram counts message length in UTF-16 code units after entity parsing. */
export function telegramLength(text: string): number {
  return text.length;
}
