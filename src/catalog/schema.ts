/**
 * The normalized catalog entry, validated with zod. Everything downstream (search,
 * replies, announcements, the `catalog --json` output) reads this shape only.
 */
import { z } from 'zod';

export const KINDS = ['paper', 'dataset', 'competition', 'cfp', 'course', 'other'] as const;
export type Kind = (typeof KINDS)[number];

export const MILESTONE_TYPES = ['deadline', 'abstract', 'registration', 'rebuttal', 'notification', 'camera-ready', 'data-release', 'phase', 'conference'] as const;
export type MilestoneType = (typeof MILESTONE_TYPES)[number];

const isoWithOffset = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?([+-]\d{2}:\d{2}|Z)$/, 'ISO-8601 with offset');

export const milestoneSchema = z.object({
  type: z.enum(MILESTONE_TYPES),
  /** The label as the source wrote it ("初赛", "camera-ready", "papers due"). */
  label: z.string(),
  /** The instant (or the start of a date range), ISO-8601 with the source zone's offset. */
  at: isoWithOffset,
  /** End of a range (conference dates, competition phases). */
  end: isoWithOffset.optional(),
  /** True when only dates were given for a range or event (shown as dates, not times). */
  allDay: z.boolean(),
  /** luxon zone of the source ("UTC-12", "Asia/Shanghai"). */
  zone: z.string(),
  /** How the source wrote the zone ("AoE", "UTC-12", "北京时间"). */
  zoneLabel: z.string(),
  /** No zone was stated next to this date; the entry's deadline zone was used. */
  zoneAssumed: z.boolean(),
  /** No time of day was stated; 23:59:59 was used for a deadline-like date. */
  timeAssumed: z.boolean(),
  /** No year was written ("6.17 初赛"); the entry's year was used. */
  yearAssumed: z.boolean().optional(),
  /** The original wording, quoted in replies. */
  wording: z.string(),
  place: z.string().optional(),
  /** All-day dates that are the local days of this place, as the source wrote it ("Budapest"); `zone` is its zone. */
  localTo: z.string().optional(),
  /** Where the statement was read: the header line or a description. */
  from: z.enum(['header', 'description']),
});
export type Milestone = z.infer<typeof milestoneSchema>;

export const entrySchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  kind: z.enum(KINDS),
  title: z.string().min(1),
  /** The short name users type ("Doctor-R1", "MIMIC-IV-Note"), when the title has one. */
  acronym: z.string().optional(),
  tags: z.array(z.string().min(1)),
  venue: z.string().optional(),
  year: z.number().int().min(1900).max(2200).optional(),
  access: z.enum(['open', 'apply', 'other']).optional(),
  /** The access wording from the seed ("开放访问", "申请访问"). */
  accessLabel: z.string().optional(),
  /** Header fields that are not common to every kind (modality, scale, status …). */
  details: z.record(z.string(), z.string()),
  deadline: milestoneSchema.optional(),
  milestones: z.array(milestoneSchema),
  links: z.array(z.string().url()),
  /** The descriptions this entry's answers use (summary, search, links, dates). */
  descriptions: z.array(z.string()),
  /**
   * Descriptions a copy of this item carries that belong to another item: kept for the
   * maintainer (catalog export, lint), never used in answers.
   */
  setAside: z.array(z.object({ text: z.string(), sources: z.array(z.string()), reason: z.string() })).optional(),
  sources: z.array(z.string().regex(/^.+:\d+$/)),
});
export type Entry = z.infer<typeof entrySchema>;

export const PROBLEM_SEVERITIES = ['error', 'warning'] as const;
export interface Problem {
  severity: (typeof PROBLEM_SEVERITIES)[number];
  file: string;
  line: number;
  reason: string;
  /** The raw text the problem is about (kept so nothing is lost silently). */
  text?: string;
  /** The words the problem is about, quoted from the seed. */
  words?: string;
  /** What the maintainer should change. */
  fix?: string;
}
