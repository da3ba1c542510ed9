/**
 * zod, imported synchronously on the first call (~100 ms to import cold). The hand checks of
 * seed entries (catalog/schema.ts) and of the glossary (search/glossary.ts) pass well-formed
 * input without it and call this only to validate, and word, the rest.
 */
import { createRequire } from 'node:module';
import type { z as Zod } from 'zod';

let loaded: typeof Zod | undefined;

export function lazyZod(): typeof Zod {
  loaded ??= (createRequire(import.meta.url)('zod') as { z: typeof Zod }).z;
  return loaded;
}
