/** Option declarations shared by several commands. */
import type { CommandOption } from '../src/bot/types.js';

export function queryOption(required: boolean): CommandOption {
  return {
    name: 'query',
    description: { en: 'Keywords, a title or a name (English or Chinese)', zh: '关键词、标题或名称(中英文均可)' },
    required,
    maxLength: 200,
    autocomplete: true,
  };
}
