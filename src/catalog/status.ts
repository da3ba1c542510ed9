/**
 * A competition's status as the source wrote it ("报名入口公开,赛程未来阶段仍开放(2026-05-03 核验)"):
 * the date it was checked, the language it is written in, and whether it reads as open.
 * A status is a fact about the day it was checked, never about today.
 */
import { hasHan } from './text.js';

export interface StatusNote {
  /** The status as written, check date included. */
  text: string;
  /** The status without its check-date note ("报名入口公开,赛程未来阶段仍开放"). */
  bare: string;
  /** The day it was checked, yyyy-MM-dd, when the source says. */
  checked?: string;
  lang: 'zh' | 'en';
  /** It says registration or the competition is open / ongoing. */
  readsOpen: boolean;
}

const CHECK_NOTE = [
  /\s*[((]\s*(\d{4}-\d{2}-\d{2})\s*(?:核验|核实|更新|verified|checked)\s*[))]\s*/i,
  /\s*[((]?\s*(?:as of|verified on|checked on|截至|截止到)\s*(\d{4}-\d{2}-\d{2})\s*[))]?\s*/i,
];
const OPEN = /开放|公开|报名中|进行中|接受|(?<![\w-])(?:open|accepting|ongoing|underway|live)(?![\w-])/i;
const CLOSED = /关闭|已结束|已截止|(?<![\w-])(?:closed|ended|over)(?![\w-])/i;

export function readStatus(text: string): StatusNote {
  let bare = text.trim();
  let checked: string | undefined;
  for (const re of CHECK_NOTE) {
    const m = re.exec(bare);
    if (m) {
      checked = m[1];
      bare = `${bare.slice(0, m.index)} ${bare.slice(m.index + m[0].length)}`.trim();
      break;
    }
  }
  return {
    text: text.trim(),
    bare,
    ...(checked ? { checked } : {}),
    lang: hasHan(bare) ? 'zh' : 'en',
    readsOpen: OPEN.test(bare) && !CLOSED.test(bare),
  };
}
