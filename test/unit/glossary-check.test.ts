/** The glossary file's hand check (glossary.ts) passes what zod's schema passes, and zod words the refusals. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Glossary, GLOSSARY_PATH } from '../../src/search/glossary.js';

const work = mkdtempSync(join(tmpdir(), 'glossary-check-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const schema = z.object({ concepts: z.array(z.object({ id: z.string().regex(/^[a-z0-9_-]+$/), zh: z.array(z.string()), en: z.array(z.string()) })) });
const real = JSON.parse(readFileSync(GLOSSARY_PATH, 'utf8'));

function load(data: unknown): Glossary {
  const file = join(work, `g${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(data));
  return Glossary.load(file);
}

describe('glossary check', () => {
  it('reads the curated glossary as the schema does', () => {
    const parsed = schema.parse(real);
    const ours = load({ ...real, note: 'extra keys are dropped' });
    for (const c of parsed.concepts.slice(0, 50)) for (const term of [...c.zh, ...c.en].slice(0, 2)) expect(ours.matches(term).map((m) => m.id)).toContain(c.id);
  });

  it.each([
    ['a concept id with capitals', { concepts: [{ id: 'Bad', zh: [], en: [] }] }],
    ['zh not a list', { concepts: [{ id: 'ok', zh: '心电', en: [] }] }],
    ['a number among the terms', { concepts: [{ id: 'ok', zh: [], en: ['ecg', 3] }] }],
    ['no concepts', { terms: [] }],
    ['a concept that is not an object', { concepts: [null] }],
  ])('refuses %s with zod’s error', (_, data) => {
    expect(schema.safeParse(data).success).toBe(false);
    expect(() => load(data)).toThrow(z.ZodError);
  });
});
