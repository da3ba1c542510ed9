import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { entrySchema, quickEntry, validateEntry } from '../../src/catalog/schema.js';
import { SEEDS } from '../helpers.js';

const entries = loadCatalog(SEEDS).entries;

/** Equal values with their keys in the same order (the `catalog --json` output keeps zod's order). */
function expectSameAsZod(input: unknown) {
  const quick = quickEntry(input);
  const zod = entrySchema().safeParse(input);
  if (quick) {
    expect(zod.success).toBe(true);
    expect(quick).toStrictEqual(zod.data);
    expect(JSON.stringify(quick)).toBe(JSON.stringify(zod.data));
  }
  const checked = validateEntry(input);
  expect(checked.success).toBe(zod.success);
  if (checked.success) expect(checked.data).toStrictEqual(zod.data);
  else expect(checked.issues).toEqual(zod.error!.issues);
}

/** Values near the schema's edges. */
const EDGES: unknown[] = [
  '',
  ' ',
  'paper',
  'dataset',
  'open',
  'deadline',
  'header',
  'a-b-1',
  'A-b',
  'file.txt:12',
  'file.txt:',
  'https://example.org/x',
  ' https://example.org/x',
  'https://example.org/x\n',
  'https://example.org/x ',
  ' https://example.org',
  'https://exa\tmple.org',
  'http://',
  'a:b',
  'not a url',
  '2026-05-25T23:59:59-12:00',
  '2026-05-25T23:59:59Z',
  '2026-05-25 23:59',
  1899,
  1900,
  2026,
  2200.5,
  2201,
  Number.NaN,
  true,
  undefined,
  null,
  {},
  [],
  { a: 'b' },
  { a: 1 },
];
/** Each edge value alone and as a one-item list (tags, links, sources …). */
const CANDIDATES: unknown[] = [...EDGES, ...EDGES.map((v) => [v])];

const value = fc.oneof(
  { arbitrary: fc.anything(), weight: 1 },
  { arbitrary: fc.constantFrom(...CANDIDATES), weight: 4 },
  { arbitrary: fc.array(fc.constantFrom(...EDGES)), weight: 1 },
  { arbitrary: fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer())), weight: 1 },
);

type Mutation = { at: 'entry' | 'milestone' | 'deadline'; key: string; value: unknown } | { at: 'delete'; key: string };
const ENTRY_KEYS = [
  'id',
  'kind',
  'title',
  'acronym',
  'tags',
  'venue',
  'year',
  'access',
  'accessLabel',
  'details',
  'deadline',
  'milestones',
  'links',
  'descriptions',
  'setAside',
  'sources',
  'extra',
];
const MILESTONE_KEYS = ['type', 'label', 'at', 'end', 'allDay', 'zone', 'zoneLabel', 'zoneAssumed', 'timeAssumed', 'yearAssumed', 'wording', 'place', 'localTo', 'from', 'extra'];
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ at: fc.constant('entry' as const), key: fc.constantFrom(...ENTRY_KEYS), value }),
  fc.record({ at: fc.constantFrom('milestone' as const, 'deadline' as const), key: fc.constantFrom(...MILESTONE_KEYS), value }),
  fc.record({ at: fc.constant('delete' as const), key: fc.constantFrom(...ENTRY_KEYS) }),
);

function mutated(index: number, mutations: Mutation[]): unknown {
  const entry = structuredClone(entries[index % entries.length]!) as Record<string, unknown>;
  for (const m of mutations) {
    if (m.at === 'delete') delete entry[m.key];
    else if (m.at === 'entry') entry[m.key] = m.value;
    else {
      const target = m.at === 'deadline' ? entry.deadline : (entry.milestones as unknown[] | undefined)?.[0];
      if (target && typeof target === 'object') (target as Record<string, unknown>)[m.key] = m.value;
    }
  }
  return entry;
}

describe('the hand check of an entry (zod loaded only when it cannot tell)', () => {
  it('passes every bundled entry exactly as zod parses it', () => {
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      expect(quickEntry(entry)).toBeDefined();
      expectSameAsZod(entry);
    }
  });

  it('agrees with zod on every field set to every edge value', () => {
    for (const key of ENTRY_KEYS) {
      for (const v of CANDIDATES) expectSameAsZod(mutated(0, [{ at: 'entry', key, value: v }]));
      expectSameAsZod(mutated(0, [{ at: 'delete', key }]));
    }
    const dated = entries.findIndex((e) => e.deadline && e.milestones.length > 0);
    for (const key of MILESTONE_KEYS) {
      for (const v of CANDIDATES) {
        expectSameAsZod(mutated(dated, [{ at: 'milestone', key, value: v }]));
        expectSameAsZod(mutated(dated, [{ at: 'deadline', key, value: v }]));
      }
    }
  });

  it('passes nothing zod refuses, and returns what zod returns (keys in its order)', () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 3 }), (index, mutations) => {
        expectSameAsZod(mutated(index, mutations));
      }),
      { numRuns: 3000 },
    );
  });

  it('leaves the wording of an invalid entry to zod', () => {
    const entry = { ...entries[0]!, links: ['not a url'], id: 'Bad Id' };
    const checked = validateEntry(entry);
    expect(checked.success).toBe(false);
    if (!checked.success)
      expect(checked.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(
        entrySchema()
          .safeParse(entry)
          .error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
      );
  });
});
