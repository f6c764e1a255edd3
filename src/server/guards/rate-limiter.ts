/** A token bucket: `burst` tokens at most, refilled at `perSecond`. */
export interface BucketRule {
  /** Tokens a full bucket holds: how many events may come at once. */
  burst: number;
  /** Tokens added back per second: the sustained rate. */
  perSecond: number;
}

/**
 * What `take` says: allowed, or refused with how long until a token is back. `firstOfFlood` marks
 * the first refusal since the bucket was last full, so a flood can be logged once however long it
 * lasts (tokens trickling back mid-flood do not end it; a client that rested until its bucket
 * refilled does).
 */
export type Take = { ok: true } | { ok: false; retryAfterMs: number; firstOfFlood: boolean };

interface Bucket {
  tokens: number;
  at: number;
  flooding: boolean;
}

/**
 * Token buckets by key (a session id, a connection), all with one rule. Full buckets are dropped
 * when the map grows, so a stream of one-off keys cannot grow memory without bound: a dropped
 * bucket comes back full, which is exactly what it was.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private sweepAt = 1024;

  constructor(private readonly rule: BucketRule, private readonly now: () => number) {}

  take(key: string, cost = 1): Take {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.rule.burst, at: now, flooding: false };
    bucket.tokens = this.refilled(bucket, now);
    if (bucket.tokens >= this.rule.burst) bucket.flooding = false;
    bucket.at = now;
    if (!this.buckets.has(key)) {
      this.buckets.set(key, bucket);
      if (this.buckets.size >= this.sweepAt) this.sweep(now);
    }
    if (bucket.tokens >= cost) {
      bucket.tokens -= cost;
      return { ok: true };
    }
    const missing = cost - bucket.tokens;
    const firstOfFlood = !bucket.flooding;
    bucket.flooding = true;
    return { ok: false, retryAfterMs: Math.max(1, Math.ceil((missing / this.rule.perSecond) * 1000)), firstOfFlood };
  }

  /** Forgets a key, e.g. when its connection closes. */
  delete(key: string): void {
    this.buckets.delete(key);
  }

  get size(): number {
    return this.buckets.size;
  }

  private refilled(bucket: Bucket, now: number): number {
    return Math.min(this.rule.burst, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * this.rule.perSecond);
  }

  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (this.refilled(bucket, now) >= this.rule.burst) this.buckets.delete(key);
    }
    // Doubling keeps sweeps rare when most buckets really are busy.
    this.sweepAt = Math.max(1024, this.buckets.size * 2);
  }
}
