/**
 * Whether a lowercase Latin word is an English word (word-list: ~274k words with their
 * inflections, MIT). Search reads it to tell a typo from a real word the catalog lacks:
 * "segmentaton" is no word, so it is matched fuzzily; "protein" is one, so it is not read as
 * "proven" two edits away, and a question about protein folding finds nothing rather than
 * papers that "have proven" something.
 *
 * `npm run build` writes the list sorted in code-unit order, one word a line
 * (dist/english-words.txt, scripts/build-prebuilt.ts): it is read once (~2 ms, ~3 MB as one
 * string) on the first word the catalog does not have, with the lines' offsets in one typed array, and looked
 * up by binary search (no array of 274k strings). From the sources (tsx) or without that file
 * the list is sorted from word-list's file, the same way (`sortedWords`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import wordListPath from 'word-list';
import { PROJECT_ROOT } from '../paths.js';

/** Where `npm run build` writes the sorted list. */
export const ENGLISH_WORDS_FILE = join(PROJECT_ROOT, 'dist', 'english-words.txt');

/** word-list's words, lowercase ASCII, sorted in code-unit order, one a line, with a final newline. */
export function sortedWords(): string {
  const words = readFileSync(wordListPath, 'latin1')
    .split('\n')
    .map((w) => w.trim())
    .filter((w) => /^[a-z]+$/.test(w));
  words.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `${words.join('\n')}\n`;
}

interface WordList {
  text: string;
  /** Where each line starts in `text` (the last entry: text.length). */
  starts: Uint32Array;
}

let list: WordList | undefined;

function wordList(): WordList {
  if (!list) {
    let text = existsSync(ENGLISH_WORDS_FILE) ? readFileSync(ENGLISH_WORDS_FILE, 'latin1') : sortedWords();
    if (!text.endsWith('\n')) text += '\n';
    const offsets: number[] = [0];
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) offsets.push(at + 1);
    list = { text, starts: Uint32Array.from(offsets) };
  }
  return list;
}

/** Whether `word` (lowercase) is in the list (binary search over the sorted lines). */
export function isEnglishWord(word: string): boolean {
  if (!/^[a-z]+$/.test(word)) return false;
  const { text, starts } = wordList();
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const line = text.slice(starts[mid]!, starts[mid + 1]! - 1);
    if (line === word) return true;
    if (line < word) lo = mid + 1;
    else hi = mid;
  }
  return false;
}
