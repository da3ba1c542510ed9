/**
 * The JSON shapes of the CLI contract: the reply object (`ask --json`, `--jsonl`) and the
 * catalog export (`catalog --json`). Both build their items with `itemJson`, so an item has
 * the same fields with the same types in both (`deadline` an ISO-8601 string with offset);
 * the export adds what a maintainer needs (milestones with what was assumed, every
 * description — those set aside flagged —, sources, lint).
 */
import type { Entry, Milestone, Problem } from '../../src/catalog/schema.js';
import { readStatus, type StatusNote } from '../../src/catalog/status.js';
import type { Reply } from '../../src/bot/reply.js';
import { renderText } from './render.js';

export interface ItemJson {
  id: string;
  kind: string;
  title: string;
  tags: string[];
  access?: string;
  /** ISO-8601 with the source zone's offset. */
  deadline?: string;
  milestones?: Milestone[];
  links?: string[];
}

export interface ReplyJson {
  intent: string;
  lang: string;
  items: ItemJson[];
  paging?: { page: number; pages: number; total: number };
  text: string;
}

type ItemFacts = { id: string; kind: string; title: string; tags: string[]; access?: string; deadline?: string; milestones?: Milestone[]; links?: string[] };

function itemJson(i: ItemFacts): ItemJson {
  return {
    id: i.id,
    kind: i.kind,
    title: i.title,
    tags: i.tags,
    ...(i.access ? { access: i.access } : {}),
    ...(i.deadline ? { deadline: i.deadline } : {}),
    ...(i.milestones ? { milestones: i.milestones } : {}),
    ...(i.links ? { links: i.links } : {}),
  };
}

export function replyJson(reply: Reply): ReplyJson {
  return {
    intent: reply.intent,
    lang: reply.lang,
    items: reply.items.map(itemJson),
    ...(reply.paging ? { paging: { page: reply.paging.page, pages: reply.paging.pages, total: reply.paging.total } } : {}),
    text: renderText(reply),
  };
}

export interface MilestoneJson extends Milestone {
  /** What the source did not say and was filled in ("zone", "time", "year"), in words. */
  assumed: string[];
}

export interface DescriptionJson {
  text: string;
  /** False for a description that belongs to another item: it gives this entry nothing. */
  used: boolean;
  sources?: string[];
  reason?: string;
}

export interface LintJson {
  severity: Problem['severity'];
  source: string;
  reason: string;
  words?: string;
  fix?: string;
}

export interface CatalogItemJson extends Omit<ItemJson, 'milestones'> {
  milestones: MilestoneJson[];
  links: string[];
  acronym?: string;
  venue?: string;
  year?: number;
  accessLabel?: string;
  details: Record<string, string>;
  status?: StatusNote;
  descriptions: DescriptionJson[];
  sources: string[];
  lint: LintJson[];
}

function assumedOf(m: Milestone): string[] {
  const out: string[] = [];
  if (m.zoneAssumed) out.push(`zone: ${m.zoneLabel} (${m.zone}); no zone written next to the date`);
  if (m.timeAssumed) out.push('time: 23:59:59; no time written');
  if (m.yearAssumed) out.push(`year: ${m.at.slice(0, 4)}; no year written`);
  return out;
}

/** One entry of `catalog --json`; `problems` are the catalog's, matched to the entry by its sources. */
export function catalogItemJson(entry: Entry, problems: readonly Problem[]): CatalogItemJson {
  const sources = new Set(entry.sources);
  const base = itemJson({
    id: entry.id,
    kind: entry.kind,
    title: entry.title,
    tags: entry.tags,
    ...(entry.access ? { access: entry.access } : {}),
    ...(entry.deadline ? { deadline: entry.deadline.at } : {}),
  });
  return {
    ...base,
    milestones: entry.milestones.map((m) => ({ ...m, assumed: assumedOf(m) })),
    links: entry.links,
    ...(entry.acronym ? { acronym: entry.acronym } : {}),
    ...(entry.venue ? { venue: entry.venue } : {}),
    ...(entry.year ? { year: entry.year } : {}),
    ...(entry.accessLabel ? { accessLabel: entry.accessLabel } : {}),
    details: entry.details,
    ...(entry.details.status ? { status: readStatus(entry.details.status) } : {}),
    descriptions: [
      ...entry.descriptions.map((text) => ({ text, used: true })),
      ...(entry.setAside ?? []).map((a) => ({ text: a.text, used: false, sources: a.sources, reason: a.reason })),
    ],
    sources: entry.sources,
    lint: problems
      .filter((p) => sources.has(`${p.file}:${p.line}`))
      .map((p) => ({
        severity: p.severity,
        source: `${p.file}:${p.line}`,
        reason: p.reason,
        ...(p.words ? { words: p.words } : {}),
        ...(p.fix ? { fix: p.fix } : {}),
      })),
  };
}
