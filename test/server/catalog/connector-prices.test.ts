import { describe, expect, it } from 'vitest';
import type { Block } from '../../../src/protocol';
import { catalogResponder, searchProductsTool, type RespondContext } from '../../../src/server';
import { magentoConnector, magentoCsvConnector, wooCommerceConnector, type Catalog } from '../../../src/server/catalog/index';
import { fixture, fixturePath, notFound, standIns } from './stand-in';

const standIn = standIns();

/** Noon UTC on 2026-12-07: in Auckland it is already the 8th. */
const NOW = Date.UTC(2026, 11, 7, 12);

/** Per variant id: [price, compare-at price]. */
const prices = (catalog: Catalog) => Object.fromEntries(catalog.items.flatMap((item) => item.variants.map((v) => [v.id, [v.price.amount, v.compareAtPrice?.amount]])));

describe('Magento special prices and their windows', () => {
  async function magentoStore() {
    return standIn(({ path }) => (path === '/graphql' ? { body: fixture('magento-graphql-special.json') } : notFound));
  }

  it('GraphQL: a special price counts on the days of its window only, whatever the price index says', async () => {
    const store = await magentoStore();
    const catalog = await magentoConnector({ url: store.url, now: () => NOW }).load();
    expect(store.requests[0]?.body).toMatch(/special_price special_from_date special_to_date/);
    expect(prices(catalog)).toEqual({
      WG01: [30, 40], // in its window; the index not rebuilt since it began
      WG02: [50, undefined], // ended on the 30th; the index still holds it
      WG03: [45, 60], // begins today
      WG04: [60, 80], // a price rule under the special price: Magento charges the lowest
      WG05: [19, 25], // ends today, which still counts
      'MJ01-M': [70, undefined], // begins on the 25th
      'MJ01-L': [60, 72],
    });
  });

  it('GraphQL: the window is counted in the store\'s time zone', async () => {
    const store = await magentoStore();
    const catalog = await magentoConnector({ url: store.url, now: () => NOW, timeZone: 'Pacific/Auckland' }).load();
    expect(prices(catalog)).toMatchObject({ WG05: [25, undefined], 'MJ01-L': [60, 72], WG03: [45, 60] });
    expect(() => magentoConnector({ url: store.url, timeZone: 'Mars/Olympus' })).toThrow(/timeZone must be an IANA time zone/);
  });

  it('import CSV: special_price_from_date and special_price_to_date, in the export\'s short dates or ISO', async () => {
    const catalog = await magentoCsvConnector({ url: fixturePath('magento-import-special.csv'), storeUrl: 'https://luma.example/', currency: 'EUR', now: () => NOW }).load();
    expect(prices(catalog)).toEqual({
      WG01: [30, 40],
      WG02: [50, undefined],
      WG03: [45, 60],
      WG04: [70, 80], // no window: always on
      WG05: [25, undefined], // a date it cannot read (07.12.26): the regular price, never a maybe-ended discount
      'MJ01-M': [70, undefined],
      'MJ01-L': [60, 72],
    });
  });
});

describe('WooCommerce variable products', () => {
  /** The Store API: one page of products, and each variation at /products/{id} (the scarf's Camel fails). */
  async function wooStore() {
    const variations = JSON.parse(fixture('woocommerce-variations.json')) as Record<string, unknown>;
    return standIn(({ path }) => {
      if (path === '/wp-json/wc/store/v1/products') return { headers: { 'x-wp-totalpages': '1' }, body: fixture('woocommerce-variable.json') };
      const id = /^\/wp-json\/wc\/store\/v1\/products\/(\d+)$/.exec(path)?.[1];
      if (id === undefined) return notFound;
      const variation = variations[id];
      return variation === undefined ? { status: 500, body: '{"code":"internal_server_error"}' } : { body: JSON.stringify(variation) };
    });
  }

  it('prices each variation as the store does, and a product whose variations cannot all be read "from" its range', async () => {
    const store = await wooStore();
    const catalog = await wooCommerceConnector({ url: store.url }).load();
    // Only variations of products whose prices differ are asked for, one by one.
    expect(store.requests.map((r) => r.path).filter((p) => p !== '/wp-json/wc/store/v1/products').sort()).toEqual(
      ['502', '503', '521', '522', '531', '532'].map((id) => `/wp-json/wc/store/v1/products/${id}`),
    );
    const [hoodie, mug, scarf, gloves] = catalog.items;
    expect(hoodie?.variants).toEqual([
      { id: '502', sku: 'SKU-502', title: 's', options: [{ name: 'Size', value: 's' }], price: { amount: 25, currency: 'GBP' }, available: true },
      {
        id: '503', sku: 'SKU-503', title: 'xl', options: [{ name: 'Size', value: 'xl' }], price: { amount: 35, currency: 'GBP' }, compareAtPrice: { amount: 40, currency: 'GBP' },
        available: false, image: { url: 'https://tea.example/wp-content/uploads/hoodie-xl.jpg', alt: 'Size: XL' },
      },
    ]);
    // Without a price range every variation costs the product's price.
    expect(mug?.variants.map((v) => [v.id, v.price.amount, v.priceFrom])).toEqual([['511', 12, undefined], ['512', 12, undefined]]);
    // The Camel scarf's price is unknown, and the L glove's route answered as another variation:
    // neither gets a price that is not its own; each product is one variant "from" its lowest price.
    expect(scarf?.variants).toEqual([{ id: '520', title: '', options: [], price: { amount: 18, currency: 'GBP' }, available: true, priceFrom: true }]);
    expect(gloves?.variants).toEqual([{ id: '530', title: '', options: [], price: { amount: 30, currency: 'GBP' }, available: true, priceFrom: true }]);
    expect(scarf?.attributes).toEqual({ color: 'Grey, Camel' });
    expect(catalog.report.warnings).toEqual(['2 variable products priced "from" their lowest price: their variations\' own prices could not be read']);
  });

  it('says "from" for such a product in the shopper\'s language', async () => {
    const store = await wooStore();
    const catalog = await wooCommerceConnector({ url: store.url }).load();
    const said = async (text: string, locale: string) => {
      const ctx: RespondContext = { sessionId: 's1', context: { locale }, signal: new AbortController().signal, history: [] };
      let out = '';
      for await (const piece of catalogResponder({ wordDelayMs: 0, catalog }) ({ id: 'm1', sessionId: 's1', text, sentAt: 0 }, ctx) as AsyncIterable<string | Block>) if (typeof piece === 'string') out += piece;
      return out;
    };
    expect(await said('wool scarf', 'en-GB')).toMatch(/the Wool Scarf from £18\.00\./);
    expect(await said('wool scarf', 'fr-FR')).toMatch(/Wool Scarf à partir de 18,00\s£/);
    expect(await said('wool scarf', 'de-DE')).toMatch(/Wool Scarf ab 18,00\s£/);
    expect(await said('fleece hoodie', 'en-GB')).toMatch(/the Fleece Hoodie at £25\.00\./);
    // And to a model through the search tool, which must not quote the lowest price as the price.
    const ctx: RespondContext = { sessionId: 's1', context: {}, signal: new AbortController().signal, history: [] };
    const tool = await searchProductsTool({ catalog }).run({ query: 'wool scarf' }, ctx);
    expect(tool.content).toMatch(/- Wool Scarf \| from 18 GBP \| in stock/);
  });
});
