/**
 * Retrying Bot API calls, always with a bound:
 *  - 429 Too Many Requests: wait `retry_after` (at most MAX_DELAY_SECONDS, else fail) and retry;
 *  - 5xx from the Bot API: back off 3 s, 6 s, 12 s;
 *  (both by @grammyjs/auto-retry, at most MAX_RETRY_ATTEMPTS times)
 *  - a network failure (grammY's HttpError): retried twice after 1 s and 3 s. auto-retry's own
 *    network retry has no bound, so it is turned off and replaced by this one. getUpdates is
 *    left to grammY's polling loop, which retries it every few seconds until stopped.
 */
import { autoRetry } from '@grammyjs/auto-retry';
import { HttpError, type Api, type Transformer } from 'grammy';
import type { Clock } from '../../src/clock.js';

const MAX_RETRY_ATTEMPTS = 3;
const MAX_DELAY_SECONDS = 30;
const NETWORK_PAUSES_MS = [1000, 3000];

const networkRetry =
  (clock: Clock): Transformer =>
  async (prev, method, payload, signal) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await prev(method, payload, signal);
      } catch (error) {
        const pause = NETWORK_PAUSES_MS[attempt];
        if (!(error instanceof HttpError) || method === 'getUpdates' || pause === undefined || signal?.aborted) throw error;
        await clock.sleep(pause, signal as AbortSignal | undefined);
      }
    }
  };

/** Installs the retries on an Api (a Bot's `bot.api`; contexts copy them). */
export function installRetries(api: Api, clock: Clock): void {
  api.config.use(networkRetry(clock), autoRetry({ maxRetryAttempts: MAX_RETRY_ATTEMPTS, maxDelaySeconds: MAX_DELAY_SECONDS, rethrowHttpErrors: true }));
}
