/**
 * The console's receiver: a chat in the terminal. Each line goes to the engine as typed
 * text ("more", "page:2" and commands are the engine's to read); only "quit" / "exit" /
 * "退出" and the end of input (Ctrl-D) are the console's own: they end the chat and close
 * the input, so nothing keeps the process alive.
 */
import { createInterface, type Interface } from 'node:readline';
import type { Actor, Place } from '../../src/engine/types.js';
import type { EngineAccess } from '../../src/engine/access.js';
import type { Receiver } from '../../src/platform.js';
import type { ConsoleConfig } from './config.js';
import { CONSOLE_ADDRESS, CONSOLE_TOKEN_BYTES } from './limits.js';
import { renderText } from './render.js';

const QUIT = /^(?:quit|exit|\/quit|\/exit|退出)$/i;

const PLACE: Place = { address: CONSOLE_ADDRESS, platform: 'console', group: false, pageTokenBytes: CONSOLE_TOKEN_BYTES };

export class ConsoleReceiver implements Receiver {
  readonly platform = 'console';
  private rl: Interface | undefined;
  private done: Promise<void> = Promise.resolve();

  constructor(private readonly config: ConsoleConfig) {}

  async start(engine: EngineAccess): Promise<void> {
    const { input, output, prompt } = this.config;
    const rl = createInterface({ input, terminal: false });
    this.rl = rl;
    const ask = () => prompt && output.write(prompt);
    ask();
    this.done = (async () => {
      try {
        for await (const line of rl) {
          const text = line.trim();
          if (QUIT.test(text)) break;
          const locale = this.config.locale?.();
          // The console's one user manages its own place (subscriptions print here), which is also where it is written to privately;
          // it is the operator, so a file of questions piped in is answered whole (no flood limit).
          const actor: Actor = {
            id: 'console',
            operator: true,
            ...(locale ? { locale } : {}),
            directAddress: CONSOLE_ADDRESS,
            canManage: this.config.canManage ?? (async () => true),
          };
          const outcome = await engine.handle({ type: 'text', text }, actor, PLACE);
          if (outcome.type === 'reply') output.write(`${renderText(outcome.reply)}\n\n`);
          ask();
        }
      } finally {
        // Leaving a `for await` over readline does not close it (Node 20): stdin would keep
        // flowing and hold the process after "quit". Closing it pauses stdin.
        rl.close();
      }
    })();
  }

  /** Resolves when the input ends (or the user quits). */
  finished(): Promise<void> {
    return this.done;
  }

  async stop(): Promise<void> {
    this.rl?.close();
    await this.done;
  }
}
