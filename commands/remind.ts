import { followContext } from './follow-context.js';
import { textReply } from '../src/announce/describe.js';
import { followedId, isFollow, localTime, nextAnnounced, REMIND_COMMAND, snoozeLead } from '../src/announce/follow.js';
import { leadDueAt } from '../src/announce/schedule.js';
import type { CommandDefinition } from '../src/bot/types.js';

/** What a reminder's buttons run, on the asker's own follow only. */
export const remind: CommandDefinition = {
  name: REMIND_COMMAND,
  description: {
    en: 'Change the reminders of one of your follows: snooze (tomorrow), last-day, mute',
    zh: '修改某项关注的提醒:snooze(明天再提醒)、last-day(只在最后一天)、mute(不再提醒)',
  },
  options: [
    { name: 'id', description: { en: 'The follow’s id (see /following)', zh: '关注编号(见 /following)' }, required: true, maxLength: 64 },
    { name: 'action', description: { en: 'snooze, last-day or mute', zh: 'snooze、last-day 或 mute' }, required: true, maxLength: 64 },
  ],
  handler: async (args, ctx) => {
    const context = followContext('remind', ctx);
    if (!('person' in context)) return context;
    const { F, store, person } = context;
    // Typed as "/remind <id> <action>", or pressed (both as arguments).
    const [typedId, typedAction] = (args.query ?? '').trim().split(/\s+/);
    const id = (args.id ?? typedId ?? '').replace(/^#/, '');
    const action = (args.action ?? typedAction ?? '').toLowerCase();
    const sub = (await store.subscriptionsOf(person)).find((s) => s.id === id && isFollow(s));
    if (!sub) return textReply('remind', ctx.lang, [F.noSuchReminder], true);
    const entry = ctx.core.entries.find((e) => e.id === followedId(sub));
    const title = entry?.title ?? followedId(sub) ?? '';
    const now = ctx.now.toMillis();
    switch (action) {
      case 'snooze': {
        const lead = entry ? snoozeLead(entry, sub.zone, now) : undefined;
        const next = entry ? nextAnnounced(entry, now) : undefined;
        if (lead === undefined || !next) return textReply('remind', ctx.lang, [F.snoozeTooLate(title)], true);
        // A one-off lead: due tomorrow at 09:00; once past it never comes due again.
        await store.setLeads(
          person,
          sub.id,
          [...new Set([...sub.leads, lead])].sort((a, b) => b - a),
        );
        return textReply('remind', ctx.lang, [F.snoozed(title, localTime(leadDueAt(next.at, sub.zone, lead), sub.zone))]);
      }
      case 'last-day':
        await store.setLeads(person, sub.id, [0]);
        return textReply('remind', ctx.lang, [F.lastDay(title)]);
      case 'mute':
        await store.removeSubscription(person, sub.id);
        return textReply('remind', ctx.lang, [F.muted(title)]);
      default:
        return textReply('remind', ctx.lang, [F.badAction(action)], true);
    }
  },
};
