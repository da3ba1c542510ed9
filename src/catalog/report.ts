/**
 * The lint report a maintainer reads: each problem once, errors before warnings, each
 * with file:line, the words it is about and what to change, then a one-line summary.
 */
import type { Problem } from './schema.js';

/** Each problem once (same place, severity and reason), errors first, then by file and line. */
export function lintOrder(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  const unique = problems.filter((p) => {
    const key = `${p.file}\0${p.line}\0${p.severity}\0${p.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const rank = (p: Problem) => (p.severity === 'error' ? 0 : 1);
  return unique.sort((a, b) => rank(a) - rank(b) || a.file.localeCompare(b.file) || a.line - b.line);
}

const QUOTE_CHARS = 160;

/** What to change, for problems whose reader did not say (records.ts: line pairing). */
const FIX_HINTS: Array<[RegExp, string]> = [
  [/no description line/, 'add a description line right after the header'],
  [/extra description line/, 'join it to the description above, or give it its own header'],
  [/glued to the end of this line/, 'put each header on its own line'],
  [/invalid UTF-8/, 'save the file as UTF-8'],
  [/no title could be read/, 'write the title at the end of the header'],
];

function fixOf(p: Problem): string | undefined {
  return p.fix ?? FIX_HINTS.find(([re]) => re.test(p.reason))?.[1];
}

export function formatProblem(p: Problem): string {
  const lines = [`${p.file}:${p.line}: ${p.severity}: ${p.reason}`];
  const words = p.words ?? p.text;
  if (words) lines.push(`    words: “${words.length > QUOTE_CHARS ? `${words.slice(0, QUOTE_CHARS - 1)}…` : words}”`);
  const fix = fixOf(p);
  if (fix) lines.push(`    fix: ${fix}`);
  return lines.join('\n');
}

export function lintSummary(problems: readonly Problem[], files: number, entries: number): string {
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(files, 'file')} (${plural(entries, 'entry').replace(/entrys$/, 'entries')})`;
}
