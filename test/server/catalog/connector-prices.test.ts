import { describe, expect, it } from 'vitest';
import { magentoConnector, magentoCsvConnector, type Catalog } from '../../../src/server/catalog/index';
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
