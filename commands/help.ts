import { messages } from '../src/bot/messages.js';
import type { CommandDefinition } from '../src/bot/types.js';
import { FOLLOW_LINK, follow } from './follow.js';

/** Thanks and greetings get a short answer, not the whole help. */
const THANKS = /谢|thank|thx|\bty\b|cheers/i;

export const help: CommandDefinition = {
  name: 'help',
  description: { en: 'What the bot can answer, with examples', zh: '机器人能回答什么(附示例)' },
  aliases: ['start', '帮助'],
  routes: ['help'],
  options: [],
  handler: (args, ctx) => {
    // A deep-link start parameter ("/start follow_<id>", from a "follow in the private chat" link): follow that entry.
    if (FOLLOW_LINK.test(args.query?.trim() ?? '')) return follow.handler(args, ctx);
    const M = messages(ctx.lang);
    if (ctx.question?.shape === 'smalltalk') {
      return { intent: 'smalltalk', lang: ctx.lang, text: [THANKS.test(ctx.question.text) ? M.thanks : M.greeting], items: [] };
    }
    const lines = ctx.core.commands().map((c) => {
      const examples = c.examples?.[ctx.lang]?.join(' · ');
      return `/${c.name}: ${c.description[ctx.lang]}${examples ? ` (${examples})` : ''}`;
    });
    return { intent: 'help', lang: ctx.lang, text: [M.helpTitle, ...lines, M.helpFree], items: [] };
  },
};
