/**
 * Every sentence of follows (/follow, /following, /unfollow, the reminder buttons), in both
 * languages. They name no platform: "some platforms" is as specific as they get.
 */
import type { Lang } from '../bot/reply.js';

const MESSAGES = {
  zh: {
    noStore: '关注提醒需要运行中的机器人(npm start,并配置数据库);命令行问答模式不支持。',
    noDirect: '在这里我无法私信你,所以不能发送提醒。请在与我的私聊中使用 /follow。',
    askItem: '请告诉我要关注哪一项,例如 /follow EMNLP。',
    notFound: (q: string) => `没有找到「${q}」。换个关键词试试,或用 /deadline 查看所有截止。`,
    noDates: (title: string) => `「${title}」没有截止时间或日程,无法提醒。`,
    which: (q: string, n: number) => `「${q}」匹配到 ${n} 个有日期的条目,请选择要提醒的一项:`,
    followed: (title: string) => `✅ 已关注「${title}」。`,
    already: (title: string) => `你已经关注了「${title}」。`,
    when: (leads: string, zone: string) => `提醒:截止前 ${leads} 天,${zone} 09:00,通过私信发送`,
    next: (when: string) => `下一条提醒:${when}`,
    noNext: '目前没有即将到来的提醒(日期已过);日期若有变更会通知你。',
    inGroup: '提醒会通过私信发给你。有些平台只允许机器人给先私聊过它的人发消息:请先打开与我的私聊。',
    followingNone: '你还没有关注任何条目。在回复中点「提醒我」,或用 /follow <名称>。',
    followingList: (n: number) => `你关注的条目(${n} 项):`,
    followingLine: (id: string, title: string, next: string) => `#${id}「${title}」— ${next}`,
    nextShort: (when: string) => `下一条提醒 ${when}`,
    noNextShort: '暂无即将到来的提醒',
    paused: '已暂停:无法私信你;再用一次 /follow 即可恢复',
    gone: '(目录中已没有此条目)',
    whichUnfollow: '请指定要取消关注的条目、编号(见 /following),或 all。',
    unfollowed: (title: string) => `已取消关注「${title}」。`,
    unfollowedAll: (n: number) => `已取消全部 ${n} 项关注。`,
    noSuchFollow: (q: string) => `你没有关注「${q}」。用 /following 查看。`,
    severalFollows: (q: string) => `「${q}」对应多项关注,请用编号取消:`,
    snoozeButton: '明天再提醒',
    lastDayButton: '只在最后一天提醒',
    muteButton: '不再提醒此项',
    snoozed: (title: string, when: string) => `好的,明天再提醒你「${title}」(${when})。`,
    snoozeTooLate: (title: string) => `「${title}」今天就截止了,没有「明天」可以再提醒。`,
    lastDay: (title: string) => `好的,「${title}」只在截止当天提醒你。`,
    muted: (title: string) => `好的,不再提醒「${title}」。`,
    noSuchReminder: '这条提醒对应的关注已不存在。',
    badAction: (a: string) => `无法识别操作「${a}」:请用 snooze、last-day 或 mute。`,
  },
  en: {
    noStore: 'Follows need the running bot (npm start with a database); the command-line mode does not keep them.',
    noDirect: 'I cannot write to you privately from here, so I cannot remind you. Use /follow in a private chat with me.',
    askItem: 'Tell me which item to follow, e.g. /follow EMNLP.',
    notFound: (q: string) => `Nothing found for "${q}". Try other words, or /deadline for every open deadline.`,
    noDates: (title: string) => `"${title}" has no deadline or dates to remind you of.`,
    which: (q: string, n: number) => `"${q}" matches ${n} dated items; choose the one to be reminded of:`,
    followed: (title: string) => `✅ Following "${title}".`,
    already: (title: string) => `You already follow "${title}".`,
    when: (leads: string, zone: string) => `Reminders: ${leads} days before, at 09:00 ${zone}, by private message`,
    next: (when: string) => `Next reminder: ${when}`,
    noNext: 'No reminder is coming up (its dates have passed); you will hear if they change.',
    inGroup: 'Reminders come to you by private message. Some platforms let a bot write only to people who started a chat with it: open a private chat with me first.',
    followingNone: 'You follow nothing yet. Press "Remind me" under an item, or use /follow <name>.',
    followingList: (n: number) => `You follow ${n} item${n === 1 ? '' : 's'}:`,
    followingLine: (id: string, title: string, next: string) => `#${id} "${title}" — ${next}`,
    nextShort: (when: string) => `next reminder ${when}`,
    noNextShort: 'no reminder coming up',
    paused: 'paused: I could not write to you privately; /follow anything again to resume',
    gone: '(no longer in the catalog)',
    whichUnfollow: 'Say which item to stop following, its id (see /following), or "all".',
    unfollowed: (title: string) => `Stopped following "${title}".`,
    unfollowedAll: (n: number) => `Stopped following all ${n} item${n === 1 ? '' : 's'}.`,
    noSuchFollow: (q: string) => `You do not follow "${q}". See /following.`,
    severalFollows: (q: string) => `"${q}" matches several of your follows; use the id:`,
    snoozeButton: 'Remind me tomorrow',
    lastDayButton: 'Only on the last day',
    muteButton: 'Stop for this item',
    snoozed: (title: string, when: string) => `OK, I will remind you of "${title}" again tomorrow (${when}).`,
    snoozeTooLate: (title: string) => `"${title}" closes today: there is no tomorrow to remind you on.`,
    lastDay: (title: string) => `OK, I will remind you of "${title}" only on the last day.`,
    muted: (title: string) => `OK, no more reminders for "${title}".`,
    noSuchReminder: 'The follow this reminder belongs to is gone.',
    badAction: (a: string) => `"${a}" is not something I can do: use snooze, last-day or mute.`,
  },
} as const;

export type FollowMessages = (typeof MESSAGES)['en'];

export function followMessages(lang: Lang): FollowMessages {
  return MESSAGES[lang] as FollowMessages;
}
