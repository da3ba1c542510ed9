/** Reply builders shared by the commands: a paged list of search results, and the answer to a parsed question. */
import { placeNote } from '../time/format.js';
import type { Entry, Kind } from '../catalog/schema.js';
import { MAX_RESULTS } from '../search/search.js';
import { toItem, venueOf, type ItemOptions } from './items.js';
import { itemBase, shownZone, timeIn } from './person.js';
import { messages, milestoneLabel } from './messages.js';
import { pageOf } from './paging.js';
import type { CommandContext } from './types.js';
import type { Intent, Reply } from './reply.js';
import { aboutDeadlines, describe } from '../question/describe.js';
import { parseQuestion } from '../question/parse.js';
import type { Question } from '../question/types.js';
import { codeLinks, factReply, heldIn } from './facts.js';
import { compareReply } from './compare.js';

export interface ListAnswer {
  intent: Intent;
  command: string;
  query: string;
  entries: readonly Entry[];
  args: Record<string, string | undefined>;
  item?: Partial<ItemOptions>;
  heading?: string;
}

export function listReply(answer: ListAnswer, ctx: CommandContext): Reply {
  const M = messages(ctx.lang);
  if (answer.entries.length === 0) {
    return { intent: answer.intent, lang: ctx.lang, text: [M.noResults(answer.query)], items: [] };
  }
  const { items, paging } = pageOf(answer.entries, ctx.page, answer.command, answer.args);
  // A search stops at MAX_RESULTS hits: say "500+" rather than a count that is not the total.
  const count = answer.entries.length >= MAX_RESULTS ? `${MAX_RESULTS}+` : answer.entries.length;
  const heading = answer.heading ?? M.results(count, answer.query);
  return {
    intent: answer.intent,
    lang: ctx.lang,
    text: [paging ? `${heading} (${M.page(paging.page, paging.pages)})` : heading],
    items: items.map((e) => toItem(e, { ...itemBase(ctx), ...answer.item })),
    ...(paging && paging.page < paging.pages ? { footer: [M.more(answer.command)] } : {}),
    ...(paging ? { paging } : {}),
  };
}

/** The standard search command: a query over some kinds, paged. */
export function searchReply(
  command: string,
  kinds: readonly Kind[] | undefined,
  args: Record<string, string | undefined>,
  ctx: CommandContext,
  item?: Partial<ItemOptions>,
): Reply {
  const query = args.query?.trim() ?? '';
  const M = messages(ctx.lang);
  if (!query) {
    // A bare /dataset or "papers": every entry of the command's kinds, paged, and how to narrow it.
    const all = kinds ? ctx.core.ofKinds(kinds) : [];
    if (all.length === 0) return { intent: command, lang: ctx.lang, text: [M.askTopic(command)], items: [] };
    const what = describe({ text: '', intent: 'search', topic: '', shape: 'all', filters: { kinds: [...kinds!] } }, ctx.lang);
    const reply = listReply({ intent: command, command, query: '', entries: all, args: {}, heading: M.heading(what, all.length), ...(item ? { item } : {}) }, ctx);
    return { ...reply, footer: [...(reply.footer ?? []), M.narrow(command)] };
  }
  const entries = ctx.core.search(query, kinds);
  return listReply({ intent: command, command, query, entries, args: { query }, ...(item ? { item } : {}) }, ctx);
}

/**
 * The question's filters that are not search words, applied to a list of entries (`chosen`:
 * the pool was chosen by kind and access already, so those are not checked again entry by entry).
 */
function applyFilters(entries: readonly Entry[], q: Question, now: number, chosen = false): readonly Entry[] {
  const f = chosen ? { ...q.filters, kinds: undefined, access: undefined } : q.filters;
  const due = (e: Entry) => (e.deadline ? Date.parse(e.deadline.at) : undefined);
  // One check per filter the question sets.
  const checks: Array<(e: Entry) => boolean> = [];
  if (f.kinds?.length) checks.push((e) => f.kinds!.includes(e.kind));
  if (f.access) checks.push((e) => e.access === f.access);
  if (f.hasCode) checks.push((e) => codeLinks(e).length > 0);
  if (f.region) checks.push((e) => heldIn(e, f.region!));
  if (f.venue) checks.push((e) => `${e.venue ?? ''} ${e.title}`.toLowerCase().includes(f.venue!.toLowerCase()));
  if (f.year) checks.push((e) => e.year === f.year || `${e.venue ?? ''} ${e.title}`.includes(String(f.year)));
  if (f.status === 'open' || f.status === 'upcoming') checks.push((e) => (due(e) ?? -Infinity) > now);
  if (f.status === 'closed') checks.push((e) => (due(e) ?? Infinity) <= now);
  const held = (e: Entry) => e.milestones.find((m) => m.type === 'conference');
  if (f.window && f.held) {
    // The conference days overlap the window (closed calls too: the question is when it is held).
    const from = Date.parse(f.window.from);
    const to = Date.parse(f.window.to);
    checks.push((e) => {
      const m = held(e);
      return m !== undefined && Date.parse(m.at) <= to && Date.parse(m.end ?? m.at) >= from;
    });
    return entries.filter((e) => checks.every((check) => check(e))).sort((a, b) => Date.parse(held(a)!.at) - Date.parse(held(b)!.at));
  }
  if (f.window) {
    const from = Date.parse(f.window.from);
    const to = Date.parse(f.window.to);
    // A window that holds the present starts now unless closed ones were asked for ("这周要截止的").
    const start = from < now && now < to && f.status !== 'closed' ? now : from;
    checks.push((e) => {
      const at = due(e);
      return at !== undefined && at >= start && at <= to;
    });
  }
  if (aboutDeadlines(q)) {
    // Deadline lists are always soonest first, and only entries with a deadline.
    return entries.filter((e) => e.deadline && checks.every((check) => check(e))).sort((a, b) => due(a)! - due(b)!);
  }
  // Nothing to filter: the list as it is (a search's entries are then read only where a reply shows them).
  return checks.length === 0 ? entries : entries.filter((e) => checks.every((check) => check(e)));
}

/**
 * The entries about the question's topic: about any of its alternatives ("ECG or EEG": each
 * one's results in turn, best first, each entry once).
 */
function topicSearch(q: Question, kinds: readonly Kind[] | undefined, ctx: CommandContext): readonly Entry[] {
  const { anyOf } = q.filters;
  if (anyOf && anyOf.length > 1) {
    const lists = anyOf.map((t) => ctx.core.search(t, kinds));
    const seen = new Set<string>();
    const merged: Entry[] = [];
    for (let rank = 0; lists.some((l) => rank < l.length); rank++) {
      for (const list of lists) {
        const e = list[rank];
        if (e && !seen.has(e.id)) {
          seen.add(e.id);
          merged.push(e);
        }
      }
    }
    return merged;
  }
  return ctx.core.search(q.topic, kinds);
}

/** "ECG or EEG" is two topics, but a title with an "or" in it, typed whole, is one. */
function oneTopicWhenNamed(q: Question, ctx: CommandContext): Question {
  if (!q.filters.anyOf || !(ctx.core.names(q.text) || ctx.core.names(q.topic))) return q;
  const { anyOf: _, ...filters } = q.filters;
  return { ...q, filters };
}

/** The entries less those about the topic the question leaves out ("… but not benchmarks", 除了心电以外). */
function leaveOut(entries: readonly Entry[], q: Question, kinds: readonly Kind[] | undefined, ctx: CommandContext): readonly Entry[] {
  if (!q.filters.exclude) return entries;
  const left = new Set(ctx.core.search(q.filters.exclude, kinds).map((e) => e.id));
  return entries.filter((e) => !left.has(e.id));
}

/** Papers that publish a dataset or benchmark: shown, labelled, when a dataset question finds few datasets. */
const PUBLISHES_DATA = /数据集|基准|语料|benchmark|dataset|corpus|bench\b|suite/i;
const FEW_DATASETS = 3;

/**
 * "决赛什么时候" / "when is the camera-ready" with no item named: the entries that have such a
 * milestone, by that milestone (one entry → its fact; several → each one's date, soonest first).
 */
function milestoneAcrossCatalog(q: Question, ctx: CommandContext): Reply {
  const wanted = q.milestone!;
  const kinds = q.filters.kinds?.length ? q.filters.kinds : undefined;
  const matches = (m: Entry['milestones'][number]) => m.type === wanted.type && (!wanted.label || m.label === wanted.label);
  const having = ctx.core.timeline.dated
    .filter((e) => (!kinds || kinds.includes(e.kind)) && (!q.filters.region || heldIn(e, q.filters.region)))
    .map((e) => ({ e, at: Math.min(...e.milestones.filter(matches).map((m) => Date.parse(m.at))) }))
    .filter((x) => Number.isFinite(x.at))
    .sort((a, b) => a.at - b.at);
  if (having.length === 1) return factReply(q, having[0]!.e, ctx);
  const M = messages(ctx.lang);
  if (having.length === 0) {
    // "哪些比赛还能报名" when no competition lists a registration date: say so, then what is still open.
    const open: Question = { ...q, shape: 'list', filters: { ...q.filters, status: 'open' } };
    delete open.fact;
    delete open.milestone;
    const reply = answerQuestion(open, q.intent, ctx);
    const what = describe({ ...q, filters: kinds ? { kinds } : {} }, ctx.lang);
    return { ...reply, text: [M.noMilestoneAcross(what, milestoneLabel(wanted.type, wanted.label ?? '', ctx.lang)), ...reply.text] };
  }
  const lines = having.map(({ e }) => {
    const m = e.milestones.find(matches)!;
    return `${e.title} · ${M.milestoneFact(milestoneLabel(m.type, m.label, ctx.lang), `${timeIn(m, ctx.lang, shownZone(q.zone, ctx))}${placeNote(m, ctx.lang)}`)}`;
  });
  const items = having.slice(0, 5).map(({ e }) => toItem(e, { ...itemBase(ctx), milestones: true, ...(q.zone ? { zone: q.zone } : {}) }));
  return { intent: q.intent, lang: ctx.lang, text: lines, items };
}

/** Answer a parsed question: a fact about one entry, or a list (filtered, counted, paged). */
export function answerQuestion(asked: Question, command: string, ctx: CommandContext): Reply {
  const q = oneTopicWhenNamed(asked, ctx);
  const M = messages(ctx.lang);
  const now = ctx.now.toMillis();
  const zoneItem = q.zone ? { zone: q.zone } : {};
  const pagingArgs: Record<string, string | undefined> = { query: q.text || undefined };
  if (q.fact === 'milestone' && !q.topic && q.milestone) return milestoneAcrossCatalog(q, ctx);
  const compared = compareReply(q, ctx);
  if (compared) return compared;
  if (q.fact) {
    const detail = q.fact === 'scale' || q.fact === 'modality';
    let found = ctx.core.search(q.topic, q.fact === 'access' || detail ? ['dataset'] : undefined);
    // "how big is X" of an entry that is no dataset: its own answer says the catalog gives none.
    if (found.length === 0 && detail) found = ctx.core.search(q.topic);
    if (q.fact === 'access' && found.length === 0) {
      // "NLPCC 还开放吗", "is REG 2026 open?": open asked of a call or a competition is its status.
      const dated = ctx.core.search(q.topic).find((e) => e.kind === 'cfp' || e.kind === 'competition');
      if (dated) return factReply({ ...q, fact: 'status', asked: q.asked === 'apply' ? 'closed' : 'open', filters: {} }, dated, ctx);
    }
    const pick =
      q.fact === 'milestone' || q.fact === 'status'
        ? (found.find((e) => e.milestones.length > 0) ?? found[0])
        : q.fact === 'venue'
          ? (found.find((e) => venueOf(e)) ?? found[0])
          : found[0];
    if (!pick) return nothingFound(q, ctx);
    return factReply(q, pick, ctx);
  }
  const kinds = q.filters.kinds?.length ? q.filters.kinds : undefined;
  let pool: readonly Entry[];
  // With no topic, the pool is every entry of the kinds and access asked, read from the index's arrays.
  const chosen = !q.topic && !aboutDeadlines(q);
  if (q.topic) {
    pool = topicSearch(q, kinds, ctx);
    if (pool.length === 0 && !kinds?.includes('dataset')) return nothingFound(q, ctx);
  } else {
    pool = chosen ? ctx.core.ofKinds(kinds, q.filters.access) : ctx.core.timeline.open(Number.NEGATIVE_INFINITY);
  }
  pool = leaveOut(pool, q, kinds, ctx);
  let entries = applyFilters(pool, q, now, chosen);
  if (entries.length === 0 && q.filters.venue && !q.topic) {
    // "the MICCAI challenge": no entry has MICCAI as its venue or in its title, but one may say
    // so in its description ("MICCAI 2026 challenge for …"): the venue is then searched as a topic.
    const { venue, ...rest } = q.filters;
    entries = applyFilters(ctx.core.search(venue, kinds), { ...q, filters: rest }, now);
  }
  const what = describe(q, ctx.lang);
  if (q.shape === 'next') {
    const open = entries.filter((e) => Date.parse(e.deadline!.at) > now);
    if (open[0]) {
      return { intent: q.intent, lang: ctx.lang, text: [M.nextDeadline], items: [toItem(open[0], { ...itemBase(ctx), ...zoneItem })] };
    }
    // None still open: say so (not "none in the catalog"), with the one that closed last.
    const closed = entries.filter((e) => e.deadline).sort((a, b) => Date.parse(b.deadline!.at) - Date.parse(a.deadline!.at))[0];
    if (closed) {
      const when = timeIn(closed.deadline!, ctx.lang, shownZone(q.zone, ctx));
      return { intent: q.intent, lang: ctx.lang, text: [M.noneOpenOf(what), M.lastClosed(closed.title, when)], items: [toItem(closed, { ...itemBase(ctx), ...zoneItem })] };
    }
    entries = [];
  }
  if (entries.length === 0 && q.topic && (q.filters.access || q.filters.hasCode)) {
    // "open datasets about chest x-ray" when the only one needs an application: say so, then show it.
    // The pool is the topic's entries of the kinds asked (the search was made for them), before the condition.
    if (pool.length > 0) {
      const reply = listReply(
        {
          intent: q.intent,
          command,
          query: q.topic,
          entries: pool,
          args: pagingArgs,
          item: { ...zoneItem, access: true },
          heading: M.withoutCondition(describe({ ...q, filters: kinds ? { kinds } : {} }, ctx.lang), pool.length),
        },
        ctx,
      );
      reply.text.unshift(M.nothingAboutKinds(q.topic, describe({ ...q, topic: '' }, ctx.lang)));
      return reply;
    }
  }
  const extra: string[] = [];
  if (q.intent === 'dataset' && q.topic && entries.length < FEW_DATASETS && (!kinds || kinds.includes('dataset'))) {
    const papers = ctx.core.search(q.topic, ['paper']).filter((e) => PUBLISHES_DATA.test(`${e.title} ${e.descriptions[0] ?? ''}`));
    if (papers.length) {
      extra.push(M.datasetPapers);
      entries = [...entries, ...papers.slice(0, FEW_DATASETS)];
    }
  }
  if (q.limit !== undefined) entries = entries.slice(0, q.limit);
  if (entries.length === 0 && q.topic && pool.length === 0) return nothingFound(q, ctx);
  if (entries.length === 0) return emptyList(q, what, ctx);
  // A plain topic search keeps its usual heading ("5 results for …", 500+ when capped).
  // A list of a kind with no topic ("有什么课程"), or of several kinds (肺结节相关的比赛和数据集, a
  // search), is named by its kinds, not by the words typed.
  const heading = asksMore(q) || (q.filters.kinds && (!['paper', 'dataset'].includes(command) || !q.topic)) ? M.heading(what, entries.length) : undefined;
  const reply = listReply(
    {
      intent: q.intent,
      command,
      // A plain search quotes what was typed ("<script>" stays text), a routed one its topic.
      query: !asksMore(q) && (!ctx.question || q.intent === 'search') ? q.text : q.topic,
      entries,
      args: { ...pagingArgs, ...(q.zone ? { zone: q.zone.label } : {}) },
      item: {
        ...zoneItem,
        ...(q.intent === 'dataset' || q.filters.access ? { access: true } : {}),
        ...((q.intent === 'deadline' && q.topic) || q.filters.held ? { milestones: true } : {}),
      },
      ...(heading ? { heading } : {}),
    },
    ctx,
  );
  if (q.shape === 'count') reply.text.unshift(M.countAnswer(entries.length));
  if (q.zone) reply.text.push(M.zoneShown(q.zone));
  if (extra.length) {
    // No dataset at all: say so first, then the papers that publish one.
    if (!entries.some((e) => e.kind === 'dataset')) reply.text = [M.nothingAboutKinds(q.topic, describe({ ...q, topic: '' }, ctx.lang)), ...extra];
    // Datasets first, then the papers: the line naming the papers comes after the list.
    else reply.footer = [M.datasetPapersAfter, ...(reply.footer ?? [])];
  }
  return reply;
}

/** "Nothing in the catalog about …", then at most three strongly related entries, labelled. */
export function nothingFound(q: Question, ctx: CommandContext): Reply {
  const M = messages(ctx.lang);
  if (!q.topic.trim()) return { intent: q.intent, lang: ctx.lang, text: [M.emptyWindow(describe(q, ctx.lang))], items: [] };
  const kinds = q.filters.kinds?.length ? q.filters.kinds : undefined;
  let related = ctx.core.related(q.topic, kinds).slice(0, 3);
  // Nothing of the kinds asked: entries of other kinds that match the topic are the strongest relation.
  // Strong means the whole topic is in the entry's title, name or tags, not a shared word.
  if (related.length === 0 && kinds) {
    const topic = q.topic.toLowerCase();
    related = ctx.core
      .search(q.topic)
      .filter((e) => [e.title, e.acronym ?? '', ...e.tags].some((t) => t.toLowerCase().includes(topic)))
      .slice(0, 3);
  }
  const line = kinds ? M.nothingAboutKinds(q.topic, describe({ ...q, topic: '', filters: { kinds } }, ctx.lang)) : M.nothingAbout(q.topic);
  return {
    intent: q.intent,
    lang: ctx.lang,
    text: [line, ...(related.length ? [M.relatedHeading] : [])],
    items: related.map((e) => toItem(e, itemBase(ctx))),
  };
}

/** An empty list says what was asked and, for a time window, the first deadline after it. */
function emptyList(q: Question, what: string, ctx: CommandContext): Reply {
  const M = messages(ctx.lang);
  const text = [M.emptyWindow(what)];
  if (q.filters.window) {
    const after = applyFilters(
      ctx.core.timeline.open(Date.parse(q.filters.window.to)),
      { ...q, filters: { ...q.filters, window: undefined, status: undefined } } as Question,
      ctx.now.toMillis(),
    );
    const first = after[0];
    text.push(first ? M.firstAfter(first.title, timeIn(first.deadline!, ctx.lang, shownZone(q.zone, ctx))) : M.noLater);
  }
  return { intent: q.intent, lang: ctx.lang, text, items: [] };
}

/** The question a command answers: read from free text by the core, or from the command's options. */
export function questionFor(command: string, args: Record<string, string | undefined>, ctx: CommandContext): Question {
  return ctx.question ?? parseQuestion(args.query ?? '', { now: ctx.now, lang: ctx.lang, zone: args.zone, command });
}

/** The filters that ask more of a list than its topic and kinds. */
const ASKING_FILTERS = ['access', 'status', 'window', 'venue', 'region', 'year', 'hasCode', 'tag', 'anyOf', 'exclude'] as const;

/** Whether a question asks for more than a topic search (a filter, a shape, a fact, a comparison or a zone). */
export function asksMore(q: Question): boolean {
  const f = q.filters;
  return Boolean(q.fact || q.compare || q.zone || q.limit || q.shape !== 'list') || ASKING_FILTERS.some((name) => Boolean(f[name]));
}
