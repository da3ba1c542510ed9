import { answerQuestion, asksMore, questionFor, searchReply } from '../src/bot/answers.js';
import type { CommandDefinition } from '../src/bot/types.js';
import { queryOption } from './options.js';

/** "/dataset 开放", "open datasets", "CBLUE 要申请吗": access is a filter or a yes/no, never a search word (src/question/). */
export const dataset: CommandDefinition = {
  name: 'dataset',
  description: { en: 'Find datasets and models, with how to get access', zh: '查找数据集与模型,并说明如何获取' },
  aliases: ['datasets', 'data', '数据集'],
  routes: ['dataset'],
  suggests: { kinds: ['dataset'] },
  options: [queryOption(true)],
  examples: { en: ['/dataset MIMIC-IV-Note', '/dataset chest x-ray'], zh: ['/dataset 中文医学问答', '/dataset 开放'] },
  handler: (args, ctx) => {
    const q = questionFor('dataset', args, ctx);
    return q.topic || asksMore(q) ? answerQuestion(q, 'dataset', ctx) : searchReply('dataset', ['dataset'], args, ctx, { access: true });
  },
};
