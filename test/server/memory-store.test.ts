import { describe, expect, it } from 'vitest';
import type { ChatResponse } from '../../src/protocol';
import { MemorySessionStore } from '../../src/server';

const response = (seq: number, sessionId = 's'): ChatResponse => ({ success: true, id: `r${seq}`, seq, sessionId, timestamp: seq });

describe('MemorySessionStore', () => {
  it('remembers message ids per session and forgets the oldest past maxMessageIds', async () => {
    const store = new MemorySessionStore({ maxMessageIds: 2 });
    expect(await store.rememberMessage('s', 'a')).toBe(true);
    expect(await store.rememberMessage('s', 'a')).toBe(false);
    expect(await store.rememberMessage('other', 'a')).toBe(true);
    await store.rememberMessage('s', 'b');
    await store.rememberMessage('s', 'c');
    expect(await store.rememberMessage('s', 'c')).toBe(false);
    expect(await store.rememberMessage('s', 'a')).toBe(true);
  });

  it('counts seq per session from 1', async () => {
    const store = new MemorySessionStore();
    expect([await store.nextSeq('a'), await store.nextSeq('a'), await store.nextSeq('b'), await store.nextSeq('a')]).toEqual([1, 2, 1, 3]);
  });

  it('keeps the last maxHistory responses and pages them oldest first', async () => {
    const store = new MemorySessionStore({ maxHistory: 3 });
    for (let seq = 1; seq <= 5; seq++) await store.appendResponse('s', response(seq));
    expect((await store.responsesAfter('s', 0, 10)).map((r) => r.seq)).toEqual([3, 4, 5]);
    expect((await store.responsesAfter('s', 3, 10)).map((r) => r.seq)).toEqual([4, 5]);
    expect((await store.responsesAfter('s', 0, 1)).map((r) => r.seq)).toEqual([3]);
    expect(await store.responsesAfter('s', 0, 0)).toEqual([]);
    expect(await store.responsesAfter('unknown', 0, 10)).toEqual([]);
  });

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
    }
    expect(await store.nextSeq('kept')).toBe(2);
  });

  it('stores context by value', async () => {
    const store = new MemorySessionStore();
    expect(await store.getContext('s')).toEqual({});
    const context = { locale: 'en-US' };
    await store.setContext('s', context);
    context.locale = 'changed';
    const read = await store.getContext('s');
    read.currency = 'EUR';
    expect(await store.getContext('s')).toEqual({ locale: 'en-US' });
  });

  it('refuses nonsense bounds', () => {
    expect(() => new MemorySessionStore({ maxSessions: 0 })).toThrow(/maxSessions/);
    expect(() => new MemorySessionStore({ maxHistory: 1.5 })).toThrow(/maxHistory/);
  });
});
