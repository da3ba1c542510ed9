import { listReply, searchReply } from '../src/bot/answers.js';
import type { CommandDefinition } from '../src/bot/types.js';
import { queryOption } from './options.js';

/** "/dataset 开放" or "open datasets": list by access instead of searching the word. */
const ACCESS_WORDS: Array<[RegExp, 'open' | 'apply']> = [
  [/^(?:开放|公开|免费|open|open access|free)$/i, 'open'],
  [/^(?:申请|需申请|受限|apply|restricted|credentialed)$/i, 'apply'],
];

export const dataset: CommandDefinition = {
  name: 'dataset',
  description: { en: 'Find datasets and models, with how to get access', zh: '查找数据集与模型,并说明如何获取' },
  aliases: ['datasets', 'data', '数据集'],
  options: [queryOption(true)],
  examples: { en: ['/dataset MIMIC-IV-Note', '/dataset chest x-ray'], zh: ['/dataset 中文医学问答', '/dataset 开放'] },
  handler: (args, ctx) => {
    const query = args.query?.trim() ?? '';
    const access = ACCESS_WORDS.find(([re]) => re.test(query))?.[1];
    if (access) {
      const entries = ctx.core.entries.filter((e) => e.kind === 'dataset' && e.access === access);
      return listReply({ intent: 'dataset', command: 'dataset', query, entries, args: { query }, item: { access: true } }, ctx);
    }
    return searchReply('dataset', ['dataset'], args, ctx, { access: true });
  },
};
