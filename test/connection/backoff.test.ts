import { describe, expect, it } from 'vitest';
import { Backoff } from '../../src/connection/backoff';

describe('Backoff', () => {
  it('grows by the factor when jitter is centred', () => {
    const backoff = new Backoff({ initialDelayMs: 100, factor: 3, maxDelayMs: 1_000_000, jitter: 0.5 }, () => 0.5);
    expect([0, 1, 2, 3].map((n) => backoff.delay(n))).toEqual([100, 300, 900, 2700]);
  });

  it('stays within the jitter bounds at both extremes of randomness', () => {
    const low = new Backoff({ initialDelayMs: 1000, factor: 2, jitter: 0.25, maxDelayMs: 1e9 }, () => 0);
    const high = new Backoff({ initialDelayMs: 1000, factor: 2, jitter: 0.25, maxDelayMs: 1e9 }, () => 0.999999);
    for (let n = 0; n < 6; n++) {
      const base = 1000 * 2 ** n;
      expect(low.delay(n)).toBe(base * 0.75);
      expect(high.delay(n)).toBeGreaterThan(base * 1.2499);
      expect(high.delay(n)).toBeLessThanOrEqual(base * 1.25);
    }
  });

  it('never exceeds the cap, jitter included', () => {
    const backoff = new Backoff({ initialDelayMs: 500, factor: 2, maxDelayMs: 4000, jitter: 0.5 }, () => 0.999);
    const delays = Array.from({ length: 12 }, (_, n) => backoff.delay(n));
    expect(Math.max(...delays)).toBe(4000);
    expect(delays.slice(4).every((d) => d === 4000)).toBe(true);
  });

  it('is exhausted after maxAttempts', () => {
    const backoff = new Backoff({ maxAttempts: 3 });
    expect([0, 1, 2, 3, 4].map((n) => backoff.exhausted(n))).toEqual([false, false, false, true, true]);
  });

  it('refuses nonsense options with a message that says what is allowed', () => {
    expect(() => new Backoff({ factor: 0.5 })).toThrow(/factor >= 1/);
    expect(() => new Backoff({ jitter: 2 })).toThrow(/jitter/);
  });

  it('accepts 0 as a delay (defaults use ??, not ||)', () => {
    expect(new Backoff({ initialDelayMs: 0 }, () => 0.5).delay(3)).toBe(0);
  });
});
