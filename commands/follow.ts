import { followContext } from './follow-context.js';
import { textReply } from '../src/announce/describe.js';
import { FOLLOW_LEADS, FOLLOW_ZONE, followedId, isFollow, nextReminder } from '../src/announce/follow.js';
import { followMessages } from '../src/announce/follow-messages.js';
import type { Entry } from '../src/catalog/schema.js';
import { toItem } from '../src/bot/items.js';
import { itemBase } from '../src/bot/person.js';
import type { CommandContext, CommandDefinition } from '../src/bot/types.js';
import type { Reply } from '../src/bot/reply.js';
import type { Store } from '../src/store/types.js';
import { queryOption } from './options.js';

/** A deep-link start parameter ("follow_<entry id>") that opens the private chat and follows. */
export const FOLLOW_LINK = /^follow_([a-z0-9-]{1,64})$/;
const AMBIGUOUS_SHOWN = 5;

export const follow: CommandDefinition = {
  name: 'follow',
  description: { en: 'Get private reminders before an item’s deadline (7, 1 and 0 days before)', zh: '关注某项,在截止前私信提醒你(提前 7、1、0 天)' },
  aliases: ['remindme', '关注', '提醒我'],
  suggests: { dated: true },
  // "remind me about EMNLP", "提醒我 NLPCC 截止": the item named after the request.
  routes: ['follow'],
  argsOf: (q) => ({ query: q.topic }),
  options: [queryOption(true)],
  examples: { en: ['/follow EMNLP'], zh: ['/follow NLPCC'] },
  handler: (args, ctx) => {
    const context = followContext('follow', ctx);
    if (!('person' in context)) return context;
    const { F, store, person } = context;
    const raw = args.query?.trim() ?? '';
    const query = FOLLOW_LINK.exec(raw)?.[1] ?? raw;
    if (!query) return textReply('follow', ctx.lang, [F.askItem], true);
    // A button or a link names the entry by its exact id.
    const exact = ctx.core.entries.find((e) => e.id === query);
    if (exact) return followEntry(exact, store, person, ctx);
    const found = ctx.core.search(query);
    if (found.length === 0) return textReply('follow', ctx.lang, [F.notFound(query)], true);
    const dated = found.filter((e) => e.milestones.length > 0 || e.deadline);
    if (dated.length === 0) return textReply('follow', ctx.lang, [F.noDates(found[0]!.title)], true);
    const one = chooseOne(query, dated);
    if (one) return followEntry(one, store, person, ctx);
    // Several could be meant: each with its own "remind me" button.
    const shown = dated.slice(0, AMBIGUOUS_SHOWN);
    return { intent: 'follow', lang: ctx.lang, text: [F.which(query, dated.length)], items: shown.map((e) => toItem(e, itemBase(ctx))) };
  },
};

const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();

/** The one hit meant: the only dated one, an exact title, or the only title containing the words. */
function chooseOne(query: string, dated: readonly Entry[]): Entry | undefined {
  if (dated.length === 1) return dated[0];
  const q = norm(query);
  const exact = dated.find((e) => norm(e.title) === q);
  if (exact) return exact;
  const containing = dated.filter((e) => norm(e.title).includes(q));
  return containing.length === 1 ? containing[0] : undefined;
}

/** Follows the entry (once: following again changes nothing) and says when the reminders come. */
async function followEntry(entry: Entry, store: Store, person: string, ctx: CommandContext): Promise<Reply> {
  const F = followMessages(ctx.lang);
  const follows = (await store.subscriptionsOf(person)).filter(isFollow);
  let sub = follows.find((s) => s.active && s.filter.ids!.length === 1 && followedId(s) === entry.id);
  // Follows deactivated because reminders could not be delivered (the person had not opened the
  // private chat) start over now that they talk to the bot: from now on, nothing old is replayed.
  for (const old of follows.filter((s) => !s.active)) {
    await store.removeSubscription(person, old.id);
    if (followedId(old) === entry.id) continue;
    const { conversation, platform, filter, leads, zone, lang, createdBy } = old;
    await store.addSubscription({ conversation, platform, filter, leads, zone, lang, ...(createdBy ? { createdBy } : {}) });
  }
  const already = sub !== undefined;
  sub ??= await store.addSubscription({
    conversation: person,
    platform: ctx.place.platform,
    filter: { ids: [entry.id] },
    leads: [...(ctx.person?.leads ?? FOLLOW_LEADS)],
    zone: ctx.person?.zone ?? FOLLOW_ZONE,
    lang: ctx.person?.lang ?? ctx.lang,
    ...(ctx.actor.id ? { createdBy: ctx.actor.id } : {}),
  });
  const next = nextReminder(sub, ctx.core.entries, ctx.now.toMillis());
  const text = [already ? F.already(entry.title) : F.followed(entry.title), F.when(sub.leads.join(', '), sub.zone), next ? F.next(next) : F.noNext];
  // In a group the reminders still go to the person, who may have to open the private chat first.
  if (ctx.place.group) text.push(F.inGroup);
  return { intent: 'follow', lang: ctx.lang, text, items: [toItem(entry, { ...itemBase(ctx), milestones: true, follow: false })] };
}
