/** The one codec of Discord addresses: `discord:<channel id>` (a snowflake). Nothing else builds or reads them. */
import type { AddressCodec } from '../../src/platform.js';

const ADDRESS = /^discord:(\d{17,20})$/;

export const discordAddress = {
  owns: (address: string) => address.startsWith('discord:'),
  describe: (address: string) => `Discord channel ${address.slice('discord:'.length)}`,
  of: (channelId: string) => `discord:${channelId}`,
  /** The channel id, or an Error naming the expected shape. */
  channelOf(address: string): string {
    const m = ADDRESS.exec(address);
    if (!m) throw new Error(`not a Discord conversation: ${JSON.stringify(address)} (expected "discord:<channel id>")`);
    return m[1]!;
  },
} satisfies AddressCodec & Record<string, unknown>;
