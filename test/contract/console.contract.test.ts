/** The console against the contract: lines typed into its receiver, the printed replies read back. */
import { PassThrough } from 'node:stream';
import { COMMANDS } from '../../commands/index.js';
import type { Lang } from '../../src/bot/reply.js';
import { platformModule } from '../../adapters/console/module.js';
import type { ConsoleReceiver } from '../../adapters/console/receiver.js';
import { systemClock } from '../../src/clock.js';
import { adapterContract, type Transcript } from './adapter-contract.js';
import { openContractEngine } from './engine-for-tests.js';

/** The console shows titles as "N. [kind] title" lines. */
function transcript(text: string): Transcript {
  const titles = [...text.matchAll(/^\d+\. \[[^\]]+\] (.+)$/gm)].map((m) => m[1]!);
  return { text, titles };
}

/** "/name value key=value…": how a console user types a command (its first declared option bare, the others named). */
function line(name: string, args: Record<string, string | undefined>): string {
  const first = COMMANDS.find((c) => c.name === name)?.options[0]?.name;
  const bare = first ? args[first] : undefined;
  const named = Object.entries(args)
    .filter(([k, v]) => k !== first && v !== undefined)
    .map(([k, v]) => `${k}=${v}`);
  return [`/${name}`, ...(bare ? [bare] : []), ...named].join(' ');
}

adapterContract('console', async () => {
  const contract = await openContractEngine();
  const input = new PassThrough();
  const output = new PassThrough();
  const printed: string[] = [];
  let waiting: (() => void) | undefined;
  output.on('data', (chunk) => {
    printed.push(String(chunk));
    waiting?.();
  });
  let lang: Lang = 'en';
  let manager = true;
  const receiver = platformModule.createReceiver({ input, output, locale: () => lang, canManage: async () => manager }, { log: () => {}, clock: systemClock }) as ConsoleReceiver;
  await receiver.start(contract.engine);

  /** Type a line; resolves with the reply block (each reply is one write ending in a blank line). */
  const type = (text: string, l: Lang = lang): Promise<Transcript> => {
    lang = l;
    printed.length = 0;
    const shown = new Promise<Transcript>((resolve) => {
      waiting = () => {
        waiting = undefined;
        resolve(transcript(printed.join('').trimEnd()));
      };
    });
    input.write(`${text}\n`);
    return shown;
  };

  return {
    contract,
    freeText: true,
    commandNames: async () => {
      // The console's menu is /help, generated from the declarations.
      const help = await type('/help');
      return COMMANDS.filter((c) => help.text.includes(`/${c.name}:`)).map((c) => c.name);
    },
    ask: (text, l) => type(text, l),
    command: (name, args, l) => type(line(name, args), l),
    nextPage: () => type('more'),
    // The terminal has one user and the bot never writes into it: nothing of the bot's own arrives.
    fromSelf: async () => undefined,
    setManager: (granted) => {
      manager = granted;
    },
    // The console has no groups: its one place is where rights are asked.
    commandInGroup: (name, args, l) => type(line(name, args), l),
    close: async () => {
      input.end();
      await receiver.stop();
      await contract.close();
    },
  };
});
