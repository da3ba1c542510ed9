import { followContext } from './follow-context.js';
import { textReply } from '../src/announce/describe.js';
import { followedId, isFollow, nextReminder } from '../src/announce/follow.js';
import type { CommandDefinition } from '../src/bot/types.js';

export const following: CommandDefinition = {
  name: 'following',
  description: { en: 'The items you follow and when each next reminder comes', zh: '你关注的条目,以及每项下一条提醒的时间' },
  aliases: ['follows', '我的关注'],
  options: [],
  handler: async (_args, ctx) => {
    const context = followContext('following', ctx);
    if (!('person' in context)) return context;
    const { F, store, person } = context;
    const follows = (await store.subscriptionsOf(person)).filter(isFollow);
    if (follows.length === 0) return textReply('following', ctx.lang, [F.followingNone]);
    const now = ctx.now.toMillis();
    const lines = [F.followingList(follows.length)];
    for (const sub of follows) {
      const entry = ctx.core.entries.find((e) => e.id === followedId(sub));
      const next = entry && sub.active ? nextReminder(sub, ctx.core.entries, now) : undefined;
      const state = !sub.active ? F.paused : next ? F.nextShort(next) : F.noNextShort;
      lines.push(F.followingLine(sub.id, entry?.title ?? `${followedId(sub)} ${F.gone}`, state));
    }
    return textReply('following', ctx.lang, lines);
  },
};
