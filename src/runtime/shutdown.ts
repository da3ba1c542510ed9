/**
 * Graceful shutdown: named steps run in order (stop taking updates, finish what is in
 * flight, close the platforms, the server and the database), each failure logged and
 * the next step still run, all within a deadline (10 s by default). Resolves true when
 * every step finished in time.
 */
import { settlesWithin, systemClock, type Clock } from '../clock.js';

export interface ShutdownStep {
  name: string;
  run: () => Promise<void> | void;
}

export async function runShutdown(
  steps: readonly ShutdownStep[],
  options: { deadlineMs?: number; log: (message: string, error?: unknown) => void; clock?: Clock },
): Promise<boolean> {
  const all = (async () => {
    for (const step of steps) {
      try {
        await step.run();
      } catch (error) {
        options.log(`shutdown: ${step.name} failed`, error);
      }
    }
    return true;
  })();
  const done = await settlesWithin(options.clock ?? systemClock, all, options.deadlineMs ?? 10_000);
  if (!done) options.log(`shutdown: not finished within ${(options.deadlineMs ?? 10_000) / 1000} s; exiting anyway`);
  return done;
}

/** Calls `onSignal` once on the first SIGTERM or SIGINT; a second signal exits at once. */
export function onStopSignals(onSignal: (signal: NodeJS.Signals) => void): () => void {
  let seen = false;
  const handler = (signal: NodeJS.Signals) => {
    if (seen) process.exit(1);
    seen = true;
    onSignal(signal);
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
  return () => {
    process.off('SIGTERM', handler);
    process.off('SIGINT', handler);
  };
}
