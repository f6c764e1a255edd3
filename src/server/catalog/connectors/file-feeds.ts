import { CatalogError } from './errors.js';
import { makeConnector, type CatalogConnector } from './connector.js';
import { flatProducts } from './flat-records.js';
import type { FileFeedOptions } from './google-merchant.js';
import { parseJson } from './http.js';
import { currencyCode } from './price.js';
import { readTable } from './tabular.js';
import { list, record, type Loose } from './values.js';

/**
 * A CSV (or semicolon- or tab-separated) file of products, one row per product or per variant
 * (rows sharing `item_group_id` are one product), with the columns of the flat-record mapping.
 *
 * @example
 * const connector = csvConnector({ url: './products.csv', storeUrl: 'https://shop.example.com', currency: 'EUR' });
 */
export function csvConnector(options: FileFeedOptions): CatalogConnector {
  return makeConnector('csv', options.url, options, options.storeUrl, async (http) => ({ products: flatProducts(readTable(await http.readSource(options.url), options.url)) }));
}

/**
 * A JSON file of products: a bare array, or an object with `products` or `items` (and optionally
 * `currency`), each product with the fields of the flat-record mapping or the catalog model's own
 * shape (nested `variants` and `images`).
 *
 * @example
 * const connector = jsonConnector({ url: 'https://shop.example.com/catalog.json' });
 */
export function jsonConnector(options: FileFeedOptions): CatalogConnector {
  return makeConnector('json', options.url, options, options.storeUrl, async (http) => {
    const body = parseJson(await http.readSource(options.url), options.url);
    const wrapper = record(body);
    const entries = Array.isArray(body) ? body : wrapper?.products ?? wrapper?.items;
    if (!Array.isArray(entries)) throw new CatalogError('malformed', `${options.url} has neither a bare array nor a "products" or "items" array`);
    const currency = currencyCode(wrapper?.currency);
    return { products: flatProducts(list(entries).map((entry) => record(entry) ?? ({} as Loose))), ...(currency !== undefined && { currency }) };
  });
}
