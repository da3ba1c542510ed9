/** The console's one address and its limits: a terminal takes everything at once. */
import type { AddressCodec, PlatformLimits } from '../../src/platform.js';

export const CONSOLE_ADDRESS = 'console:local';
/** Page tokens need no platform limit here; the engine's own size is plenty. */
export const CONSOLE_TOKEN_BYTES = 256;

export const CONSOLE_LIMITS: PlatformLimits = {
  perAddress: () => ({ burst: 1000, perSecond: 1000 }),
  pageTokenBytes: CONSOLE_TOKEN_BYTES,
};

export const CONSOLE_CODEC: AddressCodec = {
  owns: (address) => address.startsWith('console:'),
  describe: () => 'this terminal',
};
