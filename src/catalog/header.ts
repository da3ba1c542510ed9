/**
 * Reading one header line by kind. Papers keep their "tag + title" remainder
 * unresolved: where the tag ends is decided across the whole catalog (titles.ts).
 */
import type { Access, Kind, Milestone, Problem } from './schema.js';
import { kindPrefix, unprefixedKind } from './kinds.js';
import { splitRunTogether } from './fields.js';
import { toMilestone } from '../time/milestones.js';
import { findDateMentions } from '../time/mentions.js';
import { BEIJING, parseZone, ZONE_PATTERN } from '../time/zones.js';

export interface HeaderFields {
  kind: Kind;
  /** Set for every kind but papers, whose title is resolved later. */
  title?: string;
  /** Papers: "tag title" still run together. */
  tagAndTitle?: string;
  tags: string[];
  venue?: string;
  year?: number;
  access?: Access;
  accessLabel?: string;
  details: Record<string, string>;
  deadline?: Milestone;
  /** Other dated statements the header carries (e.g. a data release in a status field). */
  statusText?: string;
}

const DEADLINE = new RegExp(`截止\\s*(${ZONE_PATTERN})?\\s*(\\d{4}-\\d{1,2}-\\d{1,2})(?:\\s+(\\d{1,2}:\\d{2}))?`);

export function readHeader(header: string, where: { file: string; line: number }, problems: Problem[]): HeaderFields {
  const prefix = kindPrefix(header);
  const body = prefix ? header.slice(prefix.prefix.length).trim() : header;
  const warn = (reason: string, fix?: string) => problems.push({ severity: 'warning', ...where, reason, text: header, ...(fix ? { fix } : {}) });
  switch (prefix?.kind) {
    case 'paper':
      return readPaper(body, warn);
    case 'dataset':
      return readDataset(body, warn);
    case 'competition':
      return readDated('competition', body, warn);
    case 'cfp':
      return readDated('cfp', body, warn);
    default: {
      const kind = unprefixedKind(header);
      if (kind === 'other')
        warn('header has no known kind prefix; kept as kind "other"', 'start the line with 论文, 数据资源, 技术竞赛 or 征稿与合作, or name it a course (课程/MOOC)');
      const provider = /^(.{2,40}?)[::]/.exec(header)?.[1];
      return { kind, title: header, tags: [], details: provider ? { provider: provider.trim() } : {} };
    }
  }
}

function readPaper(body: string, warn: (r: string, fix?: string) => void): HeaderFields {
  const m = /^(.+?)(\d{4})\s*年\s*(.*)$/.exec(body);
  if (!m) {
    warn('paper header has no "<year> 年" field; venue and tag unknown', 'write the venue, then "<year> 年", then the tag and title');
    return { kind: 'paper', tagAndTitle: body, tags: [], details: {} };
  }
  return {
    kind: 'paper',
    venue: m[1]!.trim(),
    year: Number(m[2]),
    tagAndTitle: m[3]!.trim(),
    tags: [],
    details: {},
  };
}

const ACCESS = /^(.*?)(开放访问|申请访问|受限访问|付费访问|商业授权|[\p{Script=Han}]{2}访问)\s*(.+)$/u;

function readDataset(body: string, warn: (r: string, fix?: string) => void): HeaderFields {
  const m = ACCESS.exec(body);
  if (!m) {
    warn('dataset header has no access field (开放访问/申请访问); access unknown', 'put 开放访问 or 申请访问 before the title');
    return { kind: 'dataset', title: body, tags: [], details: {} };
  }
  const label = m[2]!;
  const access = label === '开放访问' ? 'open' : label === '申请访问' ? 'apply' : 'other';
  const [modality, resourceType, scale] = splitFields(m[1]!, 3);
  return {
    kind: 'dataset',
    title: m[3]!.trim(),
    tags: [],
    access,
    accessLabel: label,
    details: compact({ modality, resourceType, scale, header: m[1]!.trim() }),
  };
}

function readDated(kind: 'competition' | 'cfp', body: string, warn: (r: string, fix?: string) => void): HeaderFields {
  const m = DEADLINE.exec(body);
  if (!m) {
    warn(`${kind} header has no "截止 <zone> <date>" deadline`, 'add "截止 北京时间 YYYY-MM-DD" before the title');
    return { kind, title: body, tags: [], details: {} };
  }
  const before = body.slice(0, m.index).trim();
  let after = body.slice(m.index + m[0].length).trim();
  const zone = (m[1] && parseZone(m[1])) || BEIJING;
  const mention = findDateMentions(`${m[2]}${m[3] ? ` ${m[3]}` : ''}`)[0];
  const deadline = mention
    ? toMilestone({ ...mention, zoneLabel: m[1] }, 'deadline', '截止', m[0], {
        fallbackZone: zone,
        from: 'header',
      })
    : undefined;
  if (!deadline) warn(`deadline date "${m[2]}" is not a valid date`, 'correct the date (YYYY-MM-DD, a day that exists)');
  const fields: HeaderFields = { kind, tags: [], details: {}, ...(deadline ? { deadline } : {}) };
  if (kind === 'cfp') {
    const type = /^(期刊专刊|会议征稿|研讨会征稿|[\p{Script=Han}A-Za-z]{2,8}?)\s+(.+)$/u.exec(after);
    if (type) {
      fields.details.cfpType = type[1]!;
      after = type[2]!;
    }
    fields.venue = before || undefined;
  } else {
    const [status, topic, data] = splitFields(before, 3);
    fields.details = compact({ status, topic, data, header: before });
    fields.statusText = status;
    if (topic) fields.tags = [topic];
  }
  fields.title = after;
  if (!after) warn(`${kind} header has no title after the deadline`, 'write the title after the deadline');
  return fields;
}

function splitFields(text: string, count: number): Array<string | undefined> {
  const parts = splitRunTogether(text, count);
  return parts.length === count ? parts : [undefined, undefined, undefined];
}

function compact(record: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).filter((e): e is [string, string] => Boolean(e[1])));
}
