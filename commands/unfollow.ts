import { followContext } from './follow-context.js';
import { textReply } from '../src/announce/describe.js';
import { followedId, isFollow } from '../src/announce/follow.js';
import type { CommandDefinition } from '../src/bot/types.js';
import { FOLLOW_LINK } from './follow.js';

export const unfollow: CommandDefinition = {
  name: 'unfollow',
  description: { en: 'Stop reminders for an item you follow, or for all of them', zh: '取消关注某项(或全部),不再提醒' },
  aliases: ['取消关注'],
  options: [
    {
      name: 'query',
      description: { en: 'The item, its id from /following, or "all"', zh: '条目名称、/following 中的编号,或 all' },
      required: true,
      maxLength: 200,
    },
  ],
  examples: { en: ['/unfollow EMNLP', '/unfollow all'], zh: ['/unfollow NLPCC', '/unfollow all'] },
  handler: async (args, ctx) => {
    const context = followContext('unfollow', ctx);
    if (!('person' in context)) return context;
    const { F, store, person } = context;
    const raw = (args.query ?? '').trim();
    const target = FOLLOW_LINK.exec(raw)?.[1] ?? raw.replace(/^#/, '');
    if (!target) return textReply('unfollow', ctx.lang, [F.whichUnfollow], true);
    // Only follows: a channel's subscriptions at the same address are /unsubscribe's.
    const follows = (await store.subscriptionsOf(person)).filter(isFollow);
    const titleOf = (id: string | undefined) => ctx.core.entries.find((e) => e.id === id)?.title ?? id ?? '';
    if (/^(?:all|全部|所有)$/i.test(target)) {
      for (const sub of follows) await store.removeSubscription(person, sub.id);
      return textReply('unfollow', ctx.lang, [F.unfollowedAll(follows.length)]);
    }
    let chosen = follows.filter((s) => s.id === target || followedId(s) === target);
    if (chosen.length === 0) {
      const found = new Set(ctx.core.search(target).map((e) => e.id));
      chosen = follows.filter((s) => found.has(followedId(s) ?? ''));
    }
    if (chosen.length === 0) return textReply('unfollow', ctx.lang, [F.noSuchFollow(target)], true);
    if (chosen.length > 1) {
      return textReply('unfollow', ctx.lang, [F.severalFollows(target), ...chosen.map((s) => `#${s.id} ${titleOf(followedId(s))}`)], true);
    }
    const sub = chosen[0]!;
    await store.removeSubscription(person, sub.id);
    return textReply('unfollow', ctx.lang, [F.unfollowed(titleOf(followedId(sub)))]);
  },
};
