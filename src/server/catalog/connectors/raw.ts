/**
 * What a platform mapper hands the normaliser: the fields of one product, picked out of the feed
 * but not yet validated (every value `unknown`). The normaliser is the one place that checks them.
 */
export interface RawVariant {
  id?: unknown;
  sku?: unknown;
  title?: unknown;
  options?: readonly { name: unknown; value: unknown }[];
  /** A number, a price string, or an integer in minor units when `minorUnit` is set. */
  price?: unknown;
  compareAtPrice?: unknown;
  /** ISO 4217 code; the catalog's when absent. */
  currency?: unknown;
  /** The currency's exponent when prices are in minor units (WooCommerce). */
  minorUnit?: number;
  available?: unknown;
  image?: RawImage;
  /** The price is the lowest of several the store did not give per variant: said as "from". */
  priceFrom?: boolean;
}

export interface RawImage {
  url: unknown;
  alt?: unknown;
}

export interface RawProduct {
  id?: unknown;
  handle?: unknown;
  title?: unknown;
  /** HTML or text. */
  description?: unknown;
  vendor?: unknown;
  productType?: unknown;
  categories?: readonly unknown[];
  tags?: readonly unknown[];
  variants: readonly RawVariant[];
  images?: readonly RawImage[];
  url?: unknown;
  attributes?: Readonly<Record<string, unknown>>;
  suits?: readonly unknown[];
}

/** What a connector read: the products plus what the feed said about the store. */
export interface RawCatalog {
  products: readonly RawProduct[];
  /** The currency the feed states for the store, when it states one. */
  currency?: string;
  /** Things worth telling the merchant that are not about one entry. */
  warnings?: readonly string[];
}
