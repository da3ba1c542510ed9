/**
 * `npm run bench:tokenizers`: the measurement behind the Chinese tokenization choice
 * (DESIGN.md). The same minisearch setup (title ×3, tags ×2, descriptions, prefix
 * search) is run with three tokenizers over the relevance set; hit@5 per class and
 * index build time are printed. No glossary, no exact-name tier: tokenizers alone.
 */
import { readFileSync } from 'node:fs';
import MiniSearch from 'minisearch';
import { loadCatalog } from '../../src/catalog/load.js';
import { BUNDLED_SEEDS, PROJECT_ROOT } from '../../src/paths.js';
import { tokenize as bigrams } from '../../src/search/tokenize.js';

const catalog = loadCatalog(BUNDLED_SEEDS);
const queries = JSON.parse(readFileSync(`${PROJECT_ROOT}/test/relevance/queries.json`, 'utf8')) as Array<{ q: string; class: string; expect: string[] }>;
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

const TOKENIZERS: Record<string, (text: string) => string[]> = {
  'minisearch default': (text) => text.toLowerCase().split(/[\s\p{P}]+/u).filter(Boolean),
  'Intl.Segmenter (zh)': (text) => [...segmenter.segment(text.toLowerCase())].filter((s) => s.isWordLike).map((s) => s.segment),
  'Han bigrams + Latin words (chosen)': bigrams,
};

const docs = catalog.entries.map((e, id) => ({ id, title: e.title, tags: e.tags.join(' '), text: e.descriptions.join(' ') }));
for (const [name, tokenize] of Object.entries(TOKENIZERS)) {
  const started = performance.now();
  const index = new MiniSearch({ fields: ['title', 'tags', 'text'], tokenize, searchOptions: { boost: { title: 3, tags: 2 }, prefix: true } });
  index.addAll(docs);
  const buildMs = performance.now() - started;
  const perClass = new Map<string, [number, number]>();
  for (const q of queries) {
    const titles = index.search(q.q).slice(0, 5).map((r) => catalog.entries[r.id as number]!.title);
    const hit = q.expect.some((e) => titles.some((t) => t.includes(e)));
    const c = perClass.get(q.class) ?? [0, 0];
    perClass.set(q.class, [c[0] + (hit ? 1 : 0), c[1] + 1]);
  }
  const cells = [...perClass].map(([c, [h, n]]) => `${c} ${(h / n).toFixed(2)}`).join(', ');
  console.log(`${name.padEnd(36)} build ${buildMs.toFixed(1)} ms; hit@5: ${cells}`);
}
