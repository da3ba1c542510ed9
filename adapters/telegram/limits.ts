/**
 * Telegram's rates (the Bot API FAQ): about 20 messages a minute in a group or channel,
 * one a second in a private chat, 30 a second overall; callback_data holds 64 bytes; no
 * idempotency key.
 */
import type { PlatformLimits } from '../../src/platform.js';
import { isGroupAddress } from './address.js';

export const telegramLimits: PlatformLimits = {
  overall: { burst: 30, perSecond: 30 },
  perAddress: (address) => (isGroupAddress(address) ? { burst: 3, perSecond: 20 / 60 } : { burst: 1, perSecond: 1 }),
  pageTokenBytes: 64,
};
