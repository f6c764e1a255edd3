import { randomUUID } from 'node:crypto';
import { createClient, type RedisClientType } from '@redis/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryPushSubscriptions, RedisPushSubscriptions, type PushSubscriptionRecord, type PushSubscriptionStore, type SubscriptionStoreOptions } from '../../../src/server';
import { startRedis, type RedisProcess } from '../../support/redis';

/** A well-formed subscription on a push service host, as a browser would post it. */
function device(name: string = randomUUID()): PushSubscriptionRecord {
  return { endpoint: `https://push.example.net/send/${name}`, keys: { p256dh: Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 7)]).toString('base64url'), auth: Buffer.alloc(16, 1).toString('base64url') } };
}
const endpointsOf = async (store: PushSubscriptionStore, ids: readonly string[] | 'all') => (await store.list(ids)).map((s) => `${s.operatorId} ${s.subscription.endpoint}`).sort();

/** What every subscription store does, memory or Redis. */
function storeContract(make: (options?: SubscriptionStoreOptions) => PushSubscriptionStore) {
  it('keeps several devices per operator and lists them by operator or all', async () => {
    const store = make();
    const [a1, a2, b1] = [device('a1'), device('a2'), device('b1')];
    await store.add('op:ann', a1);
    await store.add('op:ann', a2);
    await store.add('op:bob', b1);
    expect(await endpointsOf(store, ['op:ann'])).toEqual([`op:ann ${a1.endpoint}`, `op:ann ${a2.endpoint}`]);
    expect(await endpointsOf(store, 'all')).toEqual([`op:ann ${a1.endpoint}`, `op:ann ${a2.endpoint}`, `op:bob ${b1.endpoint}`]);
    expect(await store.list(['op:nobody'])).toEqual([]);
    expect((await store.list(['op:bob']))[0]!.subscription).toEqual(b1);
  });

  it('dedupes by endpoint: a renewed subscription replaces the old one, and a browser that changes hands belongs to the last operator only', async () => {
    const store = make();
    const shared = device('desk');
    await store.add('op:ann', shared);
    const renewed = { ...shared, keys: { ...shared.keys, auth: Buffer.alloc(16, 9).toString('base64url') } };
    await store.add('op:ann', renewed);
    expect(await store.list(['op:ann'])).toEqual([{ operatorId: 'op:ann', subscription: renewed }]);
    await store.add('op:bob', renewed);
    expect(await endpointsOf(store, 'all')).toEqual([`op:bob ${shared.endpoint}`]);
  });

  it('keeps at most maxPerOperator devices, dropping the one added longest ago', async () => {
    const store = make({ maxPerOperator: 3 });
    const [d1, d2, d3, d4, d5] = ['1', '2', '3', '4', '5'].map((name) => device(name)) as [PushSubscriptionRecord, PushSubscriptionRecord, PushSubscriptionRecord, PushSubscriptionRecord, PushSubscriptionRecord];
    for (const d of [d1, d2, d3]) await store.add('op:ann', d);
    await store.add('op:ann', d1); // subscribing again makes it the newest
    await store.add('op:ann', d4);
    expect(await endpointsOf(store, ['op:ann'])).toEqual([d1, d3, d4].map((d) => `op:ann ${d.endpoint}`).sort());
    await store.add('op:bob', d5);
    expect(await store.list(['op:bob'])).toHaveLength(1);
  });

  it('removes an endpoint, and with an operator only that operator\'s', async () => {
    const store = make();
    const [a, b] = [device(), device()];
    await store.add('op:ann', a);
    await store.add('op:bob', b);
    expect(await store.remove(b.endpoint, 'op:ann')).toBe(false);
    expect(await store.remove(a.endpoint, 'op:ann')).toBe(true);
    expect(await store.remove(a.endpoint)).toBe(false);
    expect(await store.remove(b.endpoint)).toBe(true);
    expect(await store.list('all')).toEqual([]);
  });

  it('refuses a bound that is not a whole number of devices', () => {
    expect(() => make({ maxPerOperator: 0 })).toThrow(/maxPerOperator must be a whole number of devices, 1 or more/);
  });
}

describe('MemoryPushSubscriptions', () => {
  storeContract((options) => new MemoryPushSubscriptions(options));
});

describe('RedisPushSubscriptions on a real redis-server', () => {
  let redis: RedisProcess;
  const clients: RedisClientType[] = [];
  const connection = async () => {
    const client = createClient({ url: redis.url }) as RedisClientType;
    client.on('error', () => undefined);
    await client.connect();
    clients.push(client);
    return client;
  };
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

  storeContract((options) => new RedisPushSubscriptions({ client: main, keyPrefix: prefix(), ...options }));

  it('is shared by processes on the same Redis and prefix, and apart from other prefixes', async () => {
    const keyPrefix = prefix();
    const here = new RedisPushSubscriptions({ client: main, keyPrefix });
    const other = new RedisPushSubscriptions({ client: await connection(), keyPrefix });
    const elsewhere = new RedisPushSubscriptions({ client: main, keyPrefix: prefix() });
    const [phone, laptop] = [device(), device()];
    await here.add('op:ann', phone);
    await other.add('op:ann', laptop);
    expect(await endpointsOf(other, ['op:ann'])).toEqual([phone, laptop].map((d) => `op:ann ${d.endpoint}`).sort());
    expect(await elsewhere.list('all')).toEqual([]);
    await other.remove(phone.endpoint, 'op:ann');
    expect(await endpointsOf(here, 'all')).toEqual([`op:ann ${laptop.endpoint}`]);
  });

  it('skips an entry it cannot read rather than failing the whole notice', async () => {
    const keyPrefix = prefix();
    const store = new RedisPushSubscriptions({ client: main, keyPrefix });
    const good = device();
    await store.add('op:ann', good);
    await main.sendCommand(['HSET', `${keyPrefix}{push}:h:op:ann`, 'https://x.example/1', '{not json']);
    expect(await store.list(['op:ann'])).toEqual([{ operatorId: 'op:ann', subscription: good }]);
  });

  it('says what to pass when the client is missing', () => {
    expect(() => new RedisPushSubscriptions({} as never)).toThrow(/pass \{ client \}/);
  });
});
