/** The console's sender: announcements for console subscriptions print in the terminal. */
import type { Reply } from '../../src/bot/reply.js';
import type { PlatformLimits, Sender, SentMessage } from '../../src/platform.js';
import { CONSOLE_LIMITS } from './limits.js';
import { renderText } from './render.js';

export class ConsoleSender implements Sender {
  readonly platform = 'console';
  readonly limits: PlatformLimits = CONSOLE_LIMITS;
  private sent = 0;

  constructor(private readonly output: NodeJS.WritableStream) {}

  async send(_address: string, reply: Reply): Promise<SentMessage> {
    this.output.write(`${renderText(reply)}\n\n`);
    this.sent += 1;
    return { messageId: String(this.sent) };
  }

  async close(): Promise<void> {}
}
