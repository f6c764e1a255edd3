import type { CatalogConnector, ConnectorOptions } from './connector.js';
import { csvConnector, jsonConnector } from './file-feeds.js';
import { googleMerchantConnector } from './google-merchant.js';
import { magentoCsvConnector } from './magento-csv.js';
import { magentoConnector } from './magento.js';
import { shopifyStorefrontConnector } from './shopify-storefront.js';
import { shopifyConnector } from './shopify.js';
import { wooCommerceConnector } from './woocommerce.js';

/** The formats `CATALOG_FORMAT` names. Magento's import CSV is `magento` with a `.csv` location. */
export const CATALOG_FORMATS = ['shopify', 'woocommerce', 'magento', 'google-merchant', 'csv', 'json'] as const;
export type CatalogSourceFormat = (typeof CATALOG_FORMATS)[number];

export interface AnyConnectorOptions extends ConnectorOptions {
  format: CatalogSourceFormat;
  /** A store's address, a feed URL or a file path. */
  url: string;
  /** Shopify Storefront API token: with it, Shopify is read through the Storefront API. */
  token?: string;
  /** The store's address for file feeds with relative links. */
  storeUrl?: string;
  /** Magento: the store's time zone, which decides on which day a special price starts and ends. @default 'UTC' */
  timeZone?: string;
}

/**
 * The connector for a format and location, as the environment names them.
 *
 * @example
 * const connector = createConnector({ format: 'woocommerce', url: 'https://shop.example.com' });
 */
export function createConnector(options: AnyConnectorOptions): CatalogConnector {
  const { format, url } = options;
  const isFile = !/^https?:\/\//i.test(url);
  if (isFile && ['shopify', 'woocommerce'].includes(format)) throw new TypeError(`createConnector: ${format} reads a store's address (https://...), got ${JSON.stringify(url)}`);
  switch (format) {
    case 'shopify':
      return options.token ? shopifyStorefrontConnector({ ...options, token: options.token }) : shopifyConnector(options);
    case 'woocommerce':
      return wooCommerceConnector(options);
    case 'magento':
      return isFile || /\.csv(\?|$)/i.test(url) ? magentoCsvConnector(options) : magentoConnector(options);
    case 'google-merchant':
      return googleMerchantConnector(options);
    case 'csv':
      return csvConnector(options);
    case 'json':
      return jsonConnector(options);
    default:
      throw new TypeError(`createConnector: format must be one of ${CATALOG_FORMATS.join(', ')}, got ${JSON.stringify(format)}`);
  }
}
