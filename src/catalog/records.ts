/**
 * Seed text → raw records (a header line and its description line, with line numbers),
 * plus a problem for everything that does not fit the two-line pattern. Nothing is
 * dropped silently: each odd line either finds a home or becomes a reported problem.
 */
import { GLUED_HEADER, kindPrefix } from './kinds.js';
import type { Problem } from './schema.js';
import { cleanLine } from './text.js';

export interface RawRecord {
  file: string;
  line: number;
  header: string;
  description?: string;
  descriptionLine?: number;
}

interface Line {
  no: number;
  text: string;
}

export function readRecords(file: string, content: string): { records: RawRecord[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const lines = splitLines(file, content, problems);
  const records: RawRecord[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    const next = lines[i + 1];
    const isHeader = kindPrefix(line.text) !== undefined;
    if (!isHeader) {
      const nextIsHeaderOrEnd = !next || kindPrefix(next.text) !== undefined;
      const previous = records[records.length - 1];
      if (nextIsHeaderOrEnd && previous && looksLikeProse(line.text)) {
        // A second description line: keep it with the entry above.
        previous.description = previous.description ? `${previous.description} ${line.text}` : line.text;
        previous.descriptionLine ??= line.no;
        problems.push({
          severity: 'warning', file, line: line.no,
          reason: `extra description line appended to the entry at line ${previous.line}`, text: line.text,
        });
        i += 1;
        continue;
      }
    }
    if (next && kindPrefix(next.text) === undefined) {
      records.push({ file, line: line.no, header: line.text, description: next.text, descriptionLine: next.no });
      i += 2;
    } else {
      records.push({ file, line: line.no, header: line.text });
      problems.push({ severity: 'warning', file, line: line.no, reason: 'entry has no description line', text: line.text });
      i += 1;
    }
  }
  return { records, problems };
}

/** Non-blank, cleaned lines with their original numbers; glued headers are split off. */
function splitLines(file: string, content: string, problems: Problem[]): Line[] {
  const out: Line[] = [];
  const raw = content.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  raw.forEach((text, index) => {
    const no = index + 1;
    if (text.includes('\uFFFD')) {
      problems.push({ severity: 'warning', file, line: no, reason: 'invalid UTF-8 bytes (shown as �)', text });
    }
    const cleaned = cleanLine(text);
    if (!cleaned) return;
    const parts = cleaned.split(GLUED_HEADER).map((p) => p.trim()).filter(Boolean);
    if (parts.length > 1) {
      problems.push({
        severity: 'warning', file, line: no,
        reason: `${parts.length - 1} header line(s) glued to the end of this line; read as separate lines`,
      });
    }
    for (const part of parts) out.push({ no, text: part });
  });
  return out;
}

function looksLikeProse(text: string): boolean {
  return text.length > 60 || /[.。!?!?]$/.test(text);
}
