import { answerQuestion, asksMore, questionFor, searchReply } from '../src/bot/answers.js';
import type { CommandDefinition } from '../src/bot/types.js';
import { queryOption } from './options.js';

export const paper: CommandDefinition = {
  name: 'paper',
  description: { en: 'Find papers by topic, title or name', zh: '按主题、标题或名称查找论文' },
  aliases: ['papers', '论文'],
  routes: ['paper'],
  suggests: { kinds: ['paper'] },
  options: [queryOption(true)],
  examples: { en: ['/paper ECG', '/paper mental health'], zh: ['/paper 病理', '/paper 心理健康'] },
  handler: (args, ctx) => {
    const q = questionFor('paper', args, ctx);
    return q.topic || asksMore(q) ? answerQuestion(q, 'paper', ctx) : searchReply('paper', ['paper'], args, ctx);
  },
};
