/** What of an entry is indexed, and in which of the two indexes. */
import type { Entry } from '../catalog/schema.js';
import { conceptToken, type Glossary } from './glossary.js';

/** Short fields: title, name, tags, venue, header details. Searched first. */
export interface HeadDoc {
  id: number;
  title: string;
  acronym: string;
  tags: string;
  venue: string;
  details: string;
  /** Words naming the kind in both languages, so "course" or "征稿" find the kind. */
  kind: string;
  concepts: string;
}

/** Long fields: the descriptions. Searched for what the head index does not find. */
export interface BodyDoc {
  id: number;
  text: string;
  concepts: string;
}

const KIND_WORDS: Record<Entry['kind'], string> = {
  paper: 'paper 论文',
  dataset: 'dataset data resource 数据集 数据资源',
  competition: 'competition challenge contest 竞赛 比赛 挑战赛',
  cfp: 'call for papers cfp 征稿 投稿',
  course: 'course mooc 课程',
  other: '',
};

export function headDoc(entry: Entry, id: number, glossary: Glossary): HeadDoc {
  const details = Object.entries(entry.details)
    .filter(([k]) => k !== 'header')
    .map(([, v]) => v)
    .concat(entry.details.modality ? [] : (entry.details.header ?? []))
    .join(' ');
  const tags = entry.tags.join(' ');
  const head = [entry.title, tags, entry.venue ?? '', details].join(' ');
  return {
    id,
    title: entry.title,
    acronym: entry.acronym ?? '',
    tags,
    venue: entry.venue ?? '',
    details,
    kind: KIND_WORDS[entry.kind],
    concepts: glossary.concepts(head).map(conceptToken).join(' '),
  };
}

export function bodyDoc(entry: Entry, id: number, glossary: Glossary): BodyDoc {
  const text = entry.descriptions.join('\n');
  return { id, text, concepts: glossary.concepts(text).map(conceptToken).join(' ') };
}
