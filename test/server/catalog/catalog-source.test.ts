import { afterEach, describe, expect, it } from 'vitest';
import { CatalogError, CatalogSource, shopifyConnector, wooCommerceConnector, type Catalog, type CatalogTimers } from '../../../src/server/catalog/index';
import type { LogEntry } from '../../../src/server/operations/logger';
import { fixture, notFound, standIns, type StandInRequest } from './stand-in';

const standIn = standIns();
const sources: CatalogSource[] = [];
afterEach(async () => {
  await Promise.all(sources.splice(0).map((s) => s.close()));
});

/** Timers the test fires by hand: no waiting, no races. */
function manualTimers() {
  const pending = new Map<number, { fn: () => void; ms: number }>();
  let next = 0;
  const timers: CatalogTimers = {
    setTimeout: (fn, ms) => {
      pending.set(++next, { fn, ms });
      return next;
    },
    clearTimeout: (handle) => pending.delete(handle as number),
  };
  return {
    timers,
    pending,
    /** Fires the next timer once the source has set it (it does after the previous sync settles). */
    async fire() {
      for (let turn = 0; pending.size === 0; turn++) {
        if (turn > 1000) throw new Error('no timer was set');
        await new Promise((resolve) => setImmediate(resolve));
      }
      const due = [...pending.values()];
      pending.clear();
      for (const { fn } of due) fn();
    },
  };
}

function product(id: number, price = '10.00') {
  return { id, title: `Product ${id}`, handle: `p${id}`, body_html: '', vendor: 'V', product_type: 'Thing', tags: [], options: [{ name: 'Title' }], variants: [{ id: id * 10, title: 'Default Title', option1: 'Default Title', price, available: true }], images: [] };
}

/** A Shopify stand-in whose catalog the test changes: `pages` is the list of pages to serve. */
async function shopifyStore(pages: () => unknown[][] | 'fail-page-2' | 'malformed') {
  return standIn(({ path, query }: StandInRequest) => {
    if (path === '/meta.json') return { body: '{"currency":"USD"}' };
    if (path !== '/products.json') return notFound;
    const page = Number(query.get('page'));
    const now = pages();
    if (now === 'fail-page-2' && page === 2) return { status: 500, body: 'oops' };
    if (now === 'malformed' && page === 1) return { body: '{"products": [' };
    const list = now === 'fail-page-2' || now === 'malformed' ? [[product(1)], [product(2)]] : now;
    return { body: JSON.stringify({ products: list[page - 1] ?? [] }) };
  });
}

describe('connector failures', () => {
  it('times out a store that does not answer', async () => {
    const store = await standIn(() => 'hang');
    await expect(shopifyConnector({ url: store.url, timeoutMs: 200 }).load()).rejects.toMatchObject({ name: 'CatalogError', code: 'timeout' });
  });

  it('refuses a page larger than maxBytes, before or without a content-length', async () => {
    const big = JSON.stringify({ products: Array.from({ length: 200 }, (_, i) => product(i + 1)) });
    const store = await standIn(({ query }) => ({ body: query.get('page') === '1' ? big : '[]', headers: { 'transfer-encoding': 'chunked' } }));
    await expect(shopifyConnector({ url: store.url, maxBytes: 1000, currency: 'USD' }).load()).rejects.toMatchObject({ code: 'too_large' });
  });

  it('stops at maxPages with an error rather than a partial catalog', async () => {
    const store = await standIn(({ query }) => ({ body: JSON.stringify([product(Number(query.get('page')))]) }));
    await expect(shopifyConnector({ url: store.url, maxPages: 3, currency: 'USD' }).load()).rejects.toMatchObject({ code: 'too_many_pages' });
    expect(store.requests).toHaveLength(3);
  });

  it('treats a WooCommerce page that is not an array as malformed, and says which page', async () => {
    const store = await standIn(({ query }) => ({ headers: { 'x-wp-totalpages': '2' }, body: query.get('page') === '1' ? fixture('woocommerce-products-1.json') : '{"code":"rest_error"}' }));
    const error = await wooCommerceConnector({ url: store.url }).load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CatalogError);
    expect(error).toMatchObject({ code: 'malformed', message: expect.stringContaining('page 2') });
  });
});

describe('CatalogSource', () => {
  it('syncs at start and every refreshMs; a 500 on one page or a malformed page keeps the last good catalog and says so', async () => {
    let mode: unknown[][] | 'fail-page-2' | 'malformed' = [[product(1), product(2)]];
    const store = await shopifyStore(() => mode);
    const clock = manualTimers();
    const logs: LogEntry[] = [];
    let now = 1_000_000;
    const source = new CatalogSource({ connector: shopifyConnector({ url: store.url, now: () => now }), refreshMs: 60_000, timers: clock.timers, now: () => now, logger: (e) => logs.push(e) });
    sources.push(source);
    expect(store.requests).toHaveLength(0);
    const updates: Catalog[] = [];
    source.on('update', (c) => updates.push(c));
    await source.start();
    expect(source.current()?.items.map((i) => i.id)).toEqual(['1', '2']);
    expect([...clock.pending.values()].map((t) => t.ms)).toEqual([60_000]);
    const good = source.current()?.version;

    for (const failure of ['fail-page-2', 'malformed'] as const) {
      mode = failure;
      now += 60_000;
      const failed = new Promise<CatalogError>((resolve) => {
        const off = source.on('error', (e) => {
          off();
          resolve(e);
        });
      });
      await clock.fire();
      const error = await failed;
      expect(error.code).toBe(failure === 'fail-page-2' ? 'http_status' : 'malformed');
      expect(source.current()?.version).toBe(good);
      expect(source.status()).toMatchObject({ products: 2, version: good, lastSuccessAt: 1_000_000, ageMs: now - 1_000_000, lastError: { code: error.code } });
      expect(logs.at(-1)).toMatchObject({ level: 'warn', event: 'catalog_sync_failed', code: error.code, keeping: 2 });
    }

    mode = [[product(1), product(2), product(3)]];
    now += 60_000;
    const updated = new Promise<Catalog>((resolve) => source.on('update', resolve));
    await clock.fire();
    expect((await updated).items).toHaveLength(3);
    expect(source.status().lastError).toBeUndefined();
    expect(updates).toHaveLength(2);
    expect(logs.filter((e) => e.event === 'catalog_loaded').map((e) => e.products)).toEqual([2, 3]);
  });

  it('never replaces a good catalog with an empty one, and holds a drastic shrink until a second sync agrees', async () => {
    let pages: unknown[][] = [[product(1), product(2), product(3), product(4)]];
    const store = await shopifyStore(() => pages);
    const source = new CatalogSource({ connector: shopifyConnector({ url: store.url }), refreshMs: false });
    sources.push(source);
    await source.start();
    expect(source.status().products).toBe(4);

    pages = [];
    await source.refresh();
    expect(source.status()).toMatchObject({ products: 4, lastError: { code: 'empty' } });
    pages = [[{ id: 9, title: 'No price', handle: 'np', variants: [{ id: 90 }] }]];
    await source.refresh();
    expect(source.status()).toMatchObject({ products: 4, lastError: { code: 'empty', message: expect.stringContaining('no variant with a readable price') } });

    pages = [[product(1)]];
    await source.refresh();
    expect(source.status()).toMatchObject({ products: 4, lastError: { code: 'shrunk' } });
    await source.refresh();
    expect(source.status().products).toBe(1);
    expect(source.status().lastError).toBeUndefined();
  });

  it('does not start a second sync while one runs: a refresh during a sync runs once after it', async () => {
    let release: (() => void) | undefined;
    let loads = 0;
    const source = new CatalogSource({
      refreshMs: false,
      connector: {
        format: 'json', source: 'test',
        load: async () => {
          loads += 1;
          await new Promise<void>((resolve) => (release = resolve));
          return { version: `v${loads}`, currency: 'USD', items: [{ id: '1' } as Catalog['items'][number]], loadedAt: loads, report: { source: 'test', format: 'json', read: 1, kept: 1, dropped: [], repaired: [] } };
        },
      },
    });
    sources.push(source);
    const started = source.start();
    await Promise.resolve();
    const a = source.refresh();
    const b = source.refresh();
    release?.();
    await new Promise((r) => setTimeout(r, 0));
    expect(loads).toBe(2);
    release?.();
    await Promise.all([started, a, b]);
    expect(loads).toBe(2);
    expect(source.current()?.version).toBe('v2');
  });

  it('throws at once on misuse', () => {
    expect(() => new CatalogSource({} as never)).toThrow(/pass `connector`/);
    expect(() => new CatalogSource({ connector: shopifyConnector({ url: 'https://x.example' }), refreshMs: 5 })).toThrow(/refreshMs/);
    expect(() => shopifyConnector({ url: 'ftp://x.example' })).toThrow(/http/);
    expect(() => shopifyConnector({ url: 'https://x.example', currency: 'dollars' })).toThrow(/ISO 4217/);
  });
});
