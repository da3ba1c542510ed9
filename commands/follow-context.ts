/** What every follow command needs first: the store and the asker's direct address, or the reason it cannot go on. */
import { textReply } from '../src/announce/describe.js';
import { followMessages } from '../src/announce/follow-messages.js';
import type { Reply } from '../src/bot/reply.js';
import type { CommandContext } from '../src/bot/types.js';
import type { Store } from '../src/store/types.js';

export interface FollowContext {
  F: ReturnType<typeof followMessages>;
  store: Store;
  /** The person's direct address: where their follows live. */
  person: string;
}

export function followContext(intent: string, ctx: CommandContext): FollowContext | Reply {
  const F = followMessages(ctx.lang);
  const store = ctx.core.store;
  if (!store) return textReply(intent, ctx.lang, [F.noStore], true);
  const person = ctx.actor.directAddress;
  if (!person) return textReply(intent, ctx.lang, [F.noDirect], true);
  return { F, store, person };
}
