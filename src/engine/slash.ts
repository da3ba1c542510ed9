/**
 * Reading a message's command line — the one place that does (platforms hand the engine
 * raw text): "/paper@CatalogBot ecg page:2" → command "paper", addressed to CatalogBot, query
 * "ecg", page 2. Command names may be any letters ("/论文 心电"); the bot after "@" is kept
 * so the engine can ignore a command meant for another bot.
 */

export interface SlashLine {
  /** The command name, lower-cased ("paper", "论文"). */
  name: string;
  /** The bot named after "@", when the command names one. */
  bot?: string;
  rest: string;
}

/** "/paper@CatalogBot ecg" → { name: "paper", bot: "CatalogBot", rest: "ecg" }; text that is no command → undefined. */
export function parseSlash(text: string): SlashLine | undefined {
  const m = /^[/／]([\p{L}\p{N}_-]+)(?:@([A-Za-z0-9_]{1,64}))?(?:\s+([\s\S]*))?$/u.exec(text.trim());
  if (!m) return undefined;
  return { name: m[1]!.toLowerCase(), ...(m[2] ? { bot: m[2] } : {}), rest: (m[3] ?? '').trim() };
}

/** "ecg page:2" → query "ecg", page 2; also "p=3", "页:2", "心电 第2页". Page 0 is no page. */
export function splitPageArg(text: string): { query: string; page?: number } {
  const m = /(?:^|\s)(?:(?:page|p|页)\s*[:=:]\s*(\d{1,4})|第\s*(\d{1,4})\s*页)\s*$/i.exec(text);
  const page = m ? Number(m[1] ?? m[2]) : 0;
  if (!m || page < 1) return { query: text };
  return { query: text.slice(0, m.index).trim(), page };
}

function quote(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '\\$&');
}

/** Whether the text mentions @name (not @nameFan, not mail@name.org). */
export function mentions(text: string, name: string): boolean {
  return new RegExp(`(?:^|[^A-Za-z0-9_.@])@${quote(name)}(?![A-Za-z0-9_]|\\.[A-Za-z0-9])`, 'i').test(text);
}

/** Removes "@name" mentions of the bot: "@CatalogBot papers about ECG" → "papers about ECG". */
export function withoutMention(text: string, name: string): string {
  return text
    .replace(new RegExp(`(^|[^A-Za-z0-9_.@])@${quote(name)}(?![A-Za-z0-9_]|\\.[A-Za-z0-9])`, 'gi'), '$1')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}
