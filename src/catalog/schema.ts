/**
 * The normalized catalog entry, validated with zod. Everything downstream (search,
 * replies, announcements, the `catalog --json` output) reads this shape only.
 *
 * zod (~100 ms to import cold) is loaded only when an entry needs it: validateEntry first
 * applies a hand check that passes only entries the schema passes unchanged (checked against
 * zod in test/unit/entry-check.test.ts), so a start that parses well-formed seeds, or restores
 * a saved index, never imports it; any other entry goes through the schema, for its wording.
 */
import type { z as Zod } from 'zod';
import { lazyZod } from '../lazy-zod.js';

export const KINDS = ['paper', 'dataset', 'competition', 'cfp', 'course', 'other'] as const;
/** How an entry's data is had: free to download, by application, or some other way. */
export const ACCESS = ['open', 'apply', 'other'] as const;
export type Access = (typeof ACCESS)[number];
export type Kind = (typeof KINDS)[number];

export const MILESTONE_TYPES = ['deadline', 'abstract', 'registration', 'rebuttal', 'notification', 'camera-ready', 'data-release', 'phase', 'conference'] as const;
export type MilestoneType = (typeof MILESTONE_TYPES)[number];

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?([+-]\d{2}:\d{2}|Z)$/;
const ID = /^[a-z0-9-]+$/;
const SOURCE = /^.+:\d+$/;

/** The schemas, made with the zod module given (loaded only when an entry needs it, see validateEntry). */
function schemasOf(z: typeof Zod) {
  const isoWithOffset = z.string().regex(ISO_WITH_OFFSET, 'ISO-8601 with offset');

  const milestoneSchema = z.object({
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

  const entrySchema = z.object({
    id: z.string().regex(ID),
    kind: z.enum(KINDS),
    title: z.string().min(1),
    /** The short name users type ("Doctor-R1", "MIMIC-IV-Note"), when the title has one. */
    acronym: z.string().optional(),
    tags: z.array(z.string().min(1)),
    venue: z.string().optional(),
    year: z.number().int().min(1900).max(2200).optional(),
    access: z.enum(ACCESS).optional(),
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
    sources: z.array(z.string().regex(SOURCE)),
  });
  return { milestoneSchema, entrySchema };
}

type Schemas = ReturnType<typeof schemasOf>;
export type Milestone = Zod.infer<Schemas['milestoneSchema']>;
export type Entry = Zod.infer<Schemas['entrySchema']>;

let schemas: Schemas | undefined;

/** The zod schema of an entry (zod is loaded, synchronously, on the first call). */
export function entrySchema(): Schemas['entrySchema'] {
  schemas ??= schemasOf(lazyZod());
  return schemas.entrySchema;
}

export type EntryCheck = { success: true; data: Entry } | { success: false; issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> };

/** An entry as the schema parses it: the hand check's copy, or zod's answer when the hand check cannot tell. */
export function validateEntry(input: unknown): EntryCheck {
  const quick = quickEntry(input);
  if (quick) return { success: true, data: quick };
  const parsed = entrySchema().safeParse(input);
  return parsed.success ? { success: true, data: parsed.data } : { success: false, issues: parsed.error.issues };
}

// ---- the hand check: the schema's rules on plain data, returning what zod would (keys in the
// schema's order, unknown keys dropped, optional keys kept when present), or undefined ----

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
const oneOf =
  <T extends string>(values: readonly T[]) =>
  (v: unknown): v is T =>
    typeof v === 'string' && (values as readonly string[]).includes(v);
const matching =
  (re: RegExp) =>
  (v: unknown): v is string =>
    typeof v === 'string' && re.test(v);
/** A URL zod keeps as it is: parseable, with nothing for it to trim or strip. */
const isPlainUrl = (v: unknown): v is string => typeof v === 'string' && v === v.trim() && !/[\t\n\r]/.test(v) && URL.canParse(v);
const isNonEmpty = (v: unknown): v is string => typeof v === 'string' && v.length >= 1;
const isYear = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1900 && v <= 2200;

/** Each key of a shape: its check, whether it may be absent, and how its value is copied. */
type Field = { check: (v: unknown) => boolean; optional?: true; copy?: (v: unknown) => unknown };
const NO = Symbol('invalid');

function copyShape(shape: Record<string, Field>, input: unknown): Obj | typeof NO {
  if (!isObject(input)) return NO;
  const out: Obj = {};
  for (const [key, field] of Object.entries(shape)) {
    if (!(key in input)) {
      if (field.optional) continue;
      return NO;
    }
    const value = input[key];
    if (value === undefined && field.optional) {
      out[key] = undefined;
      continue;
    }
    if (!field.check(value)) return NO;
    const copied = field.copy ? field.copy(value) : value;
    if (copied === NO) return NO;
    out[key] = copied;
  }
  return out;
}

const arrayOf = (check: (v: unknown) => boolean): Field => ({ check: (v) => Array.isArray(v) && v.every(check), copy: (v) => [...(v as unknown[])] });
const arrayOfShapes = (shape: Record<string, Field>): Field => ({
  check: Array.isArray,
  copy: (v) => {
    const out = (v as unknown[]).map((item) => copyShape(shape, item));
    return out.includes(NO) ? NO : out;
  },
});
const shapeField = (shape: Record<string, Field>, optional?: true): Field => ({ check: isObject, copy: (v) => copyShape(shape, v), ...(optional ? { optional } : {}) });

const MILESTONE: Record<string, Field> = {
  type: { check: oneOf(MILESTONE_TYPES) },
  label: { check: isString },
  at: { check: matching(ISO_WITH_OFFSET) },
  end: { check: matching(ISO_WITH_OFFSET), optional: true },
  allDay: { check: isBoolean },
  zone: { check: isString },
  zoneLabel: { check: isString },
  zoneAssumed: { check: isBoolean },
  timeAssumed: { check: isBoolean },
  yearAssumed: { check: isBoolean, optional: true },
  wording: { check: isString },
  place: { check: isString, optional: true },
  localTo: { check: isString, optional: true },
  from: { check: oneOf(['header', 'description'] as const) },
};

/** A string record zod copies key by key (a plain object, no key that an assignment would treat specially). */
const isStringRecord = (v: unknown): boolean =>
  isObject(v) &&
  Object.getPrototypeOf(v) === Object.prototype &&
  Object.getOwnPropertySymbols(v).length === 0 &&
  Object.getOwnPropertyNames(v).every((k) => k !== '__proto__' && Object.prototype.propertyIsEnumerable.call(v, k) && isString(v[k]));

const ENTRY: Record<string, Field> = {
  id: { check: matching(ID) },
  kind: { check: oneOf(KINDS) },
  title: { check: isNonEmpty },
  acronym: { check: isString, optional: true },
  tags: arrayOf(isNonEmpty),
  venue: { check: isString, optional: true },
  year: { check: isYear, optional: true },
  access: { check: oneOf(ACCESS), optional: true },
  accessLabel: { check: isString, optional: true },
  details: { check: isStringRecord, copy: (v) => ({ ...(v as Obj) }) },
  deadline: shapeField(MILESTONE, true),
  milestones: arrayOfShapes(MILESTONE),
  links: arrayOf(isPlainUrl),
  descriptions: arrayOf(isString),
  setAside: { ...arrayOfShapes({ text: { check: isString }, sources: arrayOf(isString), reason: { check: isString } }), optional: true },
  sources: arrayOf(matching(SOURCE)),
};

/** The entry zod would return for `input`, when the hand check is sure of it; else undefined. */
export function quickEntry(input: unknown): Entry | undefined {
  const out = copyShape(ENTRY, input);
  return out === NO ? undefined : (out as Entry);
}

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
