/**
 * Merging drafts that share a title (the same item listed in several files): tags are
 * united, each distinct description kept, every source recorded as file:line. The
 * checks that need the whole group (conflicting facts, disagreeing deadlines, a
 * description that belongs elsewhere) run here and report to `problems`.
 */
import { DateTime } from 'luxon';
import { chooseDeadline, disagree, instantMillis, sameMilestone } from './deadline.js';
import type { Draft } from './draft.js';
import { entryId } from './ids.js';
import { cutOffDescription, fitsTitle, foreignDescription, introducedNames, overLongFields, similarity, truncatedLinks } from './lint.js';
import { looksTruncated } from './links.js';
import type { Entry, Milestone, Problem } from './schema.js';
import { hasHan, titleKey } from './text.js';

/**
 * Drafts grouped by title as they are made; `merge` then yields one entry per group, in the
 * order the groups were first seen, letting go of each group's drafts once it is merged (so
 * the drafts and the entries are not all held at once).
 */
export class DraftGroups {
  private readonly groups = new Map<string, Draft[]>();

  add(draft: Draft): void {
    const key = titleKey(draft.title);
    const group = this.groups.get(key);
    if (group) group.push(draft);
    else this.groups.set(key, [draft]);
  }

  *merge(problems: Problem[]): Generator<Entry> {
    const acronyms = new Map<string, string>();
    for (const group of this.groups.values()) {
      const acronym = acronymOf(group[0]!.title);
      if (acronym) acronyms.set(acronym.toLowerCase(), group[0]!.title);
    }
    for (const [key, group] of this.groups) {
      this.groups.delete(key);
      yield mergeGroup(group, problems, acronyms);
    }
  }
}

function mergeGroup(group: Draft[], problems: Problem[], acronyms: Map<string, string>): Entry {
  const first = group[0]!;
  const warn = (d: Draft, reason: string, words?: string, fix?: string) =>
    problems.push({
      severity: 'warning',
      file: d.record.file,
      line: d.record.line,
      reason,
      ...(words ? { words } : {}),
      ...(fix ? { fix } : {}),
    });

  for (const field of ['kind', 'venue', 'year', 'access'] as const) {
    const seen = new Map<string, Draft>();
    for (const d of group) {
      const value = d.fields[field];
      if (value !== undefined) seen.set(String(value), seen.get(String(value)) ?? d);
    }
    if (seen.size > 1) {
      const list = [...seen].map(([v, d]) => `"${v}" (${d.source})`).join(' vs ');
      warn(first, `duplicate entries disagree on ${field}: ${list}`, [...seen.keys()].join(' / '), `make the copies agree on ${field}`);
    }
  }

  for (const d of group) {
    for (const f of overLongFields(d)) {
      warn(d, `${f.field} is ${f.length} characters long (limit ${f.limit})`, `${f.start}…`, `shorten the ${f.field}, or split the line where another field or entry starts`);
    }
  }

  const setAside = foreignDrafts(group, acronyms, warn);
  const own = group.filter((d) => !setAside.has(d));
  const allLinks = group.flatMap((d) => d.links);
  const ownLinks = own.flatMap((d) => d.links);
  for (const d of group) {
    for (const reason of truncatedLinks(d, allLinks)) warn(d, reason, reason.replace(/^.*: /, ''), 'complete the link');
    const cut = cutOffDescription(d);
    if (cut) warn(d, cut, undefined, 'complete the description');
    for (const wording of d.quoted) {
      warn(d, "a date inside a quotation is not read as this item's date", wording, "state the item's own date outside the quotation, if it has one");
    }
    if (d.fields.kind === 'paper' || d.fields.kind === 'dataset') {
      for (const wording of d.unbound) {
        warn(
          d,
          `${d.fields.kind} text names a date with a deadline word outside a deadline sentence; not used as a deadline`,
          wording,
          'write "deadline <date>" or "截止 <date>" if it is this item\'s deadline',
        );
      }
    }
  }

  const descriptions = distinctDescriptions(own);
  if (descriptions.length > 1) {
    for (let i = 1; i < descriptions.length; i++) {
      const a = descriptions[0]!;
      const b = descriptions[i]!;
      if (similarity(a.text, b.text) < 0.2 && !hasHan(a.text) && !hasHan(b.text)) {
        warn(
          b.draft,
          `description differs completely from the one at ${a.draft.source}; one of them may belong to another item`,
          b.text.slice(0, 60),
          'keep only the description of this item',
        );
      }
    }
  }

  const { deadline, milestones } = timeline(own, group, warn);
  if (deadline && (first.fields.kind === 'paper' || first.fields.kind === 'dataset')) {
    const d = group.find((g) => g.stated.includes(deadline) || g.headerDeadline === deadline) ?? first;
    warn(d, `${first.fields.kind} has a deadline`, deadline.wording, `check that "${deadline.wording}" is this ${first.fields.kind}'s own deadline; remove it otherwise`);
  }
  const title = first.title;
  const acronym = acronymOf(title);
  const tags = unique(group.flatMap((d) => d.tags));
  const asideTexts = distinctDescriptions([...setAside.keys()]);
  return {
    id: entryId(title, acronym),
    kind: first.fields.kind,
    title,
    ...(acronym ? { acronym } : {}),
    tags,
    ...pick(group, 'venue'),
    ...pick(group, 'year'),
    ...pick(group, 'access'),
    ...pick(group, 'accessLabel'),
    details: Object.assign({}, ...group.map((d) => d.fields.details).reverse()),
    ...(deadline ? { deadline } : {}),
    milestones,
    links: unique(ownLinks).filter((l) => !looksTruncated(l, ownLinks) || !ownLinks.some((o) => o !== l && o.startsWith(l))),
    descriptions: descriptions.map((d) => d.text),
    ...(asideTexts.length
      ? {
          setAside: asideTexts.map((a) => ({
            text: a.text,
            sources: [...setAside].filter(([d]) => sameText(d, a.text)).map(([d]) => d.source),
            reason: setAside.get(a.draft)!,
          })),
        }
      : {}),
    sources: unique(group.map((d) => d.source)),
  };
}

function sameText(d: Draft, text: string): boolean {
  const t = d.record.description?.trim() ?? '';
  return Boolean(t) && (text.startsWith(t) || t.startsWith(text));
}

/**
 * Copies whose description belongs to another item: one that introduces another
 * entry's system, or, of two unrelated descriptions, the one that fits the title
 * clearly worse. Such a description gives the entry nothing (no link, date, summary);
 * it is kept in `setAside` and reported once, naming every copy that carries it.
 */
function foreignDrafts(group: Draft[], acronyms: Map<string, string>, warn: (d: Draft, reason: string, words?: string, fix?: string) => void): Map<Draft, string> {
  const out = new Map<Draft, string>();
  const title = group[0]!.title;
  for (const d of group) {
    const foreign = d.record.description && foreignDescription(d.title, d.record.description, acronyms);
    if (foreign) out.set(d, foreign);
  }
  const rest = distinctDescriptions(group.filter((d) => !out.has(d)));
  if (rest.length > 1) {
    const scored = rest.map((r) => ({ ...r, fit: fitsTitle(title, r.text) }));
    const best = Math.max(...scored.map((r) => r.fit));
    const keeper = scored.find((r) => r.fit === best)!;
    for (const r of scored) {
      if (r.fit >= best || similarity(r.text, keeper.text) >= 0.2 || hasHan(r.text) || hasHan(keeper.text)) continue;
      const reason = `description fits the title worse than the one at ${keeper.draft.source} and shares almost no words with it: it likely belongs to another item`;
      for (const d of group) if (sameText(d, r.text) && !out.has(d)) out.set(d, reason);
    }
  }
  const reported = new Set<string>();
  for (const [d, reason] of out) {
    const text = d.record.description!.trim();
    const key = text.slice(0, 200);
    if (reported.has(key)) continue;
    reported.add(key);
    const copies = [...out.keys()].filter((o) => o !== d && sameText(o, text)).map((o) => o.source);
    const names = introducedNames(text);
    warn(
      d,
      `${reason}; not used in answers (no links, dates or summary from it)${copies.length ? `; the same description is also at ${copies.join(', ')}` : ''}`,
      names.length ? `We introduce ${names[0]}` : text.slice(0, 60),
      'move this description under the item it describes and give this header its own description',
    );
  }
  return out;
}

function timeline(own: Draft[], group: Draft[], warn: (d: Draft, reason: string, words?: string, fix?: string) => void): { deadline?: Milestone; milestones: Milestone[] } {
  const headerDeadlines = group.flatMap((d) => (d.headerDeadline ? [{ d, m: d.headerDeadline }] : []));
  const statedDeadlines = own.flatMap((d) => d.stated.filter((m) => m.type === 'deadline').map((m) => ({ d, m })));
  const deadline = chooseDeadline([...headerDeadlines, ...statedDeadlines].map((x) => x.m));
  const distinctHeaders = headerDeadlines.filter((x, i) => headerDeadlines.findIndex((o) => !disagree(o.m, x.m)) === i);
  if (distinctHeaders.length > 1) {
    const list = distinctHeaders.map(({ d, m }) => `"${m.wording}" (${d.source})`).join(' vs ');
    warn(
      distinctHeaders[1]!.d,
      `duplicate entries disagree on the deadline: ${list}; using "${deadline!.wording}"`,
      distinctHeaders.map(({ m }) => m.wording).join(' / '),
      'correct the copy with the wrong deadline so all copies state the same one',
    );
  }
  if (deadline) {
    for (const { d, m } of headerDeadlines) {
      if (m !== deadline && disagree(m, deadline) && deadline.from === 'description') {
        const chosen = DateTime.fromISO(deadline.at).setZone('Asia/Shanghai').toFormat('yyyy-MM-dd HH:mm');
        warn(
          d,
          `header deadline "${m.wording}" disagrees with the description's "${deadline.wording}" (= ${chosen} 北京时间); using the description's`,
          m.wording,
          `write the header deadline as 截止 北京时间 ${chosen}, or correct the description`,
        );
      }
    }
  }
  const milestones: Milestone[] = [];
  for (const m of [...group.flatMap((d) => (d.headerDeadline ? [d.headerDeadline] : [])), ...own.flatMap((d) => d.stated)]) {
    if (m.type === 'deadline') continue;
    if (!milestones.some((o) => sameMilestone(o, m))) milestones.push(m);
  }
  if (deadline) milestones.push(deadline);
  if (milestones.length > 1) {
    const at = new Map(milestones.map((m) => [m, instantMillis(m.at)]));
    milestones.sort((a, b) => at.get(a)! - at.get(b)!);
  }
  return { ...(deadline ? { deadline } : {}), milestones };
}

function distinctDescriptions(group: Draft[]): Array<{ text: string; draft: Draft }> {
  const out: Array<{ text: string; draft: Draft }> = [];
  for (const d of group) {
    const text = d.record.description?.trim();
    if (!text) continue;
    const same = out.findIndex((o) => o.text.startsWith(text) || text.startsWith(o.text));
    if (same < 0) out.push({ text, draft: d });
    else if (text.length > out[same]!.text.length) out[same] = { text, draft: out[same]!.draft };
  }
  return out;
}

/**
 * The short name a title leads with, which users type as a query:
 * "Doctor-R1:…" → "Doctor-R1", "MIMIC-CXR v2.1.0 胸部…" → "MIMIC-CXR", "EMNLP 2026 征稿" →
 * "EMNLP 2026". A lone common acronym ("ECG 基础模型基准") is a topic, not a name.
 */
const LEAD_MAX = 200;

export function acronymOf(title: string): string | undefined {
  const colon = /^([^::]{2,40})[::]/.exec(title);
  if (colon && !hasHan(colon[1]!)) return colon[1]!.trim();
  // The Latin words before the first Han character (or the end), checked on a bounded
  // prefix: the old backtracking regex overflowed the stack on a 50 MB title.
  const han = /\p{Script=Han}/u.exec(title.slice(0, LEAD_MAX + 1))?.index ?? title.length;
  if (han > LEAD_MAX) return undefined;
  const lead = /^[A-Za-z][\w./&+-]*(?:\s+[\w./&+-]+)*/.exec(title.slice(0, han).trimEnd())?.[0];
  if (lead !== undefined && lead.length !== title.slice(0, han).trimEnd().length) return undefined;
  if (!lead || lead === title) return undefined;
  const name = lead
    .split(/\s+/)
    .filter((t) => !/^v?\d+(\.\d+)+$/i.test(t))
    .join(' ');
  const named = /\s/.test(name) || /[-\d]/.test(name) || /[a-z][A-Z]|[A-Z][a-z]+[A-Z]/.test(name) || /^[A-Z]{4,}$/.test(name);
  return named ? name : undefined;
}

function unique(values: string[]): string[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const k = v.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function pick<K extends 'venue' | 'year' | 'access' | 'accessLabel'>(group: Draft[], key: K): Partial<Record<K, NonNullable<Draft['fields'][K]>>> {
  const value = group.find((d) => d.fields[key] !== undefined)?.fields[key];
  return value === undefined ? {} : ({ [key]: value } as Partial<Record<K, NonNullable<Draft['fields'][K]>>>);
}
