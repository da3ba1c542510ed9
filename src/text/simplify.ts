/**
 * Traditional → simplified Chinese (opencc-js, Taiwan and Hong Kong character variants;
 * no phrase rewriting, so 影像 stays 影像 as the catalog writes it), applied to what a user types before anything else reads it: 論文 → 论文,
 * 截稿 stays 截稿, 醫學影像 → 医学影像. Text without Han characters is returned as is,
 * and the conversion tables are loaded on the first Han text (a synchronous require of
 * opencc-js's UMD build), so a process that never sees Chinese never pays for them.
 */
import { createRequire } from 'node:module';

type Convert = (text: string) => string;

let convert: Convert | undefined;

function converter(): Convert {
  if (!convert) {
    const require = createRequire(import.meta.url);
    const opencc = require('opencc-js/t2cn') as { Converter(options: { from: string; to: string }): Convert };
    const fromTaiwan = opencc.Converter({ from: 'tw', to: 'cn' });
    const fromHongKong = opencc.Converter({ from: 'hk', to: 'cn' });
    convert = (text) => fromHongKong(fromTaiwan(text));
  }
  return convert;
}

const HAN = /\p{Script=Han}/u;

export function toSimplified(text: string): string {
  return HAN.test(text) ? converter()(text) : text;
}
