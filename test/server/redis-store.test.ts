import { randomUUID } from 'node:crypto';
import { createClient, type RedisClientType } from '@redis/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisSessionStore, type RedisSessionStoreOptions } from '../../src/server';
import { startRedis, type RedisProcess } from '../support/redis';
import { until } from './helpers';
import { sessionStoreContract } from './store-contract';

let redis: RedisProcess;
const clients: RedisClientType[] = [];

/** A new connection, as another server process would have. */
async function connection(): Promise<RedisClientType> {
  const client = createClient({ url: redis.url }) as RedisClientType;
  client.on('error', () => undefined);
  await client.connect();
  clients.push(client);
  return client;
}

let main: RedisClientType;

beforeAll(async () => {
  redis = await startRedis();
  main = await connection();
});

afterAll(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await redis?.stop();
});

const prefix = () => `t${randomUUID().slice(0, 8)}:`;
const sid = () => `s-${randomUUID()}`;
const store = (options: Partial<RedisSessionStoreOptions> = {}) => new RedisSessionStore({ client: main, keyPrefix: prefix(), ...options });

describe('RedisSessionStore: the SessionStore contract', () => {
  sessionStoreContract((bounds) => store(bounds));
});

describe('RedisSessionStore', () => {
  it('tells exactly one of two processes racing on each id that it is new', async () => {
    const keyPrefix = prefix();
    const [a, b] = [await connection(), await connection()];
    const first = new RedisSessionStore({ client: a, keyPrefix });
    const second = new RedisSessionStore({ client: b, keyPrefix });
    const s = sid();
    const ids = Array.from({ length: 100 }, (_, i) => `m${i}`);
    const results = await Promise.all(ids.flatMap((id) => [first.rememberMessage(s, id), second.rememberMessage(s, id), first.rememberMessage(s, id)]));
    for (let i = 0; i < ids.length; i++) expect(results.slice(i * 3, i * 3 + 3).filter(Boolean), ids[i]).toHaveLength(1);
    // And seq never repeats between them.
    const seqs = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? first : second).nextSeq(s)));
    expect([...seqs].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('keeps every key of a session under the prefix with the TTL, and bounds the sets', async () => {
    const keyPrefix = prefix();
    const s = sid();
    const bounded = new RedisSessionStore({ client: main, keyPrefix, ttlMs: 60_000, maxHistory: 2, maxMessageIds: 3, maxTurns: 4 });
    for (let i = 1; i <= 5; i++) {
      await bounded.rememberMessage(s, `m${i}`);
      await bounded.appendResponse(s, { success: true, id: `r${i}`, seq: await bounded.nextSeq(s), sessionId: s, timestamp: i, replyTo: `m${i}` });
      await bounded.appendTurns(s, [{ role: 'shopper', text: `q${i}` }, { role: 'assistant', text: `a${i}` }]);
    }
    await bounded.setContext(s, { locale: 'de-DE' });
    const keys = (await main.keys(`${keyPrefix}*`)).sort();
    expect(keys).toEqual([`${keyPrefix}{${s}}:ans`, `${keyPrefix}{${s}}:ids`, `${keyPrefix}{${s}}:m`, `${keyPrefix}{${s}}:r`, `${keyPrefix}{${s}}:t`]);
    for (const key of keys) {
      const ttl = await main.pTTL(key);
      expect(ttl, key).toBeGreaterThan(0);
      expect(ttl, key).toBeLessThanOrEqual(60_000);
    }
    expect(await main.zCard(`${keyPrefix}{${s}}:r`)).toBe(2);
    expect(await main.zCard(`${keyPrefix}{${s}}:ids`)).toBe(3);
    expect(await main.hLen(`${keyPrefix}{${s}}:ans`)).toBe(3);
    expect(await main.lLen(`${keyPrefix}{${s}}:t`)).toBe(4);
  });

  it('lets an idle session expire, after which it starts again', async () => {
    const s = sid();
    const short = store({ ttlMs: 200 });
    await short.rememberMessage(s, 'm1');
    await short.nextSeq(s);
    await short.setContext(s, { shop: 'a.example' });
    await until(async () => (await main.keys(`*{${s}}*`)).length === 0, 'the session keys to expire');
    expect(await short.rememberMessage(s, 'm1')).toBe(true);
    expect(await short.nextSeq(s)).toBe(1);
    expect(await short.getContext(s)).toEqual({});
  });

  it('refreshes the TTL on every read, so only idle sessions expire', async () => {
    const keyPrefix = prefix();
    const s = sid();
    const kept = new RedisSessionStore({ client: main, keyPrefix, ttlMs: 60_000 });
    await kept.nextSeq(s);
    const key = `${keyPrefix}{${s}}:m`;
    await main.pExpire(key, 500);
    await kept.responsesAfter(s, 0, 10);
    expect(await main.pTTL(key)).toBeGreaterThan(500);
  });

  it('creates no keys when reading unknown sessions', async () => {
    const keyPrefix = prefix();
    const reader = new RedisSessionStore({ client: main, keyPrefix });
    const s = sid();
    await reader.getContext(s);
    await reader.responsesAfter(s, 0, 10);
    await reader.answerTo(s, 'm');
    await reader.recentTurns(s, 10);
    expect(await main.keys(`${keyPrefix}*`)).toEqual([]);
  });

  it('keeps working after Redis forgot its scripts', async () => {
    const s = sid();
    const fresh = store();
    expect(await fresh.rememberMessage(s, 'a')).toBe(true);
    await main.scriptFlush();
    expect(await fresh.rememberMessage(s, 'a')).toBe(false);
    expect(await fresh.nextSeq(s)).toBe(1);
  });

  it('keeps stores with different prefixes apart', async () => {
    const s = sid();
    const [one, two] = [store(), store()];
    expect(await one.rememberMessage(s, 'm')).toBe(true);
    expect(await two.rememberMessage(s, 'm')).toBe(true);
    expect(await one.nextSeq(s)).toBe(1);
    expect(await two.nextSeq(s)).toBe(1);
  });

  it('fails (for the server to answer unavailable) when its client is not connected', async () => {
    const offline = createClient({ url: redis.url, disableOfflineQueue: true });
    const detached = new RedisSessionStore({ client: offline });
    await expect(detached.rememberMessage(sid(), 'm')).rejects.toThrow();
  });

  it('throws at once on misuse, saying what to do', () => {
    expect(() => new RedisSessionStore({} as RedisSessionStoreOptions)).toThrow(/createClient/);
    expect(() => store({ ttlMs: 0 })).toThrow(/ttlMs/);
    expect(() => store({ maxHistory: 1.5 })).toThrow(/maxHistory/);
    expect(() => store({ maxMessageIds: -1 })).toThrow(/maxMessageIds/);
  });
});
