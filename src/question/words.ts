/**
 * The curated words of curated/question-words.json, compiled once (on first use) into
 * regular expressions: English entries at word boundaries, Chinese entries anywhere,
 * longest first so "不用申请" wins over "申请".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kind, MilestoneType } from '../catalog/schema.js';
import { REGIONS, type Region } from '../time/zones.js';
import { PROJECT_ROOT } from '../paths.js';

const QUESTION_WORDS_FILE = join(PROJECT_ROOT, 'curated', 'question-words.json');

type Bilingual = { zh: string[]; en: string[] };

interface Raw {
  smalltalk: Bilingual;
  help: Bilingual;
  kinds: Record<Exclude<Kind, 'other'>, Bilingual>;
  deadline: Bilingual;
  access: { open: Bilingual; apply: Bilingual; ask: Bilingual };
  accessHow: Bilingual;
  status: { open: Bilingual; closed: Bilingual; upcoming: Bilingual };
  code: Bilingual;
  codeFilter: Bilingual;
  link: Bilingual;
  scale: Bilingual;
  modality: Bilingual;
  venueOf: Bilingual;
  regions: Record<Region, Bilingual>;
  milestones: { entries: Array<{ words: string[]; type: MilestoneType; label?: string }> };
  shapes: { next: Bilingual; count: Bilingual; all: Bilingual; yesnoEnd: Bilingual; yesnoStart: Bilingual; limit: Bilingual };
  time: {
    cues: Bilingual;
    relative: Array<Bilingual & { unit: Unit; offset: number; fromNow?: boolean }>;
    within: Bilingual;
    units: { zh: Record<string, Unit>; en: Record<string, Unit> };
    numbers: Record<string, number>;
    before: Bilingual;
    after: Bilingual;
    zoneLead: Bilingual;
  };
  personal: { follow: Bilingual; zone: Bilingual; language: Bilingual };
  topics: { or: Bilingual; except: Bilingual };
  compare: { which: Bilingual; join: Bilingual; earlier: Bilingual; later: Bilingual };
  venues: string[];
  filler: Bilingual;
}

export type Unit = 'day' | 'week' | 'month' | 'year';

export interface Words {
  smalltalk: RegExp;
  /** "hi, any ECG datasets?": a greeting before a question is not part of it. */
  greetingLead: RegExp;
  help: RegExp;
  kinds: Array<[Kind, RegExp]>;
  deadline: RegExp;
  accessOpen: RegExp;
  accessApply: RegExp;
  /** "用不用申请": asks about applying (read before the open words). */
  accessAsk: RegExp;
  accessHow: RegExp;
  status: Array<['open' | 'closed' | 'upcoming', RegExp]>;
  code: RegExp;
  /** "papers with code", "有代码的论文": code asked of a list's entries, not of one entry. */
  codeFilter: RegExp;
  link: RegExp;
  /** "how big is X", X 有多大: a dataset's scale/version. */
  scale: RegExp;
  /** "what modality is X", X 是什么数据: a dataset's modality. */
  modality: RegExp;
  /** "CounselBench 是哪个会议的", "which conference is X from": an entry's venue and year. */
  venueOf: RegExp;
  /** A continent named ("in Asia", 欧洲的): where a conference is held. */
  regions: Array<[Region, RegExp]>;
  milestones: Array<{ re: RegExp; type: MilestoneType; label?: string }>;
  next: RegExp;
  count: RegExp;
  all: RegExp;
  yesnoEnd: RegExp;
  yesnoStart: RegExp;
  timeCue: RegExp;
  relative: Array<{ re: RegExp; unit: Unit; offset: number; fromNow: boolean; label: { zh: string; en: string } }>;
  within: RegExp[];
  units: Array<[RegExp, Unit]>;
  numbers: Record<string, number>;
  numberPattern: string;
  /** "8月之前" (a word after the date) and "before August" (a word before it). */
  beforeSuffix: RegExp;
  beforePrefix: RegExp;
  afterSuffix: RegExp;
  afterPrefix: RegExp;
  /** "换成伦敦时间", "convert it to Tokyo time": the words asking for a zone, right before it. */
  zoneLead: RegExp;
  /** "remind me about EMNLP", "I'm in Tokyo": what a message asks done for the asker, at its start. */
  followLead: RegExp;
  zoneSetting: RegExp;
  /** "reply in English", 用中文回答: the whole message asks for a reply language. */
  languageSetting: RegExp;
  /** Between two topics: "ECG or EEG". */
  topicOr: RegExp;
  /** "哪个", "which one": one of several named items is asked for (compare.ts). */
  compareWhich: RegExp;
  /** Between the items compared: 和, 还是, "and", "or", "vs". */
  compareJoin: RegExp;
  /** Of the items compared, the one whose deadline comes first (先截止, "closes first") or last. */
  compareEarlier: RegExp;
  compareLater: RegExp;
  /** "give me 3 papers", 推荐三篇, 5个数据集: how many a list asks for (group 1), tried in order. */
  limits: RegExp[];
  /** Before a topic to leave out: "but not benchmarks", 不要基准; what follows is that topic. */
  topicExcept: RegExp;
  venues: RegExp;
  filler: RegExp;
  /** Single Chinese characters of filler: removed only at the edges of a Han run (有创 keeps its 有). */
  fillerChars: Set<string>;
}

const HAN = /\p{Script=Han}/u;

/** One alternation, longest entries first; Latin entries get word boundaries. */
function alternation(entries: readonly string[]): string {
  const sorted = [...new Set(entries)].sort((a, b) => b.length - a.length);
  return sorted.map((e) => (HAN.test(e) ? `(?:${e})` : `(?<![A-Za-z0-9])(?:${e})(?![A-Za-z0-9])`)).join('|');
}

function re(entries: readonly string[], flags = 'gi'): RegExp {
  return new RegExp(alternation(entries), flags);
}

/** One of the entries at the start of a message (after "please", 请, "can you"), followed by a space, a non-letter or the end. */
function leading(entries: readonly string[]): RegExp {
  return new RegExp(`^\\s*(?:please\\s+|pls\\s+|can you\\s+|could you\\s+|请|麻烦)?(?:${alternation(entries)})(?![A-Za-z0-9-])\\s*`, 'i');
}

function both(b: Bilingual): string[] {
  return [...b.zh, ...b.en];
}

let words: Words | undefined;

export function questionWords(): Words {
  if (words) return words;
  const raw = JSON.parse(readFileSync(QUESTION_WORDS_FILE, 'utf8')) as Raw;
  const singles = raw.filler.zh.filter((w) => [...w].length === 1);
  const numberWords = Object.keys(raw.time.numbers).sort((a, b) => b.length - a.length);
  const numberPattern = `(?:\\d+(?:\\.\\d+)?|${numberWords.map((w) => w.replace(/ /g, '\\s+')).join('|')}|[零一二两三四五六七八九十]+)`;
  const unitPattern = (lang: 'zh' | 'en') => Object.keys(raw.time.units[lang]).join('|');
  const within = (lang: 'zh' | 'en') => raw.time.within[lang].map((p) => new RegExp(p.replace('(N)', `(${numberPattern})`).replace('(UNIT)', `(${unitPattern(lang)})`), 'i'));
  words = {
    smalltalk: re(both(raw.smalltalk)),
    greetingLead: new RegExp(`^\\s*(?:${alternation(both(raw.smalltalk))})(?:[\\s,,!!.。~]+|$)`, 'i'),
    help: re(both(raw.help)),
    kinds: (Object.entries(raw.kinds) as Array<[Kind, Bilingual]>).map(([kind, b]) => [kind, re(both(b))]),
    deadline: re(both(raw.deadline)),
    accessOpen: re(both(raw.access.open)),
    accessApply: re(both(raw.access.apply)),
    accessAsk: re(both(raw.access.ask)),
    accessHow: re(both(raw.accessHow)),
    status: (['open', 'closed', 'upcoming'] as const).map((s) => [s, re(both(raw.status[s]))]),
    code: re(both(raw.code)),
    codeFilter: re(both(raw.codeFilter)),
    link: re(both(raw.link)),
    scale: re(both(raw.scale)),
    modality: re(both(raw.modality)),
    venueOf: re(both(raw.venueOf)),
    regions: REGIONS.map((r) => [r, re(both(raw.regions[r]))]),
    milestones: raw.milestones.entries.map((m) => ({ re: re(m.words), type: m.type, ...(m.label ? { label: m.label } : {}) })),
    next: re(both(raw.shapes.next)),
    count: re(both(raw.shapes.count)),
    all: re(both(raw.shapes.all)),
    yesnoEnd: new RegExp(
      `(?:${alternation(raw.shapes.yesnoEnd.zh.filter((w) => [...w].length === 1))})\\s*[??!!。.~~]*$|${alternation(raw.shapes.yesnoEnd.zh.filter((w) => [...w].length > 1))}`,
      'u',
    ),
    yesnoStart: new RegExp(`^\\s*(?:${alternation([...raw.shapes.yesnoStart.en, ...raw.shapes.yesnoStart.zh])})`, 'i'),
    timeCue: new RegExp(both(raw.time.cues).join('|'), 'i'),
    relative: raw.time.relative.map((r) => ({ re: re(both(r), 'i'), unit: r.unit, offset: r.offset, fromNow: r.fromNow === true, label: { zh: r.zh[0]!, en: r.en[0]! } })),
    within: [...within('zh'), ...within('en')],
    units: [...Object.entries(raw.time.units.zh), ...Object.entries(raw.time.units.en)].map(([k, u]) => [new RegExp(`^(?:${k})$`, 'i'), u]),
    numbers: raw.time.numbers,
    numberPattern,
    beforeSuffix: new RegExp(`^\\s*(?:${alternation(raw.time.before.zh)})`, 'i'),
    beforePrefix: new RegExp(`(?:${alternation(raw.time.before.en)})\\s*(?:the\\s+)?(?:end\\s+of\\s+)?$`, 'i'),
    afterSuffix: new RegExp(`^\\s*(?:${alternation(raw.time.after.zh)})`, 'i'),
    afterPrefix: new RegExp(`(?:${alternation(raw.time.after.en)})\\s*$`, 'i'),
    zoneLead: new RegExp(`(?:${alternation(both(raw.time.zoneLead))})\\s*$`, 'i'),
    followLead: leading(both(raw.personal.follow)),
    zoneSetting: leading(both(raw.personal.zone)),
    languageSetting: new RegExp(`^\\s*(?:${alternation(both(raw.personal.language))})[\\s\\p{P}]*$`, 'iu'),
    topicOr: re(both(raw.topics.or)),
    compareWhich: re(both(raw.compare.which)),
    compareJoin: re(both(raw.compare.join)),
    compareEarlier: re(both(raw.compare.earlier)),
    compareLater: re(both(raw.compare.later)),
    limits: [...raw.shapes.limit.en, ...raw.shapes.limit.zh].map((p) => new RegExp(p.replace('KIND', alternation(Object.values(raw.kinds).flatMap(both))), 'iu')),
    topicExcept: new RegExp(`(?:${alternation(both(raw.topics.except))})(.+?)(?:以外|之外)?(?:的)?\\s*$`, 'i'),
    venues: re(raw.venues),
    filler: re([...raw.filler.zh.filter((w) => [...w].length > 1), ...raw.filler.en]),
    fillerChars: new Set(singles),
  };
  return words;
}
