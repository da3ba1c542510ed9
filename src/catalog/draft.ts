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
}

export function makeDraft(record: RawRecord, fields: HeaderFields, title: string, tag: string): Draft {
  const description = record.description ?? '';
  const zone: SourceZone = fields.deadline
    ? { zone: fields.deadline.zone, label: fields.deadline.zoneLabel }
    : BEIJING;
  const year = fields.deadline ? Number(fields.deadline.at.slice(0, 4)) : fields.year;
  const options = { year, fallbackZone: zone };
  const stated = [
    ...readMilestones(description, { ...options, from: 'description' }),
    ...(fields.statusText ? readMilestones(fields.statusText, { ...options, from: 'header' }) : []),
  ];
  return {
    record,
    source: `${record.file}:${record.line}`,
    fields,
    title,
    tags: [...(tag ? [tag] : []), ...fields.tags],
    links: findLinks(description),
    ...(fields.deadline ? { headerDeadline: fields.deadline } : {}),
    stated,
  };
}
