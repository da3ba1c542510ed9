import { isFollow } from '../src/announce/follow.js';
import { textReply } from '../src/announce/describe.js';
import { announceMessages } from '../src/announce/messages.js';
import type { CommandDefinition } from '../src/bot/types.js';
import { refusal } from './subscribe.js';

export const unsubscribe: CommandDefinition = {
  name: 'unsubscribe',
  description: { en: 'Stop a subscription of this channel, or all of them (admins)', zh: '取消本频道的某个订阅或全部订阅(管理员)' },
  requires: ['manage'],
  options: [{ name: 'id', description: { en: 'The subscription id (see /subscriptions), or "all"', zh: '订阅编号(见 /subscriptions),或 all' }, required: false, maxLength: 40 }],
  examples: { en: ['/unsubscribe all'], zh: ['/unsubscribe all'] },
  handler: async (args, ctx) => {
    const refused = refusal(ctx, 'unsubscribe');
    if (refused) return refused;
    const A = announceMessages(ctx.lang);
    const store = ctx.core.store!;
    const target = (args.id ?? args.query ?? '').trim();
    if (!target) return textReply('unsubscribe', ctx.lang, [A.whichOne], true);
    if (/^(?:all|全部|所有)$/i.test(target)) {
      // The place's subscriptions only: a person's follows may live at the same address (a private chat).
      const channel = (await store.subscriptionsOf(ctx.place.address)).filter((s) => !isFollow(s));
      for (const s of channel) await store.removeSubscription(ctx.place.address, s.id);
      return textReply('unsubscribe', ctx.lang, [A.unsubscribedAll(channel.length)]);
    }
    const removed = await store.removeSubscription(ctx.place.address, target);
    return textReply('unsubscribe', ctx.lang, [removed ? A.unsubscribed(target) : A.noSuch(target)], !removed);
  },
};
