import type { Reply } from '../src/bot/reply.js';
import type { CommandContext, CommandDefinition } from '../src/bot/types.js';
import { calendarMessages } from '../src/calendar/messages.js';
import { followedEntries, followsOf } from '../src/calendar/personal.js';

function answer(ctx: CommandContext, text: string[]): Reply {
  return { intent: 'calendar', lang: ctx.lang, text, items: [], ephemeral: true };
}

/** `<PUBLIC_URL>/calendar/<token>.ics`, the private feed's URL. */
function feedUrlOf(base: string, token: string): string {
  return `${base.replace(/\/+$/, '')}/calendar/${token}.ics`;
}

/**
 * The asker's private calendar feed: its URL, or (`reset`) a new token, the old URL then 404.
 * The feed is keyed by the asker's direct address, so nobody reaches another's token; the link
 * is shown only outside groups (a group reply would hand it to everyone there).
 */
export const calendar: CommandDefinition = {
  name: 'calendar',
  aliases: ['日历'],
  description: {
    en: 'Your private calendar feed of the items you follow ("reset": a new link)',
    zh: '你关注条目的私人日历订阅链接(reset:换新链接)',
  },
  options: [
    {
      name: 'action',
      description: { en: '"reset": revoke your link and make a new one', zh: 'reset:作废旧链接并生成新链接' },
      required: false,
      maxLength: 60,
    },
  ],
  examples: { en: ['/calendar', '/calendar reset'], zh: ['/calendar', '/calendar reset'] },
  handler: async (args, ctx) => {
    const C = calendarMessages(ctx.lang);
    const store = ctx.core.store;
    if (!store) return answer(ctx, [C.noStore]);
    const person = ctx.actor.directAddress;
    if (!person) return answer(ctx, [C.noPerson]);
    if (ctx.place.group) return answer(ctx, [C.privateOnly]);
    const action = (args.action ?? args.query ?? '').trim();
    const reset = /^(?:reset|重置|换新)$/i.test(action);
    if (action && !reset) return answer(ctx, [C.badAction(action.slice(0, 40))]);

    const followed = followedEntries(followsOf(await store.subscriptionsOf(person)), ctx.core.entries);
    const dates = followed.reduce((n, f) => n + f.entry.milestones.length, 0);
    const base = ctx.core.publicUrl;
    if (reset) {
      const token = await store.resetFeedToken(person);
      return answer(ctx, base ? [C.reset(feedUrlOf(base, token)), C.revoked, C.holds(followed.length, dates)] : [C.revoked, C.needsUrl, C.wouldHold(followed.length, dates)]);
    }
    if (!base) return answer(ctx, [C.needsUrl, C.wouldHold(followed.length, dates)]);
    const url = feedUrlOf(base, await store.feedTokenOf(person));
    return answer(ctx, [C.feed(url), C.holds(followed.length, dates), C.withAlarm(`${url}?alarm=1`), C.secret]);
  },
};
