/**
 * The engine as the receivers get it: every event counted and timed by platform and
 * intent, and kept in flight so shutdown can wait for it. After close() no new event is
 * taken. (The dispatcher's job for EngineAccess until src/runtime/dispatcher.ts wraps it.)
 */
import type { Metrics } from '../src/http/metrics.js';
import type { EngineAccess, Outcome } from '../src/engine/types.js';

export interface TrackedEngine extends EngineAccess {
  /** Takes no new event and resolves when the ones in flight are answered. */
  close(): Promise<void>;
}

export function tracked(engine: EngineAccess, metrics?: Metrics): TrackedEngine {
  const inFlight = new Set<Promise<Outcome>>();
  let closed = false;
  const run = async (...args: Parameters<EngineAccess['handle']>): Promise<Outcome> => {
    const platform = args[2].platform;
    const stop = metrics?.handleSeconds.startTimer({ platform });
    try {
      const outcome = await engine.handle(...args);
      if (outcome.type === 'reply') {
        metrics?.messages.inc({ platform, intent: outcome.reply.intent });
        if (outcome.reply.intent === 'error') metrics?.errors.inc({ source: 'handler' });
      }
      return outcome;
    } catch (error) {
      metrics?.errors.inc({ source: 'handler' });
      throw error;
    } finally {
      stop?.();
    }
  };
  return {
    commands: () => engine.commands(),
    handle: (event, actor, place) => {
      if (closed) return Promise.resolve({ type: 'none' });
      const work = run(event, actor, place);
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work)).catch(() => undefined);
      return work;
    },
    close: async () => {
      closed = true;
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
  };
}
