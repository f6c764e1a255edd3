import { CatalogError } from './errors.js';
import { makeConnector, storeOrigin, type CatalogConnector, type ConnectorOptions } from './connector.js';
import { parseJson } from './http.js';
import { currencyCode, minorUnits } from './price.js';
import type { RawProduct, RawVariant } from './raw.js';
import { flag, list, record, text, type Loose } from './values.js';

export interface WooCommerceOptions extends ConnectorOptions {
  /** The WordPress site's address (with its path when WordPress lives under one). */
  url: string;
}

const PAGE_SIZE = 100;

/**
 * A WooCommerce store through the public Store API, `/wp-json/wc/store/v1/products?per_page=100&page=N`,
 * for as many pages as `X-WP-TotalPages` says (or until a short page when a proxy strips it).
 * Prices come in minor units with `currency_minor_unit`.
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
    for (let page = 1; totalPages === undefined || page <= totalPages; page++) {
      if (page > http.maxPages) throw new CatalogError('too_many_pages', `${endpoint} has more than ${http.maxPages} pages (maxPages)`);
      const where = `${endpoint} page ${page}`;
      const answer = await http.request(`${endpoint}?per_page=${PAGE_SIZE}&page=${page}`);
      const header = Number(answer.headers.get('x-wp-totalpages') ?? Number.NaN);
      if (Number.isInteger(header) && header >= 0) totalPages = header;
      const entries = parseJson(answer.body, where);
      if (!Array.isArray(entries)) throw new CatalogError('malformed', `${where} is not an array of products`);
      for (const entry of entries) {
        const product = record(entry) ?? {};
        currency ??= currencyCode(record(product.prices)?.currency_code);
        products.push(wooProduct(product));
      }
      if (totalPages === undefined && entries.length < PAGE_SIZE) break;
    }
    return { products, ...(currency !== undefined && { currency }) };
  });
}

function names(value: unknown): unknown[] {
  return list(value).map((entry) => record(entry)?.name);
}

/** One Store API product in the raw catalog shape. */
export function wooProduct(product: Loose): RawProduct {
  const prices = record(product.prices) ?? {};
  const minorUnit = minorUnits(prices.currency_minor_unit);
  const onSale = flag(product.on_sale) === true;
  const base: Omit<RawVariant, 'id' | 'options'> = {
    sku: product.sku,
    price: prices.price,
    ...(onSale && { compareAtPrice: prices.regular_price }),
    currency: prices.currency_code,
    ...(minorUnit !== undefined && { minorUnit }),
    available: flag(product.is_in_stock) !== false && flag(product.is_purchasable) !== false,
  };
  // The Store API lists a variable product's variations with their options but not their own
  // prices: each becomes a variant at the product's (lowest) price, so a card can still name it.
  const variations = list(product.variations).map((value) => record(value) ?? {});
  const variants: RawVariant[] = variations.length === 0
    ? [{ ...base, id: product.id, options: [] }]
    : variations.map((variation) => {
      const options = list(variation.attributes).map((a) => ({ name: record(a)?.name, value: record(a)?.value }));
      return { ...base, id: variation.id, sku: undefined, title: options.map((o) => text(o.value)).filter(Boolean).join(' / '), options };
    });
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
