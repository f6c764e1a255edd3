import { createHash } from 'node:crypto';
import type { Catalog, CatalogFormat } from '../model.js';
import { CatalogError } from './errors.js';
import type { CatalogLimits } from './limits.js';
import { normalizeProducts } from './normalize.js';
import { currencyCode, parsePrice } from './price.js';
import type { RawCatalog } from './raw.js';

export interface BuildOptions {
  source: string;
  format: CatalogFormat;
  /** Origin relative URLs are resolved against. */
  origin?: string;
  /** Wins over what the feed says. */
  currency?: string;
  limits?: CatalogLimits;
  now: () => number;
}

/** When neither the merchant nor the feed names a currency. */
const GUESSED_CURRENCY = 'USD';

/**
 * Validates what a connector read into a `Catalog`, versioned by a hash of its content (so two
 * processes that read the same feed agree on the version, and an unchanged feed keeps its index).
 * A catalog with nothing kept is an error, never a replacement.
 */
export function buildCatalog(raw: RawCatalog, options: BuildOptions): Catalog {
  const warnings = [...(raw.warnings ?? [])];
  let currency = options.currency ?? raw.currency ?? mostUsedCurrency(raw);
  if (currency === undefined) {
    currency = GUESSED_CURRENCY;
    warnings.push(`the feed names no currency: assumed ${GUESSED_CURRENCY} (set the currency option or CATALOG_CURRENCY)`);
  }
  const { items, dropped, repaired } = normalizeProducts(raw.products, { currency, ...(options.origin !== undefined && { origin: options.origin }), ...(options.limits && { limits: options.limits }) });
  const report = { source: options.source, format: options.format, read: raw.products.length, kept: items.length, dropped, repaired, ...(warnings.length > 0 && { warnings }) };
  if (items.length === 0) {
    const reasons = [...new Set(dropped.map((issue) => issue.reason))].slice(0, 3).join('; ');
    throw new CatalogError('empty', `${options.source}: no products kept out of ${raw.products.length} read${reasons ? ` (${reasons})` : ''}`, { report });
  }
  const version = createHash('sha256').update(currency).update(JSON.stringify(items)).digest('hex').slice(0, 16);
  return { version, currency, items, loadedAt: options.now(), report };
}

/** Feeds that write the code into each price ("15.00 GBP") name the store's currency that way. */
function mostUsedCurrency(raw: RawCatalog): string | undefined {
  const counts = new Map<string, number>();
  for (const product of raw.products) {
    for (const variant of product.variants) {
      const code = currencyCode(variant.currency) ?? parsePrice(variant.price)?.currency;
      if (code !== undefined) counts.set(code, (counts.get(code) ?? 0) + 1);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}
