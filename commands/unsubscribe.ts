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
  handler: (args, ctx) => {
    const refused = refusal(ctx, 'unsubscribe');
    if (refused) return refused;
    const A = announceMessages(ctx.lang);
    const store = ctx.core.store!;
    const target = (args.id ?? args.query ?? '').trim();
    if (!target) return textReply('unsubscribe', ctx.lang, [A.whichOne], true);
    if (/^(?:all|全部|所有)$/i.test(target)) {
      return store.removeAll(ctx.place.address).then((n) => textReply('unsubscribe', ctx.lang, [A.unsubscribedAll(n)]));
    }
    return store
      .removeSubscription(ctx.place.address, target)
      .then((removed) => textReply('unsubscribe', ctx.lang, [removed ? A.unsubscribed(target) : A.noSuch(target)], !removed));
  },
};
