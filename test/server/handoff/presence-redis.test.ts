import { randomUUID } from 'node:crypto';
import { createClient, type RedisClientType } from '@redis/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisPresenceRegistry, type RedisPresenceRegistryOptions } from '../../../src/server';
import { startRedis, type RedisProcess } from '../../support/redis';
import { until } from '../helpers';
import { changesOf, presenceContract } from './presence-contract';

let redis: RedisProcess;
const clients: RedisClientType[] = [];
const registries: RedisPresenceRegistry[] = [];

/** A new connection, as another server process would have. */
async function connection(): Promise<RedisClientType> {
  const client = createClient({ url: redis.url }) as RedisClientType;
  client.on('error', () => undefined);
  await client.connect();
  clients.push(client);
  return client;
}

/** A registry on connections of its own: one server process. */
async function process_(keyPrefix: string, options: Partial<RedisPresenceRegistryOptions> = {}): Promise<RedisPresenceRegistry> {
  const registry = new RedisPresenceRegistry({ client: await connection(), subscriber: await connection(), keyPrefix, ...options });
  registries.push(registry);
  await registry.start();
  return registry;
}

/** Timers that never fire: a process that stopped renewing, as a crashed or frozen one has. */
const frozen = { setInterval: () => 0, clearInterval: () => undefined };
const prefix = () => `t${randomUUID().slice(0, 8)}:`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const alice = { id: 'op:alice', name: 'Alice' };
const bob = { id: 'op:bob', name: 'Bob' };

beforeAll(async () => {
  redis = await startRedis({ persistence: false });
});

afterAll(async () => {
  for (const registry of registries.splice(0)) await registry.close().catch(() => undefined);
  for (const client of clients.splice(0)) client.destroy();
  await redis?.stop();
});

describe('RedisPresenceRegistry', () => {
  presenceContract(() => process_(prefix()));

  it('shares presence between processes: each hears the other\'s changes, and a tab on each counts', async () => {
    const keyPrefix = prefix();
    const [one, two] = [await process_(keyPrefix), await process_(keyPrefix)];
    const [heardByOne, heardByTwo] = [changesOf(one), changesOf(two)];
    await one.set(alice, 'tab-on-1', 'away');
    await two.set(alice, 'tab-on-2', 'online');
    await two.set(bob, 'bob-on-2', 'away');
    await one.remove(alice.id, 'tab-on-1');
    await two.set(alice, 'tab-on-2', 'away');
    await two.remove(alice.id, 'tab-on-2');
    for (const heard of [heardByOne, heardByTwo]) {
      expect(await heard.states(alice.id, 4)).toEqual(['away', 'online', 'away', 'offline']);
      expect(await heard.states(bob.id, 1)).toEqual(['away']);
    }
    const byId = <T extends { operatorId: string }>(list: T[]) => [...list].sort((a, b) => a.operatorId.localeCompare(b.operatorId));
    expect(byId(await one.list())).toEqual(byId(await two.list()));
    expect(byId(await one.list()).map((p) => `${p.operatorId} ${p.state}`)).toEqual(['op:alice offline', 'op:bob away']);
  });

  it('puts a crashed process\'s operators offline after the time-to-live, without anyone removing them', async () => {
    const keyPrefix = prefix();
    const ttl = 600;
    const crashed = await process_(keyPrefix, { connectionTtlMs: ttl, heartbeatMs: 200, timers: frozen });
    const survivor = await process_(keyPrefix, { heartbeatMs: 50 });
    const heard = changesOf(survivor);
    const start = Date.now();
    await crashed.set(alice, 'tab', 'online');
    expect(await heard.states(alice.id, 2)).toEqual(['online', 'offline']);
    // Not before the connection's time-to-live ran out.
    expect(Date.now() - start).toBeGreaterThanOrEqual(ttl);
    expect((await survivor.list()).find((p) => p.operatorId === alice.id)).toMatchObject({ state: 'offline' });
  });

  it('keeps a live process\'s connections by renewing them, well past the time-to-live', async () => {
    const keyPrefix = prefix();
    const holder = await process_(keyPrefix, { connectionTtlMs: 1500, heartbeatMs: 150 });
    const watcher = await process_(keyPrefix, { heartbeatMs: 50 });
    const heard = changesOf(watcher);
    await holder.set(alice, 'tab', 'online');
    await sleep(3500);
    expect((await watcher.list()).find((p) => p.operatorId === alice.id)).toMatchObject({ state: 'online' });
    await holder.set(bob, 'tab-b', 'away');
    // Bob's change came after any change of Alice's would have: there was none but the first.
    await heard.states(bob.id, 1);
    expect(heard.seen.filter((p) => p.operatorId === alice.id).map((p) => p.state)).toEqual(['online']);
  });

  it('recovers state from Redis after a restart, whether the old process closed or crashed', async () => {
    const keyPrefix = prefix();
    const first = await process_(keyPrefix);
    const other = await process_(keyPrefix);
    await first.set(alice, 'tab-a', 'online');
    await other.set(bob, 'tab-b', 'away');
    const before = await other.list();
    const sinceOf = (list: { operatorId: string; since: number }[], id: string) => list.find((p) => p.operatorId === id)?.since;
    // A graceful restart: the closing process's operators go offline; the other's stay as they were.
    const heard = changesOf(other);
    await first.close();
    expect(await heard.states(alice.id, 1)).toEqual(['offline']);
    const restarted = await process_(keyPrefix);
    const after = await restarted.list();
    expect(after.map((p) => `${p.operatorId} ${p.name} ${p.state}`).sort()).toEqual(['op:alice Alice offline', 'op:bob Bob away']);
    expect(sinceOf(after, bob.id)).toBe(sinceOf(before, bob.id));

    // A crash: the new process lists the crashed one's operators as they were, and a tab that
    // reconnects to it within the time-to-live changes nothing.
    const crashing = await process_(keyPrefix, { timers: frozen });
    await crashing.set(alice, 'tab-a2', 'online');
    await heard.states(alice.id, 2);
    const replacement = await process_(keyPrefix);
    expect((await replacement.list()).find((p) => p.operatorId === alice.id)).toMatchObject({ state: 'online' });
    await replacement.set(alice, 'tab-a2', 'online');
    await replacement.set(bob, 'tab-b2', 'online');
    expect(await heard.states(bob.id, 1)).toEqual(['online']);
    expect(heard.seen.filter((p) => p.operatorId === alice.id).map((p) => p.state)).toEqual(['offline', 'online']);
  });

  it('lists an operator who left as offline for the window, then forgets them', async () => {
    const registry = await process_(prefix(), { offlineWindowMs: 1500 });
    await registry.set(alice, 'tab', 'online');
    await registry.remove(alice.id, 'tab');
    expect(await registry.list()).toEqual([{ operatorId: alice.id, name: 'Alice', state: 'offline', since: expect.any(Number) }]);
    await sleep(1700);
    expect(await registry.list()).toEqual([]);
  });

  it('refuses what cannot work at construction', () => {
    const client = { sendCommand: async () => undefined };
    const subscriber = { subscribe: async () => undefined, unsubscribe: async () => undefined };
    expect(() => new RedisPresenceRegistry({ client, subscriber, connectionTtlMs: 1000, heartbeatMs: 1000 })).toThrow(/heartbeatMs \(1000\) must be shorter than connectionTtlMs/);
    expect(() => new RedisPresenceRegistry({ client } as never)).toThrow(/pass `subscriber`/);
    expect(() => new RedisPresenceRegistry({ subscriber } as never)).toThrow(/pass `client`/);
  });
});

describe('RedisPresenceRegistry when Redis restarts', () => {
  it('reports failed heartbeats, then puts back what each process holds, even into a Redis that lost everything', async () => {
    const own = await startRedis({ persistence: false });
    // As the chat server's own command connection: failing fast while Redis is away, not queueing.
    const connect = async (disableOfflineQueue: boolean) => {
      const client = createClient({ url: own.url, disableOfflineQueue, socket: { reconnectStrategy: () => 50 } }) as RedisClientType;
      client.on('error', () => undefined);
      await client.connect();
      clients.push(client);
      return client;
    };
    const mine: RedisPresenceRegistry[] = [];
    try {
      const errors: unknown[] = [];
      const make = async (onError?: (error: unknown) => void) => {
        const registry = new RedisPresenceRegistry({ client: await connect(true), subscriber: await connect(false), heartbeatMs: 100, ...(onError ? { onError } : {}) });
        mine.push(registry);
        await registry.start();
        return registry;
      };
      const [one, two] = [await make((error) => errors.push(error)), await make()];
      await one.set(alice, 'tab-a', 'online');
      await two.set(bob, 'tab-b', 'away');
      await own.kill();
      await until(async () => errors.length > 0, 'a failed heartbeat');
      await own.restart();
      await until(async () => {
        const listed = await two.list().catch(() => []);
        return listed.map((p) => `${p.operatorId} ${p.state}`).sort().join() === 'op:alice online,op:bob away';
      }, 'both operators back in the restarted Redis');
      // Changes reach the other process again once its subscriber is back.
      const heard = changesOf(two);
      await until(async () => {
        await one.set(alice, 'tab-a', heard.seen.length % 2 === 0 ? 'away' : 'online');
        return heard.seen.length > 0;
      }, 'a change heard after the restart');
    } finally {
      for (const registry of mine) await registry.close().catch(() => undefined);
      await own.stop();
    }
  }, 60_000);
});
