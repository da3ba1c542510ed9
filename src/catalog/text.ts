/** Text clean-up shared by the parser, the index and the router. */

const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
// C0/C1 control characters except tab; tabs become spaces.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
const HYPHENS = /[\u2010-\u2015\u2212\uFE63\uFF0D]/g;

/** Remove what a reader cannot see and a parser should not trip on. */
export function cleanLine(raw: string): string {
  return raw
    .replace(INVISIBLE, '')
    .replace(/\t/g, ' ')
    .replace(CONTROL, '')
    .replace(/\u00A0|\u3000/g, ' ')
    .replace(HYPHENS, '-')
    .trim();
}

/** The key two titles are compared by: width, case, punctuation variants and spacing folded. */
export function titleKey(title: string): string {
  return title
    .normalize('NFKC')
    .toLowerCase()
    .replace(HYPHENS, '-')
    .replace(/\s+/g, ' ')
    .replace(/ ?([:?!,()]) ?/g, '$1')
    .trim();
}

const HAN = /\p{Script=Han}/u;

export function hasHan(text: string): boolean {
  return HAN.test(text);
}
