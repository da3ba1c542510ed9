/** Every sentence of /calendar (the private feed), in both languages. */
import type { Lang } from '../bot/reply.js';

/** "the item you follow", "the 3 items you follow". */
function followed(items: number): string {
  return items === 1 ? 'the item you follow' : `the ${items} items you follow`;
}

const MESSAGES = {
  zh: {
    noStore: '私人日历需要运行中的机器人(npm start,并配置数据库);命令行问答模式不支持。',
    noPerson: '这里无法确认你的身份,因此不能生成你的私人日历。请在与机器人的私聊中发送 /calendar。',
    privateOnly: '日历链接是你的私人链接:请在与机器人的私聊中发送 /calendar(群里发出的链接谁都能打开)。',
    feed: (url: string) => `你的私人日历(关注条目的全部日程,自动更新):${url}`,
    withAlarm: (url: string) => `带提醒的版本(按你的第一个提醒时间):${url}`,
    secret: '知道链接的人都能读取它;发送 /calendar reset 可作废旧链接并生成新链接。',
    reset: (url: string) => `已生成新链接:${url}`,
    revoked: '旧链接已失效。',
    holds: (items: number, dates: number) => (items ? `内容:你关注的 ${items} 个条目,共 ${dates} 个日程。` : '你还没有关注任何条目:关注后,其截止与日程会出现在这个日历里。'),
    needsUrl: '日历订阅需要机器人的公开网址(运行中的机器人配置 PUBLIC_URL),目前无法提供链接。',
    wouldHold: (items: number, dates: number) =>
      items ? `它会包含你关注的 ${items} 个条目的全部日程(共 ${dates} 个)。` : '它会包含你关注条目的全部截止与日程(你还没有关注任何条目)。',
    badAction: (v: string) => `无法识别「${v}」:发送 /calendar 查看链接,或 /calendar reset 换新链接。`,
  },
  en: {
    noStore: 'Your private calendar needs the running bot (npm start with a database); the command-line mode does not keep one.',
    noPerson: 'I cannot tell who you are here, so I cannot make your private calendar. Send /calendar in a direct chat with me.',
    privateOnly: 'Your calendar link is private: send /calendar in a direct chat with me (anyone in a group could open a link posted there).',
    feed: (url: string) => `Your private calendar (every date of the items you follow, kept up to date): ${url}`,
    withAlarm: (url: string) => `With alarms (at your first reminder): ${url}`,
    secret: 'Anyone with the link can read it; /calendar reset makes a new link and the old one stops working.',
    reset: (url: string) => `Here is your new link: ${url}`,
    revoked: 'The old link no longer works.',
    holds: (items: number, dates: number) =>
      items
        ? `It holds ${followed(items)}: ${dates} ${dates === 1 ? 'date' : 'dates'}.`
        : 'You follow nothing yet: the deadlines and dates of the items you follow will appear here.',
    needsUrl: "The calendar feed needs the running bot's public URL (PUBLIC_URL), so there is no link to give yet.",
    wouldHold: (items: number, dates: number) =>
      items
        ? `It would hold every date of ${followed(items)} (${dates} ${dates === 1 ? 'date' : 'dates'}).`
        : 'It would hold every deadline and date of the items you follow (you follow nothing yet).',
    badAction: (v: string) => `I don't know "${v}": send /calendar for your link, or /calendar reset for a new one.`,
  },
} satisfies Record<Lang, Record<string, unknown>>;

export function calendarMessages(lang: Lang) {
  return MESSAGES[lang];
}
