import { randomUUID } from 'node:crypto';
import { createClient, type RedisClientType } from '@redis/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TranscriptEntry } from '../../../src/protocol/handoff';
import { MemoryConversationStore, RedisConversationStore, type ConversationRecord, type ConversationStore } from '../../../src/server';
import { startRedis, type RedisProcess } from '../../support/redis';

/** The same contract for both built-in conversation stores. */
describe.each(['memory', 'redis'] as const)('%s conversation store', (kind) => {
  let redis: RedisProcess | undefined;
  let client: RedisClientType | undefined;

  beforeAll(async () => {
    if (kind !== 'redis') return;
    redis = await startRedis();
    client = createClient({ url: redis.url }) as RedisClientType;
    await client.connect();
  });

  afterAll(async () => {
    await client?.close();
    await redis?.stop();
  });

  /** Two handles on one store: for Redis two store objects, as two processes would hold. */
  function stores(maxEntries = 500): [ConversationStore, ConversationStore] {
    if (kind === 'memory') {
      const store = new MemoryConversationStore({ maxEntries });
      return [store, store];
    }
    const keyPrefix = `t${randomUUID().slice(0, 8)}:`;
    return [new RedisConversationStore({ client: client!, keyPrefix, maxEntries }), new RedisConversationStore({ client: client!, keyPrefix, maxEntries })];
  }

  const record = (sessionId: string, version: number, extra: Partial<ConversationRecord> = {}): ConversationRecord => ({
    sessionId, version, mode: 'waiting', shopperMessages: 0, readBy: {}, shopperSeenSeq: 0, lastAt: 1000 + version, preview: '', ...extra,
  });
  const shopper = (id: string): TranscriptEntry => ({ kind: 'shopper', id, text: `text ${id}`, at: 1 });

  it('writes by compare-and-set: of two writers that read one version, exactly one succeeds', async () => {
    const [a, b] = stores();
    expect(await a.write(record('s1', 1))).toBe(true);
    const [first, second] = await Promise.all([a.write(record('s1', 2, { assignee: 'op:a' })), b.write(record('s1', 2, { assignee: 'op:b' }))]);
    expect([first, second].filter(Boolean)).toHaveLength(1);
    expect((await b.read('s1'))?.assignee).toBe(first ? 'op:a' : 'op:b');
    expect(await a.write(record('s1', 5))).toBe(false);
    expect(await a.write(record('s2', 2))).toBe(false);
  });

  it('appends once per key, returns the entry first stored under it, and keeps the last maxEntries', async () => {
    const [a, b] = stores(3);
    expect(await a.appendEntry('s1', 'm:1', shopper('1'))).toEqual({ fresh: true });
    expect(await b.appendEntry('s1', 'm:1', shopper('other'))).toEqual({ fresh: false, existing: shopper('1') });
    for (const id of ['2', '3', '4']) await a.appendEntry('s1', `m:${id}`, shopper(id));
    expect((await b.entries('s1', 10)).map((e) => (e.kind === 'shopper' ? e.id : ''))).toEqual(['2', '3', '4']);
    expect((await b.entries('s1', 2)).map((e) => (e.kind === 'shopper' ? e.id : ''))).toEqual(['3', '4']);
    expect(await b.entries('unknown', 10)).toEqual([]);
  });

  it('lists the most recently active conversations first', async () => {
    const [a, b] = stores();
    await a.write(record('old', 1, { lastAt: 1000 }));
    await a.write(record('new', 1, { lastAt: 3000 }));
    await a.write(record('mid', 1, { lastAt: 2000 }));
    expect((await b.list(2)).map((r) => r.sessionId)).toEqual(['new', 'mid']);
  });
});
