import { answerQuestion, asksMore, questionFor, searchReply } from '../src/bot/answers.js';
import type { CommandDefinition } from '../src/bot/types.js';
import { queryOption } from './options.js';

export const search: CommandDefinition = {
  name: 'search',
  description: { en: 'Search the whole catalog (papers, datasets, competitions, calls, courses)', zh: '搜索全部目录(论文、数据集、竞赛、征稿、课程)' },
  aliases: ['s', 'find', '搜索'],
  routes: ['search'],
  suggests: {},
  options: [queryOption(true)],
  examples: { en: ['/search pathology segmentation', '/search doctor r1'], zh: ['/search 病理 分割', '/search 心电'] },
  handler: (args, ctx) => {
    const q = questionFor('search', args, ctx);
    // "any courses?" names a kind and nothing else: the entries of that kind, not a text search.
    return q.topic || asksMore(q) || q.filters.kinds?.length ? answerQuestion(q, 'search', ctx) : searchReply('search', undefined, args, ctx);
  },
};
