/** `npm start`: the bot (see app/main.ts for what runs and in which order). */
import { main } from '../app/main.js';
import { parseCli, runCli } from '../src/cli/args.js';

await runCli(() => main(parseCli(process.argv.slice(2))));
