import { isFollow } from '../src/announce/follow.js';
import { describeSubscription, textReply } from '../src/announce/describe.js';
import { announceMessages } from '../src/announce/messages.js';
import type { CommandDefinition } from '../src/bot/types.js';

export const subscriptions: CommandDefinition = {
  name: 'subscriptions',
  description: { en: 'What this channel is subscribed to and when the next post is due', zh: '本频道的订阅,以及下一条提醒的时间' },
  requires: ['manage'],
  options: [],
  handler: (_args, ctx) => {
    const A = announceMessages(ctx.lang);
    const store = ctx.core.store;
    if (!store) return textReply('subscriptions', ctx.lang, [A.noStore], true);
    // The place's subscriptions, not a person's follows kept at the same address (a private chat).
    return store.subscriptionsOf(ctx.place.address).then((all) => {
      const subs = all.filter((s) => !isFollow(s));
      if (subs.length === 0) return textReply('subscriptions', ctx.lang, [A.none]);
      const lines = [A.list(subs.length)];
      for (const sub of subs) lines.push(`#${sub.id}`, ...describeSubscription(sub, ctx));
      return textReply('subscriptions', ctx.lang, lines);
    });
  },
};
