import { describe, expect, it } from 'vitest';
import {
  csvConnector, googleMerchantConnector, jsonConnector, magentoConnector, magentoCsvConnector, shopifyConnector, shopifyStorefrontConnector, wooCommerceConnector,
} from '../../../src/server/catalog/index';
import { fixture, fixturePath, notFound, standIns } from './stand-in';

const standIn = standIns();

describe('Shopify /products.json', () => {
  it('reads every page until an empty one, wrapped or bare, and validates at the edge', async () => {
    const store = await standIn(({ path, query }) => {
      if (path === '/meta.json') return { body: '{"currency":"CAD"}' };
      if (path !== '/products.json') return notFound;
      expect(query.get('limit')).toBe('250');
      return { body: ({ '1': fixture('shopify-products-1.json'), '2': fixture('shopify-products-2.json') } as Record<string, string>)[query.get('page') ?? ''] ?? '[]' };
    });
    const catalog = await shopifyConnector({ url: `${store.url}/` }).load();
    expect(store.requests.filter((r) => r.path === '/products.json').map((r) => r.query.get('page'))).toEqual(['1', '2', '3']);
    expect(catalog.currency).toBe('CAD');
    expect(catalog.items.map((i) => i.id)).toEqual(['1001', '1003']);
    const [wayfarer, readers] = catalog.items;
    expect(wayfarer).toMatchObject({
      title: 'Wayfarer Sunglasses & Case',
      description: 'Classic acetate frame. UV400 lenses — polarised.',
      url: `${store.url}/products/wayfarer-sunglasses`,
      images: [{ url: 'https://cdn.example/wayfarer.jpg?v=1', alt: 'Front' }],
      suits: ['round'],
    });
    expect(wayfarer?.productType).toBeUndefined();
    expect(wayfarer?.variants[0]).toMatchObject({ id: '2001', sku: 'WF-BLK-M', options: [{ name: 'Color', value: 'Black' }, { name: 'Size', value: 'M' }], price: { amount: 49, currency: 'CAD' }, compareAtPrice: { amount: 65, currency: 'CAD' }, available: true });
    expect(wayfarer?.variants[1]).toMatchObject({ available: false, image: { url: 'https://cdn.example/tortoise.jpg' } });
    expect(readers).toMatchObject({ tags: ['readers', 'round'], images: [{ url: 'https://cdn.example/round.png', alt: 'Round readers' }] });
    expect(readers?.variants).toEqual([{ id: '2004', sku: 'RR-1', title: '', options: [], price: { amount: 19.5, currency: 'CAD' }, available: true }]);
    expect(catalog.report).toMatchObject({ format: 'shopify', read: 4, kept: 2 });
    expect(catalog.report.dropped).toEqual([{ entry: '1002', reason: 'no variant with a readable price' }, { entry: '1004', reason: 'no title' }]);
    expect(catalog.report.repaired).toContainEqual({ entry: '1001', field: 'images', reason: 'not an http(s) URL' });
    expect(catalog.report.repaired).toContainEqual({ entry: '1002', field: 'variants[2003]', reason: 'unreadable price "not a price"' });
  });

  it('reads through the Storefront API with the token, following cursors', async () => {
    const node = (id: number, price: string) => ({
      id: `gid://shopify/Product/${id}`, handle: `p-${id}`, title: `Product ${id}`, description: 'Plain', vendor: 'V', productType: 'Mug', tags: ['a'], onlineStoreUrl: null,
      collections: { nodes: [{ title: 'Kitchen' }] }, images: { nodes: [{ url: `https://cdn.example/${id}.jpg`, altText: null }] },
      variants: { nodes: [{ id: `gid://shopify/ProductVariant/${id}0`, sku: null, title: 'Default Title', availableForSale: true, price: { amount: price, currencyCode: 'EUR' }, compareAtPrice: null, selectedOptions: [{ name: 'Title', value: 'Default Title' }], image: null }] },
    });
    const store = await standIn(({ path, headers, body }) => {
      if (path !== '/api/2025-01/graphql.json') return notFound;
      if (headers['x-shopify-storefront-access-token'] !== 'tok') return { status: 401, body: '{}' };
      const after = (JSON.parse(body) as { variables: { after: string | null } }).variables.after;
      const page = after === null
        ? { pageInfo: { hasNextPage: true, endCursor: 'c1' }, nodes: [node(1, '10.0')] }
        : { pageInfo: { hasNextPage: false, endCursor: 'c2' }, nodes: [node(2, '12.5')] };
      return { body: JSON.stringify({ data: { shop: { paymentSettings: { currencyCode: 'EUR' } }, products: page } }) };
    });
    const catalog = await shopifyStorefrontConnector({ url: store.url, token: 'tok' }).load();
    expect(store.requests).toHaveLength(2);
    expect(catalog.currency).toBe('EUR');
    expect(catalog.items.map((i) => [i.id, i.variants[0]?.id, i.variants[0]?.price.amount, i.categories[0], i.url])).toEqual([
      ['1', '10', 10, 'Kitchen', `${store.url}/products/p-1`], ['2', '20', 12.5, 'Kitchen', `${store.url}/products/p-2`],
    ]);
  });
});

describe('WooCommerce Store API', () => {
  it('reads X-WP-TotalPages pages, prices in minor units, variations as variants', async () => {
    const store = await standIn(({ path, query }) => {
      if (path !== '/shop/wp-json/wc/store/v1/products') return notFound;
      expect(query.get('per_page')).toBe('100');
      return { headers: { 'x-wp-totalpages': '2' }, body: fixture(`woocommerce-products-${query.get('page')}.json`) };
    });
    const catalog = await wooCommerceConnector({ url: `${store.url}/shop` }).load();
    expect(store.requests.map((r) => r.query.get('page'))).toEqual(['1', '2']);
    expect(catalog.currency).toBe('GBP');
    const [tea, kebab] = catalog.items;
    expect(tea).toMatchObject({ id: '386', title: 'Turkish Tea', description: 'A traditional brew & deep amber colour.', categories: ['Drinks'], tags: ['hot'] });
    expect(tea?.variants[0]).toMatchObject({ price: { amount: 3.5, currency: 'GBP' }, compareAtPrice: { amount: 4.5, currency: 'GBP' }, available: true });
    expect(kebab).toMatchObject({ vendor: 'Carnivore', description: 'Grilled over charcoal', images: [], attributes: { size: 'Regular, Large' } });
    expect(kebab?.variants.map((v) => [v.id, v.title, v.price.amount, v.available])).toEqual([['402', 'regular', 12.5, false], ['403', 'large', 12.5, false]]);
    expect(catalog.report.repaired).toEqual([{ entry: '401', field: 'images', reason: 'points at the home page, not an image' }]);
  });
});

describe('Magento 2', () => {
  it('reads GraphQL products page by page up to page_info.total_pages, configurable children as variants', async () => {
    const store = await standIn(({ path, body }) => {
      if (path !== '/graphql') return notFound;
      const { variables } = JSON.parse(body) as { variables: { currentPage: number; pageSize: number } };
      return { body: fixture(`magento-graphql-${variables.currentPage}.json`) };
    });
    const catalog = await magentoConnector({ url: store.url }).load();
    expect(store.requests).toHaveLength(2);
    expect(catalog.items.map((i) => i.id)).toEqual(['MH01', '24-MB01']);
    expect(catalog.items[0]).toMatchObject({ url: `${store.url}/chaz-kangeroo-hoodie.html`, description: 'Warm • hooded', categories: ['Men', 'Hoodies & Sweatshirts'] });
    expect(catalog.items[0]?.variants.map((v) => [v.id, v.title, v.price.amount, v.compareAtPrice?.amount, v.available])).toEqual([
      ['MH01-M-Black', 'M / Black', 45, 52, true], ['MH01-L-Black', 'L / Black', 52, undefined, false],
    ]);
  });

  it('reads the import CSV: configurable parents with their simple children, other store views and disabled products skipped', async () => {
    const catalog = await magentoCsvConnector({ url: fixturePath('magento-import.csv'), storeUrl: 'https://luma.example/', currency: 'usd' }).load();
    expect(catalog.items.map((i) => i.id)).toEqual(['MH01', '24-MB01']);
    const hoodie = catalog.items[0];
    expect(hoodie).toMatchObject({
      title: 'Chaz Hoodie', description: 'Warm, soft; • "Two-tone" gray.', url: 'https://luma.example/chaz-hoodie.html', productType: 'Top',
      categories: ['Men', 'Tops', 'Collections', 'Eco Friendly'], attributes: { material: 'Wool, Fleece' },
      images: [{ url: 'https://luma.example/media/catalog/product/m/h/mh01-main.jpg', alt: 'Chaz' }, { url: 'https://luma.example/media/catalog/product/m/h/mh01-back.jpg' }],
    });
    expect(hoodie?.variants.map((v) => [v.id, v.options, v.price, v.compareAtPrice?.amount, v.available])).toEqual([
      ['MH01-S-Gray', [{ name: 'Size', value: 'S' }, { name: 'Color', value: 'Gray' }], { amount: 52, currency: 'USD' }, undefined, true],
      ['MH01-M-Gray', [{ name: 'Size', value: 'M' }, { name: 'Color', value: 'Gray' }], { amount: 39.5, currency: 'USD' }, 52, false],
    ]);
    expect(catalog.report.warnings).toEqual(['1 disabled products skipped']);
  });
});

describe('Google Merchant Center', () => {
  it('reads RSS 2.0 with the g: namespace: in_stock, sale prices, item groups, home-page image links dropped', async () => {
    const store = await standIn(() => ({ headers: { 'content-type': 'application/xml' }, body: fixture('google-merchant.xml') }));
    const catalog = await googleMerchantConnector({ url: `${store.url}/feed.xml` }).load();
    expect(catalog.currency).toBe('GBP');
    expect(catalog.items.map((i) => i.id)).toEqual(['bracelet_pearl', 'necklace_lace']);
    const [bracelet, necklace] = catalog.items;
    expect(bracelet).toMatchObject({
      title: 'Blue Sandstone & Pearl Bracelet', description: 'Handmade in the UK.', vendor: 'Resin Delights', productType: 'Beaded Bracelets', categories: ['Jewelry'], tags: ['Bracelets'],
      images: [{ url: 'https://resin.example/images/pearl%20side.jpg' }], attributes: { gender: 'unisex', google_product_category: 'Apparel & Accessories > Jewelry > Bracelets' },
    });
    expect(bracelet?.variants[0]).toMatchObject({ options: [{ name: 'Color', value: 'Blue / Pearl' }], price: { amount: 15, currency: 'GBP' }, available: true });
    expect(necklace?.variants.map((v) => [v.id, v.title, v.price.amount, v.compareAtPrice?.amount, v.available])).toEqual([
      ['necklace_lace_s', 'S', 18, 22, false], ['necklace_lace_l', 'L', 24, undefined, true],
    ]);
    expect(catalog.report.dropped).toEqual([{ entry: 'no_price', reason: 'no variant with a readable price' }]);
    expect(catalog.report.repaired).toContainEqual({ entry: 'bracelet_pearl', field: 'images', reason: 'points at the home page, not an image' });
  });

  it('reads the tab-separated form from a file', async () => {
    const catalog = await googleMerchantConnector({ url: fixturePath('google-merchant.tsv') }).load();
    expect(catalog.currency).toBe('EUR');
    expect(catalog.items.map((i) => [i.id, i.title, i.variants[0]?.price.amount, i.variants[0]?.available, i.images.length, i.productType])).toEqual([
      ['mug-1', 'Stoneware Mug "Blue"', 12.5, true, 1, 'Mugs'], ['mug-2', 'Espresso Cup', 8, false, 0, 'Cups'],
    ]);
  });
});

describe('CSV and JSON files', () => {
  it('reads CSV rows, grouping variants by item_group_id, resolving relative links against the store', async () => {
    const catalog = await csvConnector({ url: fixturePath('products.csv'), storeUrl: 'https://basics.example', currency: 'USD' }).load();
    expect(catalog.items.map((i) => i.id)).toEqual(['tee', 'cap-1']);
    const [tee, cap] = catalog.items;
    expect(tee).toMatchObject({ url: 'https://basics.example/products/tee', description: 'Soft, organic cotton', productType: 'T-shirt', categories: ['Women', 'Tops'], tags: ['organic', 'summer'] });
    expect(tee?.variants.map((v) => [v.id, v.title, v.price.amount, v.compareAtPrice?.amount, v.available])).toEqual([
      ['tee-red-m', 'Red / M', 1299, undefined, true], ['tee-blue-m', 'Blue / M', 25, 30, false],
    ]);
    expect(tee?.images.map((i) => i.url)).toEqual(['https://basics.example/img/tee-red.jpg', 'https://basics.example/img/tee-blue.jpg']);
    expect(cap?.images).toEqual([]);
    expect(catalog.report.dropped).toEqual([{ entry: '#3', reason: 'no id' }]);
  });

  it('reads JSON in the catalog model shape, with attributes that cannot reach a prototype', async () => {
    const catalog = await jsonConnector({ url: fixturePath('products.json') }).load();
    expect(catalog.currency).toBe('EUR');
    expect(catalog.items).toHaveLength(1);
    const shirt = catalog.items[0];
    expect(shirt).toMatchObject({ productType: 'Shirt', categories: ['Men', 'Shirts'], description: 'Breathable', images: [{ url: 'https://linen.example/i/shirt.jpg', alt: 'Shirt' }, { url: 'https://linen.example/i/shirt-back.jpg' }] });
    expect(shirt?.variants.map((v) => [v.id, v.title, v.price.amount, v.compareAtPrice?.amount, v.available])).toEqual([['sku-1-s', 'S', 59, 79, true], ['sku-1-m', 'M', 59, undefined, false]]);
    expect(Object.getPrototypeOf(shirt?.attributes)).toBe(Object.prototype);
    expect(shirt?.attributes).toEqual({ material: 'Linen' });
    expect(catalog.report.dropped).toEqual([{ entry: 'sku-2', reason: 'product URL is not an http(s) URL' }]);
  });
});
