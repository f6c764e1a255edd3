import type { Catalog, CatalogFormat } from '../model.js';
import { buildCatalog } from './build-catalog.js';
import { HttpClient, redact, type HttpOptions } from './http.js';
import type { CatalogLimits } from './limits.js';
import { currencyCode } from './price.js';
import type { RawCatalog } from './raw.js';

/** Reads one store's catalog in one format. `load()` fetches and validates everything, every time. */
export interface CatalogConnector {
  readonly format: CatalogFormat;
  /** Where it reads from, without credentials: for logs and the report. */
  readonly source: string;
  /** Resolves a validated catalog, or rejects with a `CatalogError` (nothing partial). */
  load(): Promise<Catalog>;
}

/** Options every connector takes. */
export interface ConnectorOptions extends HttpOptions {
  /**
   * ISO 4217 code of the store's prices; wins over what the feed says. Needed for feeds that
   * name none (Shopify's products.json without /meta.json, CSV and JSON files without a currency column).
   */
  currency?: string;
  /** Caps on titles, descriptions, variants, images, tags. @default see CatalogLimits */
  limits?: CatalogLimits;
  /** Clock for `loadedAt`. @default Date.now */
  now?: () => number;
}

/** The shared shape of a connector: a reader of raw products, then the one normaliser. */
export function makeConnector(
  format: CatalogFormat,
  location: string,
  options: ConnectorOptions,
  origin: string | undefined,
  read: (http: HttpClient) => Promise<RawCatalog>,
): CatalogConnector {
  const currency = options.currency === undefined ? undefined : currencyCode(options.currency);
  if (options.currency !== undefined && currency === undefined) throw new TypeError(`${format} connector: currency must be a three-letter ISO 4217 code such as USD, got ${JSON.stringify(options.currency)}`);
  const http = new HttpClient(options);
  const source = redact(location);
  return {
    format,
    source,
    async load() {
      const raw = await read(http);
      return buildCatalog(raw, {
        source, format, now: options.now ?? Date.now,
        ...(origin !== undefined && { origin }),
        ...(currency !== undefined && { currency }),
        ...(options.limits && { limits: options.limits }),
      });
    },
  };
}

/** `https://shop.example/any/path` to `https://shop.example`; misuse throws at once. */
export function storeOrigin(url: string, who: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(`${who}: url must be the store's address such as https://shop.example.com, got ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new TypeError(`${who}: url must be http(s), got ${JSON.stringify(url)}`);
  // A store may live under a path (WordPress in /shop): keep it, without a trailing slash.
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
}
