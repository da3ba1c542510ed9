/**
 * Seed text → raw records (a header line and its description line, with line numbers),
 * plus a problem for everything that does not fit the two-line pattern. Nothing is
 * dropped silently: each odd line either finds a home or becomes a reported problem.
 *
 * Lines are pushed one at a time (`RecordReader`), so a file is read in chunks and never
 * held whole; the reader also counts what the text check needs (characters, invalid
 * UTF-8, control characters, header lines).
 */
import { GLUED_HEADER, kindPrefix, unprefixedKind } from './kinds.js';
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
  header: boolean;
}

/** What a file's characters look like, for telling text from binary garbage. */
export interface TextCounts {
  chars: number;
  /** U+FFFD: bytes that are not UTF-8. */
  invalid: number;
  /** C0 controls other than tab, CR and LF, and DEL. */
  controls: number;
  /** Lines that start with an entry kind (论文, 数据资源, …) or name a course. */
  headers: number;
  /** Non-blank lines. */
  lines: number;
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const REPLACEMENT = /\uFFFD/g;

/** Records of one file, built from its lines as they arrive (one line of look-ahead). */
export class RecordReader {
  readonly records: RawRecord[] = [];
  readonly problems: Problem[] = [];
  readonly counts: TextCounts = { chars: 0, invalid: 0, controls: 0, headers: 0, lines: 0 };
  private pending: Line | undefined;

  constructor(readonly file: string) {}

  /** One raw line (without its line break) and its 1-based number. */
  push(text: string, no: number): void {
    const counts = this.counts;
    counts.chars += text.length;
    const invalid = text.match(REPLACEMENT)?.length ?? 0;
    counts.invalid += invalid;
    counts.controls += text.match(CONTROL_CHARS)?.length ?? 0;
    if (invalid) {
      this.problems.push({ severity: 'warning', file: this.file, line: no, reason: 'invalid UTF-8 bytes (shown as �)', text });
    }
    const cleaned = cleanLine(text);
    if (!cleaned) return;
    counts.lines += 1;
    const parts = cleaned
      .split(GLUED_HEADER)
      .map((p) => p.trim())
      .filter(Boolean);
    if (parts.length > 1) {
      this.problems.push({
        severity: 'warning',
        file: this.file,
        line: no,
        reason: `${parts.length - 1} header line(s) glued to the end of this line; read as separate lines`,
      });
    }
    for (const part of parts) {
      const header = kindPrefix(part) !== undefined;
      if (header || (counts.headers === 0 && unprefixedKind(part) === 'course')) counts.headers += 1;
      this.take({ no, text: part, header });
    }
  }

  /** The end of the file: the last line is settled. */
  end(): { records: RawRecord[]; problems: Problem[] } {
    const last = this.pending;
    this.pending = undefined;
    if (last) {
      if (!last.header && this.appendProse(last)) return this;
      this.alone(last);
    }
    return this;
  }

  private take(next: Line): void {
    const line = this.pending;
    if (!line) {
      this.pending = next;
      return;
    }
    if (!line.header && next.header && this.appendProse(line)) {
      this.pending = next;
    } else if (!next.header) {
      this.records.push({ file: this.file, line: line.no, header: line.text, description: next.text, descriptionLine: next.no });
      this.pending = undefined;
    } else {
      this.alone(line);
      this.pending = next;
    }
  }

  /** A second description line (followed by a header or the end): kept with the entry above. */
  private appendProse(line: Line): boolean {
    const previous = this.records[this.records.length - 1];
    if (!previous || !looksLikeProse(line.text)) return false;
    previous.description = previous.description ? `${previous.description} ${line.text}` : line.text;
    previous.descriptionLine ??= line.no;
    this.problems.push({
      severity: 'warning',
      file: this.file,
      line: line.no,
      reason: `extra description line appended to the entry at line ${previous.line}`,
      text: line.text,
    });
    return true;
  }

  private alone(line: Line): void {
    this.records.push({ file: this.file, line: line.no, header: line.text });
    this.problems.push({ severity: 'warning', file: this.file, line: line.no, reason: 'entry has no description line', text: line.text });
  }
}

function looksLikeProse(text: string): boolean {
  return text.length > 60 || /[.。!?!?]$/.test(text);
}
