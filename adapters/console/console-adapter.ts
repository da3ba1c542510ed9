/**
 * The console adapter: a chat in the terminal (the default when no platform token is
 * set). Input and output streams are injectable, so tests drive it like a user.
 * "more" / "更多" / "下一页" asks for the next page of the last paged answer.
 */
import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Adapter, Dispatch, SentMessage } from '../../src/adapter.js';
import { MORE } from '../../src/bot/core.js';
import type { Paging, Reply } from '../../src/bot/types.js';
import { renderText } from './render.js';

const QUIT = /^(?:quit|exit|\/quit|\/exit|退出)$/i;

export interface ConsoleOptions {
  input: Readable;
  output: Writable;
  /** Shown before each line when the input is a terminal. */
  prompt?: string;
}

export class ConsoleAdapter implements Adapter {
  readonly platform = 'console';
  private rl: Interface | undefined;
  private last: Paging | undefined;
  private sent = 0;
  private done: Promise<void> = Promise.resolve();

  constructor(private readonly options: ConsoleOptions) {}

  async start(dispatch: Dispatch): Promise<void> {
    const rl = createInterface({ input: this.options.input, terminal: false });
    this.rl = rl;
    const prompt = () => this.options.prompt && this.options.output.write(this.options.prompt);
    prompt();
    this.done = (async () => {
      for await (const line of rl) {
        const text = line.trim();
        if (QUIT.test(text)) break;
        const reply = await this.answer(text, dispatch);
        if (reply) await this.send('console:local', reply);
        prompt();
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
    if (reply.paging) this.last = reply.paging;
    this.options.output.write(`${renderText(reply)}\n\n`);
    this.sent += 1;
    return { messageId: String(this.sent) };
  }

  private async answer(text: string, dispatch: Dispatch): Promise<Reply | undefined> {
    const base = { platform: 'console', conversation: 'console:local', user: 'console' };
    if (MORE.test(text) && this.last && this.last.page < this.last.pages) {
      return dispatch({ ...base, command: this.last.command, args: this.last.args, page: this.last.page + 1 });
    }
    return dispatch({ ...base, text });
  }
}
