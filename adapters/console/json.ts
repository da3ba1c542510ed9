/** The reply object of the CLI contract (`ask --json`, `--jsonl`). */
import type { Reply } from '../../src/bot/types.js';
import { renderText } from './render.js';

export interface ReplyJson {
  intent: string;
  lang: string;
  items: Array<{
    id: string;
    kind: string;
    title: string;
    tags: string[];
    access?: string;
    deadline?: string;
    milestones?: unknown[];
    links?: string[];
  }>;
  paging?: { page: number; pages: number; total: number };
  text: string;
}

export function replyJson(reply: Reply): ReplyJson {
  return {
    intent: reply.intent,
    lang: reply.lang,
    items: reply.items.map((i) => ({
      id: i.id,
      kind: i.kind,
      title: i.title,
      tags: i.tags,
      ...(i.access ? { access: i.access } : {}),
      ...(i.deadline ? { deadline: i.deadline } : {}),
      ...(i.milestones ? { milestones: i.milestones } : {}),
      ...(i.links ? { links: i.links } : {}),
    })),
    ...(reply.paging ? { paging: { page: reply.paging.page, pages: reply.paging.pages, total: reply.paging.total } } : {}),
    text: renderText(reply),
  };
}
