import { textReply } from '../src/announce/describe.js';
import type { CommandDefinition } from '../src/bot/types.js';
import type { Reply } from '../src/bot/reply.js';
import { applyChange, describeSettings, parseSettings, settingsMessages } from '../src/bot/settings.js';

/**
 * /settings: the asker's own time zone, reply language and reminder leads, kept by their direct
 * address. Alone it shows them; with options it changes them. Always only for the asker's eyes.
 */
export const settings: CommandDefinition = {
  name: 'settings',
  aliases: ['设置'],
  description: {
    en: 'Your own time zone, language and reminder days (only you see them)',
    zh: '你自己的时区、语言和提醒天数(只有你能看到)',
  },
  // "I'm in Tokyo", "把时区设为柏林", "reply in English": what a message asks kept becomes the asker's (src/question/parse.ts).
  routes: ['settings'],
  argsOf: (q) => ({ ...q.settings }),
  options: [
    {
      name: 'zone',
      description: { en: 'Your time zone: a city, an IANA name or UTC±N (Tokyo, Europe/Berlin, UTC+2)', zh: '你的时区:城市、IANA 名称或 UTC±N(东京、Europe/Berlin、UTC+2)' },
      required: false,
      maxLength: 60,
      autocomplete: true,
      suggests: 'zones',
    },
    { name: 'language', description: { en: 'Reply language: zh or en', zh: '回复语言:zh 或 en' }, required: false, maxLength: 10 },
    { name: 'leads', description: { en: 'Days before a followed deadline to remind you, e.g. 7,1,0', zh: '关注条目截止前几天提醒你,例如 7,1,0' }, required: false, maxLength: 40 },
  ],
  examples: {
    en: ['/settings', '/settings zone:Tokyo', '/settings language:en leads:14,3,0'],
    zh: ['/settings', '/settings zone:柏林', '/settings language:zh leads:7,1,0'],
  },
  handler: async (args, ctx) => {
    const T = settingsMessages(ctx.lang);
    const store = ctx.core.store;
    const person = ctx.actor.directAddress;
    if (!store) return textReply('settings', ctx.lang, [T.noStore], true);
    if (!person) return textReply('settings', ctx.lang, [T.noPerson], true);
    const parsed = parseSettings(args, ctx.lang);
    if (!parsed.ok) return privately(textReply('settings', ctx.lang, [parsed.error], true), ctx.place.group);
    const before = await store.settingsOf(person);
    if (!Object.keys(parsed.change).length) return privately(textReply('settings', ctx.lang, [T.heading, ...describeSettings(before, ctx.lang)], true), ctx.place.group);
    const after = applyChange(person, before, parsed.change, ctx.now.toUTC().toISO()!);
    await store.saveSettings(after);
    // A language just chosen is the language of this reply too.
    const lang = parsed.change.lang ?? ctx.lang;
    return privately(textReply('settings', lang, [settingsMessages(lang).saved, ...describeSettings(after, lang)], true), ctx.place.group);
  },
};

/** In a group the reply also points to the private chat (platforms deliver an ephemeral reply privately where they can). */
function privately(reply: Reply, group: boolean): Reply {
  if (group) reply.text.push(settingsMessages(reply.lang).privately);
  return reply;
}
