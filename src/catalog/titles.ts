/**
 * Where a paper's topic tag ends and its title begins. The header runs them together
 * with a space ("trustworthy medical AI SAE 能否揭示…", "临床 LLM 面向专家级…"), so
 * the split is chosen with evidence from the whole catalog:
 * - a title already seen after a different tag (the same paper in another file);
 * - a tag followed by many different next words across the catalog (a branching
 *   point: "trustworthy" is always followed by "medical", "trustworthy medical AI"
 *   by a different word each time);
 * - shape: a title that starts with Chinese or with a "Name:" token.
 */
import { hasHan } from './text.js';

interface Split {
  tag: string;
  title: string;
}

/** Different next words after a tag beyond this many add nothing to its score (log2(8) = 3, the cap). */
const NEXT_WORDS_COUNTED = 8;
/** A title seen after two or more different tags. */
const MANY = Symbol('many tags');

/**
 * Two passes over the remainders: the first gathers the evidence, the second splits each one
 * (a remainder's candidate splits are made again rather than kept for all of them at once).
 */
export function resolveTagsAndTitles(remainders: string[]): Split[] {
  const nextWords = new Map<string, Set<string>>();
  const tagsBefore = new Map<string, string | typeof MANY>();
  for (const rest of remainders) {
    for (const { tag, title } of splits(rest)) {
      const next = getSet(nextWords, tag);
      if (next.size < NEXT_WORDS_COUNTED) next.add(firstWord(title));
      const before = tagsBefore.get(title);
      if (before === undefined) tagsBefore.set(title, tag);
      else if (before !== tag) tagsBefore.set(title, MANY);
    }
  }
  return remainders.map((rest) => {
    const list = splits(rest);
    if (list.length === 0) return { tag: '', title: rest.trim() };
    let best = list[0]!;
    let bestScore = -Infinity;
    for (const split of list) {
      const score = scoreSplit(split, nextWords, tagsBefore);
      if (score > bestScore) {
        best = split;
        bestScore = score;
      }
    }
    return best;
  });
}

/** What `text.split(/\s+/)[0]` gives for a text that does not start with a space. */
function firstWord(text: string): string {
  return /^\S*/.exec(text)![0];
}

function splits(rest: string): Split[] {
  const out: Split[] = [];
  const text = rest.trim();
  const space = /\s+/g;
  for (let m = space.exec(text); m; m = space.exec(text)) {
    const tag = text.slice(0, m.index);
    const title = text.slice(m.index + m[0].length);
    if (/[::]/.test(tag) || tag.split(/\s+/).length > 5) break;
    out.push({ tag, title });
  }
  return out;
}

function scoreSplit(split: Split, nextWords: Map<string, Set<string>>, tagsBefore: Map<string, string | typeof MANY>): number {
  let score = 0;
  if (tagsBefore.get(split.title) === MANY) score += 4;
  score += Math.min(3, Math.log2(nextWords.get(split.tag)?.size ?? 1));
  const firstToken = firstWord(split.title);
  if (hasHan(split.title[0] ?? '') || /[::]/.test(firstToken)) score += 1;
  // Prefer the shorter tag when nothing else decides.
  return score - split.tag.length / 1000;
}

function getSet(map: Map<string, Set<string>>, key: string): Set<string> {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  return set;
}
