/**
 * One raw record → a draft entry: header fields, the resolved title and tag, links
 * and every dated statement of the header and description. Drafts with the same
 * title are merged afterwards (merge.ts).
 */
import type { HeaderFields } from './header.js';
import { findLinks } from './links.js';
import type { RawRecord } from './records.js';
import type { Milestone } from './schema.js';
import { readMilestones } from '../time/milestones.js';
import { BEIJING, type SourceZone } from '../time/zones.js';

export interface Draft {
  record: RawRecord;
  source: string;
  fields: HeaderFields;
  title: string;
  tags: string[];
  links: string[];
  /** The header's own deadline (from "截止 北京时间 …"). */
  headerDeadline?: Milestone;
  /** Dated statements read from the description and the header's status field. */
  stated: Milestone[];
  /** Dated statements left out because they sit inside a quotation. */
  quoted: string[];
  /** Deadlines a paper or dataset states outside a deadline sentence, left out. */
  unbound: string[];
}

/**
 * A paper or dataset has a deadline only in a deadline sentence: "deadline", "due",
 * "closes", 截止, 截稿 bound to the date. "until 2023-12-31" in a paper or dataset is
 * a period of data, not a date to act on.
 */
const DEADLINE_SENTENCE = /(?<![\w-])(?:deadlines?|due|closes?|closing|apply by)(?![\w]|-\w)|截止|截稿/i;

export function makeDraft(record: RawRecord, fields: HeaderFields, title: string, tag: string): Draft {
  const description = record.description ?? '';
  const zone: SourceZone = fields.deadline ? { zone: fields.deadline.zone, label: fields.deadline.zoneLabel } : BEIJING;
  const year = fields.deadline ? Number(fields.deadline.at.slice(0, 4)) : fields.year;
  let quoted: string[] = [];
  let options = { year, fallbackZone: zone, quoted };
  let described = readMilestones(description, { ...options, from: 'description' });
  // A date the description gives no zone is in the zone it states for its deadline ("due
  // 2027-03-05 AoE; notification 2027-06-15": AoE too), not the header's.
  const own = described.find((m) => m.type === 'deadline' && !m.zoneAssumed);
  if (own && own.zone !== zone.zone && described.some((m) => m.zoneAssumed)) {
    quoted = [];
    options = { year, fallbackZone: { zone: own.zone, label: own.zoneLabel }, quoted };
    described = readMilestones(description, { ...options, from: 'description' });
  }
  const read = [...described, ...(fields.statusText ? readMilestones(fields.statusText, { ...options, fallbackZone: zone, from: 'header' }) : [])];
  const strict = fields.kind === 'paper' || fields.kind === 'dataset';
  const unbound: string[] = [];
  const stated = read.filter((m) => {
    if (!strict || m.type !== 'deadline' || DEADLINE_SENTENCE.test(m.wording)) return true;
    unbound.push(m.wording);
    return false;
  });
  return {
    record,
    source: `${record.file}:${record.line}`,
    fields,
    title,
    tags: [...(tag ? [tag] : []), ...fields.tags],
    links: findLinks(description),
    ...(fields.deadline ? { headerDeadline: fields.deadline } : {}),
    stated,
    quoted,
    unbound,
  };
}
