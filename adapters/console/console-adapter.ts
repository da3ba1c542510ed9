/**
 * The console adapter: a chat in the terminal (the default when no platform token is
 * set). Input and output streams are injectable, so tests drive it like a user. Every
 * line goes to the core as typed ("more", "page:2" and commands are the core's to read);
 * only "quit" / "exit" / "退出" and the end of input (Ctrl-D) are the console's own: they
 * end the chat and close the input, so nothing keeps the process alive.
 */
import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Adapter, Dispatch, SentMessage } from '../../src/adapter.js';
import type { Reply } from '../../src/bot/types.js';
import { renderText } from './render.js';

const QUIT = /^(?:quit|exit|\/quit|\/exit|退出)$/i;
const CONVERSATION = 'console:local';

export interface ConsoleOptions {
  input: Readable;
  output: Writable;
  /** Shown before each line when the input is a terminal. */
  prompt?: string;
}

export class ConsoleAdapter implements Adapter {
  readonly platform = 'console';
  private rl: Interface | undefined;
  private sent = 0;
  private done: Promise<void> = Promise.resolve();

  constructor(private readonly options: ConsoleOptions) {}

  async start(dispatch: Dispatch): Promise<void> {
    const rl = createInterface({ input: this.options.input, terminal: false });
    this.rl = rl;
    const prompt = () => this.options.prompt && this.options.output.write(this.options.prompt);
    prompt();
    this.done = (async () => {
      try {
        for await (const line of rl) {
          const text = line.trim();
          if (QUIT.test(text)) break;
          const reply = await dispatch({ platform: 'console', conversation: CONVERSATION, user: 'console', text });
          if (reply) await this.send(CONVERSATION, reply);
          prompt();
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

  async send(_conversation: string, reply: Reply): Promise<SentMessage> {
    this.options.output.write(`${renderText(reply)}\n\n`);
    this.sent += 1;
    return { messageId: String(this.sent) };
  }
}
