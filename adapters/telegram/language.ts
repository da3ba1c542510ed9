/**
 * The reply language from Telegram's `language_code` (an IETF tag chosen by the
 * user's client: "en", "zh-hans", "zh-hant", "pt-br", …). Chinese and English map to
 * the engine's two languages; anything else (or no code) leaves the choice to the
 * engine, which then answers in the language of the message itself.
 */
import { chooseLang } from '../../src/bot/input.js';
import type { Lang } from '../../src/bot/reply.js';

/** "zh-hans" → "zh", "en-GB" → "en", "de" / undefined → undefined. Passed as Actor.locale. */
export function localeOf(languageCode: string | undefined): Lang | undefined {
  const code = languageCode?.trim().toLowerCase();
  if (!code) return undefined;
  if (code === 'zh' || code.startsWith('zh-') || code.startsWith('zh_')) return 'zh';
  if (code === 'en' || code.startsWith('en-') || code.startsWith('en_')) return 'en';
  return undefined;
}

/** The language of what the module itself says (the apology, the inline hint). */
export function langOf(languageCode: string | undefined, text = ''): Lang {
  return chooseLang(text, localeOf(languageCode));
}
