/**
 * `npm run --silent ask -- [--now ISO] [--lang zh|en] [--seeds DIR] [--json|--jsonl] "<message>"`
 * One message → the rendered reply (or its JSON). With --jsonl: one message per stdin
 * line (split on \n only; CRLF tolerated), one JSON reply per stdout line, in order; logs go to stderr only.
 */
import { replyJson } from '../adapters/console/json.js';
import { renderText } from '../adapters/console/render.js';
import { createBot } from '../app/bot.js';
import { CliError, parseCli, runCli } from '../src/cli/args.js';
import { inputLines } from '../src/cli/lines.js';

await runCli(async () => {
  const options = parseCli(process.argv.slice(2));
  const log = (message: string, error?: unknown) => process.stderr.write(`${message}${error ? `: ${String(error)}` : ''}\n`);
  const { engine } = createBot({ ...options, log, flood: false });
  // The command line is the user's own place: they manage it (no store, so no subscriptions).
  const actor = { id: 'cli', canManage: async () => true };
  const place = { address: 'console:cli', platform: 'console', group: false };
  const ask = async (text: string) => {
    const outcome = await engine.handle({ type: 'text', text }, actor, place);
    if (outcome.type !== 'reply') throw new Error(`no reply to ${JSON.stringify(text)}`);
    return outcome.reply;
  };
  if (options.jsonl) {
    for await (const line of inputLines(process.stdin)) {
      process.stdout.write(`${JSON.stringify(replyJson(await ask(line)))}\n`);
    }
    return 0;
  }
  if (!options.message.trim() && process.stdin.isTTY !== false && !options.json) {
    throw new CliError('ask needs a message, e.g. npm run --silent ask -- "EMNLP 什么时候截止"');
  }
  const reply = await ask(options.message);
  process.stdout.write(options.json ? `${JSON.stringify(replyJson(reply))}\n` : `${renderText(reply)}\n`);
  return 0;
});
