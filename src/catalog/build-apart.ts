/**
 * A large catalog's first build (no saved index yet) in a child process of its own
 * (build-child.ts), which parses, indexes and saves it under `.cache/` and exits; the bot then
 * restores the saved file as a restart would. What the build touched (about 280 MB at 100k
 * entries, most of it freed by the end but kept by the process's allocator) goes back to the
 * system with the child, so a cold-started bot holds what a restarted one holds.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** From the TypeScript sources (tests, tsx) the child's file is TypeScript, run through tsx. */
const CHILD = new URL(`./build-child${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

/** The build process's own figures. */
export interface BuiltApart {
  /** The child's highest RSS (its build), which the bot's own RSS never shows. */
  peakRssBytes: number;
}

/** The child's one line on stdout: the key (null: the file could not be written) or the failure. */
export type ChildReply = { key: string | null; peakRssBytes: number } | { error: string };

/**
 * Builds and saves `seeds` in a child process; undefined when that did not work (the child could
 * not start, failed, or could not write the file), and the caller builds in this process, which
 * reports the failure as it would have.
 */
export function buildApart(seeds: string, cacheDir: string): { key: string; figures: BuiltApart } | undefined {
  const fromSources = CHILD.pathname.endsWith('.ts');
  const args = [...(fromSources ? ['--import', 'tsx'] : process.execArgv), fileURLToPath(CHILD), seeds, cacheDir];
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 20 });
  if (run.status !== 0 || typeof run.stdout !== 'string') return undefined;
  try {
    const reply = JSON.parse(run.stdout.trim().split('\n').pop() ?? '') as ChildReply;
    if ('key' in reply && typeof reply.key === 'string') return { key: reply.key, figures: { peakRssBytes: reply.peakRssBytes } };
  } catch {
    // Not the child's reply: built here instead.
  }
  return undefined;
}
