/**
 * "MedQA 和 CBLUE 哪个需要申请", "which closes first, EMNLP or NLPCC": each item named resolved to
 * its entry, then the one asked for said first (by access, or by deadline), each item's own fact
 * after it, and the entries shown. Undefined when an item names no entry (or two name the same):
 * the question is then answered as a plain one.
 */
import type { Entry, Kind } from '../catalog/schema.js';
import { regionName } from '../question/describe.js';
import type { Question } from '../question/types.js';
import { codeLinks, heldIn } from './facts.js';
import { toItem } from './items.js';
import { type Condition, messages } from './messages.js';
import { itemBase, shownZone, timeIn } from './person.js';
import type { Reply } from './reply.js';
import type { CommandContext } from './types.js';

/** How many of an item's search hits are looked at for the entry it names. */
const LOOKED_AT = 10;

const compact = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** The entry an item names: a hit among its first whose title or short name holds the item as typed (a dated one when deadlines are compared). */
function namedEntry(item: string, kinds: readonly Kind[] | undefined, dated: boolean, ctx: CommandContext): Entry | undefined {
  const wanted = compact(item);
  if (!wanted) return undefined;
  const names = (e: Entry) => [e.title, e.acronym ?? ''].some((name) => compact(name).includes(wanted));
  const hits = ctx.core.search(item, kinds).slice(0, LOOKED_AT);
  return hits.find((e) => names(e) && (!dated || e.deadline !== undefined)) ?? hits.find(names);
}

/** Where an entry's conference is held: the place its days are given for. */
const placeOf = (e: Entry) => e.milestones.find((m) => m.place !== undefined)?.place;

/** The name an entry is called by in a comparison: its short name when it has one. */
const nameOf = (e: Entry) => e.acronym ?? e.title;

export function compareReply(q: Question, ctx: CommandContext): Reply | undefined {
  const asked = q.compare;
  if (!asked) return undefined;
  const access = q.filters.access ?? (q.fact === 'access' ? (q.asked === 'apply' ? 'apply' : 'open') : undefined);
  const byDeadline = !access && (q.intent === 'deadline' || asked.order !== undefined);
  const kinds = q.filters.kinds?.length ? q.filters.kinds : undefined;
  const entries: Entry[] = [];
  for (const item of asked.items) {
    const entry = namedEntry(item, kinds, byDeadline, ctx);
    if (!entry || entries.some((e) => e.id === entry.id)) return undefined;
    entries.push(entry);
  }
  const M = messages(ctx.lang);
  const zone = shownZone(q.zone, ctx);
  const itemOf = (e: Entry, extra: { access?: boolean } = {}) => toItem(e, { ...itemBase(ctx), ...(q.zone ? { zone: q.zone } : {}), ...extra });
  const reply = (text: string[], shown: readonly Entry[], extra: { access?: boolean } = {}): Reply => ({
    intent: q.intent,
    lang: ctx.lang,
    text,
    items: shown.map((e) => itemOf(e, extra)),
  });
  // A condition asked of each: the ones meeting it said first, then each one's own fact.
  const region = q.filters.region;
  const condition: { is: Condition; test: (e: Entry) => boolean; fact: (e: Entry) => string } | undefined = access
    ? { is: access, test: (e) => e.access === access, fact: (e) => M.accessShort(e.access) }
    : q.filters.hasCode || q.fact === 'code'
      ? { is: 'code', test: (e) => codeLinks(e).length > 0, fact: (e) => codeLinks(e).join(' ') || M.compareNoCode }
      : region
        ? { is: { region: regionName(region, ctx.lang) }, test: (e) => heldIn(e, region), fact: (e) => placeOf(e) ?? M.compareNoPlace }
        : undefined;
  if (condition) {
    const having = entries.filter(condition.test);
    const lines = entries.map((e) => M.compareItem(nameOf(e), condition.fact(e)));
    return reply([M.compareHaving(condition.is, having.map(nameOf), entries.length), ...lines], entries, access ? { access: true } : {});
  }
  if (byDeadline) {
    const dated = entries.filter((e) => e.deadline).sort((a, b) => Date.parse(a.deadline!.at) - Date.parse(b.deadline!.at));
    if (asked.order === 'latest') dated.reverse();
    const undated = entries.filter((e) => !e.deadline);
    const [first, second] = dated;
    const text: string[] = [];
    if (first && second && first.deadline!.at === second.deadline!.at) text.push(M.compareSameTime);
    else if (first && dated.length > 1) text.push(asked.order === 'latest' ? M.compareLast(nameOf(first)) : M.compareFirst(nameOf(first)));
    for (const e of dated) text.push(M.compareItem(nameOf(e), timeIn(e.deadline!, ctx.lang, zone)));
    for (const e of undated) text.push(M.compareItem(nameOf(e), M.compareNoDeadline));
    return reply(text, [...dated, ...undated]);
  }
  return reply([M.compareHeading(entries.map(nameOf))], entries);
}
