import { EnvReader, type Env } from '../env-options.js';
import type { CatalogConnector, ConnectorOptions } from './connectors/connector.js';
import { CATALOG_FORMATS, createConnector } from './connectors/create-connector.js';
import { currencyCode } from './connectors/price.js';

/** What the environment configures: a connector plus how the server uses its catalog. */
export interface CatalogEnvOptions {
  connector: CatalogConnector;
  /** CATALOG_REFRESH_MS; `false` for `off`. @default 3600000 */
  refreshMs: number | false;
  /** CATALOG_MAX_RESULTS: product cards per answer. @default 4 */
  maxResults: number;
  /** CATALOG_WEBHOOK_SECRET: turns the refresh endpoint on. @default none */
  webhookSecret?: string;
}

const DEFAULTS = { refreshMs: 3_600_000, maxResults: 4 };

/**
 * Reads the catalog's configuration from the environment; undefined when CATALOG_URL is unset
 * (the server keeps its demo catalog). A malformed value throws naming the variable.
 *
 *   CATALOG_URL              a store's address, a feed URL or a file path
 *   CATALOG_FORMAT           shopify | woocommerce | magento | google-merchant | csv | json
 *   CATALOG_REFRESH_MS       time between syncs (at least 1000), or off        default 3600000
 *   CATALOG_MAX_RESULTS      product cards per answer, 1 to 50                 default 4
 *   CATALOG_TOKEN            Shopify Storefront API token (then the Storefront API is used)
 *   CATALOG_WEBHOOK_SECRET   secret Shopify/WooCommerce webhooks are signed with
 *   CATALOG_CURRENCY         ISO 4217 code, for feeds that name none (products.json, CSV)
 *   CATALOG_STORE_URL        the store's address, for files with relative links (Magento CSV)
 *
 * @example
 * const catalog = catalogOptionsFromEnv(process.env);
 * if (catalog) new CatalogSource({ connector: catalog.connector, refreshMs: catalog.refreshMs });
 */
export function catalogOptionsFromEnv(env: Env = process.env, connectorOptions: ConnectorOptions = {}): CatalogEnvOptions | undefined {
  const read = new EnvReader(env);
  const url = read.string('CATALOG_URL');
  const format = read.oneOf('CATALOG_FORMAT', CATALOG_FORMATS);
  const maxResults = read.int('CATALOG_MAX_RESULTS', 1, 50) ?? DEFAULTS.maxResults;
  const refreshMs = read.off('CATALOG_REFRESH_MS') ? false : read.int('CATALOG_REFRESH_MS', 1000) ?? DEFAULTS.refreshMs;
  const rawCurrency = read.string('CATALOG_CURRENCY');
  const currency = currencyCode(rawCurrency);
  if (rawCurrency !== undefined && currency === undefined) throw new TypeError(`CATALOG_CURRENCY must be a three-letter ISO 4217 code such as USD, got ${JSON.stringify(rawCurrency)}`);
  const storeUrl = read.string('CATALOG_STORE_URL');
  if (storeUrl !== undefined && !/^https?:\/\/[^/\s]+/i.test(storeUrl)) throw new TypeError(`CATALOG_STORE_URL must be the store's address such as https://shop.example.com, got ${JSON.stringify(storeUrl)}`);
  if (url === undefined) {
    if (format !== undefined) throw new TypeError('CATALOG_FORMAT is set but CATALOG_URL is not: set CATALOG_URL to the store address, feed URL or file');
    return undefined;
  }
  if (format === undefined) throw new TypeError(`CATALOG_URL is set but CATALOG_FORMAT is not: set it to one of ${CATALOG_FORMATS.join(', ')}`);
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) && !/^https?:\/\/[^/\s]+/i.test(url)) throw new TypeError(`CATALOG_URL must be an http(s) URL or a file path, got ${JSON.stringify(url)}`);
  const token = read.string('CATALOG_TOKEN');
  let connector: CatalogConnector;
  try {
    connector = createConnector({ ...connectorOptions, format, url, ...(token !== undefined && { token }), ...(storeUrl !== undefined && { storeUrl }), ...(currency !== undefined && { currency }) });
  } catch (error) {
    throw new TypeError(`CATALOG_URL: ${(error as Error).message}`);
  }
  const webhookSecret = read.string('CATALOG_WEBHOOK_SECRET');
  return { connector, refreshMs, maxResults, ...(webhookSecret !== undefined && { webhookSecret }) };
}
