/**
 * Traditional → simplified Chinese (opencc-js, Taiwan and Hong Kong character variants;
 * no phrase rewriting, so 影像 stays 影像 as the catalog writes it), applied to what a user types before anything else reads it: 論文 → 论文,
 * 截稿 stays 截稿, 醫學影像 → 医学影像. Text without Han characters is returned as is,
 * and the conversion tables are loaded on the first Han text (a synchronous require of
 * opencc-js's UMD build), so a process that never sees Chinese never pays for them.
 *
 * `npm run build` also writes the characters any conversion starts at (dist/simplify-table.json,
 * scripts/build-prebuilt.ts): text with none of them is already simplified, so a start whose
 * first messages are simplified Chinese never loads the tables (~40 ms) either.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PROJECT_ROOT } from '../paths.js';

type Convert = (text: string) => string;
type DictTree = string | readonly DictTree[] | { readonly [key: string]: DictTree };
interface OpenCC {
  Converter(options: { from: string; to: string }): Convert;
  Locale: { configs?: Record<string, DictTree>; from: Record<string, DictTree>; to: Record<string, DictTree> };
}

export const SIMPLIFY_TABLE_FILE = join(PROJECT_ROOT, 'dist', 'simplify-table.json');

const require = createRequire(import.meta.url);
const openccModule = () => require('opencc-js/t2cn') as OpenCC;

let convert: Convert | undefined;

function converter(): Convert {
  if (!convert) {
    const opencc = openccModule();
    const fromTaiwan = opencc.Converter({ from: 'tw', to: 'cn' });
    const fromHongKong = opencc.Converter({ from: 'hk', to: 'cn' });
    convert = (text) => fromHongKong(fromTaiwan(text));
  }
  return convert;
}

/** The installed opencc-js version (the table is valid only for the dictionaries it was made of). */
function openccVersion(): string {
  const main = require.resolve('opencc-js/t2cn');
  return (JSON.parse(readFileSync(join(dirname(main), '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
}

export interface SimplifyTable {
  opencc: string;
  /** Every character at which a conversion may change the text (see buildSimplifyTable). */
  starts: string;
}

/**
 * The characters at which a conversion can change text: the first character of every key of
 * the Taiwan and Hong Kong conversions' dictionaries whose replacement differs from it. opencc
 * copies what no key matches and replaces a matched key by its value, so text with none of
 * them comes out as it went in.
 */
export function buildSimplifyTable(): SimplifyTable {
  const { Locale } = openccModule();
  const starts = new Set<string>();
  const add = (key: string, value: string | undefined) => {
    const first = key.codePointAt(0);
    if (first !== undefined && value !== key) starts.add(String.fromCodePoint(first));
  };
  const walk = (tree: DictTree | undefined): void => {
    if (tree === undefined) return;
    if (typeof tree === 'string') {
      // A serialized dictionary: "key value|key value".
      for (const pair of tree.split('|')) {
        const [key = '', value] = pair.split(' ');
        add(key, value);
      }
      return;
    }
    if (Array.isArray(tree)) {
      // A [key, value] pair (a key holds no space), or a list of dictionaries or groups.
      if (tree.length === 2 && typeof tree[0] === 'string' && typeof tree[1] === 'string' && !tree[0].includes(' ')) add(tree[0], tree[1]);
      else for (const t of tree) walk(t);
      return;
    }
    // A config: its segmentation only cuts the text into pieces, it replaces nothing.
    for (const [name, t] of Object.entries(tree)) if (name !== 'segmentation') walk(t);
  };
  for (const from of ['tw', 'hk']) {
    walk(Locale.configs?.[`${from}2s`]);
    walk(Locale.from[from]);
  }
  walk(Locale.to.cn);
  return { opencc: openccVersion(), starts: [...starts].sort().join('') };
}

/** The start characters from the build's table, or null when there is none for this opencc-js. */
let starts: Set<number> | null | undefined;

function startSet(): Set<number> | null {
  if (starts === undefined) {
    starts = null;
    try {
      const table = JSON.parse(readFileSync(SIMPLIFY_TABLE_FILE, 'utf8')) as SimplifyTable;
      if (typeof table.starts === 'string' && table.starts && table.opencc === openccVersion()) {
        starts = new Set([...table.starts].map((c) => c.codePointAt(0)!));
      }
    } catch {
      // No table (running from sources before a build): every Han text is converted.
    }
  }
  return starts;
}

/** True when some character of `text` may be converted (always, without the build's table). */
function mayConvert(text: string): boolean {
  const set = startSet();
  if (!set) return true;
  for (let i = 0; i < text.length; i++) {
    const c = text.codePointAt(i)!;
    if (c > 0xffff) i++;
    if (set.has(c)) return true;
  }
  return false;
}

const HAN = /\p{Script=Han}/u;

export function toSimplified(text: string): string {
  return HAN.test(text) && mayConvert(text) ? converter()(text) : text;
}
