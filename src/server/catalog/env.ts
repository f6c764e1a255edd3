import { readEnv, type Env, type EnvValues } from '../config/env-variables.js';
import { ConfigError } from '../config/env-readers.js';
import type { CatalogConnector, ConnectorOptions } from './connectors/connector.js';
import { CATALOG_FORMATS, createConnector } from './connectors/create-connector.js';

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
 *   CATALOG_WEBHOOK_SECRET   secret Shopify/WooCommerce webhooks are signed with (16+ characters)
 *   CATALOG_CURRENCY         ISO 4217 code, for feeds that name none (products.json, CSV)
 *   CATALOG_STORE_URL        the store's address, for files with relative links (Magento CSV)
 *   CATALOG_TIMEZONE         the store's IANA time zone, for Magento special-price dates  default UTC
 *
 * @example
 * const catalog = catalogOptionsFromEnv(process.env);
 * if (catalog) new CatalogSource({ connector: catalog.connector, refreshMs: catalog.refreshMs });
 */
export function catalogOptionsFromEnv(env: Env = process.env, connectorOptions: ConnectorOptions = {}): CatalogEnvOptions | undefined {
  return catalogOptionsFromValues(readEnv(env), connectorOptions);
}

/** The same from values `readEnv` has already checked (so the server reads its environment once). */
export function catalogOptionsFromValues(v: EnvValues, connectorOptions: ConnectorOptions = {}): CatalogEnvOptions | undefined {
  const url = v.CATALOG_URL;
  if (url === undefined) return undefined;
  const format = v.CATALOG_FORMAT;
  if (format === undefined) throw new ConfigError(['CATALOG_FORMAT'], [`CATALOG_URL is set but CATALOG_FORMAT is not: set it to one of ${CATALOG_FORMATS.join(', ')}`]);
  let connector: CatalogConnector;
  try {
    connector = createConnector({
      ...connectorOptions, format, url,
      ...(v.CATALOG_TOKEN !== undefined && { token: v.CATALOG_TOKEN }),
      ...(v.CATALOG_STORE_URL !== undefined && { storeUrl: v.CATALOG_STORE_URL }),
      ...(v.CATALOG_CURRENCY !== undefined && { currency: v.CATALOG_CURRENCY }),
      ...(v.CATALOG_TIMEZONE !== undefined && { timeZone: v.CATALOG_TIMEZONE }),
    });
  } catch (error) {
    throw new ConfigError(['CATALOG_URL'], [`CATALOG_URL ${(error as Error).message}`]);
  }
  return {
    connector,
    refreshMs: v.CATALOG_REFRESH_MS ?? DEFAULTS.refreshMs,
    maxResults: v.CATALOG_MAX_RESULTS ?? DEFAULTS.maxResults,
    ...(v.CATALOG_WEBHOOK_SECRET !== undefined && { webhookSecret: v.CATALOG_WEBHOOK_SECRET }),
  };
}
