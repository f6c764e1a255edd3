import { describe, expect, it } from 'vitest';
import { MemorySessionStore, SessionStoreFull } from '../../src/server';
import { sessionStoreContract } from './store-contract';

describe('MemorySessionStore: the SessionStore contract', () => {
  sessionStoreContract((bounds) => new MemorySessionStore(bounds));
});

describe('MemorySessionStore', () => {
  it('evicts the least recently used session past maxSessions once it has been idle long enough', async () => {
    let now = 0;
    const store = new MemorySessionStore({ maxSessions: 2, evictIdleAfterMs: 1000, now: () => now });
    await store.nextSeq('a');
    await store.nextSeq('b');
    now = 1000;
    await store.getContext('a'); // touching "a" makes "b" the least recently used
    await store.nextSeq('c');
    expect(await store.nextSeq('a')).toBe(2);
    now = 2000;
    expect(await store.nextSeq('b')).toBe(1);
  });

  it('refuses a new session rather than forget one used within evictIdleAfterMs, saying when to retry', async () => {
    let now = 0;
    const store = new MemorySessionStore({ maxSessions: 2, evictIdleAfterMs: 1000, now: () => now });
    expect(await store.rememberMessage('a', 'm1')).toBe(true);
    now = 400;
    await store.nextSeq('b');
    now = 500;
    const refusal = await store.rememberMessage('c', 'm1').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(SessionStoreFull);
    expect(refusal).toMatchObject({ code: 'sessions_full', retryAfterMs: 500 });
    // Nothing was forgotten: "a" still knows its id.
    expect(await store.rememberMessage('a', 'm1')).toBe(false);
    now = 1400; // "b" (used at 400) is now the idle one
    expect(await store.rememberMessage('c', 'm1')).toBe(true);
    now = 1500; // and "a" (500) after it
    expect(await store.nextSeq('b')).toBe(1);
  });

  it('counts new sessions per address, and never the sessions it already holds', async () => {
    let now = 0;
    const store = new MemorySessionStore({ now: () => now });
    const rule = { max: 2, windowMs: 1000 };
    await store.nextSeq('held');
    expect(await store.openSession('held', '10.0.0.1', rule)).toEqual({ ok: true });
    expect(await store.openSession('n1', '10.0.0.1', rule)).toEqual({ ok: true });
    now = 100;
    expect(await store.openSession('n2', '10.0.0.1', rule)).toEqual({ ok: true });
    expect(await store.openSession('n1', '10.0.0.1', rule)).toEqual({ ok: true });
    expect(await store.openSession('n3', '10.0.0.1', rule)).toEqual({ ok: false, retryAfterMs: 900 });
    expect(await store.openSession('n3', '10.0.0.2', rule)).toEqual({ ok: true });
    now = 1000;
    expect(await store.openSession('n3', '10.0.0.1', rule)).toEqual({ ok: true });
  });

  it('does not create sessions on reads', async () => {
    const store = new MemorySessionStore({ maxSessions: 1 });
    await store.nextSeq('kept');
    for (let i = 0; i < 5; i++) {
      await store.getContext(`probe-${i}`);
      await store.responsesAfter(`probe-${i}`, 0, 10);
      await store.answerTo(`probe-${i}`, 'm');
    }
    expect(await store.nextSeq('kept')).toBe(2);
  });

  it('refuses nonsense bounds', () => {
    expect(() => new MemorySessionStore({ maxSessions: 0 })).toThrow(/maxSessions/);
    expect(() => new MemorySessionStore({ maxHistory: 1.5 })).toThrow(/maxHistory/);
    expect(() => new MemorySessionStore({ evictIdleAfterMs: -1 })).toThrow(/evictIdleAfterMs/);
  });
});
