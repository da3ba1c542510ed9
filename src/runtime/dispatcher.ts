/**
 * Between the adapters and the core: counts every answered message by platform and
 * intent, times it, and keeps the requests in flight so shutdown can wait for them.
 * After close() no new request is taken (the adapters are stopping by then).
 */
import type { Dispatch } from '../adapter.js';
import type { BotRequest, Reply } from '../bot/types.js';
import type { Metrics } from '../http/metrics.js';

export class Dispatcher {
  private readonly inFlight = new Set<Promise<unknown>>();
  private closed = false;

  constructor(
    private readonly handle: (request: BotRequest) => Reply | undefined | Promise<Reply | undefined>,
    private readonly metrics?: Metrics,
  ) {}

  /** The Dispatch function given to every adapter. */
  readonly dispatch: Dispatch = (request) => {
    if (this.closed) return undefined;
    const work = this.run(request);
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work)).catch(() => undefined);
    return work;
  };

  get pending(): number {
    return this.inFlight.size;
  }

  private async run(request: BotRequest): Promise<Reply | undefined> {
    const stop = this.metrics?.handleSeconds.startTimer({ platform: request.platform });
    try {
      const reply = await this.handle(request);
      if (reply) {
        this.metrics?.messages.inc({ platform: request.platform, intent: reply.intent });
        if (reply.intent === 'error') this.metrics?.errors.inc({ source: 'handler' });
      }
      return reply;
    } catch (error) {
      this.metrics?.errors.inc({ source: 'handler' });
      throw error;
    } finally {
      stop?.();
    }
  }

  /** Takes no new request and resolves when the ones in flight are answered. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }
}
