import { describe, expect, it } from 'vitest';
import { MemorySessionStore } from '../../src/server';
import { sessionStoreContract } from './store-contract';

describe('MemorySessionStore: the SessionStore contract', () => {
  sessionStoreContract((bounds) => new MemorySessionStore(bounds));
});

describe('MemorySessionStore', () => {
  it('evicts the least recently used session past maxSessions', async () => {
    const store = new MemorySessionStore({ maxSessions: 2 });
    await store.nextSeq('a');
    await store.nextSeq('b');
    await store.getContext('a'); // touching "a" makes "b" the least recently used
    await store.nextSeq('c');
    expect(await store.nextSeq('a')).toBe(2);
    expect(await store.nextSeq('b')).toBe(1);
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
  });
});
