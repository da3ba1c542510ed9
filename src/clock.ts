/**
 * The clock every part that waits or stamps time is given: the store (createdAt), the
 * pacer, the rate limiter, the Discord defer policy, webhook timers and the announcer.
 * Production uses `systemClock`; tests use a fake one they advance (test/fake-clock.ts).
 */
export interface Timer {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` (at once for ms ≤ 0); rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Runs `fn` once after `ms`; the timer does not keep the process alive. */
  setTimer(ms: number, fn: () => void): Timer;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      if (ms <= 0) return resolve();
      const t = setTimeout(done, ms);
      function done() {
        signal?.removeEventListener('abort', abort);
        resolve();
      }
      function abort() {
        clearTimeout(t);
        reject(signal!.reason);
      }
      signal?.addEventListener('abort', abort, { once: true });
    }),
  setTimer: (ms, fn) => {
    const t = setTimeout(fn, Math.max(0, ms));
    t.unref?.();
    return { cancel: () => clearTimeout(t) };
  },
};

/**
 * Whether `promise` settles (resolved or rejected) within `ms` on `clock`; for ms ≤ 0,
 * whether it has settled by the next turn of the event loop (no clock involved).
 */
export async function settlesWithin(clock: Clock, promise: Promise<unknown>, ms: number): Promise<boolean> {
  const settled = promise.then(
    () => true as const,
    () => true as const,
  );
  if (ms <= 0) return Promise.race([settled, new Promise<false>((resolve) => setImmediate(() => resolve(false)))]);
  let timer: Timer | undefined;
  const late = new Promise<false>((resolve) => (timer = clock.setTimer(ms, () => resolve(false))));
  const done = await Promise.race([settled, late]);
  timer?.cancel();
  return done;
}
