import { describeSubscription, textReply } from '../src/announce/describe.js';
import { announceMessages } from '../src/announce/messages.js';
import { parseSubscribe } from '../src/announce/options.js';
import { chooseLang } from '../src/bot/input.js';
import type { CommandContext, CommandDefinition } from '../src/bot/types.js';
import type { Reply } from '../src/bot/reply.js';

/** Without a store (`npm run ask`) there are no subscriptions; who may change them is the engine's check (`requires`). */
export function refusal(ctx: CommandContext, intent: string): Reply | undefined {
  return ctx.core.store ? undefined : textReply(intent, ctx.lang, [announceMessages(ctx.lang).noStore], true);
}

export const subscribe: CommandDefinition = {
  name: 'subscribe',
  description: {
    en: 'Post deadline reminders for matching entries in this channel (admins)',
    zh: '在本频道推送匹配条目的截止提醒(管理员)',
  },
  requires: ['manage'],
  options: [
    {
      name: 'filter',
      description: { en: 'A kind (cfp, competition…), #tag or search words; default: every CFP and competition', zh: '类型(征稿、竞赛…)、#主题或搜索词;默认:全部征稿与竞赛' },
      required: false,
      maxLength: 100,
    },
    { name: 'leads', description: { en: 'Days before each deadline, e.g. 30,7,1,0', zh: '提前天数,例如 30,7,1,0' }, required: false, maxLength: 40 },
    { name: 'zone', description: { en: 'Time zone, e.g. Asia/Shanghai, Europe/Paris, UTC+8', zh: '时区,例如 Asia/Shanghai、Europe/Paris、UTC+8' }, required: false, maxLength: 40 },
    { name: 'language', description: { en: 'Language of the posts: zh or en', zh: '推送语言:zh 或 en' }, required: false, maxLength: 10 },
    { name: 'digest', description: { en: 'Weekly digest day and time, e.g. mon@09:00', zh: '每周摘要的时间,例如 mon@09:00' }, required: false, maxLength: 20 },
  ],
  examples: {
    en: ['/subscribe', '/subscribe competition 14,3,0 Europe/Paris en', '/subscribe #NLP digest=mon@09:00'],
    zh: ['/subscribe', '/subscribe 竞赛 14,3,0 Asia/Shanghai zh', '/subscribe 征稿 digest=周一 09:00'],
  },
  handler: (args, ctx) => {
    const refused = refusal(ctx, 'subscribe');
    if (refused) return refused;
    // Replies in the asker's language; posts default to the channel's (`place.locale`, e.g. a server's locale), else the asker's.
    const channel = ctx.place.locale ? chooseLang('', ctx.place.locale) : ctx.lang;
    const parsed = parseSubscribe(args, ctx.lang, channel);
    if (!parsed.ok) return textReply('subscribe', ctx.lang, [parsed.error], true);
    return ctx.core
      .store!.addSubscription({
        conversation: ctx.place.address,
        platform: ctx.place.platform,
        ...parsed.value,
        ...(ctx.actor.id ? { createdBy: ctx.actor.id } : {}),
      })
      .then((sub) => textReply('subscribe', ctx.lang, [announceMessages(ctx.lang).subscribed(sub.id), ...describeSubscription(sub, ctx)]));
  },
};
