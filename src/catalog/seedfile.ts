/**
 * Reading one seed file safely: opened without blocking (a FIFO or a device never hangs the
 * load), checked to be a regular file under the size limit, read in 1 MiB chunks and cut
 * into lines at "\n" bytes (a line is decoded on its own, so no whole-file string exists),
 * hashed as it is read. Whatever goes wrong becomes one lint error naming the file; the
 * other files load. A file that is not text (invalid UTF-8, control bytes, no entry
 * headers) is refused whole.
 */
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync } from 'node:fs';
import type { Hash } from 'node:crypto';
import { join } from 'node:path';
import { RecordReader, type RawRecord, type TextCounts } from './records.js';
import { KIND_PREFIXES } from './kinds.js';
import type { Problem } from './schema.js';

/** A longer line is a lint error (file:line) and is skipped: no parser regex ever sees it. */
export const MAX_LINE_BYTES = 32 * 1024;
/** A larger file is refused whole without being read. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;
const CHUNK_BYTES = 1 << 20;
/** A file with a larger share of invalid UTF-8 or control characters is not text. */
const MAX_BAD_SHARE = 0.02;
/**
 * A file of this many non-blank lines with no entry kind and no course is not a seed file
 * (a log, notes, a CSV); a shorter one may be a few unprefixed "other" entries and loads.
 */
const MIN_LINES_WITHOUT_HEADER = 20;

/** The file system calls the loader makes (injectable: tests simulate EACCES as root). */
export interface SeedFs {
  readdir(dir: string): string[];
  /** Opens for reading without blocking. */
  open(path: string): number;
  fstat(fd: number): { isFile(): boolean; isDirectory(): boolean; size: number };
  read(fd: number, buffer: Buffer, offset: number, length: number, position: number | null): number;
  close(fd: number): void;
}

export const nodeSeedFs: SeedFs = {
  readdir: (dir) => readdirSync(dir),
  open: (path) => openSync(path, constants.O_RDONLY | constants.O_NONBLOCK),
  fstat: (fd) => fstatSync(fd),
  read: (fd, buffer, offset, length, position) => readSync(fd, buffer, offset, length, position),
  close: (fd) => closeSync(fd),
};

export interface SeedFileRead {
  name: string;
  bytes: number;
  records: RawRecord[];
  problems: Problem[];
}

/** The *.txt names of a directory, sorted; throws (naming the directory) when it cannot be listed. */
export function listSeedFiles(dir: string, fs: SeedFs = nodeSeedFs): string[] {
  try {
    return fs
      .readdir(dir)
      .filter((n) => n.endsWith('.txt'))
      .sort();
  } catch (error) {
    throw new Error(`cannot read the seed directory ${dir}: ${(error as Error).message}`);
  }
}

/**
 * One file of `dir`: its records (unless `parse` is false, for hashing only) and problems.
 * Never throws. The bytes read go into `hash` (name, NUL, content, NUL).
 */
export function readSeedFile(dir: string, name: string, hash: Hash, options: { fs?: SeedFs; parse?: boolean } = {}): SeedFileRead {
  const fs = options.fs ?? nodeSeedFs;
  const path = join(dir, name);
  const refuse = (reason: string, bytes = 0): SeedFileRead => {
    hash.update(name).update('\0!').update(reason).update('\0');
    return { name, bytes, records: [], problems: [{ severity: 'error', file: name, line: 0, reason }] };
  };
  let fd: number;
  try {
    fd = fs.open(path);
  } catch (error) {
    return refuse(`cannot be read (${describeFsError(error)}); skipped`);
  }
  try {
    const stat = fs.fstat(fd);
    if (stat.isDirectory()) return refuse('is a directory, not a seed file; skipped');
    if (!stat.isFile()) return refuse('is not a regular file (a FIFO, socket or device); skipped');
    if (stat.size > MAX_FILE_BYTES) return refuse(`is ${mb(stat.size)}, over the ${mb(MAX_FILE_BYTES)} limit for one seed file; split it`, stat.size);
    hash.update(name).update('\0');
    // Hashing only: the bytes are not even split into lines.
    const lines = options.parse === false ? undefined : new SeedLines(name);
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let bytes = 0;
    for (;;) {
      const n = fs.read(fd, buffer, 0, CHUNK_BYTES, null);
      if (n <= 0) break;
      bytes += n;
      if (bytes > MAX_FILE_BYTES) return refuse(`grew over the ${mb(MAX_FILE_BYTES)} limit for one seed file while being read; skipped`, bytes);
      const chunk = buffer.subarray(0, n);
      hash.update(chunk);
      lines?.write(chunk);
    }
    hash.update('\0');
    return { name, bytes, ...(lines ? lines.end() : { records: [], problems: [] }) };
  } catch (error) {
    return refuse(`cannot be read (${describeFsError(error)}); skipped`);
  } finally {
    try {
      fs.close(fd);
    } catch {
      // nothing left to do
    }
  }
}

/** A file given as a string (tests, callers holding the text): the same line reader and checks. */
export function readSeedText(name: string, content: string, hash: Hash): SeedFileRead {
  const bytes = Buffer.from(content, 'utf8');
  hash.update(name).update('\0').update(bytes).update('\0');
  const lines = new SeedLines(name);
  lines.write(bytes);
  return { name, bytes: bytes.length, ...lines.end() };
}

/** Why a file is not text, or undefined when it is. */
function notTextReason(counts: TextCounts): string | undefined {
  const bad = counts.invalid + counts.controls;
  if (bad >= 3 && bad > counts.chars * MAX_BAD_SHARE) {
    const share = Math.round((100 * bad) / Math.max(1, counts.chars));
    return `is not UTF-8 text (${share}% of its characters are invalid UTF-8 or control bytes: ${counts.invalid} invalid, ${counts.controls} control); refused whole — save it as UTF-8 text`;
  }
  if (counts.lines >= MIN_LINES_WITHOUT_HEADER && counts.headers === 0) {
    return `has no entry header (no line starts with ${KIND_PREFIXES.map(([p]) => p).join(', ')} or names a course); refused whole — not a seed file`;
  }
  return undefined;
}

/** Bytes → lines at "\n" (a trailing "\r" dropped; a bare "\r" also ends a line, as it always did). */
class SeedLines {
  private readonly reader: RecordReader;
  private readonly overlong: Problem[] = [];
  private carry: Buffer[] = [];
  private carryBytes = 0;
  private no = 0;
  private first = true;

  constructor(private readonly name: string) {
    this.reader = new RecordReader(name);
  }

  write(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(10, start);
      if (newline < 0) {
        if (start < chunk.length) this.keep(chunk.subarray(start));
        return;
      }
      if (this.carryBytes === 0) this.line(chunk, start, newline);
      else {
        this.keep(chunk.subarray(start, newline));
        this.flushCarry();
      }
      start = newline + 1;
    }
  }

  end(): { records: RawRecord[]; problems: Problem[] } {
    if (this.carryBytes > 0) this.flushCarry();
    const read = this.reader.end();
    const reason = notTextReason(this.reader.counts);
    if (reason) return { records: [], problems: [{ severity: 'error', file: this.name, line: 0, reason }] };
    return { records: read.records, problems: [...read.problems, ...this.overlong] };
  }

  /** Part of a line that continues in the next chunk (copied: the chunk buffer is reused). */
  private keep(part: Buffer): void {
    if (this.carryBytes <= MAX_LINE_BYTES) this.carry.push(Buffer.from(part));
    this.carryBytes += part.length;
  }

  private flushCarry(): void {
    const bytes = this.carryBytes;
    const joined = Buffer.concat(this.carry);
    this.carry = [];
    this.carryBytes = 0;
    if (bytes > MAX_LINE_BYTES) this.tooLong(joined, bytes);
    else this.line(joined, 0, joined.length);
  }

  private line(buffer: Buffer, start: number, end: number): void {
    if (end - start > MAX_LINE_BYTES) {
      this.tooLong(buffer.subarray(start, end), end - start);
      return;
    }
    if (end > start && buffer[end - 1] === 13) end -= 1;
    let text = buffer.toString('utf8', start, end);
    if (this.first) {
      this.first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const parts = text.includes('\r') ? text.split('\r') : [text];
    for (const part of parts) {
      this.no += 1;
      this.reader.push(part, this.no);
    }
  }

  /** Only the first bytes of an over-long line are kept, for the lint line. */
  private tooLong(head: Buffer, bytes: number): void {
    this.first = false;
    this.no += 1;
    this.overlong.push({
      severity: 'error',
      file: this.name,
      line: this.no,
      reason: `line is ${bytes} bytes, over the ${MAX_LINE_BYTES}-byte limit for one line; skipped`,
      text: head.toString('utf8', 0, Math.min(head.length, 200)),
    });
  }
}

function mb(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MB`;
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const known: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOENT: 'no such file; a dangling symlink?',
    ELOOP: 'symlink loop',
    EISDIR: 'is a directory',
    EIO: 'I/O error',
    EMFILE: 'too many open files',
  };
  return code ? `${known[code] ?? (error as Error).message}, ${code}` : String((error as Error)?.message ?? error);
}
