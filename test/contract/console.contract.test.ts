import { PassThrough } from 'node:stream';
import { ConsoleAdapter } from '../../adapters/console/console-adapter.js';
import { COMMANDS } from '../../commands/index.js';
import type { Lang } from '../../src/bot/types.js';
import { makeBot } from '../helpers.js';
import { adapterContract, type Transcript } from './adapter-contract.js';

/** The console shows titles as "N. [kind] title" lines. */
function transcript(text: string): Transcript {
  const titles = [...text.matchAll(/^\d+\. \[[^\]]+\] (.+)$/gm)].map((m) => m[1]!);
  return { text, titles };
}

adapterContract('console', async () => {
  const input = new PassThrough();
  const output = new PassThrough();
  let buffer = '';
  output.on('data', (chunk) => (buffer += String(chunk)));
  const core = makeBot();
  const adapter = new ConsoleAdapter({ input, output });
  let lang: Lang = 'en';
  await adapter.start((request) => core.handle({ ...request, locale: lang }));

  /** Type a line and wait for the reply block (replies end with a blank line). */
  const type = async (line: string): Promise<Transcript> => {
    buffer = '';
    input.write(`${line}\n`);
    for (let i = 0; i < 200 && !buffer.endsWith('\n\n'); i++) await new Promise((r) => setTimeout(r, 5));
    return transcript(buffer.trimEnd());
  };

  return {
    core,
    freeText: true,
    commandNames: async () => {
      // The console's menu is /help, generated from the declarations.
      const help = await type('/help');
      return COMMANDS.filter((c) => help.text.includes(`/${c.name}:`)).map((c) => c.name);
    },
    ask: (text, l) => {
      lang = l;
      return type(text);
    },
    command: (name, query, l) => {
      lang = l;
      return type(`/${name}${query ? ` ${query}` : ''}`);
    },
    nextPage: () => type('more'),
    fromSelf: async (text) => {
      // The console has one user; a message marked as the bot's own gets no reply.
      const reply = core.handle({ platform: 'console', conversation: 'console:local', text, fromSelf: true });
      return reply ? transcript(String(reply.text)) : undefined;
    },
    close: async () => {
      input.end();
      await adapter.stop();
    },
  };
});
