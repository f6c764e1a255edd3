import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/server/guards/rate-limiter';

describe('RateLimiter', () => {
  it('allows a burst, then refuses with the time until the next token, and refills at the rate', () => {
    let now = 0;
    const limiter = new RateLimiter({ burst: 3, perSecond: 2 }, () => now);
    expect([1, 2, 3].map(() => limiter.take('a').ok)).toEqual([true, true, true]);
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterMs: 500, firstOfFlood: true });
    // Other keys have buckets of their own.
    expect(limiter.take('b').ok).toBe(true);
    now = 250;
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterMs: 250, firstOfFlood: false });
    now = 500;
    expect(limiter.take('a').ok).toBe(true);
    // A token trickling back mid-flood does not end the flood...
    expect(limiter.take('a')).toMatchObject({ ok: false, firstOfFlood: false });
    now = 60_000;
    // Never more than a full bucket, however long it rested.
    const rested = [1, 2, 3, 4].map(() => limiter.take('a'));
    expect(rested.map((t) => t.ok)).toEqual([true, true, true, false]);
    // ...resting until the bucket was full did.
    expect(rested[3]).toMatchObject({ firstOfFlood: true });
  });

  it('marks the first refusal after the bucket was last full', () => {
    let now = 0;
    const limiter = new RateLimiter({ burst: 2, perSecond: 1 }, () => now);
    limiter.take('a');
    limiter.take('a');
    expect(limiter.take('a')).toMatchObject({ ok: false, firstOfFlood: true });
    now = 1500;
    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('a')).toMatchObject({ ok: false, firstOfFlood: false });
    now = 10_000;
    limiter.take('a');
    limiter.take('a');
    expect(limiter.take('a')).toMatchObject({ ok: false, firstOfFlood: true });
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
