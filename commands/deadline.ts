import { listReply } from '../src/bot/answers.js';
import { calendarFeed, icsFileName } from '../src/calendar/feed.js';
import { feedUrl } from '../src/calendar/filter.js';
import type { Entry } from '../src/catalog/schema.js';
import { toItem } from '../src/bot/items.js';
import { messages } from '../src/bot/messages.js';
import { pageOf } from '../src/bot/paging.js';
import type { CommandContext, CommandDefinition, Lang, Reply } from '../src/bot/types.js';
import { queryOption } from './options.js';

/** Words that ask for "all open deadlines" rather than naming an item. */
const LIST_WORDS = /^(?:open|upcoming|all|current|next|soon|any|所有|全部|最近|即将|开放|未截止|近期)?$/i;

export const deadline: CommandDefinition = {
  name: 'deadline',
  description: { en: 'Open deadlines in time order, or one item’s deadline and milestones', zh: '按时间列出未截止的 deadline,或查询某项的截止时间与日程' },
  aliases: ['deadlines', 'ddl', '截止'],
  options: [queryOption(false)],
  examples: { en: ['/deadline', '/deadline EMNLP'], zh: ['/deadline', '/deadline NLPCC'] },
  handler: (args, ctx) => {
    const query = args.query?.trim() ?? '';
    return LIST_WORDS.test(query) ? withCalendar(openDeadlines(ctx), '', [], ctx) : deadlineOf(query, ctx);
  },
};

const FEED_LINE: Record<Lang, (url: string) => string> = {
  zh: (url) => `订阅日历(截止与日程自动更新):${url}`,
  en: (url) => `Subscribe in your calendar (deadlines stay up to date): ${url}`,
};

/**
 * Adds the calendar feed of the query (only when the bot has a PUBLIC_URL) and, when the
 * reply is about a single dated item, that item's .ics file.
 */
function withCalendar(reply: Reply, query: string, dated: readonly Entry[], ctx: CommandContext): Reply {
  const base = ctx.core.publicUrl;
  if (base) {
    reply.feedUrl = feedUrl(base, { ...(query ? { q: query } : {}), lang: ctx.lang });
    reply.footer = [...(reply.footer ?? []), FEED_LINE[ctx.lang](reply.feedUrl)];
  }
  const [only] = dated;
  if (only && dated.length === 1) {
    // Built only when an adapter reads it (Telegram, Discord); the console and `ask` never do.
    let ics: string | undefined;
    reply.attachments = [
      {
        filename: icsFileName(only),
        mimeType: 'text/calendar',
        get content() {
          return (ics ??= calendarFeed([only], { lang: ctx.lang }));
        },
      },
    ];
  }
  return reply;
}

function openDeadlines(ctx: CommandContext): Reply {
  const M = messages(ctx.lang);
  const now = ctx.now.toMillis();
  const open = ctx.core.timeline.open(now);
  if (open.length > 0) {
    return listReply({ intent: 'deadline', command: 'deadline', query: '', entries: open, args: {}, heading: M.openDeadlines(open.length) }, ctx);
  }
  // Nothing open: what comes next (a conference not started yet, a final round), else what closed last.
  const upcoming = ctx.core.timeline.upcoming(now);
  const shown = upcoming.length > 0 ? upcoming : ctx.core.timeline.closed(now);
  const { items, paging } = pageOf(shown, ctx.page, 'deadline', {});
  return {
    intent: 'deadline',
    lang: ctx.lang,
    text: [M.noneOpen, upcoming.length > 0 ? M.nextUp : M.recentlyClosed],
    items: items.map((e) => toItem(e, { lang: ctx.lang, now: ctx.now, milestones: true })),
    ...(paging ? { paging } : {}),
  };
}

function deadlineOf(query: string, ctx: CommandContext): Reply {
  const M = messages(ctx.lang);
  const found = ctx.core.search(query);
  const dated = found.filter((e) => e.milestones.length > 0);
  if (dated.length === 0 && found[0]) {
    return {
      intent: 'deadline',
      lang: ctx.lang,
      text: [M.noDeadline(found[0].title)],
      items: [toItem(found[0], { lang: ctx.lang, now: ctx.now })],
    };
  }
  const reply = listReply(
    { intent: 'deadline', command: 'deadline', query, entries: dated, args: { query }, item: { milestones: true }, heading: M.deadlineOf(query) },
    ctx,
  );
  return withCalendar(reply, query, dated, ctx);
}
