/** What a question was understood to ask, said back in the reply's heading ("6 月截止的征稿与竞赛"). */
import type { Kind } from '../catalog/schema.js';
import type { Question } from './types.js';
import type { Region } from '../time/zones.js';

const KINDS: Record<Kind, { zh: string; en: string }> = {
  paper: { zh: '论文', en: 'papers' },
  dataset: { zh: '数据集', en: 'datasets' },
  competition: { zh: '竞赛', en: 'competitions' },
  cfp: { zh: '征稿', en: 'calls for papers' },
  course: { zh: '课程', en: 'courses' },
  other: { zh: '其他条目', en: 'other entries' },
};

const REGIONS: Record<Region, { zh: string; en: string }> = {
  asia: { zh: '亚洲', en: 'Asia' },
  europe: { zh: '欧洲', en: 'Europe' },
  americas: { zh: '美洲', en: 'the Americas' },
  africa: { zh: '非洲', en: 'Africa' },
  oceania: { zh: '大洋洲', en: 'Oceania' },
};

/** A continent's name ("亚洲", "Asia"). */
export function regionName(region: Region, lang: 'zh' | 'en'): string {
  return REGIONS[region][lang];
}

const ACCESS = { open: { zh: '开放访问的', en: 'Open-access' }, apply: { zh: '需申请的', en: 'Apply-for-access' } };
const STATUS = { open: { zh: '仍开放的', en: 'still open' }, closed: { zh: '已截止的', en: 'closed' }, upcoming: { zh: '即将截止的', en: 'upcoming' } };

/** Whether the list is about deadlines (ordered soonest first). */
export function aboutDeadlines(q: Question): boolean {
  return q.intent === 'deadline' || Boolean(q.filters.window) || Boolean(q.filters.status) || q.shape === 'next';
}

export function describe(q: Question, lang: 'zh' | 'en'): string {
  const f = q.filters;
  const deadlines = aboutDeadlines(q);
  const kinds = f.kinds?.length ? f.kinds : deadlines ? (['cfp', 'competition'] as Kind[]) : undefined;
  if (lang === 'zh') {
    const what = kinds ? kinds.map((k) => KINDS[k].zh).join('与') : '条目';
    const parts = [
      f.window ? (f.held ? `会议在 ${f.window.label.zh}举行的` : `${f.window.label.zh}截止的`) : '',
      f.status ? STATUS[f.status].zh : '',
      f.region ? `在${REGIONS[f.region].zh}举办的` : '',
      f.access ? ACCESS[f.access].zh : '',
      f.hasCode ? '有代码的' : '',
      f.venue || f.year ? `${[f.venue, f.year].filter(Boolean).join(' ')} ` : '',
      q.topic ? `关于${f.anyOf ? f.anyOf.map((t) => `「${t}」`).join('或') : `「${q.topic}」`}的` : '',
      what,
      f.exclude ? `(不含「${f.exclude}」)` : '',
    ];
    return parts.join('');
  }
  const what = kinds ? kinds.map((k) => KINDS[k].en).join(' and ') : 'entries';
  const parts = [
    f.access ? ACCESS[f.access].en : '',
    f.status && f.status !== 'closed' ? STATUS[f.status].en : '',
    f.venue || f.year ? [f.venue, f.year].filter(Boolean).join(' ') : '',
    what,
    f.status === 'closed' ? 'that closed' : '',
    f.hasCode ? 'with code' : '',
    f.region ? `held in ${REGIONS[f.region].en}` : '',
    q.topic ? `about ${f.anyOf ? f.anyOf.map((t) => `"${t}"`).join(' or ') : `"${q.topic}"`}` : '',
    f.exclude ? `but not "${f.exclude}"` : '',
    f.window ? (f.held ? `with the conference held ${f.window.label.en}` : `closing ${f.window.label.en}`) : '',
  ].filter(Boolean);
  const text = parts.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
