/** The console's settings: the terminal's streams (no variable switches it on: it is the fallback). */
import type { Readable, Writable } from 'node:stream';
import type { ZodType } from 'zod';
import { lazyZod } from '../../src/lazy-zod.js';

export interface ConsoleConfig {
  input: Readable;
  output: Writable;
  /** Shown before each line when the input is a terminal. */
  prompt?: string;
  /** The user's locale, when known (tests ask in a chosen language). */
  locale?: () => string | undefined;
  /** Whether the user manages this place (default: yes, the terminal is theirs). */
  canManage?: () => Promise<boolean>;
}

let schema: ZodType<ConsoleConfig> | undefined;

/** The console's config schema, made on first use (zod is not imported on the console's start path). */
export function consoleConfigSchema(): ZodType<ConsoleConfig> {
  const z = lazyZod();
  schema ??= z.object({
    input: z.custom<Readable>((v) => typeof (v as Readable | undefined)?.on === 'function'),
    output: z.custom<Writable>((v) => typeof (v as Writable | undefined)?.write === 'function'),
    prompt: z.string().optional(),
    locale: z.custom<() => string | undefined>((v) => typeof v === 'function').optional(),
    canManage: z.custom<() => Promise<boolean>>((v) => typeof v === 'function').optional(),
  }) as ZodType<ConsoleConfig>;
  return schema;
}

/** This process's terminal: stdin and stdout, with a prompt when stdin is a terminal. */
export function consoleConfigFromEnv(): ConsoleConfig {
  return { input: process.stdin, output: process.stdout, ...(process.stdin.isTTY ? { prompt: '> ' } : {}) };
}
