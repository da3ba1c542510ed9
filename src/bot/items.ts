/** An entry as an item of a reply: its facts plus localized lines ready to show. */
import type { DateTime } from 'luxon';
import type { Entry, Milestone } from '../catalog/schema.js';
import { assumptionNote, countdown, formatInZone, formatMilestoneTime, placeNote, type AskedZone } from '../time/format.js';
import { kindLabel, messages, milestoneLabel } from './messages.js';
import { statusValue } from './status-line.js';
import type { ItemAction, ItemField, Lang, ReplyItem } from './reply.js';

export interface ItemOptions {
  lang: Lang;
  now: DateTime;
  /** Show every milestone, not just the deadline (a /deadline answer about one item). */
  milestones?: boolean;
  /** Show access details and the next step (a /dataset answer). */
  access?: boolean;
  /** A zone the asker named: times are shown in it first, then the source zone and Beijing time. */
  zone?: AskedZone | undefined;
  /** false: no "remind me" button (announcement posts, suggestions, the item just followed). */
  follow?: false;
}

const REMIND_ME: Record<Lang, string> = { zh: '提醒我', en: 'Remind me' };

/** The "remind me" button: runs /follow with the entry's exact id (the engine adds the token). */
function followAction(entry: Entry, lang: Lang): ItemAction {
  return { key: 'follow', label: REMIND_ME[lang], command: 'follow', args: { query: entry.id } };
}

/** Whether a reminder can still come: the deadline or a milestone is not over yet. */
function hasDateAhead(entry: Entry, now: DateTime): boolean {
  const ms = now.toMillis();
  const ends = (m: Milestone) => Date.parse(m.end ?? m.at) + (m.allDay ? 86_399_999 : 0);
  return [...(entry.deadline ? [entry.deadline] : []), ...entry.milestones].some((m) => ends(m) > ms);
}

const SUMMARY_CHARS = 160;

/** Where an entry comes from: its venue, and its year when the venue does not say it ("ICLR 2026 Oral", "Nature Medicine · 2025"). */
export function venueOf(entry: Entry): string {
  return [entry.venue, entry.year && !entry.venue?.includes(String(entry.year)) ? String(entry.year) : undefined].filter(Boolean).join(' · ');
}

export function toItem(entry: Entry, options: ItemOptions): ReplyItem {
  const { lang } = options;
  const L = messages(lang).labels;
  const fields: ItemField[] = [];
  const venue = venueOf(entry);
  if (venue) fields.push({ key: 'venue', label: L.venue, value: venue });
  if (entry.tags.length) fields.push({ key: 'tags', label: L.tags, value: entry.tags.join(', ') });
  if (entry.kind === 'dataset' || options.access) fields.push(...accessFields(entry, lang, Boolean(options.access)));
  const status = entry.kind === 'competition' ? statusValue(entry, options.now, lang) : undefined;
  if (status) fields.push({ key: 'status', label: L.status, value: status });
  if (entry.deadline) fields.push(...milestoneFields(entry.deadline, options));
  if (options.milestones) {
    for (const m of entry.milestones) if (m !== entry.deadline && m.at !== entry.deadline?.at) fields.push(...milestoneFields(m, options));
  }
  if (entry.links.length) fields.push({ key: 'links', label: L.links, value: entry.links.join(' '), facts: { urls: [...entry.links] } });
  const summary = entry.descriptions[0];
  return {
    id: entry.id,
    kind: entry.kind,
    kindLabel: kindLabel(entry.kind, lang),
    title: entry.title,
    tags: entry.tags,
    ...(entry.access ? { access: entry.access } : {}),
    ...(entry.deadline ? { deadline: entry.deadline.at } : {}),
    ...(entry.milestones.length ? { milestones: entry.milestones } : {}),
    ...(entry.links.length ? { links: entry.links } : {}),
    fields,
    ...(summary ? { summary: sourceWording(excerpt(summary, SUMMARY_CHARS), lang) } : {}),
    ...(options.follow !== false && hasDateAhead(entry, options.now) ? { actions: [followAction(entry, lang)] } : {}),
  };
}

function milestoneFields(m: Milestone, { lang, now, zone }: ItemOptions): ItemField[] {
  const L = messages(lang).labels;
  const when = zone ? formatInZone(m, lang, zone) : formatMilestoneTime(m, lang);
  const place = placeNote(m, lang);
  const note = assumptionNote(m, lang);
  const value = `${when}${place} (${countdown(m, now, lang)})`;
  const out: ItemField[] = [
    { key: m.type === 'deadline' ? 'deadline' : 'milestone', label: milestoneLabel(m.type, m.label, lang), value, facts: { at: m.at, ...(m.allDay ? { allDay: true } : {}) } },
  ];
  if (m.type === 'deadline') {
    out.push({ key: 'quote', label: L.quote, value: `“${m.wording}”${note ? `; ${note}` : ''}` });
  }
  return out;
}

function accessFields(entry: Entry, lang: Lang, detailed: boolean): ItemField[] {
  const M = messages(lang);
  const L = M.labels;
  const out: ItemField[] = [];
  const access = entry.access === 'open' ? M.accessOpen : entry.access === 'apply' ? M.accessApply : entry.accessLabel ? M.accessOther(entry.accessLabel) : undefined;
  if (access) out.push({ key: 'access', label: L.access, value: detailed || entry.access !== 'apply' ? access : M.accessApply.split(/[::]/)[0]! });
  if (!detailed) return out;
  const d = entry.details;
  if (d.modality) out.push({ key: 'detail', label: L.modality, value: d.modality });
  if (d.resourceType) out.push({ key: 'detail', label: L.type, value: d.resourceType });
  if (d.scale) out.push({ key: 'detail', label: L.scale, value: d.scale });
  if (!d.modality && d.header) out.push({ key: 'detail', label: L.type, value: d.header });
  const where = /hugging ?face card|official repository|repository|github/i.exec(`${d.scale ?? ''} ${d.header ?? ''}`)?.[0];
  if (entry.links[0]) out.push({ key: 'next-step', label: '→', value: M.nextStepLink(entry.links[0]) });
  else if (where) out.push({ key: 'next-step', label: '→', value: M.nextStepCard(where) });
  return out;
}

function excerpt(text: string, max: number): string {
  const clean = (t: string) =>
    t
      .replace(/\*\*|__/g, '')
      .replace(/\s+/g, ' ')
      .trim();
  // An abstract runs to thousands of characters: clean only a head long enough to fill the
  // excerpt (the whole text when markup and spacing shrink the head below it).
  const head = text.length > max * 1.5 ? clean(text.slice(0, max * 1.5)) : '';
  const shown = head.length > max ? head : clean(text);
  return shown.length <= max ? shown : `${shown.slice(0, max - 1).trimEnd()}…`;
}

/** Text quoted from the source in the other language is marked as the source's wording. */
function sourceWording(text: string, lang: Lang): string {
  const zhText = /\p{Script=Han}/u.test(text);
  if (zhText === (lang === 'zh')) return text;
  return lang === 'zh' ? `原文:${text}` : `Source's wording: ${text}`;
}
