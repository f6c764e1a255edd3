import { CatalogError } from './errors.js';
import { makeConnector, storeOrigin, type CatalogConnector, type ConnectorOptions } from './connector.js';
import { parseJson, type HttpClient } from './http.js';
import { currencyCode } from './price.js';
import type { RawImage, RawProduct, RawVariant } from './raw.js';
import { list, parts, record, text, type Loose } from './values.js';

export interface ShopifyOptions extends ConnectorOptions {
  /** The storefront's address, e.g. `https://shop.example.com` or `https://x.myshopify.com`. */
  url: string;
}

const PAGE_SIZE = 250;

/**
 * A Shopify store through its public storefront JSON: `/products.json?limit=250&page=N` until a
 * page comes back empty. Pages may be `{ "products": [...] }` or a bare array (both are seen in
 * the wild). The currency comes from `/meta.json` when the merchant does not set it.
 *
 * @example
 * const connector = shopifyConnector({ url: 'https://shop.example.com' });
 */
export function shopifyConnector(options: ShopifyOptions): CatalogConnector {
  const origin = storeOrigin(options.url, 'shopifyConnector');
  return makeConnector('shopify', `${origin}/products.json`, options, origin, async (http) => {
    const products: RawProduct[] = [];
    for (let page = 1; ; page++) {
      if (page > http.maxPages) throw new CatalogError('too_many_pages', `${origin}/products.json has more than ${http.maxPages} pages (maxPages)`);
      const where = `${origin}/products.json page ${page}`;
      const body = parseJson((await http.request(`${origin}/products.json?limit=${PAGE_SIZE}&page=${page}`)).body, where);
      const entries = Array.isArray(body) ? body : record(body)?.products;
      if (!Array.isArray(entries)) throw new CatalogError('malformed', `${where} has neither a "products" array nor a bare array`);
      if (entries.length === 0) break;
      for (const entry of entries) products.push(shopifyProduct(record(entry) ?? {}, origin));
    }
    return { products, ...(options.currency === undefined && { currency: await shopCurrency(http, origin) }) };
  });
}

/** `/meta.json` names the shop's currency; a store that hides it costs a warning, not the sync. */
async function shopCurrency(http: HttpClient, origin: string): Promise<string | undefined> {
  try {
    return currencyCode(record(parseJson((await http.request(`${origin}/meta.json`)).body, 'meta.json'))?.currency);
  } catch {
    return undefined;
  }
}

/** One product of `/products.json` (REST Admin product shape) in the raw catalog shape. */
export function shopifyProduct(product: Loose, origin: string): RawProduct {
  const optionNames = list(product.options).map((option, index) => text(record(option)?.name) ?? `Option ${index + 1}`);
  const imagesById = new Map<string, RawImage>();
  const images: RawImage[] = list(product.images).map((value) => {
    const image = record(value) ?? {};
    const raw = { url: image.src, alt: image.alt };
    const id = text(image.id);
    if (id !== undefined) imagesById.set(id, raw);
    return raw;
  });
  const variants: RawVariant[] = list(product.variants).map((value) => {
    const variant = record(value) ?? {};
    const featured = record(variant.featured_image);
    const image = featured ? { url: featured.src, alt: featured.alt } : imagesById.get(text(variant.image_id) ?? '');
    return {
      id: variant.id,
      sku: variant.sku,
      title: text(variant.title) === 'Default Title' ? '' : variant.title,
      options: [variant.option1, variant.option2, variant.option3].flatMap((option, index) => (option === null || option === undefined ? [] : [{ name: optionNames[index] ?? `Option ${index + 1}`, value: option }])),
      price: variant.price,
      compareAtPrice: variant.compare_at_price,
      available: variant.available,
      ...(image && { image }),
    };
  });
  const handle = text(product.handle);
  return {
    id: product.id,
    handle,
    title: product.title,
    description: product.body_html,
    vendor: product.vendor,
    productType: product.product_type,
    // The REST shape has tags as an array; older themes and exports as "a, b, c".
    tags: parts(product.tags),
    variants,
    images,
    url: handle === undefined ? undefined : `${origin}/products/${encodeURIComponent(handle)}`,
  };
}
