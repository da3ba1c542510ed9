/**
 * When to defer: Discord drops an interaction not acknowledged within 3 seconds. The
 * core usually answers in milliseconds, so the adapter replies directly, and defers
 * first (then edits the reply) when a recent answer took `afterMs` or more, or when
 * the answer in progress has not come within `afterMs`.
 */

export class DeferPolicy {
  private readonly recent: number[] = [];

  /** `afterMs` 0 defers every command and button. */
  constructor(
    readonly afterMs: number,
    private readonly keep = 20,
  ) {}

  /** A recent answer was slow, so this one might be: defer before asking. */
  predictSlow(): boolean {
    return this.afterMs <= 0 || this.recent.some((ms) => ms >= this.afterMs);
  }

  record(ms: number): void {
    this.recent.push(ms);
    if (this.recent.length > this.keep) this.recent.shift();
  }
}

/** True when `work` settles (either way) within `ms`. */
export async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([work.then(() => true, () => true), late]);
  } finally {
    clearTimeout(timer);
  }
}
