/**
 * A seed directory's content hash remembered by its files' stamps (name, size, mtime in
 * nanoseconds, inode), so a restart over unchanged seeds finds its saved index without
 * reading the seeds (hashing 55 MB costs more than a tenth of a second). As in git's index,
 * a stamp is trusted only when the file was last modified well before it was taken: a file
 * rewritten within the file system's clock tick of being stamped is hashed again.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { listSeedFiles } from './seedfile.js';

export interface SeedDigest {
  contentHash: string;
  bytes: number;
}

/** A file modified less than this before its stamp was taken is not trusted by it. */
const RACY_MS = 2_000;

interface Remembered extends SeedDigest {
  dir: string;
  /** When the stamps were taken (before hashing), in ms since the epoch. */
  takenAt: number;
  stamps: string[];
}

/** The stamps of the seed files of `dir` (undefined when one cannot be stated). */
export function seedStamps(dir: string): { stamps: string[]; newest: number; takenAt: number } | undefined {
  const takenAt = Date.now();
  try {
    let newest = 0;
    const stamps = listSeedFiles(dir).map((name) => {
      const s = statSync(join(dir, name), { bigint: true });
      newest = Math.max(newest, Number(s.mtimeMs));
      return `${name}\0${s.size}\0${s.mtimeNs}\0${s.ino}\0${s.dev}`;
    });
    return { stamps, newest, takenAt };
  } catch {
    return undefined;
  }
}

const memoFile = (memoDir: string, dir: string) => join(memoDir, `seeds-${createHash('sha256').update(resolve(dir)).digest('hex').slice(0, 16)}.json`);

/** The digest remembered for `dir` in `memoDir` if its files' stamps are unchanged and trustworthy. */
export function rememberedDigest(memoDir: string, dir: string, now: ReturnType<typeof seedStamps>): SeedDigest | undefined {
  if (!now) return undefined;
  try {
    const memo = JSON.parse(readFileSync(memoFile(memoDir, dir), 'utf8')) as Remembered;
    if (memo.dir !== resolve(dir) || typeof memo.contentHash !== 'string' || typeof memo.bytes !== 'number') return undefined;
    if (!Array.isArray(memo.stamps) || memo.stamps.length !== now.stamps.length || memo.stamps.some((s, i) => s !== now.stamps[i])) return undefined;
    if (now.newest > memo.takenAt - RACY_MS) return undefined;
    return { contentHash: memo.contentHash, bytes: memo.bytes };
  } catch {
    return undefined;
  }
}

/** Records `digest` for `dir` under the stamps taken before it was computed (best effort). */
export function rememberDigest(memoDir: string, dir: string, taken: ReturnType<typeof seedStamps>, digest: SeedDigest): void {
  // A stamp that could not be trusted later is not worth writing.
  if (!taken || taken.newest > taken.takenAt - RACY_MS) return;
  const file = memoFile(memoDir, dir);
  const memo: Remembered = { dir: resolve(dir), takenAt: taken.takenAt, stamps: taken.stamps, ...digest };
  try {
    mkdirSync(memoDir, { recursive: true });
    writeFileSync(`${file}.tmp`, JSON.stringify(memo));
    renameSync(`${file}.tmp`, file);
  } catch {
    // a read-only disk only costs the next start a hash of the seeds
  }
}

/** Removes the memos of seed directories that no longer exist (a bench's or a test's temporary ones). */
export function pruneStamps(memoDir: string): void {
  try {
    for (const name of readdirSync(memoDir)) {
      if (!name.startsWith('seeds-') || !name.endsWith('.json')) continue;
      try {
        const { dir } = JSON.parse(readFileSync(join(memoDir, name), 'utf8')) as Partial<Remembered>;
        if (typeof dir !== 'string' || !existsSync(dir)) unlinkSync(join(memoDir, name));
      } catch {
        unlinkSync(join(memoDir, name));
      }
    }
  } catch {
    // an unreadable cache directory is only a missed clean-up
  }
}
