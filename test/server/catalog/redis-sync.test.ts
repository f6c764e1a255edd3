import { createClient } from '@redis/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { CatalogSource, createConnector, shopifyConnector, type Catalog } from '../../../src/server/catalog/index';
import { startServer, uniqueId, type TestServer } from '../helpers';
import { startRedis, type RedisProcess } from '../../support/redis';
import { notFound, standIns } from './stand-in';

const standIn = standIns();
let redis: RedisProcess;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

function product(id: number) {
  return { id, title: `Product ${id}`, handle: `p${id}`, variants: [{ id: id * 10, price: '5.00', available: true }] };
}

function nextUpdate(source: CatalogSource): Promise<Catalog> {
  return new Promise((resolve) => {
    const off = source.on('update', (catalog) => {
      off();
      resolve(catalog);
    });
  });
}

describe('catalog through Redis', () => {
  it('one process syncs under the lock, the other loads its version; a webhook on the follower reaches the syncer; a closed syncer is replaced', async () => {
    let products = [product(1), product(2)];
    const store = await standIn(({ path, query }) => (path === '/products.json' ? { body: JSON.stringify(query.get('page') === '1' ? products : []) } : notFound));
    const clients = await Promise.all([0, 1].map(async () => {
      const client = createClient({ url: redis.url });
      await client.connect();
      return client;
    }));
    const make = (client: (typeof clients)[number]) => new CatalogSource({
      connector: shopifyConnector({ url: store.url, currency: 'USD' }), refreshMs: false, redis: { client, keyPrefix: 'test-catalog:', pollMs: 50, lockTtlMs: 1000 },
    });
    const a = make(clients[0]!);
    const b = make(clients[1]!);
    try {
      await a.start();
      expect(a.status()).toMatchObject({ leader: true, products: 2 });
      const pagesAfterA = store.requests.length;
      await b.start();
      expect(b.status()).toMatchObject({ leader: false, products: 2, version: a.current()?.version });
      // The follower answered from Redis without asking the store.
      expect(store.requests.length).toBe(pagesAfterA);

      products = [product(1), product(2), product(3)];
      const bSees = nextUpdate(b);
      const aSees = nextUpdate(a);
      await b.refresh();
      const [fromA, fromB] = await Promise.all([aSees, bSees]);
      expect(fromB.version).toBe(fromA.version);
      expect(fromB.items).toHaveLength(3);

      // The syncer goes away: its lock is released and the other process takes over.
      await a.close();
      products = [product(4), product(5), product(6)];
      const taken = nextUpdate(b);
      // Asked as a follower: the request waits in Redis for whoever holds the lock next.
      await b.refresh();
      expect((await taken).items.map((i) => i.id)).toEqual(['4', '5', '6']);
      expect(b.status().leader).toBe(true);
    } finally {
      await a.close();
      await b.close();
      await Promise.all(clients.map((c) => c.quit()));
    }
  });

  it('a follower with a subscriber loads a new version as soon as the syncer publishes it, without polling', async () => {
    let products = [product(1), product(2)];
    const store = await standIn(({ path, query }) => (path === '/products.json' ? { body: JSON.stringify(query.get('page') === '1' ? products : []) } : notFound));
    const clients = await Promise.all([0, 1, 2].map(async () => {
      const client = createClient({ url: redis.url });
      await client.connect();
      return client;
    }));
    const [leaderClient, followerClient, subscriber] = clients;
    // The follower's poll timer is taken and never run: only a published version can reach it.
    const polls: unknown[] = [];
    const neverFire = { setTimeout: (fn: () => void) => polls.push(fn), clearTimeout: () => undefined };
    const redisOptions = { keyPrefix: 'test-catalog-pubsub:', pollMs: 50, lockTtlMs: 1000 };
    const a = new CatalogSource({ connector: shopifyConnector({ url: store.url, currency: 'USD' }), refreshMs: false, redis: { client: leaderClient!, ...redisOptions } });
    const b = new CatalogSource({
      connector: shopifyConnector({ url: store.url, currency: 'USD' }), refreshMs: false, timers: neverFire,
      redis: { client: followerClient!, subscriber: subscriber!, ...redisOptions },
    });
    try {
      await a.start();
      await b.start();
      expect(b.status()).toMatchObject({ leader: false, products: 2, version: a.current()?.version });

      // Each change keeps more than half the products, so no sync is held back as a shrink.
      for (const next of [[product(1), product(2), product(3)], [product(2), product(3), product(4)], [product(2), product(3), product(4), product(5)]]) {
        products = next;
        const seen = nextUpdate(b);
        await a.refresh();
        expect((await seen).version).toBe(a.current()?.version);
        expect(b.current()?.items.map((i) => i.id)).toEqual(next.map((p) => String(p.id)));
      }
      // The poll was scheduled once, at start, and never ran.
      expect(polls).toHaveLength(1);

      // Closed, it stops listening: a later version does not reach it.
      await b.close();
      products = [product(2), product(3), product(4), product(5), product(9)];
      await a.refresh();
      expect(await leaderClient!.sendCommand(['PUBSUB', 'NUMSUB', 'test-catalog-pubsub:catalog:updates'])).toEqual(['test-catalog-pubsub:catalog:updates', 0]);
      expect(b.current()?.items.map((i) => i.id)).toEqual(['2', '3', '4', '5']);
    } finally {
      await a.close();
      await b.close();
      await Promise.all(clients.map((c) => c.quit()));
    }
  });
});

describe('chat servers sharing a store catalog through Redis', () => {
  it('a new version synced by one server reaches the other at once, through pub/sub, not at its next poll', async () => {
    let products = [product(1), product(2), product(3)];
    const store = await standIn(({ path, query }) => (path === '/products.json' ? { body: JSON.stringify(query.get('page') === '1' ? products : []) } : notFound));
    const keyPrefix = `${uniqueId('aidw')}:`;
    const secret = 'webhook-secret-for-tests';
    // A poll ten minutes apart: within this test only a published version can move the follower.
    const catalog = { connector: createConnector({ format: 'shopify', url: store.url, currency: 'USD' }), refreshMs: false as const, webhookSecret: secret, pollMs: 600_000 };
    const servers: TestServer[] = [];
    const probe = createClient({ url: redis.url });
    await probe.connect();
    try {
      servers.push(await startServer({ redis: { url: redis.url, keyPrefix }, catalog }));
      servers.push(await startServer({ redis: { url: redis.url, keyPrefix }, catalog }));
      const [a, b] = servers as [TestServer, TestServer];
      const products_ = async (t: TestServer) => Number(/^aidw_catalog_products (\S+)$/m.exec(await (await fetch(`${t.url}/metrics`)).text())?.[1]);
      const leader = async (t: TestServer) => Number(/^aidw_catalog_leader (\S+)$/m.exec(await (await fetch(`${t.url}/metrics`)).text())?.[1]);
      expect([await leader(a), await leader(b)]).toEqual([1, 0]);
      expect(await products_(b)).toBe(3);
      // Each server listens for published versions on a connection of its own.
      const channel = `${keyPrefix}catalog:updates`;
      expect(await probe.sendCommand(['PUBSUB', 'NUMSUB', channel])).toEqual([channel, 2]);

      products = [product(1), product(2), product(3), product(4)];
      const body = JSON.stringify({ id: 4 });
      const signature = createHmac('sha256', secret).update(body).digest('base64');
      expect((await fetch(`${a.url}/catalog/refresh`, { method: 'POST', body, headers: { 'x-shopify-hmac-sha256': signature } })).status).toBe(202);
      await expect.poll(() => products_(a), { timeout: 10_000 }).toBe(4);
      await expect.poll(() => products_(b), { timeout: 10_000 }).toBe(4);
      expect(b.logs.find((l) => l.event === 'catalog_loaded' && l.products === 4)).toMatchObject({ from: 'redis' });
      await Promise.all(servers.map((t) => t.server.close()));
      // Closed, they leave no subscriber connection behind.
      expect(await probe.sendCommand(['PUBSUB', 'NUMSUB', channel])).toEqual([channel, 0]);
      expect([...a.errors, ...b.errors]).toEqual([]);
    } finally {
      await Promise.all(servers.map((t) => t.server.close()));
      await probe.quit();
    }
  });
});
