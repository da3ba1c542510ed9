/**
 * Kind prefixes of seed header lines. A new prefix is one line here; a header with
 * no known prefix is kept as a course (when it says so) or as "other", never dropped.
 */
import type { Kind } from './schema.js';

export const KIND_PREFIXES: ReadonlyArray<readonly [string, Kind]> = [
  ['征稿与合作', 'cfp'],
  ['技术竞赛', 'competition'],
  ['数据资源', 'dataset'],
  ['论文', 'paper'],
];

const PREFIX_RE = new RegExp(`^(${KIND_PREFIXES.map(([p]) => p).join('|')})`);

export function kindPrefix(line: string): { prefix: string; kind: Kind } | undefined {
  const m = PREFIX_RE.exec(line);
  if (!m) return undefined;
  const found = KIND_PREFIXES.find(([p]) => p === m[1])!;
  return { prefix: found[0], kind: found[1] };
}

/** What a header that has no kind prefix is. */
export function unprefixedKind(header: string): Kind {
  return /MOOC|课程|course|学堂|慕课|lecture|tutorial|教程/i.test(header) ? 'course' : 'other';
}

/** A header line glued onto the end of a description: "...datasets.论文ICLR 2026 …". */
export const GLUED_HEADER = /(?<=[.。!?!?)\]"”'’])\s*(?=(?:论文.{1,80}?\d{4}\s*年|数据资源.{1,300}?访问|技术竞赛.{1,300}?截止|征稿与合作.{1,200}?截止))/u;
