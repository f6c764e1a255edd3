import { CatalogError } from './errors.js';
import { makeConnector, storeOrigin, type CatalogConnector, type ConnectorOptions } from './connector.js';
import { parseJson } from './http.js';
import { currencyCode, minorUnits } from './price.js';
import type { RawProduct, RawVariant } from './raw.js';
import { flag, list, record, text, type Loose } from './values.js';
import { pricedApart, readVariations } from './woocommerce-variations.js';

export interface WooCommerceOptions extends ConnectorOptions {
  /** The WordPress site's address (with its path when WordPress lives under one). */
  url: string;
}

const PAGE_SIZE = 100;

/**
 * A WooCommerce store through the public Store API, `/wp-json/wc/store/v1/products?per_page=100&page=N`,
 * for as many pages as `X-WP-TotalPages` says (or until a short page when a proxy strips it).
 * Prices come in minor units with `currency_minor_unit`. Variations whose prices differ are read
 * one by one (`/products/{id}`) for their own price, stock and image.
 *
 * @example
 * const connector = wooCommerceConnector({ url: 'https://shop.example.com' });
 */
export function wooCommerceConnector(options: WooCommerceOptions): CatalogConnector {
  const base = storeOrigin(options.url, 'wooCommerceConnector');
  const endpoint = `${base}/wp-json/wc/store/v1/products`;
  return makeConnector('woocommerce', endpoint, options, base, async (http) => {
    const products: RawProduct[] = [];
    let currency: string | undefined;
    let totalPages: number | undefined;
    let pricedFrom = 0;
    for (let page = 1; totalPages === undefined || page <= totalPages; page++) {
      if (page > http.maxPages) throw new CatalogError('too_many_pages', `${endpoint} has more than ${http.maxPages} pages (maxPages)`);
      const where = `${endpoint} page ${page}`;
      const answer = await http.request(`${endpoint}?per_page=${PAGE_SIZE}&page=${page}`);
      const header = Number(answer.headers.get('x-wp-totalpages') ?? Number.NaN);
      if (Number.isInteger(header) && header >= 0) totalPages = header;
      const entries = parseJson(answer.body, where);
      if (!Array.isArray(entries)) throw new CatalogError('malformed', `${where} is not an array of products`);
      const listed = entries.map((entry) => record(entry) ?? {});
      const variations = await readVariations(http, endpoint, listed);
      for (const product of listed) {
        currency ??= currencyCode(record(product.prices)?.currency_code);
        const raw = wooProduct(product, variations);
        if (raw.variants.some((v) => v.priceFrom === true)) pricedFrom += 1;
        products.push(raw);
      }
      if (totalPages === undefined && entries.length < PAGE_SIZE) break;
    }
    const warnings = pricedFrom > 0 ? [`${pricedFrom} variable products priced "from" their lowest price: their variations' own prices could not be read`] : [];
    return { products, ...(currency !== undefined && { currency }), ...(warnings.length > 0 && { warnings }) };
  });
}

function names(value: unknown): unknown[] {
  return list(value).map((entry) => record(entry)?.name);
}

/** A Store API price block as the raw variant's price fields. */
function priceFields(prices: Loose, onSale: boolean): Pick<RawVariant, 'price' | 'compareAtPrice' | 'currency' | 'minorUnit'> {
  const minorUnit = minorUnits(prices.currency_minor_unit);
  return {
    price: prices.price,
    ...(onSale && { compareAtPrice: prices.regular_price }),
    currency: prices.currency_code,
    ...(minorUnit !== undefined && { minorUnit }),
  };
}

const inStock = (product: Loose) => flag(product.is_in_stock) !== false && flag(product.is_purchasable) !== false;

/**
 * One Store API product in the raw catalog shape. `variations` holds the variations read one by
 * one (`readVariations`), by id: each variant carries its own price, stock and image. When the
 * variations differ in price and not all of them could be read, the product is one variant priced
 * "from" the lowest of its range: never one variation's price shown for another.
 */
export function wooProduct(product: Loose, variations: ReadonlyMap<string, Loose> = new Map()): RawProduct {
  const prices = record(product.prices) ?? {};
  const base: Omit<RawVariant, 'id' | 'options'> = { sku: product.sku, ...priceFields(prices, flag(product.on_sale) === true), available: inStock(product) };
  const listed = list(product.variations).map((value) => record(value) ?? {});
  const apart = pricedApart(product);
  const own = (variation: Loose) => variations.get(text(variation.id) ?? '');
  let variants: RawVariant[];
  if (listed.length === 0) {
    variants = [{ ...base, id: product.id, options: [] }];
  } else if (apart && !listed.every((variation) => own(variation) !== undefined)) {
    const range = record(prices.price_range) ?? {};
    variants = [{ ...base, id: product.id, options: [], price: range.min_amount, compareAtPrice: undefined, priceFrom: true }];
  } else {
    variants = listed.map((variation) => {
      const options = list(variation.attributes).map((a) => ({ name: record(a)?.name, value: record(a)?.value }));
      const title = options.map((o) => text(o.value)).filter(Boolean).join(' / ');
      const read = own(variation);
      // Without a range all variations cost the product's price, which is then theirs too.
      if (read === undefined) return { ...base, id: variation.id, sku: undefined, title, options };
      const image = record(list(read.images)[0]);
      return {
        id: variation.id, sku: read.sku, title, options, ...priceFields(record(read.prices) ?? {}, flag(read.on_sale) === true), available: inStock(read),
        ...(image && { image: { url: image.src, alt: image.alt } }),
      };
    });
  }
  const attributes: Record<string, unknown> = {};
  for (const attribute of list(product.attributes)) {
    const name = text(record(attribute)?.name);
    const terms = names(record(attribute)?.terms).map((term) => text(term)).filter(Boolean);
    if (name !== undefined && terms.length > 0) attributes[name] = terms.join(', ');
  }
  return {
    id: product.id,
    handle: product.slug,
    title: product.name,
    // Stores fill one or the other; the long one says more.
    description: text(product.description) ?? product.short_description,
    vendor: names(product.brands)[0],
    categories: names(product.categories),
    tags: names(product.tags),
    images: list(product.images).map((image) => ({ url: record(image)?.src, alt: record(image)?.alt })),
    variants,
    url: product.permalink,
    attributes,
  };
}
