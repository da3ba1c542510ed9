/**
 * Command-line options shared by the scripts (`ask`, `catalog`, `start`). A bad value
 * stops with one line naming the option and what it expects.
 */
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import type { Lang } from '../bot/reply.js';
// The class alone (config/env.ts, which validates with zod and logs with pino, is not needed to answer).
import { ConfigError } from '../config/error.js';

export interface CliOptions {
  now?: () => DateTime;
  lang?: Lang;
  seeds?: string;
  json: boolean;
  jsonl: boolean;
  lint: boolean;
  message: string;
}

export class CliError extends Error {}

/** `parse()`, with a parse error (an unknown option, a missing value) turned into a CliError. */
export function parseOrCliError<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}

export function parseCli(argv: string[]): CliOptions {
  const { values, positionals } = parseOrCliError(() =>
    parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        now: { type: 'string' },
        lang: { type: 'string' },
        seeds: { type: 'string' },
        json: { type: 'boolean', default: false },
        jsonl: { type: 'boolean', default: false },
        lint: { type: 'boolean', default: false },
      },
    }),
  );
  const options: CliOptions = {
    json: values.json ?? false,
    jsonl: values.jsonl ?? false,
    lint: values.lint ?? false,
    message: positionals.join(' '),
  };
  if (values.now !== undefined) {
    const fixed = DateTime.fromISO(values.now, { setZone: true });
    if (!fixed.isValid) throw new CliError(`--now expects an ISO-8601 time such as 2026-05-20T12:00:00+08:00, got "${values.now}"`);
    options.now = () => fixed;
  }
  if (values.lang !== undefined) {
    if (values.lang !== 'zh' && values.lang !== 'en') throw new CliError(`--lang expects zh or en, got "${values.lang}"`);
    options.lang = values.lang;
  }
  if (values.seeds !== undefined) options.seeds = values.seeds;
  return options;
}

/** Run a script body; CLI mistakes print one line and exit 2. */
export async function runCli(main: () => Promise<number> | number): Promise<void> {
  // A closed pipe (`… | head`) ends the run quietly instead of crashing it.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  try {
    process.exitCode = await main();
  } catch (error) {
    // A bad option or setting: one line naming it, exit 2.
    if (error instanceof CliError || error instanceof ConfigError) {
      process.stderr.write(`error: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`error: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
