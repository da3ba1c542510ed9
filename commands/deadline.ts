import { answerQuestion, asksMore, listReply, nothingFound, questionFor } from '../src/bot/answers.js';
import { calendarFeed, icsFileName } from '../src/calendar/feed.js';
import { feedUrl } from '../src/calendar/filter.js';
import type { Entry, Milestone } from '../src/catalog/schema.js';
import type { Question } from '../src/question/types.js';
import { milestoneLabel } from '../src/bot/messages.js';
import { toItem } from '../src/bot/items.js';
import { itemBase, shownZone, timeIn } from '../src/bot/person.js';
import { messages } from '../src/bot/messages.js';
import { pageOf } from '../src/bot/paging.js';
import type { CommandContext, CommandDefinition } from '../src/bot/types.js';
import type { Lang, Reply } from '../src/bot/reply.js';
import { queryOption } from './options.js';

/** Words that ask for "all open deadlines" rather than naming an item. */
const LIST_WORDS = /^(?:open|upcoming|all|current|next|soon|any|所有|全部|最近|即将|开放|未截止|近期)?$/i;

export const deadline: CommandDefinition = {
  name: 'deadline',
  description: { en: 'Open deadlines in time order, or one item’s deadline and milestones', zh: '按时间列出未截止的 deadline,或查询某项的截止时间与日程' },
  aliases: ['deadlines', 'ddl', '截止'],
  routes: ['deadline'],
  suggests: { dated: true },
  options: [
    queryOption(false),
    {
      name: 'zone',
      description: {
        en: 'Show times in this zone: a city, an IANA name or UTC±N (Tokyo, Europe/Berlin, UTC+2)',
        zh: '按此时区显示:城市、IANA 名或 UTC±N(东京、Europe/Berlin、UTC+2)',
      },
      required: false,
      maxLength: 100,
    },
  ],
  examples: { en: ['/deadline', '/deadline EMNLP', '/deadline NLPCC zone:Tokyo'], zh: ['/deadline', '/deadline NLPCC', '/deadline EMNLP zone:伦敦'] },
  handler: (args, ctx) => {
    const query = args.query?.trim() ?? '';
    const q = questionFor('deadline', args, ctx);
    const unknownZone = q.unknownZone ? [messages(ctx.lang).unknownZone(q.unknownZone)] : [];
    const reply = answer(q, query, ctx);
    reply.text.unshift(...unknownZone);
    return reply;
  },
};

/**
 * Which answer: a milestone asked with no item named; every open deadline (no item, nothing asked
 * beyond the list and a zone); one item's deadline and milestones (an item, nothing asked beyond a
 * zone); else the question's own answer (a window, a filter, a fact, a count).
 */
function answer(q: Question, query: string, ctx: CommandContext): Reply {
  const asksOnly = (extra: Partial<Question>) => !asksMore({ ...q, zone: undefined, ...extra } as Question);
  if (q.fact === 'milestone' && !q.topic) return answerQuestion(q, 'deadline', ctx);
  if (LIST_WORDS.test(query) && !q.zone && !q.filters.region) return withCalendar(openDeadlines(ctx), '', [], ctx);
  if (!q.topic && (q.shape === 'list' || q.shape === 'all') && asksOnly({ shape: 'list' })) return withCalendar(openDeadlines(ctx, q), '', [], ctx);
  if (q.topic && asksOnly({})) return deadlineOf(q.topic, ctx, q);
  return answerQuestion(q, 'deadline', ctx);
}

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
    // Rendered only when a platform sends files; a text-only one (and `ask`) never does.
    reply.attachments = [{ filename: icsFileName(only), mimeType: 'text/calendar', render: () => calendarFeed([only], { lang: ctx.lang }) }];
  }
  return reply;
}

function openDeadlines(ctx: CommandContext, q?: Question): Reply {
  const M = messages(ctx.lang);
  const now = ctx.now.toMillis();
  const zone = q?.zone ? { zone: q.zone } : {};
  const args = q?.zone ? { zone: q.zone.label } : {};
  const open = ctx.core.timeline.open(now);
  if (open.length > 0) {
    const reply = listReply({ intent: 'deadline', command: 'deadline', query: '', entries: open, args, heading: M.openDeadlines(open.length), item: zone }, ctx);
    if (q?.zone) reply.text.push(M.zoneShown(q.zone));
    return reply;
  }
  // Nothing open: say so, name the deadline that closed last, what is under way and what comes next;
  // a past deadline is listed as closed, never under "coming up next".
  const closed = ctx.core.timeline.closed(now);
  const text: string[] = [M.noneOpen];
  const last = closed[0];
  if (last?.deadline) text.push(M.lastClosed(last.title, timeIn(last.deadline, ctx.lang, shownZone(q?.zone, ctx))));
  const when = (m: Milestone) => timeIn(m, ctx.lang, shownZone(q?.zone, ctx));
  const events = ctx.core.timeline.dated.flatMap((e) =>
    e.milestones.map((m) => ({ e, m, start: Date.parse(m.at), end: Date.parse(m.end ?? m.at) + (m.allDay && !m.end ? 86_399_999 : 0) })),
  );
  for (const ev of events.filter((x) => x.start <= now && now <= x.end)) {
    text.push(M.happeningNow(ev.e.title, milestoneLabel(ev.m.type, ev.m.label, ctx.lang), when(ev.m)));
  }
  const nextEvent = events.filter((x) => x.start > now).sort((a, b) => a.start - b.start)[0];
  if (nextEvent) text.push(M.comingNext(nextEvent.e.title, milestoneLabel(nextEvent.m.type, nextEvent.m.label, ctx.lang), when(nextEvent.m)));
  if (closed.length) text.push(M.recentlyClosed);
  const { items, paging } = pageOf(closed, ctx.page, 'deadline', args);
  return {
    intent: 'deadline',
    lang: ctx.lang,
    text,
    items: items.map((e) => toItem(e, { ...itemBase(ctx), milestones: true, ...zone })),
    ...(paging ? { paging } : {}),
  };
}

function deadlineOf(query: string, ctx: CommandContext, q?: Question): Reply {
  const M = messages(ctx.lang);
  const found = ctx.core.search(query);
  if (found.length === 0) return nothingFound(q ?? questionFor('deadline', { query }, ctx), ctx);
  const dated = found.filter((e) => e.milestones.length > 0);
  if (dated.length === 0 && found[0]) {
    return {
      intent: 'deadline',
      lang: ctx.lang,
      text: [M.noDeadline(found[0].title)],
      items: [toItem(found[0], itemBase(ctx))],
    };
  }
  const zone = q?.zone;
  const reply = listReply(
    {
      intent: 'deadline',
      command: 'deadline',
      query,
      entries: dated,
      args: { query, ...(zone ? { zone: zone.label } : {}) },
      item: { milestones: true, ...(zone ? { zone } : {}) },
      heading: M.deadlineOf(query),
    },
    ctx,
  );
  if (zone && dated.length) reply.text.push(M.zoneShown(zone));
  return withCalendar(reply, query, dated, ctx);
}
