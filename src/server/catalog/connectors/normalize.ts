import type { CatalogImage, CatalogIssue, CatalogItem, CatalogMoney, CatalogVariant, VariantOption } from '../model.js';
import { cut, htmlToText } from './html-text.js';
import { DEFAULT_LIMITS, MAX_ID, MAX_SHORT, type CatalogLimits } from './limits.js';
import { currencyCode, parsePrice } from './price.js';
import type { RawImage, RawProduct, RawVariant } from './raw.js';
import { absoluteUrl, notAnImage } from './urls.js';
import { flag, text } from './values.js';

export interface NormalizeOptions {
  /** Origin that relative URLs in the feed are resolved against. */
  origin?: string;
  /** The catalog's currency: prices without their own code are in it. */
  currency: string;
  limits?: CatalogLimits;
}

export interface Normalized {
  items: CatalogItem[];
  dropped: CatalogIssue[];
  repaired: CatalogIssue[];
}

/**
 * The edge of the catalog: untrusted raw products in, `CatalogItem`s out, with every entry or
 * field that was dropped or repaired written down. An entry without an id, a title, a product
 * URL or one variant with a price cannot make a card and is dropped whole; anything else that is
 * wrong (a bad image link, an over-long title, a variant without a price) is dropped or cut and
 * the item kept.
 */
export function normalizeProducts(raws: readonly RawProduct[], options: NormalizeOptions): Normalized {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const out: Normalized = { items: [], dropped: [], repaired: [] };
  const seen = new Set<string>();
  raws.forEach((raw, index) => {
    const entry = shortText(raw.id, MAX_ID) ?? `#${index + 1}`;
    if (out.items.length >= limits.maxItems) {
      out.dropped.push({ entry, reason: `more than ${limits.maxItems} products (maxItems)` });
      return;
    }
    const issues = new EntryIssues(entry, out.repaired);
    const result = normalizeOne(raw, options, limits, issues);
    if (typeof result === 'string') out.dropped.push({ entry, reason: result });
    else if (seen.has(result.id)) out.dropped.push({ entry, reason: 'duplicate id: an earlier entry has it' });
    else {
      seen.add(result.id);
      out.items.push(result);
    }
  });
  return out;
}

class EntryIssues {
  constructor(private readonly entry: string, private readonly into: CatalogIssue[]) {}
  add(field: string, reason: string): void {
    this.into.push({ entry: this.entry, field, reason });
  }
}

function normalizeOne(raw: RawProduct, options: NormalizeOptions, limits: Required<CatalogLimits>, issues: EntryIssues): CatalogItem | string {
  const id = text(raw.id);
  if (id === undefined) return 'no id';
  if (id.length > MAX_ID) return `id longer than ${MAX_ID} characters`;
  const fullTitle = typeof raw.title === 'string' ? htmlToText(raw.title) : text(raw.title);
  if (!fullTitle) return 'no title';
  const title = capText(fullTitle, limits.maxTitle, 'title', issues);
  const url = absoluteUrl(raw.url, options.origin);
  if (url === undefined) return raw.url === undefined ? 'no product page URL' : 'product URL is not an http(s) URL';

  const variants = normalizeVariants(raw.variants, options, limits, issues);
  if (variants.length === 0) return 'no variant with a readable price';
  const description = typeof raw.description === 'string' ? htmlToText(raw.description) : '';
  const item: CatalogItem = {
    id,
    title,
    description: capText(description, limits.maxDescription, 'description', issues),
    categories: capList(shortTexts(raw.categories ?? []), limits.maxCategories, 'categories', issues),
    tags: capList(shortTexts(raw.tags ?? []), limits.maxTags, 'tags', issues),
    variants,
    images: capList(images(raw.images ?? [], options.origin, issues), limits.maxImages, 'images', issues),
    url,
    attributes: attributes(raw.attributes ?? {}, limits.maxAttributes, issues),
    suits: suits(raw),
  };
  const handle = shortText(raw.handle, MAX_ID);
  if (handle !== undefined) item.handle = handle;
  const vendor = shortText(raw.vendor, MAX_SHORT);
  if (vendor !== undefined) item.vendor = vendor;
  const productType = shortText(raw.productType, MAX_SHORT);
  if (productType !== undefined) item.productType = productType;
  return item;
}

function normalizeVariants(raws: readonly RawVariant[], options: NormalizeOptions, limits: Required<CatalogLimits>, issues: EntryIssues): CatalogVariant[] {
  const out: CatalogVariant[] = [];
  const ids = new Set<string>();
  raws.forEach((raw, index) => {
    const label = text(raw.id) ?? `#${index + 1}`;
    const price = money(raw.price, raw, options.currency);
    if (price === undefined) {
      issues.add(`variants[${label}]`, raw.price === undefined || raw.price === null || raw.price === '' ? 'no price' : `unreadable price ${JSON.stringify(String(raw.price)).slice(0, 40)}`);
      return;
    }
    const id = text(raw.id) ?? `${index + 1}`;
    if (ids.has(id) || id.length > MAX_ID) {
      issues.add(`variants[${label}]`, 'duplicate or over-long variant id');
      return;
    }
    if (out.length >= limits.maxVariants) {
      issues.add('variants', `more than ${limits.maxVariants} variants (maxVariants)`);
      return;
    }
    ids.add(id);
    const variant: CatalogVariant = {
      id,
      title: shortText(raw.title, MAX_SHORT) ?? '',
      options: variantOptions(raw.options ?? []),
      price,
      // An unknown availability is not a reason to hide a product: only an explicit "no" is.
      available: flag(raw.available) ?? true,
    };
    const sku = shortText(raw.sku, MAX_SHORT);
    if (sku !== undefined) variant.sku = sku;
    if (raw.priceFrom === true) variant.priceFrom = true;
    const was = money(raw.compareAtPrice, raw, options.currency);
    if (was !== undefined && was.amount > price.amount && was.currency === price.currency) variant.compareAtPrice = was;
    if (raw.image !== undefined) {
      const image = images([raw.image], options.origin, issues)[0];
      if (image !== undefined) variant.image = image;
    }
    out.push(variant);
  });
  return out;
}

function money(value: unknown, variant: RawVariant, fallback: string): CatalogMoney | undefined {
  const parsed = parsePrice(value, variant.minorUnit);
  if (parsed === undefined) return undefined;
  return { amount: parsed.amount, currency: parsed.currency ?? currencyCode(variant.currency) ?? fallback };
}

function variantOptions(raws: readonly { name: unknown; value: unknown }[]): VariantOption[] {
  const out: VariantOption[] = [];
  for (const raw of raws) {
    const name = shortText(raw.name, MAX_SHORT);
    const value = shortText(raw.value, MAX_SHORT);
    // Shopify's single-variant products carry the option "Title: Default Title", which means none.
    if (name !== undefined && value !== undefined && value !== 'Default Title') out.push({ name, value });
  }
  return out;
}

function images(raws: readonly RawImage[], origin: string | undefined, issues: EntryIssues): CatalogImage[] {
  const out: CatalogImage[] = [];
  const seen = new Set<string>();
  for (const raw of raws) {
    const url = absoluteUrl(raw.url, origin);
    if (url === undefined) {
      if (raw.url !== undefined && raw.url !== null && raw.url !== '') issues.add('images', 'not an http(s) URL');
      continue;
    }
    const why = notAnImage(url);
    if (why !== undefined) {
      issues.add('images', why);
      continue;
    }
    if (seen.has(url)) continue;
    seen.add(url);
    const alt = shortText(raw.alt, MAX_SHORT);
    out.push(alt === undefined ? { url } : { url, alt });
  }
  return out;
}

function attributes(raw: Readonly<Record<string, unknown>>, max: number, issues: EntryIssues): Record<string, string> {
  const out: Record<string, string> = {};
  let count = 0;
  for (const [key, value] of Object.entries(raw)) {
    const name = key.trim().toLowerCase().slice(0, 64);
    const found = shortText(value, MAX_SHORT);
    // Keys are store-chosen: never let one reach the prototype.
    if (name === '' || found === undefined || name === '__proto__' || name === 'constructor' || name === 'prototype') continue;
    if (count >= max) {
      issues.add('attributes', `more than ${max} attributes (maxAttributes)`);
      break;
    }
    out[name] = found;
    count += 1;
  }
  return out;
}

function suits(raw: RawProduct): string[] {
  const found = shortTexts(raw.suits ?? []);
  for (const tag of shortTexts(raw.tags ?? [])) {
    const match = /^suits:\s*(.+)$/i.exec(tag);
    if (match?.[1]) found.push(match[1].toLowerCase());
  }
  return [...new Set(found)];
}

function shortText(value: unknown, max: number): string | undefined {
  const found = typeof value === 'string' ? htmlToText(value) : text(value);
  return found ? cut(found, max) : undefined;
}

function shortTexts(values: readonly unknown[]): string[] {
  const out = new Set<string>();
  for (const value of values) {
    const found = shortText(value, MAX_SHORT);
    if (found !== undefined) out.add(found);
  }
  return [...out];
}

function capText(value: string, max: number, field: string, issues: EntryIssues): string {
  if (value.length <= max) return value;
  issues.add(field, `longer than ${max} characters: cut`);
  return cut(value, max);
}

function capList<T>(values: T[], max: number, field: string, issues: EntryIssues): T[] {
  if (values.length <= max) return values;
  issues.add(field, `more than ${max}: kept the first ${max}`);
  return values.slice(0, max);
}
