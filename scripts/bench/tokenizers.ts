/**
 * `npm run bench:tokenizers`: the measurement behind the Chinese tokenization choice
 * (DESIGN.md, Search). The same minisearch setup (title ×3, tags ×2, descriptions, prefix
 * search) is run with each tokenizer over the relevance set (queries read as simplified
 * Chinese first, as CatalogSearch does); hit@5 per class, index build time and, for
 * jieba, its start cost (loading the module and its dictionary, adding the catalog's
 * names and the glossary's terms) are printed. No glossary expansion, no exact-name tier,
 * no precision cut: tokenizers alone. Latin text goes through the project's tokenizer in
 * every row but the minisearch default, so only the treatment of Chinese differs.
 */
import { readFileSync } from 'node:fs';
import MiniSearch from 'minisearch';
import { loadCatalog } from '../../src/catalog/load.js';
import { BUNDLED_SEEDS, GLOSSARY_FILE, PROJECT_ROOT } from '../../src/paths.js';
import { tokenize as bigrams } from '../../src/search/tokenize.js';
import { toSimplified } from '../../src/text/simplify.js';

const catalog = loadCatalog(BUNDLED_SEEDS);
const queries = JSON.parse(readFileSync(`${PROJECT_ROOT}/test/relevance/queries.json`, 'utf8')) as Array<{ q: string; class: string; expect: string[] }>;
const glossary = JSON.parse(readFileSync(GLOSSARY_FILE, 'utf8')) as { concepts: Array<{ zh: string[]; en: string[] }> };
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

// jieba's start cost, measured in this fresh process: module, default dictionary, our words.
let started = performance.now();
const { Jieba } = await import('@node-rs/jieba');
const { dict } = await import('@node-rs/jieba/dict.js');
const importMs = performance.now() - started;
started = performance.now();
const plain = Jieba.withDict(dict);
const dictMs = performance.now() - started;
started = performance.now();
const withOurs = Jieba.withDict(dict);
const ours = new Set<string>();
for (const c of glossary.concepts) for (const t of c.zh) if (/^\p{Script=Han}+$/u.test(t)) ours.add(t);
for (const e of catalog.entries) {
  for (const name of [e.acronym ?? '', ...e.tags, e.title.split(/[::]/)[0]!]) {
    for (const run of name.match(/\p{Script=Han}{2,}/gu) ?? []) if (run.length <= 8) ours.add(run);
  }
}
withOurs.loadDict(Buffer.from([...ours].map((w) => `${w} 20000 n`).join('\n')));
const userDictMs = performance.now() - started;
console.log(
  `jieba start: import ${importMs.toFixed(0)} ms, default dictionary ${dictMs.toFixed(0)} ms, + ${ours.size} catalog/glossary words ${userDictMs.toFixed(0)} ms (incl. a second default dictionary)`,
);

const HAN_RUN = /(\p{Script=Han}+)|([^\p{Script=Han}]+)/gu;
/** Han runs through `cut`, everything else through the project's tokenizer. */
function mixed(cut: (run: string) => string[]): (text: string) => string[] {
  return (text) => {
    const out: string[] = [];
    for (const m of text.matchAll(HAN_RUN)) {
      if (m[1]) for (const w of cut(m[1])) out.push(w);
      else out.push(...bigrams(m[2]!));
    }
    return out;
  };
}

const TOKENIZERS: Record<string, (text: string) => string[]> = {
  'minisearch default': (text) =>
    text
      .toLowerCase()
      .split(/[\s\p{P}]+/u)
      .filter(Boolean),
  'Intl.Segmenter (zh)': mixed((run) => [...segmenter.segment(run)].filter((s) => s.isWordLike).map((s) => s.segment)),
  'jieba, default dictionary': mixed((run) => plain.cut(run, true)),
  'jieba + catalog names & glossary': mixed((run) => withOurs.cut(run, true)),
  'jieba search mode + names & glossary': mixed((run) => withOurs.cutForSearch(run, true)),
  'Han bigrams + Latin words (chosen)': bigrams,
};

const docs = catalog.entries.map((e, id) => ({ id, title: e.title, tags: e.tags.join(' '), text: e.descriptions.join(' ') }));
const classes = [...new Set(queries.map((q) => q.class))];
console.log(`| tokenizer | ${classes.join(' | ')} | all | build (${docs.length} entries) | per query |`);
console.log(`|---|${classes.map(() => '---|').join('')}---|---|---|`);
for (const [name, tokenize] of Object.entries(TOKENIZERS)) {
  started = performance.now();
  const index = new MiniSearch({ fields: ['title', 'tags', 'text'], tokenize, searchOptions: { boost: { title: 3, tags: 2 }, prefix: true } });
  index.addAll(docs);
  const buildMs = performance.now() - started;
  const perClass = new Map<string, [number, number]>();
  let hits = 0;
  for (const q of queries) index.search(toSimplified(q.q)); // warm-up
  started = performance.now();
  for (const q of queries) {
    const titles = index
      .search(toSimplified(q.q))
      .slice(0, 5)
      .map((r) => catalog.entries[r.id as number]!.title);
    const hit = q.expect.some((e) => titles.some((t) => t.includes(e)));
    const c = perClass.get(q.class) ?? [0, 0];
    perClass.set(q.class, [c[0] + (hit ? 1 : 0), c[1] + 1]);
    if (hit) hits++;
  }
  const queryMs = (performance.now() - started) / queries.length;
  const cells = classes.map((c) => {
    const [h, n] = perClass.get(c) ?? [0, 1];
    return (h / n).toFixed(2);
  });
  console.log(`| ${name} | ${cells.join(' | ')} | ${(hits / queries.length).toFixed(2)} | ${buildMs.toFixed(0)} ms | ${queryMs.toFixed(2)} ms |`);
}
