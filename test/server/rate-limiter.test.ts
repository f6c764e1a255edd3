import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/server/rate-limiter';

describe('RateLimiter', () => {
  it('allows a burst, then refuses with the time until the next token, and refills at the rate', () => {
    let now = 0;
    const limiter = new RateLimiter({ burst: 3, perSecond: 2 }, () => now);
    expect([1, 2, 3].map(() => limiter.take('a').ok)).toEqual([true, true, true]);
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterMs: 500 });
    // Other keys have buckets of their own.
    expect(limiter.take('b').ok).toBe(true);
    now = 250;
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterMs: 250 });
    now = 500;
    expect(limiter.take('a').ok).toBe(true);
    now = 60_000;
    // Never more than a full bucket, however long it rested.
    expect([1, 2, 3, 4].map(() => limiter.take('a').ok)).toEqual([true, true, true, false]);
  });

  it('forgets full buckets when many keys pass by, so one-off keys cannot grow memory', () => {
    let now = 0;
    const limiter = new RateLimiter({ burst: 1, perSecond: 1 }, () => now);
    for (let i = 0; i < 5000; i++) {
      limiter.take(`k${i}`);
      now += 10;
    }
    expect(limiter.size).toBeLessThan(1100);
    limiter.delete('k4999');
    expect(limiter.take('k4999').ok).toBe(true);
  });
});
