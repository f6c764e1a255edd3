import { XMLParser } from 'fast-xml-parser';
import { CatalogError } from './errors.js';
import { makeConnector, type CatalogConnector, type ConnectorOptions } from './connector.js';
import { flatProducts } from './flat-records.js';
import type { RawCatalog } from './raw.js';
import { readTable } from './tabular.js';
import { list, record, type Loose } from './values.js';

export interface FileFeedOptions extends ConnectorOptions {
  /** An http(s) URL or a file path. */
  url: string;
  /**
   * The store's address, for feeds whose links are relative (CSV exports, Magento's import
   * file). Absolute links in the feed do not need it. @default none: relative links are dropped
   */
  storeUrl?: string;
}

/**
 * A Google Merchant Center product feed: RSS 2.0 (or Atom) XML with the `g:` namespace, or the
 * tab-separated text form; which one is decided by the content, not the file name. Items sharing
 * `item_group_id` become the variants of one product.
 *
 * @example
 * const connector = googleMerchantConnector({ url: 'https://shop.example.com/feed.xml' });
 */
export function googleMerchantConnector(options: FileFeedOptions): CatalogConnector {
  return makeConnector('google-merchant', options.url, options, options.storeUrl, async (http) => {
    const body = await http.readSource(options.url);
    return /^\s*(<\?xml|<rss|<feed)/i.test(body.replace(/^\uFEFF/, '')) ? fromXml(body, options.url) : { products: flatProducts(readTable(body, options.url, '\t')) };
  });
}

function fromXml(body: string, where: string): RawCatalog {
  // No entity expansion beyond the five XML ones, no DTD processing: a feed is data, not a program.
  const parser = new XMLParser({
    ignoreAttributes: true, removeNSPrefix: true, parseTagValue: false, trimValues: true, processEntities: true, htmlEntities: false,
    isArray: (name) => name === 'item' || name === 'entry' || name === 'additional_image_link',
  });
  let document: unknown;
  try {
    document = parser.parse(body, true);
  } catch (error) {
    throw new CatalogError('malformed', `${where} is not well-formed XML: ${(error as Error).message.slice(0, 160)}`, { cause: error });
  }
  const root = record(document);
  const channel = record(record(root?.rss)?.channel);
  const items = channel ? list(channel.item) : list(record(root?.feed)?.entry);
  if (!channel && !record(root?.feed)) throw new CatalogError('malformed', `${where} is neither an RSS 2.0 nor an Atom feed`);
  // Plain RSS <title>/<link>/<description> and g: ones land on one name; flatProducts takes the first.
  return { products: flatProducts(items.map((item) => record(item) ?? ({} as Loose))) };
}
