import { abortableSleep } from '../sleep.js';

/**
 * Waits between attempts to reach a session store that failed: about 28 s in all, enough for a
 * Redis restart or fail-over, and well past an answer lease (10 s by default), after which
 * another process may take the message over anyway.
 */
export const STORE_RETRY_DELAYS_MS: readonly number[] = [100, 250, 500, 1000, 2000, 4000, 5000, 5000, 5000, 5000];

/** Resolves after `ms`, or at once when `signal` aborts. */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

/**
 * Retries session-store operations of an acknowledged message with backoff, bounded. A message the
 * server acknowledged must get its answer; a store that is briefly unreachable (Redis restarting)
 * must delay that answer, not lose it. `stop` (the server closing) ends the waiting: what still
 * fails then is left to the answer lease, which another process takes over.
 */
export class StoreRetry {
  constructor(
    private readonly delaysMs: readonly number[],
    private readonly stop: AbortSignal,
    private readonly sleep: Sleep = abortableSleep,
  ) {}

  /**
   * Runs `attempt` until it resolves, waiting the next delay after each failure, and rethrows the
   * last failure once the delays are spent or `stop` (or `also`) aborted. `onFailure` hears every
   * failure that will be retried. Resolves with the value and how many attempts it took.
   */
  async run<T>(
    attempt: () => Promise<T>, onFailure: (error: unknown, attempt: number) => void, also?: AbortSignal,
  ): Promise<{ value: T; attempts: number }> {
    const stop = also === undefined ? this.stop : AbortSignal.any([this.stop, also]);
    for (let n = 1; ; n++) {
      try {
        return { value: await attempt(), attempts: n };
      } catch (error) {
        const delay = this.delaysMs[n - 1];
        if (delay === undefined || stop.aborted) throw error;
        onFailure(error, n);
        await this.sleep(delay, stop);
        if (stop.aborted) throw error;
      }
    }
  }
}
