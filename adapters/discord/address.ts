/**
 * The one codec of Discord addresses: `discord:<channel id>` (a snowflake), and a person's
 * direct messages `discord:dm:<user id>` (the DM channel is opened when the bot first
 * posts there). Nothing else builds or reads them.
 */
import type { AddressCodec } from '../../src/platform.js';

const ADDRESS = /^discord:(\d{17,20})$/;
const DM = /^discord:dm:(\d{17,20})$/;

/** Where an address posts: a channel, or a person's DMs. */
type DiscordTarget = { channel: string } | { user: string };

export const discordAddress = {
  owns: (address: string) => address.startsWith('discord:'),
  describe: (address: string) => {
    const dm = DM.exec(address);
    return dm ? `Discord DM with user ${dm[1]}` : `Discord channel ${address.slice('discord:'.length)}`;
  },
  of: (channelId: string) => `discord:${channelId}`,
  /** A person's direct messages (Actor.directAddress). */
  dmOf: (userId: string) => `discord:dm:${userId}`,
  /** A channel or a person's DMs, or an Error naming the expected shapes. */
  targetOf(address: string): DiscordTarget {
    const dm = DM.exec(address);
    if (dm) return { user: dm[1]! };
    const m = ADDRESS.exec(address);
    if (!m) throw new Error(`not a Discord conversation: ${JSON.stringify(address)} (expected "discord:<channel id>" or "discord:dm:<user id>")`);
    return { channel: m[1]! };
  },
} satisfies AddressCodec & Record<string, unknown>;
