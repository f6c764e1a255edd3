import { createClient } from '@redis/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogSource, shopifyConnector, type Catalog } from '../../../src/server/catalog/index';
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
});
