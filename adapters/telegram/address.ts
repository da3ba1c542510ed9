/**
 * Telegram addresses: "telegram:<chat id>" ("telegram:-100123", "telegram:42") or
 * "telegram:@channel". The only place that builds and reads them.
 */
import type { AddressCodec } from '../../src/platform.js';

const ADDRESS = /^telegram:(-?\d{1,20}|@[A-Za-z0-9_]{4,32})$/;

/** The address of a chat id (a number, or "@channel"). */
export function addressOf(chat: number | string): string {
  return `telegram:${chat}`;
}

/** "telegram:-100123" → -100123, "telegram:@channel" → "@channel". */
export function chatOf(address: string): number | string {
  const m = ADDRESS.exec(address);
  if (!m) throw new Error(`"${address}" is not a Telegram conversation (expected telegram:<chat id>)`);
  return m[1]!.startsWith('@') ? m[1]! : Number(m[1]);
}

/** A group, supergroup or channel (negative ids, @channels); else a private chat. */
export function isGroupAddress(address: string): boolean {
  const chat = chatOf(address);
  return typeof chat === 'string' || chat < 0;
}

export const telegramAddress: AddressCodec = {
  owns: (address) => ADDRESS.test(address),
  describe: (address) => `Telegram chat ${String(chatOf(address))}`,
};
