import { describe, expect, it } from 'vitest';
import { catalogOptionsFromEnv } from '../../../src/server/catalog/index';
import { fixturePath } from './stand-in';

describe('catalogOptionsFromEnv', () => {
  it('is undefined without CATALOG_URL (the demo store stays)', () => {
    expect(catalogOptionsFromEnv({})).toBeUndefined();
  });

  it('reads each format and the defaults', async () => {
    const shopify = catalogOptionsFromEnv({ CATALOG_URL: 'https://shop.example.com', CATALOG_FORMAT: 'shopify' });
    expect(shopify).toMatchObject({ refreshMs: 3_600_000, maxResults: 4, connector: { format: 'shopify', source: 'https://shop.example.com/products.json' } });
    expect(catalogOptionsFromEnv({ CATALOG_URL: 'https://shop.example.com', CATALOG_FORMAT: 'shopify', CATALOG_TOKEN: 't' })?.connector.source).toBe('https://shop.example.com/api/2025-01/graphql.json');
    expect(catalogOptionsFromEnv({ CATALOG_URL: 'https://m.example', CATALOG_FORMAT: 'magento' })?.connector.format).toBe('magento');
    const csv = catalogOptionsFromEnv({ CATALOG_URL: fixturePath('magento-import.csv'), CATALOG_FORMAT: 'magento', CATALOG_STORE_URL: 'https://luma.example', CATALOG_CURRENCY: 'usd', CATALOG_REFRESH_MS: 'off', CATALOG_MAX_RESULTS: '6', CATALOG_WEBHOOK_SECRET: 's'.repeat(16) });
    expect(csv).toMatchObject({ refreshMs: false, maxResults: 6, webhookSecret: 's'.repeat(16), connector: { format: 'magento-csv' } });
    expect((await csv?.connector.load())?.items[0]?.variants[0]?.price).toEqual({ amount: 52, currency: 'USD' });
  });

  it('counts Magento special-price days in CATALOG_TIMEZONE', async () => {
    // 12:00 UTC on 30 November is already 1 December at UTC+14: the November offer has ended
    // there and the December one has begun.
    const now = () => Date.UTC(2026, 10, 30, 12);
    const base = { CATALOG_URL: fixturePath('magento-import-special.csv'), CATALOG_FORMAT: 'magento', CATALOG_STORE_URL: 'https://luma.example', CATALOG_CURRENCY: 'EUR' };
    const price = async (env: Record<string, string>, sku: string) => {
      const catalog = await catalogOptionsFromEnv(env, { now })?.connector.load();
      return catalog?.items.find((item) => item.variants[0]?.sku === sku)?.variants[0]?.price.amount;
    };
    expect([await price(base, 'WG01'), await price(base, 'WG02')]).toEqual([40, 35]);
    const kiritimati = { ...base, CATALOG_TIMEZONE: 'Pacific/Kiritimati' };
    expect([await price(kiritimati, 'WG01'), await price(kiritimati, 'WG02')]).toEqual([30, 50]);
    expect(() => catalogOptionsFromEnv({ ...base, CATALOG_TIMEZONE: 'Mars/Olympus' })).toThrow(/CATALOG_TIMEZONE/);
  });

  it('throws naming the variable on a malformed value', () => {
    const base = { CATALOG_URL: 'https://shop.example.com', CATALOG_FORMAT: 'shopify' };
    expect(() => catalogOptionsFromEnv({ ...base, CATALOG_FORMAT: 'shopfy' })).toThrow(/CATALOG_FORMAT/);
    expect(() => catalogOptionsFromEnv({ CATALOG_URL: 'https://x.example' })).toThrow(/CATALOG_FORMAT/);
    expect(() => catalogOptionsFromEnv({ CATALOG_FORMAT: 'csv' })).toThrow(/CATALOG_URL/);
    expect(() => catalogOptionsFromEnv({ ...base, CATALOG_REFRESH_MS: '10' })).toThrow(/CATALOG_REFRESH_MS/);
    expect(() => catalogOptionsFromEnv({ ...base, CATALOG_MAX_RESULTS: '0' })).toThrow(/CATALOG_MAX_RESULTS/);
    expect(() => catalogOptionsFromEnv({ ...base, CATALOG_CURRENCY: 'dollars' })).toThrow(/CATALOG_CURRENCY/);
    expect(() => catalogOptionsFromEnv({ ...base, CATALOG_URL: 'ftp://x.example' })).toThrow(/CATALOG_URL/);
    expect(() => catalogOptionsFromEnv({ CATALOG_URL: './file.json', CATALOG_FORMAT: 'shopify' })).toThrow(/CATALOG_URL/);
  });
});
