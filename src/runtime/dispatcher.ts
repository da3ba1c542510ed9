/**
 * Between the platform modules and the engine: every event (text, command, page, more,
 * suggest) goes through `access.handle`, which counts answered events by platform and
 * intent (suggestions count as intent "suggest"), times them by platform, keeps them in
 * flight so shutdown can wait, and turns a throw into the apology reply in the actor's
 * language (platforms never see one). After close() no new event is taken.
 */
import { TaskGroup } from './tasks.js';
import { chooseLang } from '../bot/input.js';
import { messages } from '../bot/messages.js';
import type { Metrics } from '../http/metrics.js';
import type { Handle, Outcome } from '../engine/types.js';
import type { EngineAccess } from '../engine/access.js';

export interface DispatcherOptions {
  metrics?: Metrics;
  log?: (message: string, error?: unknown) => void;
}

export class Dispatcher {
  /** The events in flight, drained at shutdown. */
  private readonly tasks = new TaskGroup();
  /** What platform modules are started with: the wrapped handle and the command declarations. */
  readonly access: EngineAccess;

  constructor(
    private readonly engine: EngineAccess,
    private readonly options: DispatcherOptions = {},
  ) {
    this.access = { handle: this.handle, commands: () => engine.commands() };
  }

  private readonly handle: Handle = (event, actor, place) => {
    if (this.tasks.isClosed) return Promise.resolve(NONE);
    return this.tasks.run(this.run(event, actor, place));
  };

  get pending(): number {
    return this.tasks.pending;
  }

  private async run(...[event, actor, place]: Parameters<Handle>): Promise<Outcome> {
    const metrics = this.options.metrics;
    const stop = metrics?.handleSeconds.startTimer({ platform: place.platform });
    try {
      const outcome = await this.engine.handle(event, actor, place);
      if (outcome.type === 'reply') {
        metrics?.messages.inc({ platform: place.platform, intent: outcome.reply.intent });
        if (outcome.reply.intent === 'error') metrics?.errors.inc({ source: 'handler' });
      } else if (outcome.type === 'suggestions') metrics?.messages.inc({ platform: place.platform, intent: 'suggest' });
      return outcome;
    } catch (error) {
      metrics?.errors.inc({ source: 'handler' });
      this.options.log?.(`dispatcher: the ${event.type} event failed`, error);
      if (event.type === 'suggest') return { type: 'suggestions', suggestions: [] };
      const lang = chooseLang(event.type === 'text' ? event.text : '', actor.locale ?? place.locale);
      return { type: 'reply', reply: { intent: 'error', lang, text: [messages(lang).error], items: [], ephemeral: true } };
    } finally {
      stop?.();
    }
  }

  /** Takes no new event and resolves when the ones in flight are answered. */
  async close(): Promise<void> {
    await this.tasks.close();
  }
}

const NONE: Outcome = { type: 'none' };
