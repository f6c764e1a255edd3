/** Reconnection timing. All delays in milliseconds. */
export interface BackoffOptions {
  /** Delay before the first retry. @default 500 */
  initialDelayMs: number;
  /** Growth per attempt. @default 2 */
  factor: number;
  /** No delay is longer than this, jitter included. @default 30000 */
  maxDelayMs: number;
  /**
   * Spread around each delay, as a fraction: 0.5 means between 50% and 150% of it, so a crowd of
   * widgets cut off together does not come back in lockstep. @default 0.5
   */
  jitter: number;
  /** Retries after which the connection is declared `failed`. @default 10 */
  maxAttempts: number;
}

export const DEFAULT_BACKOFF: Readonly<BackoffOptions> = Object.freeze({
  initialDelayMs: 500,
  factor: 2,
  maxDelayMs: 30_000,
  jitter: 0.5,
  maxAttempts: 10,
});

/**
 * Exponential backoff with jitter and a cap. Pure: the caller keeps the attempt count and the
 * randomness is injected, so every delay is reproducible in tests.
 */
export class Backoff {
  readonly options: Readonly<BackoffOptions>;

  constructor(options: Partial<BackoffOptions> = {}, private readonly random: () => number = Math.random) {
    const o = { ...DEFAULT_BACKOFF, ...options };
    if (!(o.initialDelayMs >= 0) || !(o.factor >= 1) || !(o.maxDelayMs >= 0) || !(o.jitter >= 0 && o.jitter <= 1) || !(o.maxAttempts >= 0)) {
      throw new RangeError('Backoff needs initialDelayMs >= 0, factor >= 1, maxDelayMs >= 0, 0 <= jitter <= 1 and maxAttempts >= 0');
    }
    this.options = o;
  }

  /** Delay before retry number `attempt` (0 for the first retry). */
  delay(attempt: number): number {
    const { initialDelayMs, factor, maxDelayMs, jitter } = this.options;
    const base = Math.min(maxDelayMs, initialDelayMs * Math.pow(factor, Math.max(0, attempt)));
    const spread = 1 - jitter + 2 * jitter * this.random();
    return Math.min(maxDelayMs, Math.round(base * spread));
  }

  /** True once `attempt` retries have been made and no more are allowed. */
  exhausted(attempt: number): boolean {
    return attempt >= this.options.maxAttempts;
  }
}
