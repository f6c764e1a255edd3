/**
 * The catalog model for real stores: what every connector (Shopify, WooCommerce, Magento, Google
 * Merchant, CSV, JSON) produces and what search, the responders and the model tool read. Values
 * here are already validated: connectors turn untrusted feeds into these shapes at the edge and
 * report what they dropped (`CatalogReport`), so nothing downstream re-checks them.
 */

/** A price in major units (19.99), in the catalog's currency unless `currency` says otherwise. */
export interface CatalogMoney {
  amount: number;
  /** ISO 4217 code, upper case. */
  currency: string;
}

/** One option value of a variant, as the store names it: `{ name: 'Color', value: 'Red' }`. */
export interface VariantOption {
  name: string;
  value: string;
}

export interface CatalogImage {
  /** Absolute http(s) URL. */
  url: string;
  alt?: string;
}

export interface CatalogVariant {
  id: string;
  sku?: string;
  /** The variant's own title ('Red / XL'); empty when the product has a single default variant. */
  title: string;
  options: readonly VariantOption[];
  price: CatalogMoney;
  /** The "was" price, when the variant is on sale. */
  compareAtPrice?: CatalogMoney;
  available: boolean;
  image?: CatalogImage;
  /**
   * The price is the lowest of a range the store did not give per variant (a WooCommerce variable
   * product whose variations could not be read): answers say "from" it.
   */
  priceFrom?: true;
}

export interface CatalogItem {
  /** Stable within one store and connector (the platform's product id). */
  id: string;
  /** URL slug, when the platform has one. */
  handle?: string;
  title: string;
  /** Plain text: HTML stripped (tags removed, entities decoded, whitespace folded). */
  description: string;
  vendor?: string;
  /** What a shopper would call it ('sunglasses'); empty when the store leaves it empty. */
  productType?: string;
  /** Collections or category paths, outermost first ('Women > Shoes' becomes two entries). */
  categories: readonly string[];
  tags: readonly string[];
  /** At least one. The first available variant is the default shown on a card. */
  variants: readonly CatalogVariant[];
  images: readonly CatalogImage[];
  /** Absolute http(s) URL of the product page. */
  url: string;
  /** Free attributes a feed carries (material, gender, age group, GTIN...), names lower case. */
  attributes: Readonly<Record<string, string>>;
  /**
   * Face shapes (eyewear) or skin tone bands (beauty) the product flatters, when the merchant
   * says so (a tag `suits:round`, a metafield, or the demo data). Empty for most stores.
   */
  suits: readonly string[];
}

/** Why an entry of a feed did not become a `CatalogItem` (or lost a field). */
export interface CatalogIssue {
  /** The feed's own id or position of the entry (`#12` when it had none). */
  entry: string;
  /** Which field, when one field was dropped rather than the whole entry. */
  field?: string;
  reason: string;
}

export interface CatalogReport {
  /** Where it came from: a URL without credentials, or a file path. */
  source: string;
  format: CatalogFormat;
  /** Entries read from the feed. */
  read: number;
  /** Items kept. */
  kept: number;
  /** Entries dropped whole, with the reason. */
  dropped: readonly CatalogIssue[];
  /** Fields dropped from kept items, with the reason. */
  repaired: readonly CatalogIssue[];
  /** What is worth telling the merchant beyond single entries (a guessed currency, a skipped page). */
  warnings?: readonly string[];
}

export type CatalogFormat = 'shopify' | 'woocommerce' | 'magento' | 'magento-csv' | 'google-merchant' | 'csv' | 'json';

/** A whole catalog at one version: what search indexes once and the responders answer from. */
export interface Catalog {
  /** Changes whenever the items change (a content hash), so an index can be keyed by it. */
  version: string;
  /** ISO 4217 code of the store's prices. */
  currency: string;
  items: readonly CatalogItem[];
  /** When it was loaded, epoch milliseconds. */
  loadedAt: number;
  report: CatalogReport;
}
