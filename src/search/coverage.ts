/**
 * Precision: which of the matched entries a search returns.
 *
 * A query is cut into meaningful units: each glossary term it names (met by the concept
 * or by the term's own words, in either language), each other Latin word (met by the
 * whole word or by all of its compound parts: "MedSynVQA" is not met by "Med" alone),
 * and each stretch of a Chinese run outside glossary terms (met in proportion to its
 * bigrams, leaving out bigrams with a filler character such as 的/做/有, so 做病 in 做病理
 * counts for nothing, and bigrams the catalog never uses when most of the stretch is known).
 * An entry's coverage is the share of units it meets, each unit weighted by its rarity.
 *
 * `selectResults` keeps the entries at the best coverage, and partial ones close to it
 * that also score well; nothing when a unit is met by no entry at all (the catalog
 * knows nothing of "quantum" or "knee") or the best entry meets under half the query.
 * `selectRelated` picks, for the "nothing in the catalog about …" answer, up to three
 * entries that still meet at least half of the units.
 */
import type { GlossaryMatch } from './glossary.js';
import { tokenize, words } from './tokenize.js';

export interface QueryUnit {
  /** Bit masks of query terms: the unit is met when all bits of one of them matched. */
  alternatives: number[];
  /** Bits met in proportion (a Chinese stretch's bigrams); 0 for none. */
  spread: number;
  spreadCount: number;
  /** A short token ("31m", "x2"): left out, rather than unmet, when no entry has it. */
  weak?: boolean;
}

/** One entry the index matched, in the index's ranking order. */
export interface Candidate {
  doc: number;
  score: number;
  tier: 'head' | 'body';
  /** Query-term bits the entry matched (title side | description side). */
  mask: number;
}

/** Characters that in a query are almost always function words, not the topic. */
const FILLER_CHARS = new Set([...'的了吗呢吧啊么哪些做找请有没是和与或在个这那想要什怎能给我你他她它用啥谁么吧呀哦嘛']);

/**
 * Words that in a query ask rather than name a topic ("show me … stuff", "推荐几个"): they
 * still score, but they are never a unit, so the catalog lacking them never empties a list.
 */
const FILLER_WORDS = new Set(
  'show find give list tell know want need looking look search please pls plz thanks thx stuff thing things something anything good best top great nice cool interesting useful recent latest new newest related relevant regarding kind sort type ones one work works available'.split(
    ' ',
  ),
);
const FILLER_PHRASES = [
  '方向',
  '主题',
  '话题',
  '类型',
  '场景',
  '有没有',
  '有哪些',
  '推荐',
  '几个',
  '一些',
  '哪些',
  '什么',
  '有关',
  '关于',
  '相关',
  '最近',
  '最新',
  '一下',
  '帮我',
  '看看',
  '介绍',
  '方面',
  '领域',
  '东西',
  '资料',
];

/** A Chinese stretch this long that the catalog has no bigram of is a topic it lacks (区块链). */
const MIN_UNKNOWN_RUN = 3;
/** A Latin word with fewer letters than this is too short to say the catalog lacks a topic. */
const MIN_LETTERS = 3;
/** Below this share of the query, the best entry does not answer it. */
const MIN_COVERAGE = 0.5;
/** Partial entries within this much of the best coverage may stay... */
const PARTIAL_SLACK = 0.34;
/** ...when they score at least this share of the best entry. */
const PARTIAL_SCORE = 0.5;
/** A related entry scores at least this share of the first related one. */
const RELATED_SCORE = 0.3;

export interface UnitContext {
  /** The bit of a query term or concept token, if it was looked up. */
  bit(token: string): number | undefined;
  conceptBit(id: string): number | undefined;
  /** Whether the index has this exact term. */
  knows(term: string): boolean;
}

/** The units of `query`, given the glossary terms it names (Glossary.matches). */
export function queryUnits(query: string, named: readonly GlossaryMatch[], ctx: UnitContext): QueryUnit[] {
  const units: QueryUnit[] = [];
  const consumed = new Set<string>();
  const matches = [...named].sort((a, b) => b.term.length - a.term.length);
  for (const m of matches) {
    const bit = ctx.conceptBit(m.id);
    const tokens = tokenize(m.term);
    if (bit === undefined) continue;
    // A shorter term inside a longer one ("imaging" in "magnetic resonance imaging") adds no unit.
    if (tokens.length > 0 && tokens.every((t) => consumed.has(t))) continue;
    const own = maskOf(tokens, ctx);
    units.push({ alternatives: own === undefined ? [bit] : [bit, own], spread: 0, spreadCount: 0 });
    for (const t of tokens) consumed.add(t);
  }
  for (const word of words(query)) {
    if (word.kind === 'latin') {
      // Already a glossary unit, as written or part by part ("meta-analysis" = meta analysis).
      if (consumed.has(word.whole) || word.parts.every((p) => consumed.has(p) || !word.tokens.includes(p))) continue;
      if (FILLER_WORDS.has(word.whole)) continue;
      const alternatives: number[] = [];
      const whole = ctx.bit(word.whole);
      if (whole !== undefined) alternatives.push(whole);
      if (word.parts.length > 1) {
        const parts = maskOf(
          word.tokens.filter((t) => word.parts.includes(t)),
          ctx,
        );
        if (parts !== undefined) alternatives.push(parts);
      }
      // A number joined to the word before it ("palm 2" → palm2) also meets the number.
      for (const t of word.tokens) {
        const b = t !== word.whole && t.endsWith(word.whole) && !word.parts.includes(t) ? ctx.bit(t) : undefined;
        if (b !== undefined) alternatives.push(b);
      }
      const letters = word.whole.replace(/[^a-z]/g, '').length;
      if (alternatives.length > 0) units.push({ alternatives, spread: 0, spreadCount: 0, weak: letters < MIN_LETTERS });
    } else {
      for (const stretch of stretches(word.run, consumed)) {
        const unit = hanUnit(stretch, ctx);
        if (unit) units.push(unit);
      }
    }
  }
  return units;
}

/**
 * The parts of a Chinese run outside the glossary terms already made units, each with whether
 * it touches one of those terms (a compound: 音乐 in 音乐生成 names what is generated).
 */
function stretches(run: string, consumed: Set<string>): Array<{ text: string; besideTerm: boolean }> {
  const chars = [...run];
  const inTerm = new Array<boolean>(chars.length).fill(false);
  for (let i = 0; i < chars.length; i++) {
    const bigram = chars[i]! + (chars[i + 1] ?? '');
    if (i + 1 < chars.length && consumed.has(bigram)) inTerm[i] = inTerm[i + 1] = true;
    if (chars.length === 1 && consumed.has(chars[i]!)) inTerm[i] = true;
  }
  // Filler phrases split a stretch like glossary terms do, and form no unit.
  const inFiller = new Array<boolean>(chars.length).fill(false);
  const text = chars.join('');
  for (const phrase of FILLER_PHRASES) {
    for (let at = text.indexOf(phrase); at !== -1; at = text.indexOf(phrase, at + 1)) {
      const start = [...text.slice(0, at)].length;
      for (let k = 0; k < [...phrase].length; k++) inFiller[start + k] = true;
    }
  }
  const out: Array<{ text: string; besideTerm: boolean }> = [];
  let current = '';
  let from = 0;
  const close = (end: number) => {
    if (current) out.push({ text: current, besideTerm: (inTerm[from - 1] ?? false) || (inTerm[end] ?? false) });
    current = '';
  };
  for (let i = 0; i < chars.length; i++) {
    if (inTerm[i] || inFiller[i]) close(i);
    else {
      if (!current) from = i;
      current += chars[i];
    }
  }
  close(chars.length);
  return out;
}

/**
 * A Chinese stretch's unit. One the catalog has no bigram of is a topic it lacks, left unmet,
 * when it is MIN_UNKNOWN_RUN characters or more (区块链), or two joined to a glossary term
 * (音乐 in 音乐生成: "music generation" is not "generation"); a lone unknown two-character
 * stretch is more often a word of the question (开始 in 京东初赛什么时候开始) and forms no unit.
 */
function hanUnit(stretch: { text: string; besideTerm: boolean }, ctx: UnitContext): QueryUnit | undefined {
  const chars = [...stretch.text];
  if (chars.length < 2) return undefined;
  const bigrams: string[] = [];
  for (let i = 0; i < chars.length - 1; i++) {
    if (!FILLER_CHARS.has(chars[i]!) && !FILLER_CHARS.has(chars[i + 1]!)) bigrams.push(chars[i]! + chars[i + 1]!);
  }
  const known = bigrams.filter((b) => ctx.knows(b));
  if (known.length === 0) {
    const letters = chars.filter((c) => !FILLER_CHARS.has(c)).length;
    const bit = maskOf(bigrams, ctx);
    const topic = letters >= MIN_UNKNOWN_RUN || (stretch.besideTerm && letters >= 2);
    return topic && bit !== undefined ? { alternatives: [bit], spread: 0, spreadCount: 0 } : undefined;
  }
  // Mostly unknown (量子计算: only 计算 is in the catalog): the stretch names a topic the
  // catalog lacks, and meeting its one known bigram is not meeting it. Mostly known: the
  // unknown bigrams are seams between words (图相 in 脑电图相关) and count for nothing.
  const counted = known.length * 2 >= bigrams.length ? known : bigrams;
  const spread = maskOf(counted, ctx);
  if (spread === undefined) return undefined;
  return { alternatives: [spread], spread, spreadCount: counted.length };
}

function maskOf(tokens: readonly string[], ctx: UnitContext): number | undefined {
  if (tokens.length === 0) return undefined;
  let mask = 0;
  for (const t of tokens) {
    const b = ctx.bit(t);
    if (b === undefined) return undefined;
    mask |= b;
  }
  return mask;
}

/** How much of one unit a match mask meets (0..1). */
function meets(unit: QueryUnit, mask: number): number {
  for (const a of unit.alternatives) if ((mask & a) === a) return 1;
  return unit.spread ? popcount(mask & unit.spread) / unit.spreadCount : 0;
}

/**
 * The share of the query's units a match mask meets (1 when the query has none), each
 * unit weighted by its rarity among the matched entries: meeting "course" (one entry)
 * says more than meeting "medical" (most of them).
 */
function coverage(units: readonly QueryUnit[], mask: number, weights?: readonly number[]): number {
  if (units.length === 0) return 1;
  let sum = 0;
  let total = 0;
  units.forEach((u, k) => {
    const w = weights?.[k] ?? 1;
    sum += w * meets(u, mask);
    total += w;
  });
  return total > 0 ? sum / total : 0;
}

/** Each unit's weight: ln(1 + entries / entries meeting it), like an inverse document frequency. */
function rarity(units: readonly QueryUnit[], candidates: readonly Candidate[], docCount: number): number[] {
  return units.map((u) => {
    let df = 0;
    for (const c of candidates) df += meets(u, c.mask);
    return Math.log(1 + Math.max(docCount, candidates.length) / Math.max(df, 0.5));
  });
}

function popcount(bits: number): number {
  let n = 0;
  for (let b = bits >>> 0; b; b &= b - 1) n++;
  return n;
}

interface Scored extends Candidate {
  coverage: number;
}

/**
 * The candidates by coverage (best first), in their order within a coverage. A query's
 * coverages take few values (sums over its few units), so the candidates are put in order
 * value by value, with no comparator sort of 500 objects; more than MAX_BUCKETS values are
 * sorted.
 */
function scored(units: readonly QueryUnit[], candidates: readonly Candidate[], docCount: number): Scored[] {
  const weights = rarity(units, candidates, docCount);
  const n = candidates.length;
  const covered = new Float64Array(n);
  for (let k = 0; k < n; k++) covered[k] = coverage(units, candidates[k]!.mask, weights);
  // The distinct values, up to one more than MAX_BUCKETS (neighbours often share one).
  const values: number[] = [];
  let last = Number.NaN;
  for (let k = 0; k < n && values.length <= MAX_BUCKETS; k++) {
    if (covered[k] === last) continue;
    last = covered[k]!;
    if (!values.includes(last)) values.push(last);
  }
  values.sort((a, b) => b - a);
  const scoredAt = (k: number): Scored => {
    const c = candidates[k]!;
    return { doc: c.doc, score: c.score, tier: c.tier, mask: c.mask, coverage: covered[k]! };
  };
  if (values.length > MAX_BUCKETS) {
    const order = Array.from({ length: n }, (_, k) => k).sort((a, b) => covered[b]! - covered[a]! || a - b);
    return order.map(scoredAt);
  }
  const out: Scored[] = [];
  for (const value of values) for (let k = 0; k < n; k++) if (covered[k] === value) out.push(scoredAt(k));
  return out;
}

/** Coverage values put in order one by one at most (each a pass over the candidates). */
const MAX_BUCKETS = 16;

/** Whether some unit is met by none of the candidates (the catalog lacks part of the question). */
function lacksAUnit(units: readonly QueryUnit[], candidates: readonly Candidate[]): boolean {
  return units.some((u) => meets(u, union(candidates)) === 0);
}

/**
 * Whether some unit that counts is met by no match mask within `reachable` (the bits any
 * posting list holds): then no candidate meets it, whatever the ranking, and selectResults
 * returns nothing (meeting a unit only grows with the mask).
 */
export function lacksForGood(units: readonly QueryUnit[], reachable: number): boolean {
  return units.some((u) => !u.weak && meets(u, reachable) === 0);
}

function union(candidates: readonly Candidate[]): number {
  let all = 0;
  for (const c of candidates) all |= c.mask;
  return all;
}

/** The units that count: a weak unit no entry meets is noise (a stray "31m"), not a topic. */
function counted(units: readonly QueryUnit[], candidates: readonly Candidate[]): QueryUnit[] {
  if (!units.some((u) => u.weak)) return [...units];
  const all = union(candidates);
  return units.filter((u) => !u.weak || meets(u, all) > 0);
}

/**
 * The search results: by coverage, then the index's order; cut where relevance drops.
 * `named`: entries the query names exactly ("Health Bench"); the others then stay only
 * when they score near the named one, not for sharing its words (CounselBench).
 */
export function selectResults(units: readonly QueryUnit[], candidates: readonly Candidate[], docCount: number, named: ReadonlySet<number> = new Set()): Candidate[] {
  units = counted(units, candidates);
  if (units.length === 0 || candidates.length === 0) return [...candidates];
  if (lacksAUnit(units, candidates)) return [];
  const ranked = scored(units, candidates, docCount);
  const best = ranked[0]!.coverage;
  if (best < MIN_COVERAGE) return [];
  const top = ranked[0]!.score;
  const floor = Math.max(MIN_COVERAGE, best - PARTIAL_SLACK);
  let kept = ranked.filter((c) => c.coverage >= best - 1e-9 || (c.coverage >= floor && c.score >= PARTIAL_SCORE * top));
  const namedScore = Math.max(0, ...candidates.filter((c) => named.has(c.doc)).map((c) => c.score));
  if (named.size > 0) kept = kept.filter((c) => c.score >= PARTIAL_SCORE * namedScore);
  return kept;
}

/** Up to `limit` entries meeting at least half of the query, when the search itself found nothing. */
export function selectRelated(units: readonly QueryUnit[], candidates: readonly Candidate[], docCount: number, limit: number): Candidate[] {
  units = counted(units, candidates);
  if (units.length < 2) return [];
  const ranked = scored(units, candidates, docCount).filter((c) => c.coverage >= MIN_COVERAGE);
  if (ranked.length === 0) return [];
  const top = ranked[0]!;
  return ranked.filter((c) => c.coverage >= top.coverage - 1e-9 && c.score >= RELATED_SCORE * top.score).slice(0, limit);
}
