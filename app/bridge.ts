/**
 * Receivers and senders where the runtime still takes the old Adapter (the platform
 * runner, the announcer): each bridged to the one method it is asked for.
 */
import type { Adapter } from '../src/adapter.js';
import type { EngineAccess } from '../src/engine/types.js';
import type { Receiver, Sender } from '../src/platform.js';

export function receiverAsAdapter(receiver: Receiver, engine: EngineAccess): Adapter {
  return {
    platform: receiver.platform,
    start: () => receiver.start(engine),
    stop: () => receiver.stop(),
    send: () => Promise.reject(new Error(`${receiver.platform}: a receiver does not send`)),
  };
}

export function senderAsAdapter(sender: Sender): Adapter {
  return {
    platform: sender.platform,
    start: async () => {},
    stop: () => sender.close(),
    send: (address, reply, options) => sender.send(address, reply, options),
    ...(sender.limits.idempotencyWindowMs !== undefined ? { idempotencyWindowMs: sender.limits.idempotencyWindowMs } : {}),
  };
}
