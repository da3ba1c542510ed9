/**
 * Ledger keys as strings: the map key the planner uses, and the idempotency key (a
 * Discord nonce: at most 25 characters) derived from it so a retried send posts once.
 */
import { createHash } from 'node:crypto';
import type { LedgerKey } from '../store/types.js';

const SEP = '\u0000';

/** One string per ledger key (for maps and sets). */
export function keyString(key: LedgerKey): string {
  return `${key.subscriptionId}${SEP}${key.entryId}${SEP}${key.milestone}${SEP}${key.lead}`;
}

/** A stable ≤ 25-character idempotency key (base36 of SHA-256's first 120 bits). */
export function idempotencyKey(key: LedgerKey | string): string {
  const text = typeof key === 'string' ? key : keyString(key);
  const hex = createHash('sha256').update(text).digest('hex').slice(0, 30);
  return BigInt(`0x${hex}`).toString(36).slice(0, 25);
}

/** "subscription/entry/milestone/lead" for logs. */
export function describeKey(key: LedgerKey): string {
  return `${key.subscriptionId}/${key.entryId}/${key.milestone}/${key.lead}`;
}
